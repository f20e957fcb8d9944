import { disconnect, db } from '../lib/db';
import { upgradePrivacy } from '../requests/upgrade';
import { upgradeWorkdays } from './workdays.upgrade';

// `npm run upgrade`: the data steps a release needs once on a database written by an earlier one (README, Deploy).
// Idempotent; exit code 1 when some records changed while it ran and need another run.
async function main() {
  await db();
  const w = await upgradeWorkdays();
  console.log(`节假日安排：新装 ${w.installed.length ? w.installed.join('、') + ' 年' : '无'}；诉求类型补为“求助” ${w.typed} 条`);
  if (w.warning) console.warn(`警告：${w.warning}（npm run admin -- set-holidays）`);
  const r = await upgradePrivacy();
  console.log(`诉求 ${r.scanned} 条：代办备注去除联系方式 ${r.redacted} 条，移除无权查看的关注者 ${r.unfollowed} 条，处理中被修改而跳过 ${r.skipped} 条`);
  await disconnect();
  if (r.skipped) process.exit(1);
}
main().catch(async (err) => {
  console.error(err instanceof Error ? err.message : err);
  await disconnect();
  process.exit(2);
});
