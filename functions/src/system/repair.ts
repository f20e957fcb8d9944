import { db } from '../lib/db';
import { repairPending } from '../lib/operations';
import { log } from '../lib/logger';
import { withSecrets } from '../lib/secrets';
// Every module that defines an operation kind is imported here so the repair routine can finish it.
import '../communities/invite-join.operation';
import '../requests/notify';
import '../requests/report-reward';
import '../consultations/voting';
import '../consultations/consultation.notify';
import '../volunteers/ledger';
import '../lib/rate-limit';
import '../communities/account';
import '../mall/redemptions';
import '../mediation/request-link';
// 吹哨报到's moves (request + dispatch records) are pending operations too.
import '../requests/dispatch';

/** Scheduled every minute (and run by `npm start` on a timer): finishes or undoes stale pending operations. */
export const handler = withSecrets(async () => {
  await db();
  const report = await repairPending();
  log('info', 'repair run', { ...report });
  return report;
});
