import { disconnect, db } from '../lib/db';
import { reconcile } from './ledger';
import { rebuildRequestStats } from '../requests/request-stats';

// `npm run reconcile`: recomputes every volunteer's balance and hours from the points ledger, and the 三率
// counters from the requests, and lists the differences (zero expected). Exit code 1 when there is any, so it
// can gate a deployment or a cron alert. `--fix-stats` rewrites counters that differ (run it with the API idle).
async function main() {
  await db();
  const r = await reconcile();
  console.log(`志愿者 ${r.volunteers} 人，账目 ${r.entries} 条，差异 ${r.differences.length} 处`);
  for (const d of r.differences)
    console.log(`  ${d.name}（${d.volunteerId}）：结余 ${d.balance}，账目合计 ${d.ledgerBalance}；时长 ${d.hours}，账目合计 ${d.ledgerHours}`);
  const fix = process.argv.includes('--fix-stats');
  const s = await rebuildRequestStats({ write: fix });
  console.log(`诉求统计 ${s.documents} 个社区月份，差异 ${s.differences.length} 处${fix && s.differences.length ? '（已按诉求重算）' : ''}`);
  for (const key of s.differences) console.log(`  ${key}`);
  await disconnect();
  if (r.differences.length || (s.differences.length && !fix)) process.exit(1);
}
main().catch(async (err) => {
  console.error(err instanceof Error ? err.message : err);
  await disconnect();
  process.exit(2);
});
