// Runs a TypeScript entry point of the project with tsx (used by `npm run seed` and `npm run admin`).
// Without MONGODB_URI it talks to the database `npm start` keeps in .data/ (start it first).
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';

const env = { ...process.env };
if (!env.MONGODB_URI && existsSync('.data/stack.json')) {
  const stack = JSON.parse(readFileSync('.data/stack.json', 'utf8'));
  env.MONGODB_URI = stack.mongodbUri;
}
if (!env.MONGODB_URI) {
  console.error('MONGODB_URI is not set and no `npm start` stack is running (.data/stack.json).');
  process.exit(1);
}
env.JWT_SECRET ??= 'cli-does-not-sign-tokens-but-config-needs-one-0000';
env.WECHAT_APPID ??= 'cli';
env.WECHAT_SECRET ??= 'cli';
const r = spawnSync(process.execPath, ['--import', 'tsx', ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
