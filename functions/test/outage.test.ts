import { call } from './helpers/api';
import { config, resetConfig } from '../src/lib/config';
import { disconnect } from '../src/lib/db';

// The database goes away: health says so with 503, and every endpoint answers UNAVAILABLE in the error shape.
describe('database outage', () => {
  beforeAll(async () => {
    await disconnect();
    process.env.MONGODB_URI = 'mongodb://127.0.0.1:9/linli_unreachable'; // discard port: nothing listens
    resetConfig();
  });

  it('reports 503 on health', async () => {
    const r = await call('GET', '/api/health');
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('UNAVAILABLE');
  });

  it('answers UNAVAILABLE, not INTERNAL, when a handler needs the database', async () => {
    const r = await call('GET', '/api/communities');
    expect(r.status).toBe(503);
    expect(r.body).toEqual({ error: { code: 'UNAVAILABLE', message: expect.stringMatching(/[\u4e00-\u9fa5]/) } });
  });
});

describe('configuration', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetConfig();
  });

  it('names the variable that is wrong', () => {
    process.env.JWT_SECRET = 'short';
    resetConfig();
    expect(() => config()).toThrow(/JWT_SECRET: must be at least 32 characters/);
  });

  it('refuses a non-MongoDB URI and a malformed minimum version', () => {
    process.env.MONGODB_URI = 'postgres://x';
    process.env.MIN_CLIENT_VERSION = 'v2';
    resetConfig();
    expect(() => config()).toThrow(/MONGODB_URI.*MIN_CLIENT_VERSION|MIN_CLIENT_VERSION.*MONGODB_URI/);
  });

  it('defaults the WeChat API base to api.weixin.qq.com', () => {
    delete process.env.WECHAT_API_BASE;
    resetConfig();
    expect(config().WECHAT_API_BASE).toBe('https://api.weixin.qq.com');
  });
});
