import { disconnect } from '../lib/db';
import { runDeadlines } from './deadlines';

// `npm run deadlines`: the 15-minute deadline job, run by hand.
runDeadlines()
  .then(async (r) => {
    console.log(`首次响应超时 ${r.responseOverdue}，自动上报 ${r.escalated}，即将超时提醒 ${r.warned}，自动关闭 ${r.autoClosed}`);
    await disconnect();
  })
  .catch(async (err) => {
    console.error(err instanceof Error ? err.message : err);
    await disconnect();
    process.exit(1);
  });
