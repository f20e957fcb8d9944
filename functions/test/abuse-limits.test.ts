import { resetConfig } from '../src/lib/config';
import { RateCounterModel } from '../src/lib/rate-limit';
import { repairPending } from '../src/lib/operations';
import { call, signIn } from './helpers/api';
import { seededWorld } from './helpers/seeded';
import { useDefaultLimits } from './helpers/default-limits';

// Abuse limits at their real defaults (the other test files raise them): counted in the database, so every
// Lambda container sees the same count; answered 429 with Retry-After; old counters cleaned up by repair.
/** Counters are fixed windows: a burst that straddles a boundary splits in two. Start bursts early in a window. */
async function earlyInWindow(windowMs: number, needMs: number) {
  const into = Date.now() % windowMs;
  if (windowMs - into < needMs) await new Promise((r) => setTimeout(r, windowMs - into + 50));
}

describe('abuse limits', () => {
  useDefaultLimits();
  let world: Awaited<ReturnType<typeof seededWorld>>;
  beforeAll(async () => {
    world = await seededWorld();
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
    // The count lives in the database (one counter for the user and hour), not in this process; it counts what was
    // created, so the refused eleventh is not in it.
    const counters = await RateCounterModel.find({ _id: { $regex: /^requests-user:/ } }).lean();
    expect(counters.map((c) => c.count)).toEqual([10]);
    // Another resident from another address files normally; reads are never limited.
    expect((await file(await world.token('demo-resident-3'), 0, '10.0.0.3')).status).toBe(201);
    expect((await call('GET', '/api/requests', { token, sourceIp: '10.0.0.2' })).status).toBe(200);
  });

  it('counts a grid worker’s patrol findings apart (60 an hour), so a patrol is not stopped at a resident’s 10', async () => {
    const { token: grid, user } = await signIn('demo-grid-1');
    await earlyInWindow(3_600_000, 60_000);
    const find = (i: number) =>
      call('POST', '/api/requests', { token: grid, sourceIp: '10.0.0.4', body: { source: 'patrol', category: 'facility', description: `巡查发现路灯不亮第${i}盏`, location: { buildingId: world.building('1号楼') } } });
    for (let i = 0; i < 11; i++) expect((await find(i)).status).toBe(201);
    const counters = async (prefix: string) => (await RateCounterModel.find({ _id: { $regex: new RegExp(`^${prefix}:${user.id}:`) } }).lean()).map((c) => c.count);
    expect(await counters('findings-user')).toEqual([11]);
    expect(await counters('requests-user')).toEqual([]);
    // A resident cannot borrow the larger count: filing as a patrol is refused, and the unit it took is given back.
    const resident = await call('POST', '/api/requests', { token: await world.token('demo-resident-3'), sourceIp: '10.0.0.5', body: { source: 'patrol', category: 'other', description: '居民冒充巡查上报问题' } });
    expect(resident.status).toBe(403);
    expect((await RateCounterModel.find({ _id: { $regex: /^findings-user:/ } }).lean()).map((c) => c.count).sort((a, b) => b - a)).toEqual([11, 0]);
  });

  it('sign-in is limited per IP (600 a minute by default, sized for a hall); another IP still signs in', async () => {
    const signInFrom = (ip: string, code: string) => call('POST', '/api/auth/wechat', { sourceIp: ip, body: { code } });
    await earlyInWindow(60_000, 25_000);
    // 598 neighbours on the same Wi-Fi have signed in this minute (200 real ones: side-doors.limits.test.ts).
    const window = Math.floor(Date.now() / 60_000);
    await RateCounterModel.create({ _id: `signin-ip:10.9.9.9:${window}`, count: 598, expiresAt: new Date((window + 1) * 60_000) });
    const answers = [];
    for (const code of ['demo-resident-1', 'demo-resident-2', 'demo-resident-3']) answers.push(await signInFrom('10.9.9.9', code));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(answers[2]!.headers['retry-after']).toMatch(/^\d+$/);
    expect((await signInFrom('10.9.9.10', 'demo-resident-3')).status).toBe(200);
  });

  it('sign-in is limited per login code (5 a minute; per openid 10: side-doors.limits.test.ts), stored hashed', async () => {
    await earlyInWindow(60_000, 25_000);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await call('POST', '/api/auth/wechat', { sourceIp: '10.9.9.11', body: { code: 'limit-probe-1' } }));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(answers[5]!.body.error).toMatchObject({ code: 'RATE_LIMITED', message: '登录太频繁，请稍后再试' });
    const counters = await RateCounterModel.find({ _id: { $regex: /^signin-(code|openid):/ } }).lean();
    expect(counters.map((c) => c._id).join()).not.toContain('limit-probe-1'); // stored hashed
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
