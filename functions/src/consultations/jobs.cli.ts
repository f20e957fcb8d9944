import { disconnect } from '../lib/db';
import { runConsultationJobs } from './jobs';

// `npm run consultations`: the 议事 job (lapse proposals, close votes at their end time), run by hand.
runConsultationJobs()
  .then(async (r) => {
    console.log(`附议到期 ${r.lapsed}，自动结束投票 ${r.closed}，补发结果 ${r.published}`);
    await disconnect();
  })
  .catch(async (err) => {
    console.error(err instanceof Error ? err.message : err);
    await disconnect();
    process.exit(1);
  });
