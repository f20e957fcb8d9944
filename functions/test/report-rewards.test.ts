import { Types } from 'mongoose';
import { upsertMember } from '../src/admin/platform';
import { CommunityModel } from '../src/communities/community.model';
import { repairPending } from '../src/lib/operations';
import { MessageModel } from '../src/messages/message.model';
import { creditReportReward } from '../src/requests/report-reward';
import { RequestModel, type RequestDoc } from '../src/requests/request.model';
import { DEMO_REPORT_REWARDS, STORY_TITLE, seedReportRewardStory } from '../src/seed/report-rewards.seed';
import { reconcile } from '../src/volunteers/ledger';
import { LedgerEntryModel, VolunteerModel, newLedgerEntryDoc } from '../src/volunteers/volunteer.model';
import '../src/system/repair';
import { call, signIn } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// 随手拍有奖 (issue 18, part 1): a valid first report of a resident or a 流动网格员 earns points through the ledger
// when it is resolved, once per request (key report_reward:<request>), up to a monthly cap per reporter, on a
// points account created at the first earning. Against the real handlers and the embedded database, with the
// races: two resolutions at once, the resolution and repair crediting at once, first earnings and the cap at once.

describe('report rewards', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  let communityId: Types.ObjectId;
  const t: Record<string, string> = {};
  let n = 0;

  beforeAll(async () => {
    world = await seededWorld();
    communityId = new Types.ObjectId(world.demoId);
    for (const id of ['demo-resident-1', 'demo-grid-1', 'demo-staff-1', 'demo-admin-1', 'demo-courier', 'river-admin-1', 'river-resident-1']) t[id] = await world.token(id);
    // Off in every community until its admin turns them on (the settings test below checks it first).
  });

  /** A resident of 1号楼 (第一网格) no test has seen before, and their user id. */
  async function resident(label: string) {
    n++;
    const m = await upsertMember('demo', { openid: `reward-${label}-${n}`, name: `居民${n}`, roles: ['resident'], building: '1号楼', unit: '2', room: String(300 + n) });
    return { token: (await signIn(`reward-${label}-${n}`)).token, userId: m.userId };
  }
  const file = (token: string, body: Record<string, unknown> = {}) =>
    call('POST', '/api/requests', { token, body: { category: 'facility', title: `楼道灯不亮${++n}`, description: '1号楼2单元楼道灯不亮，晚上看不清楼梯', ...body } });
  const act = (who: string, id: string, body: Record<string, unknown>) => call('POST', `/api/requests/${id}/actions`, { token: t[who], body });
  const get = (token: string, id: string) => call('GET', `/api/requests/${id}`, { token });
  const me = (token: string) => call('GET', '/api/volunteers/me', { token });
  const setRewards = (reportRewards: Record<string, unknown>) => call('PATCH', '/api/community/settings', { token: t['demo-admin-1'], body: { reportRewards } });
  /** Filed by `token`, accepted by staff: ready to be resolved. */
  async function accepted(token: string, body: Record<string, unknown> = {}) {
    const r = await file(token, body);
    expect(r.status).toBe(201);
    expect((await act('demo-staff-1', r.body.id, { action: 'accept' })).status).toBe(200);
    return r.body.id as string;
  }
  const resolve = (who: string, id: string, extra: Record<string, unknown> = {}) => act(who, id, { action: 'resolve', note: '已更换楼道灯', ...extra });
  const entriesOf = (requestId: string) => LedgerEntryModel.find({ key: `report_reward:${requestId}` }).lean();
  /** A request as the resolution leaves it when the process dies before the posting: resolved, its reward pending. */
  async function leftPending(id: string, offered = 10, monthlyCap = 50) {
    const staff = (await RequestModel.findById(id, { assigneeId: 1 }).lean())!.assigneeId!;
    await RequestModel.updateOne(
      { _id: id },
      { $set: { reward: { status: 'pending', valid: true, offered, monthlyCap, points: 0, decidedBy: staff, decidedAt: new Date(Date.now() - 120_000) } } },
    );
    return (await RequestModel.findById(id).lean()) as unknown as RequestDoc;
  }

  describe('settings', () => {
    it('are off by default (a community whose settings predate the key reads the defaults), and only admins change them, validated and audited', async () => {
      // A community from before the key: nothing stored, the defaults read.
      await CommunityModel.updateOne({ _id: world.riverId }, { $unset: { 'settings.reportRewards': 1 } });
      const river = await call('GET', '/api/community/settings', { token: t['river-admin-1'] });
      expect(river.body.reportRewards).toEqual({ enabled: false, pointsPerReport: 10, monthlyCap: 100 });
      // A new community (the tests' seed of the demo): stored off, with the default numbers.
      expect((await call('GET', '/api/community/settings', { token: t['demo-staff-1'] })).body.reportRewards).toEqual({ enabled: false, pointsPerReport: 10, monthlyCap: 100 });
      // A cap below one reward, or fractional points, are refused with the field named.
      const bad = await setRewards({ enabled: true, pointsPerReport: 20, monthlyCap: 10 });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0]).toMatchObject({ path: 'reportRewards.monthlyCap', message: '每月上限不能少于每条奖励的积分' });
      expect((await setRewards({ enabled: true, pointsPerReport: 2.5, monthlyCap: 10 })).status).toBe(400);
      expect((await setRewards({ enabled: true })).status).toBe(400);
      expect((await call('PATCH', '/api/community/settings', { token: t['demo-staff-1'], body: { reportRewards: { enabled: false, pointsPerReport: 10, monthlyCap: 50 } } })).status).toBe(403);
      // Changed by the admin: the audit log has before and after.
      const changed = await setRewards({ enabled: true, pointsPerReport: 10, monthlyCap: 50 });
      expect(changed.status).toBe(200);
      const log = await call('GET', '/api/audit', { token: t['demo-admin-1'], query: { action: 'community.settings.update' } });
      expect(log.body.items[0]).toMatchObject({ before: { reportRewards: { enabled: false, pointsPerReport: 10, monthlyCap: 100 } }, after: { reportRewards: { enabled: true, pointsPerReport: 10, monthlyCap: 50 } } });
      expect((await call('GET', '/api/community/settings', { token: t['demo-staff-1'] })).body.reportRewards).toEqual({ enabled: true, pointsPerReport: 10, monthlyCap: 50 });
    });
  });

  describe('earning', () => {
    beforeAll(async () => expect((await setRewards({ enabled: true, pointsPerReport: 10, monthlyCap: 50 })).status).toBe(200));

    it('a resident’s report resolved as valid (the default) earns the points on a new points account, named in the passbook, told to the filer', async () => {
      // Prepare
      const r = await resident('earn');
      expect((await me(r.token)).status).toBe(404);
      const id = await accepted(r.token);
      // The handler is offered the toggle with the points; the filer is not.
      expect((await get(t['demo-grid-1']!, id)).body.rewardOffer).toEqual({ points: 10 });
      expect((await get(r.token, id)).body.rewardOffer).toBeUndefined();
      // Act
      const done = await resolve('demo-grid-1', id);
      // Assess: the answer and the filer's view say it was credited; the passbook names the request.
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'resolved', reward: { status: 'credited', valid: true, points: 10 } });
      expect(done.body.rewardOffer).toBeUndefined();
      expect((await get(r.token, id)).body.reward).toEqual({ status: 'credited', valid: true, points: 10 });
      const account = (await me(r.token)).body;
      expect(account).toMatchObject({ status: 'points', balance: 10, rewardPoints: 10, pointsEarned: 0, hours: 0, stars: 0 });
      const ledger = (await call('GET', '/api/points/ledger', { token: r.token })).body.items;
      expect(ledger).toHaveLength(1);
      expect(ledger[0]).toMatchObject({ kind: 'report_reward', amount: 10, balanceAfter: 10, requestId: id });
      expect(ledger[0].note).toMatch(/^随手拍奖励：【设施维修】楼道灯不亮/);
      expect(ledger[0].hours).toBeUndefined();
      const told = await MessageModel.findOne({ userId: r.userId, requestId: id, kind: 'report_reward' }).lean();
      expect(told).toMatchObject({ title: '随手拍奖励 +10积分' });
      // A neighbour who said 我也遇到 follows it and earns nothing; others never see the reward.
      const neighbour = await resident('metoo');
      const id2 = await accepted(r.token);
      await call('POST', `/api/requests/${id2}/visibility`, { token: t['demo-staff-1'], body: { public: true } });
      expect((await call('POST', `/api/requests/${id2}/me-too`, { token: neighbour.token })).status).toBe(200);
      expect((await resolve('demo-staff-1', id2)).body.reward).toMatchObject({ status: 'credited', points: 10 });
      expect((await me(neighbour.token)).status).toBe(404);
      expect((await get(neighbour.token, id2)).body.reward).toBeUndefined();
      expect((await me(r.token)).body.balance).toBe(20);
    });

    it('a report judged not valid earns nothing and opens no account; reopened and resolved again, the first decision stands', async () => {
      const r = await resident('invalid');
      const id = await accepted(r.token);
      const done = await resolve('demo-staff-1', id, { rewardValid: false });
      expect(done.body.reward).toEqual({ status: 'declined', valid: false, points: 0 });
      expect(await entriesOf(id)).toEqual([]);
      expect((await me(r.token)).status).toBe(404);
      // The filer asks for it to be handled again; resolved again with the toggle on, it still earns nothing.
      expect((await act('demo-staff-1', id, { action: 'reply', body: '请看看' })).status).toBe(200);
      expect((await call('POST', `/api/requests/${id}/actions`, { token: r.token, body: { action: 'reopen', reason: '灯又灭了' } })).status).toBe(200);
      expect((await get(t['demo-staff-1']!, id)).body.rewardOffer).toBeUndefined();
      expect((await resolve('demo-staff-1', id, { rewardValid: true })).body.reward).toMatchObject({ status: 'declined' });
      expect(await entriesOf(id)).toEqual([]);
    });

    it('a 流动网格员’s report earns; a patrol finding, a 代办 filing, one resolved by its own filer and any request elsewhere do not', async () => {
      // 流动网格员上报 (demo-courier, seeded): earns.
      const courierReport = await call('POST', '/api/requests', { token: t['demo-courier'], body: { source: 'mobile_grid', category: 'safety', description: '2号楼门口电动车充电，电线拖在地上', location: { buildingId: world.building('2号楼') } } });
      expect(courierReport.status).toBe(201);
      expect((await act('demo-staff-1', courierReport.body.id, { action: 'accept' })).status).toBe(200);
      expect((await resolve('demo-staff-1', courierReport.body.id)).body.reward).toMatchObject({ status: 'credited', points: 10 });
      expect((await me(t['demo-courier']!)).body).toMatchObject({ status: 'points', rewardPoints: 10 });
      // 巡查发现: the grid worker's job.
      const finding = await call('POST', '/api/requests', { token: t['demo-grid-1'], body: { source: 'patrol', category: 'environment', description: '巡查发现1号楼楼道堆放杂物', location: { buildingId: world.building('1号楼') } } });
      expect((await act('demo-grid-1', finding.body.id, { action: 'accept' })).status).toBe(200);
      expect((await get(t['demo-grid-1']!, finding.body.id)).body.rewardOffer).toBeUndefined();
      expect((await resolve('demo-grid-1', finding.body.id)).body.reward).toBeUndefined();
      // 代办 for a resident without the app: nobody's account to credit.
      const behalf = await file(t['demo-grid-1']!, { onBehalfOf: { name: '孙奶奶', buildingId: world.building('1号楼'), unit: '1', room: '102' } });
      expect((await act('demo-grid-1', behalf.body.id, { action: 'accept' })).status).toBe(200);
      expect((await resolve('demo-grid-1', behalf.body.id)).body.reward).toBeUndefined();
      // Staff who report as residents and resolve their own: nobody rewards themselves.
      const own = await upsertMember('demo', { openid: 'reward-staff-home', name: '住在这里的社工', roles: ['resident', 'staff'], building: '1号楼', unit: '5', room: '501' });
      const ownToken = (await signIn('reward-staff-home')).token;
      const ownReport = await file(ownToken);
      expect((await call('POST', `/api/requests/${ownReport.body.id}/actions`, { token: ownToken, body: { action: 'accept' } })).status).toBe(200);
      expect((await get(ownToken, ownReport.body.id)).body.rewardOffer).toBeUndefined();
      expect((await call('POST', `/api/requests/${ownReport.body.id}/actions`, { token: ownToken, body: { action: 'resolve', note: '自己修好了' } })).body.reward).toBeUndefined();
      expect(await VolunteerModel.exists({ communityId, userId: own.userId })).toBeNull();
      // Rejected and withdrawn requests are never resolved, so never decide a reward.
      const r = await resident('refused');
      const rejected = await file(r.token);
      await act('demo-staff-1', rejected.body.id, { action: 'reject', reason: '不属于社区职责' });
      const withdrawn = await file(r.token);
      await call('POST', `/api/requests/${withdrawn.body.id}/actions`, { token: r.token, body: { action: 'withdraw' } });
      for (const id of [rejected.body.id, withdrawn.body.id]) expect((await RequestModel.findById(id).lean())!.reward).toBeUndefined();
      // 滨江社区 has rewards off (the default): no offer, no reward.
      const river = await call('POST', '/api/requests', { token: t['river-resident-1'], body: { category: 'facility', description: '滨江1号楼楼道灯不亮' } });
      expect((await call('POST', `/api/requests/${river.body.id}/actions`, { token: t['river-admin-1'], body: { action: 'accept' } })).status).toBe(200);
      expect((await get(t['river-admin-1']!, river.body.id)).body.rewardOffer).toBeUndefined();
      expect((await call('POST', `/api/requests/${river.body.id}/actions`, { token: t['river-admin-1'], body: { action: 'resolve', note: '已修' } })).body.reward).toBeUndefined();
      expect((await me(t['river-resident-1']!)).status).toBe(404);
    });
  });

  describe('exactly once', () => {
    beforeAll(async () => expect((await setRewards({ enabled: true, pointsPerReport: 10, monthlyCap: 50 })).status).toBe(200));

    it('a reward for a report confirmed twice at once credits once', async () => {
      // Prepare
      const r = await resident('twice');
      const id = await accepted(r.token);
      // Act: two handlers confirm the same report valid at the same moment.
      const both = await Promise.all([resolve('demo-staff-1', id, { rewardValid: true }), resolve('demo-grid-1', id, { rewardValid: true })]);
      // Assess: one resolution, one movement, one message.
      expect(both.map((x) => x.status).sort()).toEqual([200, 409]);
      expect(await entriesOf(id)).toHaveLength(1);
      expect((await me(r.token)).body).toMatchObject({ balance: 10, rewardPoints: 10 });
      expect(await MessageModel.countDocuments({ userId: r.userId, kind: 'report_reward', requestId: id })).toBe(1);
    });

    it('the resolution and repair crediting the same pending reward at once: one entry, one account', async () => {
      const r = await resident('repair-race');
      const id = await accepted(r.token);
      await resolve('demo-staff-1', id, { rewardValid: false });
      const pending = await leftPending(id);
      await Promise.all([creditReportReward(pending), creditReportReward(pending), repairPending(60_000), creditReportReward(pending)]);
      expect(await entriesOf(id)).toHaveLength(1);
      expect(await VolunteerModel.countDocuments({ communityId, userId: r.userId })).toBe(1);
      expect((await RequestModel.findById(id).lean())!.reward).toMatchObject({ status: 'credited', points: 10 });
      expect((await me(r.token)).body.balance).toBe(10);
    });

    it('a resolution whose posting died is credited by repair; one whose marking died is marked without a second movement', async () => {
      // Died between the resolution and the posting: pending, no entry.
      const r = await resident('crash');
      const id = await accepted(r.token);
      await resolve('demo-staff-1', id, { rewardValid: false });
      await leftPending(id);
      expect((await get(r.token, id)).body.reward).toEqual({ status: 'pending', valid: true, points: 10 });
      const report = await repairPending(60_000);
      expect(report.swept['report-rewards']).toBeGreaterThanOrEqual(1);
      expect((await get(r.token, id)).body.reward).toEqual({ status: 'credited', valid: true, points: 10 });
      // Died after the posting, before the request was marked: repair marks it, the ledger answers with the first entry.
      await RequestModel.updateOne({ _id: id }, { $set: { 'reward.status': 'pending', 'reward.decidedAt': new Date(Date.now() - 120_000) } });
      await repairPending(60_000);
      expect(await entriesOf(id)).toHaveLength(1);
      expect((await RequestModel.findById(id).lean())!.reward).toMatchObject({ status: 'credited', points: 10 });
      expect((await me(r.token)).body.balance).toBe(10);
      // Repair again: nothing left to do.
      expect((await repairPending(60_000)).swept['report-rewards']).toBeUndefined();
    });

    it('a posting that fails right after the resolution leaves the resolution standing and the reward to repair', async () => {
      // Prepare: the request's ledger key already taken by another movement (a stand-in for any failure of the
      // posting), so posting the reward throws.
      const r = await resident('posting-fails');
      const id = await accepted(r.token);
      const stranger = new Types.ObjectId();
      await LedgerEntryModel.create(
        newLedgerEntryDoc({ communityId, volunteerId: stranger, seq: 1, kind: 'adjust', amount: 0, balanceAfter: 0, key: `report_reward:${id}`, note: '占用', status: 'applied', createdAt: new Date() }),
      );
      // Act: the handler resolves it.
      const done = await resolve('demo-staff-1', id);
      // Assess: resolved, the reward pending; once the cause is gone, repair credits it.
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ status: 'resolved', reward: { status: 'pending', points: 10 } });
      await LedgerEntryModel.deleteOne({ volunteerId: stranger });
      await RequestModel.updateOne({ _id: id }, { $set: { 'reward.decidedAt': new Date(Date.now() - 120_000) } });
      await repairPending(60_000);
      expect((await get(r.token, id)).body.reward).toEqual({ status: 'credited', valid: true, points: 10 });
      expect((await me(r.token)).body.balance).toBe(10);
    });
  });

  describe('the monthly cap', () => {
    afterAll(() => setRewards({ enabled: true, pointsPerReport: 10, monthlyCap: 50 }));

    it('credits up to the cap and the remainder when a reward would pass it; beyond it nothing (said in the passbook)', async () => {
      expect((await setRewards({ enabled: true, pointsPerReport: 10, monthlyCap: 25 })).status).toBe(200);
      const r = await resident('cap');
      const rewards = [];
      for (let i = 0; i < 4; i++) rewards.push((await resolve('demo-staff-1', await accepted(r.token))).body.reward);
      expect(rewards).toEqual([
        { status: 'credited', valid: true, points: 10 },
        { status: 'credited', valid: true, points: 10 },
        { status: 'credited', valid: true, points: 5 },
        { status: 'capped', valid: true, points: 0 },
      ]);
      expect((await me(r.token)).body).toMatchObject({ balance: 25, rewardPoints: 25 });
      const notes = (await call('GET', '/api/points/ledger', { token: r.token })).body.items.map((e: any) => [e.amount, e.note.replace(/：.*?（/, '：…（')]);
      expect(notes.slice(0, 2)).toEqual([
        [0, '随手拍奖励：…（本月奖励已达上限）'],
        [5, '随手拍奖励：…（本月奖励上限，实得5积分）'],
      ]);
    });

    it('is never passed by rewards of one reporter credited at once, and their first earnings converge on one account', async () => {
      expect((await setRewards({ enabled: true, pointsPerReport: 10, monthlyCap: 25 })).status).toBe(200);
      const r = await resident('cap-race');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const id = await accepted(r.token);
        await resolve('demo-staff-1', id, { rewardValid: false });
        ids.push(id);
      }
      const pending = await Promise.all(ids.map((id) => leftPending(id, 10, 25)));
      expect(await VolunteerModel.exists({ communityId, userId: r.userId })).toBeNull();
      // Act: five rewards of one reporter posted at the same moment, none with an account yet.
      await Promise.all(pending.map((p) => creditReportReward(p)));
      // Assess: one account; 25 points in all, never more.
      expect(await VolunteerModel.countDocuments({ communityId, userId: r.userId })).toBe(1);
      const amounts = (await Promise.all(ids.map(entriesOf))).flat().map((e) => e.amount).sort((a, b) => b - a);
      expect(amounts).toEqual([10, 10, 5, 0, 0]);
      expect((await me(r.token)).body).toMatchObject({ balance: 25, rewardPoints: 25 });
      const statuses = (await RequestModel.find({ _id: { $in: ids } }, { reward: 1 }).lean()).map((q) => q.reward!.status).sort();
      expect(statuses).toEqual(['capped', 'capped', 'credited', 'credited', 'credited']);
    });
  });

  describe('the points account', () => {
    beforeAll(async () => expect((await setRewards({ enabled: true, pointsPerReport: 10, monthlyCap: 50 })).status).toBe(200));

    it('counts in the balance and the mall, not in hours, stars, leaderboards or the volunteer lists', async () => {
      const r = await resident('spend');
      for (let i = 0; i < 2; i++) await resolve('demo-staff-1', await accepted(r.token));
      const account = (await me(r.token)).body;
      expect(account).toMatchObject({ status: 'points', balance: 20, hours: 0, pointsEarned: 0, stars: 0, starsByHours: 0 });
      // Not a volunteer: no roster, review list or leaderboard shows it, and staff cannot review it.
      const roster = await call('GET', '/api/volunteers', { token: t['demo-staff-1'], query: { limit: '100' } });
      expect(roster.body.items.map((v: any) => v.id)).not.toContain(account.volunteerId);
      expect(roster.body.items.map((v: any) => v.status)).not.toContain('points');
      expect((await call('GET', '/api/volunteers', { token: t['demo-staff-1'], query: { status: 'points' } })).status).toBe(400);
      expect((await call('POST', `/api/volunteers/${account.volunteerId}/review`, { token: t['demo-staff-1'], body: { approve: true } })).status).toBe(404);
      for (const by of ['points', 'hours'])
        for (const period of ['month', 'year', 'all']) {
          const board = await call('GET', '/api/leaderboard', { token: r.token, query: { by, period } });
          expect(board.body.items.filter((i: any) => i.me)).toEqual([]);
        }
      // Spent in the 积分超市 like any points: the seeded 洗衣皂一块 (15).
      const soap = (await call('GET', '/api/rewards', { token: r.token })).body.items.find((x: any) => x.name === '洗衣皂一块');
      expect(soap.actions).toEqual(['redeem']);
      const code = await call('POST', `/api/rewards/${soap.id}/redemptions`, { token: r.token });
      expect(code.status).toBe(201);
      expect((await me(r.token)).body.balance).toBe(5);
      // Someone without any points is told how to get some.
      const nobody = await resident('nobody');
      const refused = await call('POST', `/api/rewards/${soap.id}/redemptions`, { token: nobody.token });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toContain('随手拍');
      // The ledger still agrees with every balance.
      expect((await reconcile()).differences).toEqual([]);
    });

    it('becomes a pending registration when its holder registers as a volunteer, balance and passbook kept', async () => {
      const r = await resident('joins');
      await resolve('demo-staff-1', await accepted(r.token));
      const before = (await me(r.token)).body;
      const registered = await call('POST', '/api/volunteers', { token: r.token, body: { skills: ['助老'], availability: '周末' } });
      expect(registered.status).toBe(201);
      expect(registered.body).toMatchObject({ volunteerId: before.volunteerId, status: 'pending', balance: 10, rewardPoints: 10, skills: ['助老'] });
      expect((await call('GET', '/api/points/ledger', { token: r.token })).body.items).toHaveLength(1);
      expect((await call('POST', '/api/volunteers', { token: r.token, body: { skills: ['助老'] } })).status).toBe(409);
      // Now a registration: staff see it for review and approve it.
      const pending = await call('GET', '/api/volunteers', { token: t['demo-staff-1'], query: { status: 'pending', limit: '100' } });
      expect(pending.body.items.map((v: any) => v.id)).toContain(before.volunteerId);
      expect((await call('POST', `/api/volunteers/${before.volunteerId}/review`, { token: t['demo-staff-1'], body: { approve: true } })).body).toMatchObject({ status: 'active', balance: 10 });
      // Later rewards go to the same record.
      await resolve('demo-staff-1', await accepted(r.token));
      expect((await me(r.token)).body).toMatchObject({ status: 'active', balance: 20, rewardPoints: 20, pointsEarned: 0 });
      expect(await VolunteerModel.countDocuments({ communityId, userId: r.userId })).toBe(1);
    });

    it('is in the holder’s data export, and anonymised when they delete their account', async () => {
      const r = await resident('privacy');
      const id = await accepted(r.token);
      await resolve('demo-staff-1', id);
      const exported = (await call('GET', '/api/me/export', { token: r.token })).body;
      expect(exported.volunteers).toEqual([expect.objectContaining({ status: 'points', balance: 10, rewardPoints: 10 })]);
      expect(exported.pointsLedger).toEqual([expect.objectContaining({ kind: 'report_reward', amount: 10, key: `report_reward:${id}` })]);
      expect((await call('DELETE', '/api/me', { token: r.token })).status).toBe(200);
      const left = (await VolunteerModel.findOne({ communityId, userId: r.userId }).lean())!;
      expect(left).toMatchObject({ name: '已注销志愿者', balance: 10 });
      expect((await reconcile()).differences).toEqual([]);
    });
  });

  describe('the demo (npm start)', () => {
    it('turns rewards on and credits 张阿姨’s seeded report once, however often the seed runs', async () => {
      await seedReportRewardStory();
      await seedReportRewardStory();
      expect((await call('GET', '/api/community/settings', { token: t['demo-staff-1'] })).body.reportRewards).toEqual(DEMO_REPORT_REWARDS);
      const mine = (await call('GET', '/api/requests', { token: t['demo-resident-1'] })).body.items.filter((r: any) => r.title === STORY_TITLE);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ status: 'closed', reward: { status: 'credited', valid: true, points: 10 } });
      expect((await me(t['demo-resident-1']!)).body).toMatchObject({ status: 'points', balance: 10, rewardPoints: 10 });
      const ledger = (await call('GET', '/api/points/ledger', { token: t['demo-resident-1'] })).body.items;
      expect(ledger.map((e: any) => [e.kind, e.amount, e.note, e.requestId])).toEqual([['report_reward', 10, `随手拍奖励：【设施维修】${STORY_TITLE}`, mine[0].id]]);
      expect((await reconcile()).differences).toEqual([]);
    });
  });
});
