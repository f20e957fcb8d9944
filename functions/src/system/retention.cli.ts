import { shanghaiDate } from '@linli/shared';
import { disconnect } from '../lib/db';
import { runRetention } from './retention';

// `npm run retention`: the daily retention job, run by hand (each run deletes at most its batch limit; run again
// while it says more may be left).
runRetention()
  .then(async (r) => {
    console.log(`删除 ${shanghaiDate(new Date(r.visitsBefore))} 之前的走访 ${r.visits} 条（待办 ${r.followUps} 条），${shanghaiDate(new Date(r.auditBefore))} 之前的审计记录 ${r.auditEntries} 条${r.limitReached ? '；已达单次上限，可能还有剩余，请再次运行' : ''}`);
    await disconnect();
  })
  .catch(async (err) => {
    console.error(err instanceof Error ? err.message : err);
    await disconnect();
    process.exit(1);
  });
