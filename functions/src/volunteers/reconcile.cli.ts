import { disconnect, db } from '../lib/db';
import { reconcile } from './ledger';

// `npm run reconcile`: recomputes every volunteer's balance and hours from the points ledger and lists the
// differences (zero expected). Exit code 1 when there is any, so it can gate a deployment or a cron alert.
async function main() {
  await db();
  const r = await reconcile();
  console.log(`志愿者 ${r.volunteers} 人，账目 ${r.entries} 条，差异 ${r.differences.length} 处`);
  for (const d of r.differences)
    console.log(`  ${d.name}（${d.volunteerId}）：结余 ${d.balance}，账目合计 ${d.ledgerBalance}；时长 ${d.hours}，账目合计 ${d.ledgerHours}`);
  await disconnect();
  if (r.differences.length) process.exit(1);
}
main().catch(async (err) => {
  console.error(err instanceof Error ? err.message : err);
  await disconnect();
  process.exit(2);
});
