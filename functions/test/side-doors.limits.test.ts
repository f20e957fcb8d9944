import { Types } from 'mongoose';
import { upsertMember } from '../src/admin/platform';
import { AuditModel } from '../src/lib/audit';
import { RateCounterModel } from '../src/lib/rate-limit';
import { RequestModel } from '../src/requests/request.model';
import { LedgerEntryModel, VolunteerModel } from '../src/volunteers/volunteer.model';
import { post } from '../src/volunteers/ledger';
import { call, signIn } from './helpers/api';
import { seededWorld } from './helpers/seeded';
import { useDefaultLimits } from './helpers/default-limits';

// Issue 14, findings 4–6, reproduced as they were found, with the abuse limits at their real defaults (the other
// test files raise them): quotas spent by retries and refused input (5), a residents' meeting that cannot sign in
// (6), and ledger keys taken from the gateway's request id, which serverless-offline repeats for every call (4).
// The WeChat emulator takes a login code as the openid; `<openid>~<n>` stands for the n-th wx.login of that person
// (a fresh code for the same openid), so the per-openid limit can be told apart from the per-code one.
jest.mock('../src/lib/wechat', () => {
  const actual = jest.requireActual('../src/lib/wechat');
  return { ...actual, code2session: (code: string) => actual.code2session(code.split('~')[0]) };
});

/** Counters are fixed windows: a burst that straddles a boundary splits in two. Start bursts early in a window. */
async function earlyInWindow(windowMs: number, needMs: number) {
  const into = Date.now() % windowMs;
  if (windowMs - into < needMs) await new Promise((r) => setTimeout(r, windowMs - into + 50));
}

/** Runs `fn` over `items`, `width` at a time (a hall of phones, not one at a time and not all in one tick). */
async function inWaves<T, R>(items: T[], width: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map((it, j) => fn(it, i + j)))));
  return out;
}

describe('side doors: limits and write keys', () => {
  useDefaultLimits();
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  let seq = 0;

  beforeAll(async () => {
    world = await seededWorld();
    for (const id of ['demo-staff-1', 'demo-admin-1']) t[id] = await world.token(id);
  });

  /** A fresh resident of 示范社区 with a household, signed in: their own hourly quota and per-minute counters. */
  async function resident(tag: string) {
    const openid = `sd-${tag}-${++seq}`;
    const m = await upsertMember('demo', { openid, name: `居民${seq}`, roles: ['resident'], building: '2号楼', unit: '5', room: String(500 + seq) });
    const { token } = await signIn(openid);
    return { token, userId: m.userId as Types.ObjectId };
  }
  const file = (token: string, ip: string, description: string, extra: Record<string, unknown> = {}) =>
    call('POST', '/api/requests', { token, sourceIp: ip, body: { category: 'environment', description, ...extra } });
  const fileWithKey = (token: string, ip: string, key: string, description: string) =>
    call('POST', '/api/requests', { token, sourceIp: ip, idempotencyKey: key, body: { category: 'environment', description } });
  /** What the hourly filing quota of a user shows (0 when nothing was ever counted). */
  const quotaUsed = async (prefix: 'requests-user' | 'topics-user', userId: Types.ObjectId) => {
    const docs = await RateCounterModel.find({ _id: { $regex: new RegExp(`^${prefix}:${userId.toHexString()}:`) } }).lean();
    return docs.reduce((n, d) => n + d.count, 0);
  };
  const threeMegabytes = () => JSON.stringify({ category: 'environment', description: 'x'.repeat(3 * 1024 * 1024) });

  describe('quotas count what was created (finding 5)', () => {
    beforeEach(() => earlyInWindow(3_600_000, 120_000));

    it('ten concurrent submits with one Idempotency-Key create one request and spend one unit; nine more can be filed', async () => {
      // Prepare
      const me = await resident('retry');
      const ip = '10.50.0.1';
      // Act: a phone on a weak network sends the same submit ten times at once.
      const answers = await Promise.all(Array.from({ length: 10 }, () => fileWithKey(me.token, ip, 'retry-key-000001', '楼道灯坏了，晚上看不见路')));
      // Assess
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(await RequestModel.countDocuments({ filerId: me.userId })).toBe(1);
      expect(await quotaUsed('requests-user', me.userId)).toBe(1);
      for (let i = 0; i < 9; i++) expect((await file(me.token, ip, `第${i}个不同的诉求，请处理`)).status).toBe(201);
      const eleventh = await file(me.token, ip, '第十一个诉求超过了每小时的上限');
      expect(eleventh.status).toBe(429);
      expect(eleventh.body.error.message).toBe('每小时最多提交10条诉求，请稍后再试');
      expect(await quotaUsed('requests-user', me.userId)).toBe(10);
    });

    it('fifteen different submits at once: exactly ten are created, five are refused, the count stays at ten', async () => {
      const me = await resident('burst');
      const answers = await Promise.all(Array.from({ length: 15 }, (_, i) => file(me.token, '10.50.0.6', `同时提交的第${i}个诉求内容`)));
      expect(answers.filter((a) => a.status === 201)).toHaveLength(10);
      expect(answers.filter((a) => a.status === 429)).toHaveLength(5);
      expect(await RequestModel.countDocuments({ filerId: me.userId })).toBe(10);
      expect(await quotaUsed('requests-user', me.userId)).toBe(10);
    });

    it('400 and 413 answers spend no quota, but floods of them still count per minute; over quota a 3 MB body is 413, not 429', async () => {
      const me = await resident('refused');
      const ip = '10.50.0.2';
      for (let i = 0; i < 4; i++) expect((await file(me.token, ip, '短')).status).toBe(400); // description too short
      const big = await call('POST', '/api/requests', { token: me.token, sourceIp: ip, rawBody: threeMegabytes() });
      expect(big.status).toBe(413);
      expect(big.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await quotaUsed('requests-user', me.userId)).toBe(0);
      // The per-minute flood limit counts attempts: the four invalid bodies are there.
      const flood = await RateCounterModel.find({ _id: { $regex: new RegExp(`^writes-user:${me.userId.toHexString()}:`) } }).lean();
      expect(flood.reduce((n, d) => n + d.count, 0)).toBeGreaterThanOrEqual(4);

      for (let i = 0; i < 10; i++) expect((await file(me.token, ip, `有效的诉求第${i}条，请处理`)).status).toBe(201);
      expect((await file(me.token, ip, '超过上限的有效诉求内容')).status).toBe(429);
      const bigOver = await call('POST', '/api/requests', { token: me.token, sourceIp: ip, rawBody: threeMegabytes() });
      expect(bigOver.status).toBe(413);
      expect((await file(me.token, ip, '短')).status).toBe(400);
      expect(await quotaUsed('requests-user', me.userId)).toBe(10);
    });

    it('a replay spends no quota', async () => {
      const me = await resident('replay');
      const ip = '10.50.0.3';
      const first = await fileWithKey(me.token, ip, 'replay-key-000001', '小区门口的路灯不亮了');
      expect(first.status).toBe(201);
      for (let i = 0; i < 3; i++) {
        const again = await fileWithKey(me.token, ip, 'replay-key-000001', '小区门口的路灯不亮了');
        expect(again.status).toBe(201);
        expect(again.headers['idempotent-replay']).toBe('true');
        expect(again.body.id).toBe(first.body.id);
      }
      expect(await quotaUsed('requests-user', me.userId)).toBe(1);
    });

    it('a create that fails in the handler (content rejected, a building of another community) releases its unit', async () => {
      const me = await resident('failed');
      const ip = '10.50.0.4';
      const risky = await file(me.token, ip, '这里有违禁内容，请处理一下');
      expect(risky.status).toBe(400);
      expect(risky.body.error.code).toBe('CONTENT_REJECTED');
      const elsewhere = await file(me.token, ip, '别的社区楼栋的诉求内容', { location: { buildingId: world.riverBuildingId } });
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.body.error.details[0].path).toBe('location.buildingId');
      expect(await quotaUsed('requests-user', me.userId)).toBe(0);
      for (let i = 0; i < 10; i++) expect((await file(me.token, ip, `失败之后仍可提交第${i}条`)).status).toBe(201);
      expect(await quotaUsed('requests-user', me.userId)).toBe(10);
    });

    it('new topics: a rejected proposal releases its unit, five can still be proposed', async () => {
      const me = await resident('topics');
      const ip = '10.50.0.5';
      const propose = (body: string) => call('POST', '/api/consultations', { token: me.token, sourceIp: ip, body: { title: '关于小区停车的建议', body, scope: { level: 'community' } } });
      for (let i = 0; i < 3; i++) expect((await propose('这里有违禁内容，请大家看看这个提案。')).status).toBe(400);
      expect(await quotaUsed('topics-user', me.userId)).toBe(0);
      for (let i = 0; i < 5; i++) expect((await propose(`建议在空地划出停车位，第${i}版方案。`)).status).toBe(201);
      const sixth = await propose('第六个提案超过了每小时的上限。');
      expect(sixth.status).toBe(429);
      expect(await quotaUsed('topics-user', me.userId)).toBe(5);
    });
  });

  describe('limits sized for a hall (finding 6)', () => {
    it('200 residents behind one address sign in within a minute, each votes and reads the results', async () => {
      // Prepare: 200 households of 示范社区, all on the hall's Wi-Fi; staff open a vote from the office.
      const hall = '10.60.0.1';
      const openids = Array.from({ length: 200 }, (_, i) => `hall-${i}`);
      await inWaves(openids, 10, (openid, i) =>
        upsertMember('demo', { openid, name: `与会居民${i}`, roles: ['resident'], building: ['1号楼', '2号楼', '3号楼', '4号楼'][i % 4]!, unit: '7', room: String(700 + i) }),
      );
      const topic = await call('POST', '/api/consultations', {
        token: t['demo-staff-1'],
        sourceIp: '10.60.9.9',
        body: { title: '居民大会：是否同意加装电梯', body: '居民大会现场表决：2号楼加装电梯方案。', scope: { level: 'community' }, stage: 'voting', votingEndsAt: new Date(Date.now() + 86_400_000).toISOString() },
      });
      expect(topic.status).toBe(201);
      const agree = topic.body.options[0].id as string;

      // Act: everyone opens the app within the same minute.
      await earlyInWindow(60_000, 40_000);
      const signIns = await inWaves(openids, 20, (openid) => call('POST', '/api/auth/wechat', { sourceIp: hall, body: { code: openid } }));
      // Assess
      expect(signIns.filter((r) => r.status !== 200).map((r) => r.status)).toEqual([]);
      const window = Math.floor(Date.now() / 60_000);
      expect((await RateCounterModel.findById(`signin-ip:${hall}:${window}`).lean())?.count).toBe(200); // one minute, one address

      const votes = await inWaves(signIns, 20, (s) => call('POST', `/api/consultations/${topic.body.id}/votes`, { token: s.body.token, sourceIp: hall, body: { optionIds: [agree] } }));
      expect(votes.filter((r) => r.status !== 201).map((r) => r.status)).toEqual([]);
      const closed = await call('POST', `/api/consultations/${topic.body.id}/actions`, { token: t['demo-staff-1'], sourceIp: '10.60.9.9', body: { action: 'close_voting' } });
      expect(closed.status).toBe(200);
      const reads = await inWaves(signIns, 20, (s) => call('GET', `/api/consultations/${topic.body.id}`, { token: s.body.token, sourceIp: hall }));
      expect(reads.filter((r) => r.status !== 200).map((r) => r.status)).toEqual([]);
      expect(reads.every((r) => r.body.results?.turnout === 200)).toBe(true);
    });

    it('a client hammering sign-in is refused per code and per openid; others at its address still sign in', async () => {
      const ip = '10.60.0.2';
      await earlyInWindow(60_000, 20_000);
      // One code replayed (WeChat accepts a code once: a replay is a retry or an attack on the app's quota).
      const sameCode = [];
      for (let i = 0; i < 8; i++) sameCode.push(await call('POST', '/api/auth/wechat', { sourceIp: ip, body: { code: 'hammer-code' } }));
      expect(sameCode.slice(0, 5).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(sameCode[5]!.status).toBe(429);
      expect(sameCode[5]!.body.error.code).toBe('RATE_LIMITED');
      expect(sameCode[5]!.headers['retry-after']).toMatch(/^\d+$/);
      // One person signing in again and again, each time with a fresh code.
      const sameOpenid = [];
      for (let i = 0; i < 12; i++) sameOpenid.push(await call('POST', '/api/auth/wechat', { sourceIp: ip, body: { code: `hammer-openid~${i}` } }));
      expect(sameOpenid.slice(0, 10).every((r) => r.status === 200)).toBe(true);
      expect(sameOpenid[10]!.status).toBe(429);
      // A neighbour at the same address is not affected.
      expect((await call('POST', '/api/auth/wechat', { sourceIp: ip, body: { code: 'hammer-neighbour' } })).status).toBe(200);
    });
  });

  describe('ledger keys never come from the gateway request id (finding 4)', () => {
    const communityId = async () => new Types.ObjectId(world.demoId);
    async function volunteer(tag: string) {
      const openid = `sd-vol-${tag}-${++seq}`;
      const m = await upsertMember('demo', { openid, name: `志愿者${tag}`, roles: ['resident', 'volunteer'], building: '1号楼', unit: '6', room: String(600 + seq) });
      const v = await VolunteerModel.findOneAndUpdate(
        { communityId: await communityId(), userId: m.userId },
        { $setOnInsert: { name: m.name, status: 'active', skills: ['助老'], partyMember: false, anonymous: false, hours: 0, balance: 0, pointsEarned: 0, seq: 0, createdAt: new Date() } },
        { upsert: true, new: true },
      );
      return v!._id.toHexString();
    }
    const balance = async (id: string) => (await VolunteerModel.findById(id).lean())!.balance;
    const adjust = (volunteerId: string, amount: number, reason: string, extra: { requestContextId?: string; idempotencyKey?: string } = {}) =>
      call('POST', '/api/points/adjustments', { token: t['demo-admin-1'], sourceIp: '10.70.0.1', body: { volunteerId, amount, reason }, ...extra });

    it('two adjustments of two volunteers in calls with the same gateway request id both move the right balances and audit the right entries', async () => {
      // Prepare: serverless-offline gives every call this one id.
      const a = await volunteer('a');
      const b = await volunteer('b');
      const same = 'offlineContext_resourceId';
      // Act
      const ra = await adjust(a, 7, '补录敬老活动A', { requestContextId: same });
      const rb = await adjust(b, 11, '补录环境整治B', { requestContextId: same });
      // Assess
      expect(ra.status).toBe(201);
      expect(rb.status).toBe(201);
      expect(ra.body).toMatchObject({ kind: 'adjust', amount: 7, balanceAfter: 7, note: '管理员调整：补录敬老活动A' });
      expect(rb.body).toMatchObject({ kind: 'adjust', amount: 11, balanceAfter: 11, note: '管理员调整：补录环境整治B' });
      expect(rb.body.id).not.toBe(ra.body.id);
      expect(await balance(a)).toBe(7);
      expect(await balance(b)).toBe(11);
      const entryB = await LedgerEntryModel.findById(rb.body.id).lean();
      expect(entryB!.volunteerId.toHexString()).toBe(b);
      expect(entryB!.key).not.toContain(same);
      const audited = await AuditModel.find({ action: 'volunteers.adjust', 'target.volunteerId': { $in: [a, b] } }).sort({ _id: 1 }).lean();
      expect(audited.map((e) => [e.target!.volunteerId, (e.after as { id: string }).id])).toEqual([
        [a, ra.body.id],
        [b, rb.body.id],
      ]);
    });

    it('a retry with the same Idempotency-Key moves points once, even with the same gateway request id', async () => {
      const c = await volunteer('c');
      const same = 'offlineContext_resourceId';
      const answers = await Promise.all(Array.from({ length: 3 }, () => adjust(c, 5, '补录重试', { requestContextId: same, idempotencyKey: 'adjust-retry-0001' })));
      const again = await adjust(c, 5, '补录重试', { requestContextId: same, idempotencyKey: 'adjust-retry-0001' });
      expect([...answers, again].map((r) => r.status)).toEqual([201, 201, 201, 201]);
      expect(new Set([...answers, again].map((r) => r.body.id)).size).toBe(1);
      expect(await balance(c)).toBe(5);
      // Another key is another movement.
      expect((await adjust(c, 5, '补录重试', { requestContextId: same, idempotencyKey: 'adjust-retry-0002' })).body.balanceAfter).toBe(10);
      expect(await balance(c)).toBe(10);
    });

    it('a posting whose key is already taken by another movement is refused, never answered with the foreign entry', async () => {
      const d = new Types.ObjectId(await volunteer('d'));
      const e = new Types.ObjectId(await volunteer('e'));
      const base = { communityId: await communityId(), kind: 'adjust' as const, note: '测试', key: `shared-key-${seq}` };
      const first = await post({ ...base, volunteerId: d, amount: 3 });
      expect(first.created).toBe(true);
      await expect(post({ ...base, volunteerId: e, amount: 3 })).rejects.toThrow();
      await expect(post({ ...base, volunteerId: d, kind: 'earn', amount: 3 })).rejects.toThrow();
      // The same volunteer and kind with another amount is a second confirmation of one movement: the first stands.
      const second = await post({ ...base, volunteerId: d, amount: 4 });
      expect(second.created).toBe(false);
      expect(second.entry.amount).toBe(3);
      // The same movement again is the idempotent case: the first entry, nothing moved.
      const again = await post({ ...base, volunteerId: d, amount: 3 });
      expect(again).toMatchObject({ created: false });
      expect(again.entry._id.equals(first.entry._id)).toBe(true);
      expect(await balance(d.toHexString())).toBe(3);
      expect(await balance(e.toHexString())).toBe(0);
    });
  });
});
