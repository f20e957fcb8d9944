// Per test file: its own throwaway database, its own WeChat emulator, fresh configuration.
import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import { createEmulator, type Emulator } from '../../../tools/wechat-emulator/emulator.cjs';
import { resetConfig } from '../../src/lib/config';
import { disconnect } from '../../src/lib/db';
import { resetWechatCache } from '../../src/lib/wechat';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { withDatabase } = require('../../../scripts/db.cjs') as { withDatabase: (uri: string, name: string, replace: boolean) => string };

const testPath = expect.getState().testPath ?? 'unknown';
const dbName = `linli_test_${createHash('sha1').update(testPath).digest('hex').slice(0, 12)}`;

declare global {
  // eslint-disable-next-line no-var
  var wechatEmulator: Emulator;
}

process.env.MONGODB_URI = withDatabase(process.env.LINLI_TEST_DB_BASE!, dbName, true);
process.env.JWT_SECRET = 'integration-test-secret-0123456789abcdef';
process.env.WECHAT_APPID = 'wx-test-app';
process.env.WECHAT_SECRET = 'wx-test-secret';
process.env.STAGE = 'test';
process.env.LINLI_SILENT_LOGS = '1';
// Test files create far more than a resident would in an hour, all from one IP: limits are raised here and
// checked at their real defaults in abuse-limits.test.ts.
for (const [k, v] of Object.entries({ RATE_LIMIT_SIGNIN_PER_MINUTE: '100000', RATE_LIMIT_SIGNIN_PER_CODE_PER_MINUTE: '100000', RATE_LIMIT_SIGNIN_PER_OPENID_PER_MINUTE: '100000', RATE_LIMIT_IP_WRITES_PER_MINUTE: '100000', RATE_LIMIT_WRITES_PER_MINUTE: '100000', RATE_LIMIT_REQUESTS_PER_HOUR: '100000', RATE_LIMIT_FINDINGS_PER_HOUR: '100000', RATE_LIMIT_TOPICS_PER_HOUR: '100000' }))
  process.env[k] = v;

beforeAll(async () => {
  // Pushes go straight to the real push handler, as WeChat's would over HTTP.
  globalThis.wechatEmulator = createEmulator({
    push: async (body, query) => {
      const { call } = await import('./api');
      await call('POST', '/wechat/push', { rawBody: JSON.stringify(body), query });
    },
  });
  process.env.WECHAT_API_BASE = await globalThis.wechatEmulator.listen();
  resetConfig();
  resetWechatCache();
  await mongoose.connect(process.env.MONGODB_URI!, { serverSelectionTimeoutMS: 10_000 });
  await mongoose.connection.dropDatabase();
  await mongoose.disconnect();
});

afterAll(async () => {
  try {
    await mongoose.connect(process.env.MONGODB_URI!);
    await mongoose.connection.dropDatabase();
  } finally {
    await disconnect();
    await mongoose.disconnect();
    await globalThis.wechatEmulator?.close();
  }
});
