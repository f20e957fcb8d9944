import { addWorkingDays, BUILT_IN_HOLIDAY_CALENDARS } from '@linli/shared';
import { Types } from 'mongoose';
import { upsertMember } from '../src/admin/platform';
import { CommunityModel } from '../src/communities/community.model';
import { repairPending, startOperation } from '../src/lib/operations';
import { post, reconcile } from '../src/volunteers/ledger';
import { LedgerEntryModel, StarAwardModel, VolunteerModel } from '../src/volunteers/volunteer.model';
import { RedemptionModel, RewardModel } from '../src/mall/mall.model';
import { redeemOperation } from '../src/mall/redemptions';
import { RequestModel } from '../src/requests/request.model';
import { call, signIn } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// Volunteers, activities, the points ledger and the mall against the real handlers on the embedded database:
// capacity under concurrent sign-ups, credit-once confirmation, no overdraw under concurrent redemptions,
// star 公示, reconcile, and repair of interrupted postings.

describe('volunteers', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  let communityId: Types.ObjectId;
  beforeAll(async () => {
    world = await seededWorld();
    communityId = new Types.ObjectId(world.demoId);
    for (const id of ['demo-resident-1', 'demo-resident-2', 'demo-volunteer-1', 'demo-grid-1', 'demo-staff-1', 'demo-admin-1', 'demo-merchant-1', 'river-admin-1'])
      t[id] = await world.token(id);
  });

  const hour = 3_600_000;
  const activity = (token: string, body: Record<string, unknown> = {}) =>
    call('POST', '/api/activities', {
      token,
      body: { title: '关爱独居老人上门探访', description: '两人一组探访独居老人，陪聊并检查用电安全。', startAt: new Date(Date.now() + 2 * 86_400_000).toISOString(), endAt: new Date(Date.now() + 2 * 86_400_000 + 3 * hour).toISOString(), location: '社区服务站', capacity: 10, pointsPerHour: 10, ...body },
    });
  /** An active volunteer created directly (with a household in 1号楼), and their token. */
  async function volunteer(openid: string, extra: Record<string, unknown> = {}) {
    const m = await upsertMember('demo', { openid, name: `志愿者${openid.slice(-3)}`, roles: ['resident', 'volunteer'], building: '1号楼', unit: '3', room: openid.slice(-3) });
    const v = await VolunteerModel.findOneAndUpdate(
      { communityId, userId: m.userId },
      { $setOnInsert: { name: m.name, status: 'active', skills: ['助老'], partyMember: false, anonymous: false, hours: 0, balance: 0, pointsEarned: 0, seq: 0, createdAt: new Date(), ...extra } },
      { upsert: true, new: true },
    );
    return { token: (await signIn(openid)).token, id: v!._id.toHexString(), userId: m.userId };
  }
  /** Confirms hours for a volunteer on an activity that already happened: credits points through the ledger. */
  async function credit(volunteerId: string, hours: number, pointsPerHour = 10) {
    const a = await activity(t['demo-staff-1']!, { startAt: new Date(Date.now() - 10 * hour).toISOString(), endAt: new Date(Date.now() - 2 * hour).toISOString(), pointsPerHour });
    const r = await call('POST', `/api/activities/${a.body.id}/attendance`, { token: t['demo-staff-1'], body: { volunteerId, hours } });
    expect(r.status).toBe(200);
    return r.body;
  }

  describe('registration', () => {
    it('a resident registers, staff approve, the volunteer sees hours, points and the next star', async () => {
      expect((await call('GET', '/api/volunteers/me', { token: t['demo-resident-1'] })).status).toBe(404);
      const r = await call('POST', '/api/volunteers', { token: t['demo-resident-1'], body: { skills: ['助老', '维修'], availability: '工作日晚上', partyMember: true } });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ status: 'pending', hours: 0, balance: 0, pointsEarned: 0, stars: 0, nextStar: { stars: 1, hoursNeeded: 100 }, partyMember: true });
      expect((await call('POST', '/api/volunteers', { token: t['demo-resident-1'], body: { skills: ['助老'] } })).status).toBe(409);
      expect((await call('POST', `/api/volunteers/${r.body.volunteerId}/review`, { token: t['demo-resident-2'], body: { approve: true } })).status).toBe(403);
      const approved = await call('POST', `/api/volunteers/${r.body.volunteerId}/review`, { token: t['demo-staff-1'], body: { approve: true } });
      expect(approved.body.status).toBe('active');
      expect((await call('POST', `/api/volunteers/${r.body.volunteerId}/review`, { token: t['demo-staff-1'], body: { approve: false, reason: '重复审核' } })).status).toBe(409);
      const me = await call('GET', '/api/me', { token: t['demo-resident-1'] });
      expect(me.body.memberships[0].roles).toContain('volunteer');
      // Someone without a household (a grid worker) registers with their address first.
      expect((await call('POST', '/api/volunteers', { token: t['demo-grid-1'], body: { skills: ['助老'] } })).status).toBe(403);
      // Another community's admin cannot review this community's volunteers.
      expect((await call('POST', `/api/volunteers/${r.body.volunteerId}/review`, { token: t['river-admin-1'], community: world.demoId, body: { approve: true } })).status).toBe(404);
    });
  });

  describe('activities', () => {
    it('staff publish (residents cannot); 30 concurrent sign-ups for 10 seats → 10 confirmed, 20 waitlisted in order', async () => {
      expect((await activity(t['demo-resident-1']!)).status).toBe(403);
      const bad = await activity(t['demo-staff-1']!, { endAt: new Date(Date.now()).toISOString() });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].path).toBe('endAt');
      const a = (await activity(t['demo-staff-1']!)).body;
      expect(a).toMatchObject({ status: 'upcoming', signedUp: 0, capacity: 10 });
      const vols = await Promise.all(Array.from({ length: 30 }, (_, i) => volunteer(`signup-${String(100 + i)}`)));
      const answers = await Promise.all(vols.map((v) => call('POST', `/api/activities/${a.id}/signups`, { token: v.token })));
      expect(answers.every((r) => r.status === 201)).toBe(true);
      const confirmed = answers.filter((r) => r.body.mine.status === 'confirmed');
      const waiting = answers.filter((r) => r.body.mine.status === 'waitlisted');
      expect(confirmed).toHaveLength(10);
      expect(waiting).toHaveLength(20);
      expect(waiting.map((r) => r.body.mine.position).sort((x: number, y: number) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      const after = (await call('GET', `/api/activities/${a.id}`, { token: t['demo-staff-1'] })).body;
      expect(after).toMatchObject({ signedUp: 10, waitlisted: 20 });
      expect((await call('POST', `/api/activities/${a.id}/signups`, { token: vols[0]!.token })).status).toBe(409);

      // A confirmed volunteer cancels: the first on the waitlist takes the seat.
      const first = waiting.find((r) => r.body.mine.position === 1)!;
      const firstIdx = answers.indexOf(first);
      const leaving = vols[answers.indexOf(confirmed[0]!)]!;
      const cancelled = await call('DELETE', `/api/activities/${a.id}/signups/me`, { token: leaving.token });
      expect(cancelled.body.mine.status).toBe('none');
      const promoted = await call('GET', `/api/activities/${a.id}`, { token: vols[firstIdx]!.token });
      expect(promoted.body.mine.status).toBe('confirmed');
      expect(promoted.body).toMatchObject({ signedUp: 10, waitlisted: 19 });
      expect((await call('DELETE', `/api/activities/${a.id}/signups/me`, { token: leaving.token })).status).toBe(409);
      const roster = await call('GET', `/api/activities/${a.id}/signups`, { token: t['demo-staff-1'] });
      expect(roster.body.items.filter((x: any) => x.status === 'confirmed')).toHaveLength(10);
    });

    it('refuses sign-ups from pending or unregistered people and after the start', async () => {
      const a = (await activity(t['demo-staff-1']!)).body;
      expect((await call('POST', `/api/activities/${a.id}/signups`, { token: t['demo-resident-2'] })).status).toBe(403);
      const started = (await activity(t['demo-staff-1']!, { startAt: new Date(Date.now() - hour).toISOString(), endAt: new Date(Date.now() + hour).toISOString() })).body;
      expect((await call('POST', `/api/activities/${started.id}/signups`, { token: t['demo-volunteer-1'] })).status).toBe(409);
    });

    it('check in and out with the rotating code; wrong or repeated check-ins are refused', async () => {
      const a = (await activity(t['demo-staff-1']!, { startAt: new Date(Date.now() - 30 * 60_000).toISOString(), endAt: new Date(Date.now() + 2 * hour).toISOString() })).body;
      expect((await call('POST', `/api/activities/${a.id}/checkin-codes`, { token: t['demo-volunteer-1'] })).status).toBe(403);
      const code = await call('POST', `/api/activities/${a.id}/checkin-codes`, { token: t['demo-staff-1'] });
      expect(code.body.code).toMatch(/^\d{6}$/);
      expect(code.body.qr).toBe(`linli-checkin:${a.id}:${code.body.code}`);
      expect(Date.parse(code.body.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
      const wrong = String((Number(code.body.code) + 1) % 1_000_000).padStart(6, '0');
      const refused = await call('POST', `/api/activities/${a.id}/checkins`, { token: t['demo-volunteer-1'], body: { code: wrong, kind: 'in' } });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details[0].path).toBe('code');
      expect((await call('POST', `/api/activities/${a.id}/checkins`, { token: t['demo-volunteer-1'], body: { code: code.body.code, kind: 'out' } })).status).toBe(409); // not in yet
      const inn = await call('POST', `/api/activities/${a.id}/checkins`, { token: t['demo-volunteer-1'], body: { code: code.body.code, kind: 'in' } });
      expect(inn.status).toBe(201);
      expect(inn.body.mine).toMatchObject({ checkedIn: true, checkedOut: false });
      expect((await call('POST', `/api/activities/${a.id}/checkins`, { token: t['demo-volunteer-1'], body: { code: code.body.code, kind: 'in' } })).status).toBe(409);
      const out = await call('POST', `/api/activities/${a.id}/checkins`, { token: t['demo-volunteer-1'], body: { code: code.body.code, kind: 'out' } });
      expect(out.body.mine).toMatchObject({ checkedIn: true, checkedOut: true });
      const roster = await call('GET', `/api/activities/${a.id}/signups`, { token: t['demo-staff-1'] });
      expect(roster.body.items[0]).toMatchObject({ status: 'walk_in', name: '赵大姐' });
      expect(roster.body.items[0].checkedInAt).toBeDefined();
    });

    it('someone who already checked in cannot cancel before the start', async () => {
      const a = (await activity(t['demo-staff-1']!, { startAt: new Date(Date.now() + 30 * 60_000).toISOString(), endAt: new Date(Date.now() + 3 * hour).toISOString() })).body;
      const v = await volunteer('early-001');
      expect((await call('POST', `/api/activities/${a.id}/signups`, { token: v.token })).status).toBe(201);
      const code = await call('POST', `/api/activities/${a.id}/checkin-codes`, { token: t['demo-staff-1'] });
      expect((await call('POST', `/api/activities/${a.id}/checkins`, { token: v.token, body: { code: code.body.code, kind: 'in' } })).status).toBe(201);
      const refused = await call('DELETE', `/api/activities/${a.id}/signups/me`, { token: v.token });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toBe('您已签到，不能取消报名');
    });
  });

  describe('attendance and the ledger', () => {
    it('caps hours at the duration, credits floor(hours × points) once for three concurrent confirmations', async () => {
      const v = await volunteer('credit-001');
      const a = (await activity(t['demo-staff-1']!, { startAt: new Date(Date.now() - 3 * hour).toISOString(), endAt: new Date(Date.now() - hour).toISOString(), pointsPerHour: 15 })).body;
      const confirm = (hours: number) => call('POST', `/api/activities/${a.id}/attendance`, { token: t['demo-staff-1'], body: { volunteerId: v.id, hours } });
      const answers = await Promise.all([confirm(5), confirm(5), confirm(5)]);
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(answers.filter((r) => r.body.credited)).toHaveLength(1);
      // Capped at the 2-hour duration: 2 h × 15 = 30 points, credited once.
      for (const r of answers) expect(r.body).toMatchObject({ hours: 2, points: 30 });
      const me = (await call('GET', '/api/volunteers/me', { token: v.token })).body;
      expect(me).toMatchObject({ hours: 2, balance: 30, pointsEarned: 30 });
      expect(await LedgerEntryModel.countDocuments({ volunteerId: new Types.ObjectId(v.id) })).toBe(1);
      // A later confirmation with other hours is answered with the first credit, which stands.
      const again = await confirm(1);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ credited: false, hours: 2, points: 30 });
      const odd = (await credit(v.id, 1.25, 7)); // 1.3 h (0.1 h) × 7 = 9.1 → 9
      expect(odd).toMatchObject({ hours: 1.3, points: 9 });
      const book = await call('GET', '/api/points/ledger', { token: v.token });
      expect(book.body.items.map((e: any) => [e.kind, e.amount, e.balanceAfter])).toEqual([
        ['earn', 9, 39],
        ['earn', 30, 30],
      ]);
    });

    it('nobody confirms their own attendance; volunteers and residents cannot confirm at all', async () => {
      const staffAsVolunteer = await VolunteerModel.create({ communityId, userId: new Types.ObjectId((await signIn('demo-staff-1')).user.id), name: '陈社工', status: 'active', skills: ['组织'], partyMember: false, anonymous: false, hours: 0, balance: 0, pointsEarned: 0, seq: 0, createdAt: new Date() });
      const a = (await activity(t['demo-staff-1']!, { startAt: new Date(Date.now() - 3 * hour).toISOString(), endAt: new Date(Date.now() - hour).toISOString() })).body;
      expect((await call('POST', `/api/activities/${a.id}/attendance`, { token: t['demo-staff-1'], body: { volunteerId: staffAsVolunteer._id.toHexString(), hours: 1 } })).status).toBe(403);
      const v = await VolunteerModel.findOne({ communityId, name: '赵大姐' });
      expect((await call('POST', `/api/activities/${a.id}/attendance`, { token: t['demo-volunteer-1'], body: { volunteerId: v!._id.toHexString(), hours: 1 } })).status).toBe(403);
      const future = (await activity(t['demo-staff-1']!)).body;
      expect((await call('POST', `/api/activities/${future.id}/attendance`, { token: t['demo-staff-1'], body: { volunteerId: v!._id.toHexString(), hours: 1 } })).status).toBe(409);
    });

    it('admins adjust with a reason; a debit beyond the balance is refused; others cannot adjust', async () => {
      const v = await volunteer('adjust-001');
      const r = await call('POST', '/api/points/adjustments', { token: t['demo-admin-1'], body: { volunteerId: v.id, amount: 20, reason: '补录春节慰问活动' } });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ kind: 'adjust', amount: 20, balanceAfter: 20 });
      expect(r.body.note).toContain('补录春节慰问活动');
      expect((await call('POST', '/api/points/adjustments', { token: t['demo-admin-1'], body: { volunteerId: v.id, amount: -50, reason: '扣减' } })).status).toBe(409);
      expect((await call('POST', '/api/points/adjustments', { token: t['demo-staff-1'], body: { volunteerId: v.id, amount: 5, reason: '奖励' } })).status).toBe(403);
      expect((await call('POST', '/api/points/adjustments', { token: t['demo-admin-1'], body: { volunteerId: v.id, amount: 5 } })).status).toBe(400);
    });

    it('a posting interrupted between its entry and the balance is carried by repair; reconcile finds a planted mismatch', async () => {
      const v = await volunteer('repair-001');
      await credit(v.id, 1); // 10 points, seq 1
      await LedgerEntryModel.create({ communityId, volunteerId: new Types.ObjectId(v.id), seq: 2, kind: 'adjust', amount: 5, balanceAfter: 15, key: 'planted-crash-1', note: '中断的调整', status: 'pending', createdAt: new Date(Date.now() - 120_000) });
      await repairPending(60_000);
      expect((await VolunteerModel.findById(v.id).lean())).toMatchObject({ balance: 15, seq: 2 });
      expect((await reconcile()).differences).toEqual([]);
      await VolunteerModel.updateOne({ _id: v.id }, { $inc: { balance: 7 } });
      const report = await reconcile();
      expect(report.differences).toEqual([expect.objectContaining({ volunteerId: v.id, balance: 22, ledgerBalance: 15 })]);
      await VolunteerModel.updateOne({ _id: v.id }, { $inc: { balance: -7 } });
    });
  });

  describe('stars', () => {
    it('a newly reached star is announced for 5 working days, can be withheld with a reason, then granted with a certificate', async () => {
      await CommunityModel.updateOne({ _id: communityId }, { $set: { 'settings.starLevels': [1, 2, 30, 40, 50] } });
      try {
        const v = await volunteer('star-001');
        const r = await credit(v.id, 2.5);
        expect(r.credited).toBe(true);
        const awards = await StarAwardModel.find({ volunteerId: new Types.ObjectId(v.id) }).sort({ stars: 1 }).lean();
        expect(awards.map((a) => a.stars)).toEqual([1, 2]);
        const days = (awards[0]!.publicUntil.getTime() - awards[0]!.reachedAt.getTime()) / 86_400_000;
        expect(days).toBeGreaterThanOrEqual(5);
        // 5 working days of the holiday calendar (the seeded 2026 one), to 24:00 of the fifth.
        expect(awards[0]!.publicUntil.getTime()).toBe(addWorkingDays(awards[0]!.reachedAt, 5, BUILT_IN_HOLIDAY_CALENDARS).getTime());
        const me = (await call('GET', '/api/volunteers/me', { token: v.token })).body;
        expect(me).toMatchObject({ stars: 0, starsByHours: 2, announcing: { stars: 2 }, nextStar: { stars: 3, hoursNeeded: 27.5 } });
        const publicList = await call('GET', '/api/star-awards', { token: t['demo-resident-2'] });
        expect(publicList.body.items.filter((a: any) => a.volunteerName === '志愿者001').map((a: any) => a.status)).toEqual(['announced', 'announced']);

        expect((await call('POST', `/api/star-awards/${awards[1]!._id}/withhold`, { token: t['demo-resident-2'], body: { reason: '不同意' } })).status).toBe(403);
        const withheld = await call('POST', `/api/star-awards/${awards[1]!._id}/withhold`, { token: t['demo-staff-1'], body: { reason: '服务记录待核实' } });
        expect(withheld.body).toMatchObject({ status: 'withheld', reason: '服务记录待核实' });
        // The 公示 of the first star ends: granted, with a certificate number; it can no longer be withheld.
        await StarAwardModel.updateOne({ _id: awards[0]!._id }, { $set: { publicUntil: new Date(Date.now() - 1000) } });
        const cert = await call('GET', `/api/star-awards/${awards[0]!._id}`, { token: v.token });
        expect(cert.body).toMatchObject({ status: 'granted', stars: 1, communityName: '示范社区' });
        expect(cert.body.certificateNo).toMatch(/^DEMO-\d{4}-[0-9A-F]{6}$/);
        expect((await call('POST', `/api/star-awards/${awards[0]!._id}/withhold`, { token: t['demo-staff-1'], body: { reason: '晚了' } })).status).toBe(409);
        expect((await call('GET', '/api/volunteers/me', { token: v.token })).body.stars).toBe(1);
        // The star roster: volunteers by hours with their stars.
        const roster = await call('GET', '/api/volunteers', { token: t['demo-staff-1'], query: { sort: 'hours', limit: '5' } });
        expect(roster.body.items[0].hours).toBeGreaterThanOrEqual(roster.body.items[1].hours);
      } finally {
        await CommunityModel.updateOne({ _id: communityId }, { $unset: { 'settings.starLevels': 1 } });
      }
    });
  });

  describe('points mall', () => {
    const reward = (token: string, body: Record<string, unknown>) => call('POST', '/api/rewards', { token, body: { name: '大米一袋', cost: 10, stock: 100, ...body } });
    const redeem = (token: string, rewardId: string) => call('POST', `/api/rewards/${rewardId}/redemptions`, { token });

    it('concurrent redemptions beyond the balance: exactly what the balance allows, never below zero', async () => {
      const v = await volunteer('mall-001');
      await credit(v.id, 3); // 30 points
      const r = (await reward(t['demo-staff-1']!, { name: '洗洁精', cost: 10, stock: 100 })).body;
      const answers = await Promise.all(Array.from({ length: 6 }, () => redeem(v.token, r.id)));
      expect(answers.filter((a) => a.status === 201)).toHaveLength(3);
      expect(answers.filter((a) => a.status === 409)).toHaveLength(3);
      expect((await VolunteerModel.findById(v.id).lean())!.balance).toBe(0);
      expect((await RewardModel.findById(r.id).lean())!.stock).toBe(97);
      expect((await reconcile()).differences).toEqual([]);
    });

    it('concurrent redemptions beyond the stock: exactly the stock, the rest refunded or refused', async () => {
      const vols = await Promise.all(['mall-101', 'mall-102', 'mall-103', 'mall-104', 'mall-105'].map((id) => volunteer(id)));
      for (const v of vols) await credit(v.id, 1); // 10 points each
      const r = (await reward(t['demo-staff-1']!, { name: '电影票', cost: 5, stock: 2 })).body;
      const answers = await Promise.all(vols.map((v) => redeem(v.token, r.id)));
      expect(answers.filter((a) => a.status === 201)).toHaveLength(2);
      expect((await RewardModel.findById(r.id).lean())!.stock).toBe(0);
      const balances = await Promise.all(vols.map(async (v) => (await VolunteerModel.findById(v.id).lean())!.balance));
      expect(balances.sort()).toEqual([10, 10, 10, 5, 5].sort());
      expect((await reconcile()).differences).toEqual([]);
    });

    it('merchants fulfil their own codes once; volunteers cancel unfulfilled ones for a refund; codes expire after 30 days', async () => {
      expect((await reward(t['demo-resident-1']!, {})).status).toBe(403);
      const own = (await reward(t['demo-merchant-1']!, { name: '修鞋一次', cost: 10, stock: 5 })).body;
      expect(own).toMatchObject({ merchantName: '便民超市', mine: true });
      const community = (await reward(t['demo-staff-1']!, { name: '毛巾', cost: 10, stock: 5 })).body;
      const v = await volunteer('mall-201');
      await credit(v.id, 5); // 50
      const code1 = (await redeem(v.token, own.id)).body;
      expect(code1.code).toMatch(/^[A-Z2-9]{8}$/);
      expect(code1.status).toBe('issued');
      expect((await call('POST', `/api/redemptions/${code1.code}/fulfil`, { token: t['demo-staff-1'] })).status).toBe(403); // a merchant's reward
      const done = await call('POST', `/api/redemptions/${code1.code}/fulfil`, { token: t['demo-merchant-1'] });
      expect(done.body).toMatchObject({ status: 'fulfilled', volunteerName: '志愿者201' });
      expect((await call('POST', `/api/redemptions/${code1.code}/fulfil`, { token: t['demo-merchant-1'] })).status).toBe(409);
      expect((await call('DELETE', `/api/redemptions/${code1.code}`, { token: v.token })).status).toBe(409);
      const pending = await call('GET', '/api/redemptions', { token: t['demo-merchant-1'], query: { role: 'merchant' } });
      expect(pending.body.items.map((x: any) => x.code)).toContain(code1.code);

      const code2 = (await redeem(v.token, community.id)).body;
      expect((await call('POST', `/api/redemptions/${code2.code}/fulfil`, { token: t['demo-merchant-1'] })).status).toBe(403);
      const cancelled = await call('DELETE', `/api/redemptions/${code2.code}`, { token: v.token });
      expect(cancelled.body.status).toBe('cancelled');
      expect((await VolunteerModel.findById(v.id).lean())!.balance).toBe(40);
      expect((await RewardModel.findById(community.id).lean())!.stock).toBe(5);

      const code3 = (await redeem(v.token, community.id)).body;
      await RedemptionModel.updateOne({ code: code3.code }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
      expect((await call('POST', `/api/redemptions/${code3.code}/fulfil`, { token: t['demo-staff-1'] })).status).toBe(409);
      await repairPending(60_000);
      expect((await RedemptionModel.findOne({ code: code3.code }).lean())).toMatchObject({ status: 'expired', released: true });
      expect((await VolunteerModel.findById(v.id).lean())!.balance).toBe(40);
      const book = (await call('GET', '/api/points/ledger', { token: v.token })).body.items.map((e: any) => e.kind);
      expect(book.slice(0, 4)).toEqual(['refund', 'redeem', 'refund', 'redeem']);
      expect((await reconcile()).differences).toEqual([]);
    });

    it('a redemption interrupted after the debit is finished by repair: one debit, one unit, one code', async () => {
      const v = await volunteer('mall-301');
      await credit(v.id, 2); // 20
      const r = (await reward(t['demo-staff-1']!, { name: '香皂', cost: 15, stock: 3 })).body;
      const rid = new Types.ObjectId();
      const op = await startOperation(redeemOperation, { redemptionId: rid.toHexString(), rewardId: r.id, volunteerId: v.id, communityId: world.demoId, code: 'TESTCRSH' });
      // The request died after the debit.
      await post({ communityId, volunteerId: new Types.ObjectId(v.id), kind: 'redeem', amount: -15, key: `redeem:${rid.toHexString()}`, note: '兑换：香皂' });
      await repairPending(0);
      expect(await RedemptionModel.exists({ _id: rid, code: 'TESTCRSH', status: 'issued' })).toBeTruthy();
      expect((await VolunteerModel.findById(v.id).lean())!.balance).toBe(5);
      expect((await RewardModel.findById(r.id).lean())!.stock).toBe(2);
      expect(op._id).toBeDefined();
      expect((await reconcile()).differences).toEqual([]);
    });
  });

  describe('leaderboard, service posts and matching', () => {
    it('ranks by hours or points per period; anonymous volunteers show as 志愿者***', async () => {
      const shy = await volunteer('rank-001', { anonymous: true });
      await credit(shy.id, 8);
      const board = await call('GET', '/api/leaderboard', { token: t['demo-resident-2'], query: { by: 'hours', period: 'month' } });
      expect(board.status).toBe(200);
      expect(board.body.items[0]).toMatchObject({ rank: 1, name: '志愿者***', value: 8, me: false });
      const mine = await call('GET', '/api/leaderboard', { token: shy.token, query: { by: 'points', period: 'all' } });
      expect(mine.body.items.find((x: any) => x.me)).toMatchObject({ name: '志愿者001', value: 80 });
      expect((await call('GET', '/api/leaderboard', { token: t['demo-resident-2'], query: { by: 'money' } })).status).toBe(400);
    });

    it('party members claim service posts up to the slots; others cannot', async () => {
      const p = await call('POST', '/api/service-posts', { token: t['demo-staff-1'], body: { title: '楼栋长', description: '协助网格员联系本楼住户', slots: 1 } });
      expect(p.status).toBe(201);
      const member = await volunteer('party-001', { partyMember: true });
      const other = await volunteer('party-002', { partyMember: true });
      const plain = await volunteer('party-003');
      expect((await call('POST', `/api/service-posts/${p.body.id}/claims`, { token: plain.token })).status).toBe(403);
      const [a, b] = await Promise.all([member, other].map((v) => call('POST', `/api/service-posts/${p.body.id}/claims`, { token: v.token })));
      expect([a!.status, b!.status].sort()).toEqual([201, 409]);
      const list = await call('GET', '/api/service-posts', { token: t['demo-staff-1'] });
      expect(list.body.items.find((x: any) => x.id === p.body.id)).toMatchObject({ claimed: 1, slots: 1 });
    });

    it('a one-seat task from a request: its completion shows on the request’s timeline', async () => {
      const req = await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'elderly', description: '家里老人需要帮忙把米面搬上五楼' } });
      const task = await activity(t['demo-staff-1']!, { title: '帮忙搬运米面', requestId: req.body.id, capacity: 5, startAt: new Date(Date.now() - 2 * hour).toISOString(), endAt: new Date(Date.now() - hour).toISOString() });
      expect(task.body).toMatchObject({ capacity: 1, requestId: req.body.id });
      const v = await VolunteerModel.findOne({ communityId, name: '赵大姐' });
      await call('POST', `/api/activities/${task.body.id}/attendance`, { token: t['demo-staff-1'], body: { volunteerId: v!._id.toHexString(), hours: 1 } });
      const timeline = (await RequestModel.findById(req.body.id).lean())!.timeline.map((e) => e.type);
      expect(timeline).toEqual(expect.arrayContaining(['volunteer_task', 'volunteer_service']));
    });
  });
});
