import mongoose, { Types } from 'mongoose';
import { call, signIn } from './helpers/api';
import { seededWorld } from './helpers/seeded';
import { InviteCodeModel, MembershipModel } from '../src/communities/community.model';
import { UserModel } from '../src/auth/user.model';
import { inviteJoin } from '../src/communities/invite-join.operation';
import { OperationModel, repairPending } from '../src/lib/operations';

describe('communities', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  let staff: string;
  let admin: string;
  beforeAll(async () => {
    world = await seededWorld();
    staff = await world.token('demo-staff-1');
    admin = await world.token('demo-admin-1');
  });

  const joinBody = (overrides: Record<string, unknown> = {}) => ({
    communityId: world.demoId,
    name: '新邻居',
    buildingId: world.building('2号楼'),
    unit: '3',
    room: '302',
    ...overrides,
  });

  describe('sign-in', () => {
    it('creates the user once and never returns openid or session_key', async () => {
      const a = await signIn('newcomer-signin');
      const b = await signIn('newcomer-signin');
      expect(a.user.id).toBe(b.user.id);
      expect(JSON.stringify(a)).not.toMatch(/openid|session_key|newcomer-signin/);
      const doc = await UserModel.findById(a.user.id).lean();
      expect(doc).not.toHaveProperty('session_key');
      expect(JSON.stringify(doc)).not.toMatch(/session/);
    });
    it('answers an invalid code with 401 and a rate-limited code with 429', async () => {
      expect((await call('POST', '/api/auth/wechat', { body: { code: 'invalid-123' } })).status).toBe(401);
      expect((await call('POST', '/api/auth/wechat', { body: { code: 'ratelimit-1' } })).status).toBe(429);
    });
    it('asks WeChat with the configured appid and secret', async () => {
      await signIn('newcomer-check');
      const last = globalThis.wechatEmulator.calls.filter((c) => c.api === 'sns/jscode2session').pop()!;
      expect(last.query.appid).toBe('wx-test-app');
      expect(last.query.grant_type).toBe('authorization_code');
    });
  });

  describe('me', () => {
    it('shows a seeded resident their community, household and roles', async () => {
      const r = await call('GET', '/api/me', { token: await world.token('demo-resident-1') });
      expect(r.status).toBe(200);
      expect(r.body.memberships).toHaveLength(1);
      expect(r.body.memberships[0]).toMatchObject({ communityName: '示范社区', status: 'active', roles: ['resident'], household: { buildingName: '1号楼', unit: '1', room: '101' } });
    });
    it('shows street staff their street and its communities', async () => {
      const r = await call('GET', '/api/me', { token: await world.token('demo-street-1') });
      expect(r.body.streets).toEqual([{ id: expect.any(String), name: '示范街道', communityIds: [world.demoId], admin: false }]);
    });
    it('refuses a risky nickname through content security', async () => {
      const token = await world.token('demo-resident-2');
      const bad = await call('PATCH', '/api/me', { token, body: { nickname: '违禁词' } });
      expect(bad.status).toBe(400);
      const good = await call('PATCH', '/api/me', { token, body: { nickname: '李师傅' } });
      expect(good.status).toBe(200);
      expect(good.body.user.nickname).toBe('李师傅');
    });
  });

  describe('joining and approval', () => {
    it('a newcomer joins as pending, can read public information only, and is active after staff approve', async () => {
      const { token } = await signIn('newcomer-1');
      const list = await call('GET', '/api/communities');
      expect(list.body.items.map((c: any) => c.name)).toEqual(expect.arrayContaining(['示范社区', '滨江社区']));
      const detail = await call('GET', `/api/communities/${world.demoId}`);
      expect(detail.body.buildings).toHaveLength(4);

      const joined = await call('POST', '/api/memberships', { token, body: joinBody({ phone: '13912345678', realName: '孙立' }) });
      expect(joined.status).toBe(201);
      expect(joined.body).toMatchObject({ status: 'pending', roles: [], household: { buildingName: '2号楼', unit: '3', room: '302' } });

      const blocked = await call('POST', '/api/memberships/leave', { token, community: world.demoId });
      expect(blocked.status).toBe(403);
      expect(blocked.body.error.message).toContain('审核');

      const pending = await call('GET', '/api/residents', { token: staff, query: { status: 'pending' } });
      expect(pending.body.items.map((m: any) => m.id)).toContain(joined.body.id);

      const approved = await call('POST', `/api/residents/${joined.body.id}/approve`, { token: staff });
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'active', roles: ['resident'] });

      const again = await call('POST', `/api/residents/${joined.body.id}/approve`, { token: staff });
      expect(again.status).toBe(409);

      const me = await call('GET', '/api/me', { token });
      expect(me.body.memberships[0].status).toBe('active');

      const events = await call('GET', `/api/residents/${joined.body.id}/events`, { token: staff });
      expect(events.body.items.map((e: any) => e.type)).toEqual(['joined', 'approved']);
      expect(events.body.items[1].actorName).toBe('陈社工');
    });

    it('refuses a building of another community', async () => {
      const { token } = await signIn('newcomer-2');
      const r = await call('POST', '/api/memberships', { token, body: joinBody({ buildingId: world.riverBuildingId }) });
      expect(r.status).toBe(400);
      expect(r.body.error.details[0].path).toBe('buildingId');
    });

    it('refuses joining twice', async () => {
      const token = await world.token('demo-resident-1');
      const r = await call('POST', '/api/memberships', { token, body: joinBody() });
      expect(r.status).toBe(409);
    });

    it('takes the phone number from a WeChat getPhoneNumber code', async () => {
      const { token } = await signIn('newcomer-phone');
      const r = await call('POST', '/api/memberships', { token, body: joinBody({ phoneCode: 'phone-13700001111' }) });
      expect(r.status).toBe(201);
      expect(r.body.phone).toBe('13700001111');
    });

    it('a rejected applicant sees the reason and may apply again', async () => {
      const { token } = await signIn('newcomer-rejected');
      const j = await call('POST', '/api/memberships', { token, body: joinBody() });
      const rej = await call('POST', `/api/residents/${j.body.id}/reject`, { token: staff, body: { reason: '房号与登记不符' } });
      expect(rej.body).toMatchObject({ status: 'rejected', note: '房号与登记不符' });
      const again = await call('POST', '/api/memberships', { token, body: joinBody({ room: '303' }) });
      expect(again.status).toBe(201);
      expect(again.body.status).toBe('pending');
    });
  });

  describe('scoping and roles', () => {
    it('hides other communities: their records are 404, not 403', async () => {
      const riverAdmin = await world.token('river-admin-1');
      const demoMember = await MembershipModel.findOne({ communityId: world.demoId }).lean();
      const r = await call('POST', `/api/residents/${demoMember!._id}/approve`, { token: riverAdmin });
      expect(r.status).toBe(404);
      const ev = await call('GET', `/api/residents/${demoMember!._id}/events`, { token: riverAdmin });
      expect(ev.status).toBe(404);
      const list = await call('GET', '/api/residents', { token: riverAdmin });
      expect(list.body.items.every((m: any) => m.communityId === world.riverId)).toBe(true);
      const header = await call('GET', '/api/residents', { token: riverAdmin, community: world.demoId });
      expect(header.status).toBe(404);
    });

    it('refuses a resident staff actions with 403', async () => {
      const r = await call('GET', '/api/residents', { token: await world.token('demo-resident-1') });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    });

    it('lets street staff read the communities of their street only', async () => {
      const street = await world.token('demo-street-1');
      expect((await call('GET', '/api/residents', { token: street, community: world.demoId })).status).toBe(403);
      expect((await call('GET', '/api/community/settings', { token: street, community: world.riverId })).status).toBe(404);
    });

    it('shows a grid worker the households of their grid only', async () => {
      const r = await call('GET', '/api/residents', { token: await world.token('demo-grid-1'), query: { status: 'active', limit: '100' } });
      expect(r.status).toBe(200);
      const buildings = new Set(r.body.items.filter((m: any) => m.household).map((m: any) => m.household.buildingName));
      expect([...buildings].sort()).toEqual(['1号楼', '2号楼']);
    });

    it('asks a member of several communities to name one (400), then acts there', async () => {
      const { token } = await signIn('two-homes');
      const a = await call('POST', '/api/memberships', { token, body: joinBody() });
      await call('POST', `/api/residents/${a.body.id}/approve`, { token: staff });
      const b = await call('POST', '/api/memberships', { token, body: { ...joinBody(), communityId: world.riverId, buildingId: world.riverBuildingId } });
      await call('POST', `/api/residents/${b.body.id}/approve`, { token: await world.token('river-admin-1') });
      const ambiguous = await call('POST', '/api/memberships/leave', { token });
      expect(ambiguous.status).toBe(400);
      expect(ambiguous.body.error.details[0].path).toBe('X-Community-Id');
      const left = await call('POST', '/api/memberships/leave', { token, community: world.riverId });
      expect(left.status).toBe(200);
      const me = await call('GET', '/api/me', { token });
      expect(me.body.memberships.map((m: any) => m.communityName)).toEqual(['示范社区']);
    });

    it('lets only admins grant roles; a grid worker needs grids of this community', async () => {
      const member = await MembershipModel.findOne({ communityId: world.demoId, name: '王同学' }).lean();
      const byStaff = await call('POST', `/api/residents/${member!._id}/roles`, { token: staff, body: { role: 'volunteer' } });
      expect(byStaff.status).toBe(403);
      const noGrid = await call('POST', `/api/residents/${member!._id}/roles`, { token: admin, body: { role: 'grid_worker' } });
      expect(noGrid.status).toBe(400);
      const ok = await call('POST', `/api/residents/${member!._id}/roles`, { token: admin, body: { role: 'grid_worker', gridIds: [world.gridIds[1]] } });
      expect(ok.status).toBe(200);
      expect(ok.body.roles).toEqual(['resident', 'grid_worker']);
      const revoked = await call('POST', `/api/residents/${member!._id}/roles/revoke`, { token: admin, body: { role: 'grid_worker' } });
      expect(revoked.body.roles).toEqual(['resident']);
      expect(revoked.body.gridIds).toEqual([]);
    });

    it('keeps at least one admin', async () => {
      const adminMember = await MembershipModel.findOne({ communityId: world.demoId, roles: 'admin' }).lean();
      const r = await call('POST', `/api/residents/${adminMember!._id}/roles/revoke`, { token: admin, body: { role: 'admin' } });
      expect(r.status).toBe(409);
      const leave = await call('POST', '/api/memberships/leave', { token: admin });
      expect(leave.status).toBe(409);
    });

    it('records moves and removals', async () => {
      const { token } = await signIn('mover');
      const j = await call('POST', '/api/memberships', { token, body: joinBody() });
      await call('POST', `/api/residents/${j.body.id}/approve`, { token: staff });
      const moved = await call('POST', `/api/residents/${j.body.id}/move`, { token: staff, body: { buildingId: world.building('3号楼'), unit: '2', room: '201' } });
      expect(moved.body.household).toMatchObject({ buildingName: '3号楼', unit: '2', room: '201' });
      const removed = await call('POST', `/api/residents/${j.body.id}/remove`, { token: staff, body: { reason: '已搬离本社区' } });
      expect(removed.body.status).toBe('removed');
      const events = await call('GET', `/api/residents/${j.body.id}/events`, { token: staff });
      expect(events.body.items.map((e: any) => e.type)).toEqual(['joined', 'approved', 'moved', 'removed']);
      const after = await call('GET', '/api/residents', { token, community: world.demoId });
      expect(after.status).toBe(404);
    });

    it('lets an admin change settings; joining without approval then makes residents active at once', async () => {
      expect((await call('PATCH', '/api/community/settings', { token: staff, body: { joinRequiresApproval: false } })).status).toBe(403);
      const s = await call('PATCH', '/api/community/settings', { token: admin, body: { joinRequiresApproval: false, announcement: '周六上午义诊' } });
      expect(s.body).toMatchObject({ joinRequiresApproval: false, announcement: '周六上午义诊', requestDeadlines: { respondHours: 24 } });
      // The announcement is public information: anyone reading the community sees it.
      expect((await call('GET', `/api/communities/${world.demoId}`)).body.announcement).toBe('周六上午义诊');
      const { token } = await signIn('open-door');
      const j = await call('POST', '/api/memberships', { token, body: joinBody() });
      expect(j.body.status).toBe('active');
      await call('PATCH', '/api/community/settings', { token: admin, body: { joinRequiresApproval: true } });
    });
  });

  describe('invite codes', () => {
    it('joins at once with a valid code and refuses an unknown one', async () => {
      const created = await call('POST', '/api/invite-codes', { token: staff, body: { maxUses: 5, validDays: 3 } });
      expect(created.status).toBe(201);
      expect(created.body.code).toMatch(/^[A-Z0-9]{8}$/);
      const { token } = await signIn('invited-1');
      const j = await call('POST', '/api/memberships', { token, body: joinBody({ inviteCode: created.body.code }) });
      expect(j.status).toBe(201);
      expect(j.body).toMatchObject({ status: 'active', roles: ['resident'] });
      const list = await call('GET', '/api/invite-codes', { token: staff });
      expect(list.body.items.find((i: any) => i.id === created.body.id).usedCount).toBe(1);
      const { token: t2 } = await signIn('invited-2');
      const bad = await call('POST', '/api/memberships', { token: t2, body: joinBody({ inviteCode: 'ZZZZZZZZ' }) });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].path).toBe('inviteCode');
    });

    it('never lets more people in than a code allows, even all at once', async () => {
      const created = await call('POST', '/api/invite-codes', { token: staff, body: { maxUses: 2, validDays: 1 } });
      const tokens = await Promise.all(Array.from({ length: 6 }, (_, i) => signIn(`race-invitee-${i}`).then((s) => s.token)));
      const results = await Promise.all(tokens.map((token) => call('POST', '/api/memberships', { token, body: joinBody({ inviteCode: created.body.code }) })));
      expect(results.filter((r) => r.status === 201)).toHaveLength(2);
      expect(results.filter((r) => r.status !== 201).every((r) => r.status === 400)).toBe(true);
      const doc = await InviteCodeModel.findById(created.body.id).lean();
      expect(doc!.remaining).toBe(0);
    });

    it('a revoked code no longer works', async () => {
      const created = await call('POST', '/api/invite-codes', { token: staff, body: {} });
      await call('POST', `/api/invite-codes/${created.body.id}/revoke`, { token: staff });
      const { token } = await signIn('invited-late');
      expect((await call('POST', '/api/memberships', { token, body: joinBody({ inviteCode: created.body.code }) })).status).toBe(400);
    });

    it('repair finishes an invite join that died after taking a use', async () => {
      const created = await call('POST', '/api/invite-codes', { token: staff, body: { maxUses: 3 } });
      const { token, user } = await signIn('crashed-joiner');
      void token;
      const userId = new Types.ObjectId(user.id);
      const at = new Date(Date.now() - 5 * 60_000);
      // Simulate a crash: pending operation written, step 1 done, step 2 never ran.
      const op = await OperationModel.create({
        kind: 'invite_join',
        status: 'pending',
        payload: {
          communityId: new Types.ObjectId(world.demoId),
          userId,
          inviteCodeId: new Types.ObjectId(created.body.id),
          member: { name: '断线的邻居', household: { buildingId: new Types.ObjectId(world.building('1号楼')), unit: '1', room: '909' } },
          at: new Date(),
        },
        createdAt: at,
        updatedAt: at,
      });
      await InviteCodeModel.updateOne({ _id: created.body.id }, { $inc: { remaining: -1 }, $push: { appliedOps: op._id } });

      const report = await repairPending();
      expect(report.finished).toBeGreaterThanOrEqual(1);
      const m = await MembershipModel.findOne({ communityId: world.demoId, userId }).lean();
      expect(m).toMatchObject({ status: 'active', name: '断线的邻居' });
      const code = await InviteCodeModel.findById(created.body.id).lean();
      expect(code!.remaining).toBe(2); // the use was taken once, not twice
      expect((await OperationModel.findById(op._id).lean())!.status).toBe('applied');
      // Running the operation again changes nothing.
      await inviteJoin.apply((await OperationModel.findById(op._id).lean()) as any);
      expect((await InviteCodeModel.findById(created.body.id).lean())!.remaining).toBe(2);
    });
  });

  describe('who the caller is, read by _id', () => {
    /** The filters mongoose sends to a collection while `run` runs. */
    async function filtersOn(collection: string, run: () => Promise<unknown>) {
      const seen: Record<string, unknown>[] = [];
      mongoose.set('debug', (coll: string, method: string, filter: unknown) => {
        if (coll === collection && method.startsWith('find')) seen.push((filter ?? {}) as Record<string, unknown>);
      });
      try {
        await run();
      } finally {
        mongoose.set('debug', false);
      }
      return seen;
    }

    it('a newcomer\'s memberships are listed on their user before they exist, and calls read them by _id only', async () => {
      const { token, user } = await signIn('links-newcomer');
      const fresh = (await UserModel.findById(user.id).lean())!;
      expect(fresh.linksComplete).toBe(true);
      expect(fresh.membershipIds ?? []).toEqual([]);
      const joined = await call('POST', '/api/memberships', { token, body: joinBody({ room: '1201' }) });
      expect(joined.status).toBe(201);
      const m = await MembershipModel.findOne({ userId: user.id }).lean();
      expect((await UserModel.findById(user.id).lean())!.membershipIds!.map(String)).toEqual([String(m!._id)]);
      expect((await call('POST', `/api/residents/${m!._id}/approve`, { token: staff })).status).toBe(200);

      const filters = await filtersOn('memberships', async () => {
        expect((await call('GET', '/api/requests', { token, query: { scope: 'mine' } })).status).toBe(200);
        expect((await call('GET', '/api/me', { token })).body.memberships).toMatchObject([{ status: 'active', roles: ['resident'] }]);
      });
      expect(filters.length).toBeGreaterThan(0);
      for (const f of filters) expect(Object.keys(f)).toEqual(['_id']);
    });

    it('a user from before the list is found by userId once, then by _id', async () => {
      const userId = new Types.ObjectId();
      const membershipId = new Types.ObjectId();
      // Written as an older release wrote them: no list on the user, no save hook on the membership.
      await UserModel.collection.insertOne({ _id: userId, openid: 'links-legacy', nickname: '老住户', createdAt: new Date(), updatedAt: new Date() });
      await MembershipModel.collection.insertOne({
        _id: membershipId, communityId: new Types.ObjectId(world.demoId), userId, status: 'active', roles: ['resident'], name: '老住户',
        gridIds: [], joinedAt: new Date(), history: [], createdAt: new Date(), updatedAt: new Date(),
      });
      const token = await world.token('links-legacy');
      const first = await filtersOn('memberships', () => call('GET', '/api/requests', { token, query: { scope: 'mine' } }));
      expect(first.some((f) => 'userId' in f)).toBe(true);
      expect(await UserModel.findById(userId).lean()).toMatchObject({ linksComplete: true, membershipIds: [membershipId] });
      const later = await filtersOn('memberships', async () => expect((await call('GET', '/api/requests', { token, query: { scope: 'mine' } })).status).toBe(200));
      for (const f of later) expect(Object.keys(f)).toEqual(['_id']);
    });

    it('ids of inserts that failed are skipped: two joins at once leave one membership', async () => {
      const { token, user } = await signIn('links-double-join');
      const [a, b] = await Promise.all([
        call('POST', '/api/memberships', { token, body: joinBody({ room: '1202' }) }),
        call('POST', '/api/memberships', { token, body: joinBody({ room: '1202' }) }),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const ids = (await UserModel.findById(user.id).lean())!.membershipIds!;
      expect(ids.length).toBeGreaterThanOrEqual(1);
      expect(await MembershipModel.countDocuments({ userId: user.id })).toBe(1);
      const me = await call('GET', '/api/me', { token });
      expect(me.body.memberships).toHaveLength(1);
      expect(me.body.memberships[0]).toMatchObject({ status: 'pending' });
    });

    it('street staff added by the operator CLI are listed too', async () => {
      const u = await UserModel.findOne({ openid: 'demo-street-1' }).lean();
      expect(u!.streetStaffIds).toHaveLength(1);
      const token = await world.token('demo-street-1');
      const filters = await filtersOn('street_staff', async () => {
        expect((await call('GET', '/api/stats/requests', { token, community: world.demoId })).status).toBe(200);
      });
      expect(filters.length).toBeGreaterThan(0);
      for (const f of filters) expect(Object.keys(f)).toEqual(['_id']);
    });
  });

  describe('idempotency', () => {
    it('two simultaneous joins with one key create one membership and answer the same', async () => {
      const { token, user } = await signIn('idem-joiner');
      const key = 'join-key-0001';
      const [a, b] = await Promise.all([
        call('POST', '/api/memberships', { token, body: joinBody(), idempotencyKey: key }),
        call('POST', '/api/memberships', { token, body: joinBody(), idempotencyKey: key }),
      ]);
      expect(a.status).toBe(201);
      expect(b.status).toBe(201);
      expect(a.body).toEqual(b.body);
      expect(await MembershipModel.countDocuments({ userId: user.id })).toBe(1);
      const later = await call('POST', '/api/memberships', { token, body: joinBody(), idempotencyKey: key });
      expect(later.status).toBe(201);
      expect(later.headers['idempotent-replay']).toBe('true');
    });

    it('the same key with a different body is a conflict', async () => {
      const key = 'invite-key-0001';
      const first = await call('POST', '/api/invite-codes', { token: staff, body: { maxUses: 3 }, idempotencyKey: key });
      expect(first.status).toBe(201);
      const other = await call('POST', '/api/invite-codes', { token: staff, body: { maxUses: 4 }, idempotencyKey: key });
      expect(other.status).toBe(409);
      const same = await call('POST', '/api/invite-codes', { token: staff, body: { maxUses: 3 }, idempotencyKey: key });
      expect(same.body.id).toBe(first.body.id);
    });

    it('keys are per user', async () => {
      const key = 'shared-key-0001';
      const a = await call('POST', '/api/invite-codes', { token: staff, body: {}, idempotencyKey: key });
      const b = await call('POST', '/api/invite-codes', { token: admin, body: {}, idempotencyKey: key });
      expect(a.body.id).not.toBe(b.body.id);
    });

    it('a failed first attempt frees the key for the retry', async () => {
      const { token } = await signIn('idem-retry');
      const key = 'retry-key-0001';
      const fail = await call('POST', '/api/memberships', { token, body: joinBody({ inviteCode: 'AAAAAAAA' }), idempotencyKey: key });
      expect(fail.status).toBe(400);
      const ok = await call('POST', '/api/memberships', { token, body: joinBody({ inviteCode: 'AAAAAAAA' }), idempotencyKey: key });
      expect(ok.status).toBe(400); // runs again (and fails the same way) rather than answering 409
    });
  });
});
