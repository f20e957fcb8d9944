import { disconnect, db } from '../lib/db';
import { upgradePrivacy } from '../requests/upgrade';

// `npm run upgrade`: the data steps a release needs once on a database written by an earlier one (README, Deploy).
// Idempotent; exit code 1 when some records changed while it ran and need another run.
async function main() {
  await db();
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
