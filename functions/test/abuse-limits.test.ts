import { resetConfig } from '../src/lib/config';
import { RateCounterModel } from '../src/lib/rate-limit';
import { repairPending } from '../src/lib/operations';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// Abuse limits at their real defaults (the other test files raise them): counted in the database, so every
// Lambda container sees the same count; answered 429 with Retry-After; old counters cleaned up by repair.
/** Counters are fixed windows: a burst that straddles a boundary splits in two. Start bursts early in a window. */
async function earlyInWindow(windowMs: number, needMs: number) {
  const into = Date.now() % windowMs;
  if (windowMs - into < needMs) await new Promise((r) => setTimeout(r, windowMs - into + 50));
}

describe('abuse limits', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const raised: Record<string, string | undefined> = {};
  beforeAll(async () => {
    world = await seededWorld();
    for (const k of Object.keys(process.env).filter((k) => k.startsWith('RATE_LIMIT_'))) {
      raised[k] = process.env[k];
      delete process.env[k];
    }
    resetConfig();
  });
  afterAll(() => {
    Object.assign(process.env, raised);
    resetConfig();
  });

  it('at most 10 new requests per resident per hour, then 429 with Retry-After; others are not affected', async () => {
    const token = await world.token('demo-resident-2');
    await earlyInWindow(3_600_000, 60_000);
    const file = (tok: string, i: number, ip = '10.0.0.2') =>
      call('POST', '/api/requests', { token: tok, sourceIp: ip, body: { category: 'environment', description: `垃圾桶满了第${i}次反映，请及时清运` } });
    for (let i = 0; i < 10; i++) expect((await file(token, i)).status).toBe(201);
    const refused = await file(token, 10);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'RATE_LIMITED', message: '每小时最多提交10条诉求，请稍后再试' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    // The count lives in the database (one counter for the user and hour), not in this process.
    const counters = await RateCounterModel.find({ _id: { $regex: /^requests-user:/ } }).lean();
    expect(counters.map((c) => c.count)).toEqual([11]);
    // Another resident from another address files normally; reads are never limited.
    expect((await file(await world.token('demo-resident-3'), 0, '10.0.0.3')).status).toBe(201);
    expect((await call('GET', '/api/requests', { token, sourceIp: '10.0.0.2' })).status).toBe(200);
  });

  it('sign-in is limited per IP (20 a minute by default); another IP still signs in', async () => {
    const signInFrom = (ip: string) => call('POST', '/api/auth/wechat', { sourceIp: ip, body: { code: 'demo-resident-1' } });
    const answers = [];
    await earlyInWindow(60_000, 25_000);
    for (let i = 0; i < 21; i++) answers.push(await signInFrom('10.9.9.9'));
    expect(answers.slice(0, 20).every((a) => a.status === 200)).toBe(true);
    expect(answers[20]!.status).toBe(429);
    expect(answers[20]!.headers['retry-after']).toMatch(/^\d+$/);
    expect((await signInFrom('10.9.9.10')).status).toBe(200);
  });

  it('concurrent hits are all counted (one atomic counter per window)', async () => {
    process.env.RATE_LIMIT_WRITES_PER_MINUTE = '5';
    resetConfig();
    try {
      const token = await world.token('demo-volunteer-1');
      await earlyInWindow(60_000, 25_000);
      const answers = await Promise.all(Array.from({ length: 12 }, () => call('POST', '/api/messages/read', { token, sourceIp: '10.0.0.4', body: {} })));
      expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
      expect(answers.filter((a) => a.status === 429)).toHaveLength(7);
    } finally {
      delete process.env.RATE_LIMIT_WRITES_PER_MINUTE;
      resetConfig();
    }
  });

  it('limits are configuration, and expired counters are removed by the cleanup job', async () => {
    process.env.RATE_LIMITS_DISABLED = '1';
    resetConfig();
    try {
      const token = await world.token('demo-resident-2');
      const r = await call('POST', '/api/requests', { token, sourceIp: '10.0.0.2', body: { category: 'environment', description: '关闭限流后仍可提交的诉求' } });
      expect(r.status).toBe(201);
    } finally {
      delete process.env.RATE_LIMITS_DISABLED;
      resetConfig();
    }
    await RateCounterModel.create({ _id: 'writes-user:old:1', count: 3, expiresAt: new Date(Date.now() - 1000) });
    const before = await RateCounterModel.countDocuments({});
    const report = await repairPending();
    expect(report.swept['rate-limits']).toBeGreaterThanOrEqual(1);
    expect(await RateCounterModel.exists({ _id: 'writes-user:old:1' })).toBeNull();
    expect(await RateCounterModel.countDocuments({})).toBe(before - report.swept['rate-limits']!);
  });
});
