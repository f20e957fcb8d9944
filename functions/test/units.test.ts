import { execFileSync } from 'node:child_process';
import { join as joinPath } from 'node:path';
import { Types } from 'mongoose';
import { addStreetStaff, setStreetAdmin, upsertCommunity, upsertStreet } from '../src/admin/platform';
import { AuditModel } from '../src/lib/audit';
import { StreetStaffModel } from '../src/communities/community.model';
import { UnitInviteModel, UnitMemberModel, UnitModel } from '../src/units/unit.model';
import fc from 'fast-check';
import { call, signIn } from './helpers/api';
import { SPOOFING_CHARS, spoofingIn } from './helpers/endpoint-requests';
import { seededWorld } from './helpers/seeded';

// 单位 (issue 19, part A): the units of a street that requests are dispatched to, kept by its street admin (何主任,
// demo-street-admin-1), read by its street staff (吴科长, demo-street-1, no admin), joined by their people with a
// code. Against the real handlers and the embedded database. 滨江街道 has 滨江物业公司 and an admin of its own here.

describe('units', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  let demoStreetId: string;
  let riverUnitId: string;

  beforeAll(async () => {
    world = await seededWorld();
    await addStreetStaff('river-street', 'river-street-admin', '滨江何主任');
    await setStreetAdmin('river-street', 'river-street-admin', true);
    for (const id of ['demo-street-admin-1', 'demo-street-1', 'river-street-admin', 'demo-staff-1', 'demo-admin-1', 'demo-resident-1', 'demo-unit-wuye-1', 'demo-unit-water-1', 'river-unit-wuye-1'])
      t[id] = await world.token(id);
    demoStreetId = String((await UnitModel.findOne({ name: '阳光物业公司' }).lean())!.streetId);
    riverUnitId = String((await UnitModel.findOne({ name: '滨江物业公司' }).lean())!._id);
  });

  const list = (who: string, query: Record<string, string> = {}) => call('GET', '/api/street/units', { token: t[who], query });
  const create = (who: string, body: Record<string, unknown>) => call('POST', '/api/street/units', { token: t[who], body });
  const invite = (who: string, unitId: string, kind = 'single') => call('POST', `/api/street/units/${unitId}/invites`, { token: t[who], body: { kind } });
  const join = (token: string, body: Record<string, unknown>) => call('POST', '/api/unit/join', { token, body });

  describe('the seed', () => {
    it('gives 示范街道 a unit of every type serving 示范社区, and 滨江街道 its own', async () => {
      const r = await list('demo-street-1');
      expect(r.status).toBe(200);
      expect(new Set(r.body.items.map((u: any) => u.type))).toEqual(new Set(['wuye', 'chengguan', 'zhujian', 'shichang', 'gongan', 'utility', 'other']));
      expect(r.body.items.map((u: any) => u.name)).not.toContain('滨江物业公司');
      const wuye = r.body.items.find((u: any) => u.name === '阳光物业公司');
      expect(wuye).toMatchObject({ typeLabel: '物业', communityNames: ['示范社区'], memberCount: 1, active: true, phone: '021-55550001' });
      expect(r.body.streets).toEqual([{ id: demoStreetId, name: '示范街道', admin: false, communities: [{ id: world.demoId, name: '示范社区' }] }]);
    });

    it('tells the app at start who works for a unit and who administers a street', async () => {
      const unitMe = await call('GET', '/api/me', { token: t['demo-unit-wuye-1'] });
      expect(unitMe.status).toBe(200);
      expect(unitMe.body).toMatchObject({ memberships: [], streets: [], streetAdmin: false, units: [{ name: '阳光物业公司', type: 'wuye' }] });
      const admin = await call('GET', '/api/me', { token: t['demo-street-admin-1'] });
      expect(admin.body).toMatchObject({ streetAdmin: true, units: [], streets: [{ name: '示范街道', admin: true, communityIds: [world.demoId] }] });
      const staff = await call('GET', '/api/me', { token: t['demo-street-1'] });
      expect(staff.body).toMatchObject({ streetAdmin: false, streets: [{ name: '示范街道', admin: false }] });
      const resident = await call('GET', '/api/me', { token: t['demo-resident-1'] });
      expect(resident.body).toMatchObject({ streetAdmin: false, units: [] });
    });

    it('shows a unit’s person their units on /api/unit/me', async () => {
      const r = await call('GET', '/api/unit/me', { token: t['demo-unit-water-1'] });
      expect(r.status).toBe(200);
      expect(r.body.items).toEqual([
        expect.objectContaining({ name: '自来水公司', type: 'utility', typeLabel: '水电气', streetName: '示范街道', communityIds: [world.demoId], communityNames: ['示范社区'], memberName: '冯师傅' }),
      ]);
      expect((await call('GET', '/api/unit/me', { token: t['demo-resident-1'] })).body.items).toEqual([]);
    });
  });

  describe('listing and reading', () => {
    it('filters by type and by community, active units only unless asked', async () => {
      expect((await list('demo-street-1', { type: 'utility' })).body.items.map((u: any) => u.name).sort()).toEqual(['燃气公司', '自来水公司'].sort());
      expect((await list('demo-street-1', { communityId: world.demoId })).body.items).toHaveLength(8);
      expect((await list('demo-street-1', { communityId: world.demoId, type: 'gongan' })).body.items.map((u: any) => u.name)).toEqual(['社区警务室']);
      // Another street's community: nothing of it, whatever id is asked.
      expect((await list('demo-street-1', { communityId: world.riverId })).body.items).toEqual([]);
    });

    it('refuses the list to anyone who is not street staff', async () => {
      for (const who of ['demo-resident-1', 'demo-staff-1', 'demo-admin-1', 'demo-unit-wuye-1']) expect([who, (await list(who)).status]).toEqual([who, 403]);
    });

    it('shows a unit with its people to its street’s staff (phones to its admin only), and hides it from other streets', async () => {
      const wuye = String((await UnitModel.findOne({ name: '阳光物业公司' }).lean())!._id);
      const staff = await call('GET', `/api/street/units/${wuye}`, { token: t['demo-street-1'] });
      expect(staff.status).toBe(200);
      expect(staff.body.members).toEqual([expect.objectContaining({ name: '孙经理', active: true })]);
      expect(staff.body.members[0].phone).toBeUndefined();
      const admin = await call('GET', `/api/street/units/${wuye}`, { token: t['demo-street-admin-1'] });
      expect(admin.body.members[0].phone).toBe('13800000021');
      expect((await call('GET', `/api/street/units/${wuye}`, { token: t['river-street-admin'] })).status).toBe(404);
      expect((await call('GET', `/api/street/units/${riverUnitId}`, { token: t['demo-street-admin-1'] })).status).toBe(404);
      expect((await call('GET', `/api/street/units/${wuye}`, { token: t['demo-unit-wuye-1'] })).status).toBe(403);
    });
  });

  describe('creating and changing', () => {
    it('lets a street admin create a unit serving the street’s communities, audited', async () => {
      const r = await create('demo-street-admin-1', { type: 'utility', name: '供电所', communityIds: [world.demoId], phone: '95598' });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ name: '供电所', type: 'utility', typeLabel: '水电气', streetId: demoStreetId, communityNames: ['示范社区'], memberCount: 0, active: true });
      const entry = await AuditModel.findOne({ action: 'units.create', 'target.unitId': r.body.id }).lean();
      expect(entry).toMatchObject({ actorRoles: ['street_staff'], after: { name: '供电所', type: 'utility' } });
    });

    it('refuses non-admin street staff (403), another street’s admin its communities (400), and a taken name (409)', async () => {
      expect((await create('demo-street-1', { type: 'other', name: '吴科长的单位', communityIds: [world.demoId] })).status).toBe(403);
      expect((await create('demo-resident-1', { type: 'other', name: '居民的单位', communityIds: [world.demoId] })).status).toBe(403);
      const foreign = await create('river-street-admin', { type: 'other', name: '越界单位', communityIds: [world.demoId] });
      expect(foreign.status).toBe(400);
      expect(foreign.body.error.details).toEqual([expect.objectContaining({ path: 'communityIds' })]);
      expect((await create('river-street-admin', { type: 'other', name: '越界单位', communityIds: [world.demoId], streetId: demoStreetId })).status).toBe(403);
      expect((await create('demo-street-admin-1', { type: 'wuye', name: '阳光物业公司', communityIds: [world.demoId] })).status).toBe(409);
      expect(await UnitModel.countDocuments({ name: { $in: ['吴科长的单位', '居民的单位', '越界单位'] } })).toBe(0);
    });

    it('converges two admins creating the same unit at once on one (the other 409)', async () => {
      const body = { type: 'shichang', name: '同时新建的单位', communityIds: [world.demoId] };
      const [a, b] = await Promise.all([create('demo-street-admin-1', body), create('demo-street-admin-1', body)]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      expect(await UnitModel.countDocuments({ name: '同时新建的单位' })).toBe(1);
    });

    it('lets the admin change name, phone, communities and deactivate; others not', async () => {
      const id = (await create('demo-street-admin-1', { type: 'other', name: '待修改单位', communityIds: [world.demoId], phone: '021-12345678' })).body.id;
      const patch = (who: string, body: Record<string, unknown>) => call('PATCH', `/api/street/units/${id}`, { token: t[who], body });
      expect((await patch('demo-street-1', { name: '改名' })).status).toBe(403);
      expect((await patch('river-street-admin', { name: '改名' })).status).toBe(404);
      expect((await patch('demo-street-admin-1', { communityIds: [world.riverId] })).status).toBe(400);
      const r = await patch('demo-street-admin-1', { name: '已修改单位', phone: '', type: 'zhujian' });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ name: '已修改单位', type: 'zhujian' });
      expect(r.body.phone).toBeUndefined();
      expect((await patch('demo-street-admin-1', { active: false })).body.active).toBe(false);
      expect((await list('demo-street-1')).body.items.map((u: any) => u.id)).not.toContain(id);
      expect((await list('demo-street-1', { activeOnly: 'false' })).body.items.map((u: any) => u.id)).toContain(id);
      const entries = await AuditModel.find({ action: 'units.update', 'target.unitId': id }).sort({ _id: 1 }).lean();
      expect(entries).toHaveLength(2);
      expect(entries[0]).toMatchObject({ before: { name: '待修改单位', type: 'other' }, after: { name: '已修改单位', type: 'zhujian' } });
      // A deactivated unit gives no join codes.
      expect((await invite('demo-street-admin-1', id)).status).toBe(409);
    });
  });

  describe('joining with a code', () => {
    it('makes a new person a member with a one-time code, which then refuses a second person', async () => {
      const wuye = String((await UnitModel.findOne({ name: '阳光物业公司' }).lean())!._id);
      expect((await invite('demo-street-1', wuye)).status).toBe(403);
      expect((await invite('river-street-admin', wuye)).status).toBe(404);
      const code = await invite('demo-street-admin-1', wuye);
      expect(code.status).toBe(201);
      expect(code.body).toMatchObject({ unitId: wuye, unitName: '阳光物业公司', maxUses: 1 });
      expect(code.body.code).toMatch(/^[A-Z2-9]{8}$/);

      const newcomer = (await signIn('unit-newcomer-1')).token;
      const joined = await join(newcomer, { code: code.body.code.toLowerCase(), name: '物业小王', phone: '13900000001' });
      expect(joined.status).toBe(201);
      expect(joined.body).toMatchObject({ id: wuye, name: '阳光物业公司', memberName: '物业小王' });
      expect((await call('GET', '/api/me', { token: newcomer })).body.units).toEqual([{ id: wuye, name: '阳光物业公司', type: 'wuye' }]);
      expect(await AuditModel.exists({ action: 'units.join', 'target.unitId': wuye })).toBeTruthy();

      const second = (await signIn('unit-newcomer-2')).token;
      const refused = await join(second, { code: code.body.code, name: '物业小李' });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details[0].message).toContain('已用完');
      // The member list shows the new person.
      const detail = await call('GET', `/api/street/units/${wuye}`, { token: t['demo-street-admin-1'] });
      expect(detail.body.members.map((m: any) => m.name).sort()).toEqual(['孙经理', '物业小王'].sort());
      expect(detail.body.memberCount).toBe(2);
    });

    it('refuses an expired code, an unknown code, and someone already a member (without spending a use)', async () => {
      const water = String((await UnitModel.findOne({ name: '自来水公司' }).lean())!._id);
      const code = (await invite('demo-street-admin-1', water, 'week')).body.code;
      expect((await join(t['demo-unit-water-1']!, { code, name: '冯师傅' })).status).toBe(409);
      expect((await UnitInviteModel.findOne({ code }).lean())!.remaining).toBe(50);
      expect((await join(t['demo-resident-1']!, { code: 'ZZZZZZZZ', name: '张阿姨' })).status).toBe(400);
      await UnitInviteModel.updateOne({ code }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
      const expired = await join(t['demo-resident-1']!, { code, name: '张阿姨' });
      expect(expired.status).toBe(400);
      expect(expired.body.error.details[0].message).toContain('已过期');
      expect(await UnitMemberModel.exists({ userId: (await UnitMemberModel.db.collection('users').findOne({ openid: 'demo-resident-1' }))!._id })).toBeNull();
    });

    it('admits exactly one of ten people racing for a one-time code', async () => {
      const gas = String((await UnitModel.findOne({ name: '燃气公司' }).lean())!._id);
      const code = (await invite('demo-street-admin-1', gas)).body.code;
      const tokens = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn(`gas-racer-${i}`).then((s) => s.token)));
      const answers = await Promise.all(tokens.map((tk, i) => join(tk, { code, name: `抢码${i}` })));
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      expect(answers.filter((a) => a.status !== 201).every((a) => a.status === 400)).toBe(true);
      expect(await UnitMemberModel.countDocuments({ unitId: new Types.ObjectId(gas), active: true })).toBe(1);
      expect((await UnitInviteModel.findOne({ code }).lean())!.remaining).toBe(0);
    });
  });

  describe('deactivating a person', () => {
    it('lets the admin deactivate a unit’s person, who then has no unit; again changes nothing', async () => {
      const chengguan = (await UnitModel.findOne({ name: '街道城管执法队' }).lean())!;
      const person = (await signIn('chengguan-temp')).token;
      const code = (await invite('demo-street-admin-1', String(chengguan._id))).body.code;
      const joined = await join(person, { code, name: '临时队员' });
      expect(joined.status).toBe(201);
      const userId = String((await UnitMemberModel.findOne({ unitId: chengguan._id, name: '临时队员' }).lean())!.userId);
      const remove = (who: string) => call('DELETE', `/api/street/units/${chengguan._id}/members/${userId}`, { token: t[who] });
      expect((await remove('demo-street-1')).status).toBe(403);
      expect((await remove('river-street-admin')).status).toBe(404);
      const r = await remove('demo-street-admin-1');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ name: '临时队员', active: false });
      expect((await remove('demo-street-admin-1')).status).toBe(200);
      expect(await AuditModel.countDocuments({ action: 'units.members.remove', 'target.userId': userId })).toBe(1);
      expect((await call('GET', '/api/me', { token: person })).body.units).toEqual([]);
      expect((await call('GET', '/api/unit/me', { token: person })).body.items).toEqual([]);
      expect((await call('DELETE', `/api/street/units/${chengguan._id}/members/${new Types.ObjectId()}`, { token: t['demo-street-admin-1'] })).status).toBe(404);
      // A new code brings them back on the same record.
      const again = (await invite('demo-street-admin-1', String(chengguan._id))).body.code;
      expect((await join(person, { code: again, name: '临时队员' })).status).toBe(201);
      expect(await UnitMemberModel.countDocuments({ unitId: chengguan._id, userId: new Types.ObjectId(userId) })).toBe(1);
    });
  });

  describe('a unit person’s own data', () => {
    it('exports their unit memberships, and on deletion deactivates them without name or phone', async () => {
      const zhujian = (await UnitModel.findOne({ name: '区住建局房屋科' }).lean())!;
      const person = (await signIn('unit-leaver')).token;
      const code = (await invite('demo-street-admin-1', String(zhujian._id))).body.code;
      expect((await join(person, { code, name: '房屋科小赵', phone: '13900000055' })).status).toBe(201);
      const exported = await call('GET', '/api/me/export', { token: person });
      expect(exported.status).toBe(200);
      expect(exported.body.unitMemberships).toEqual([expect.objectContaining({ unitName: '区住建局房屋科', unitType: '住建', name: '房屋科小赵', phone: '13900000055', active: true })]);

      expect((await call('DELETE', '/api/me', { token: person })).status).toBe(200);
      const left = await UnitMemberModel.find({ unitId: zhujian._id, active: false }).lean();
      expect(left).toEqual([expect.objectContaining({ name: '已注销单位人员' })]);
      expect(left[0]!.phone).toBeUndefined();
      expect(JSON.stringify(await UnitMemberModel.find({}).lean())).not.toContain('房屋科小赵');
    });
  });

  describe('hostile input from a street admin (the fuzz test calls as community callers, refused before the handler)', () => {
    it('answers every generated body with a 2xx or a 4xx of the error shape, never carrying a spoofing character back', async () => {
      const wuye = String((await UnitModel.findOne({ name: '阳光物业公司' }).lean())!._id);
      const text = fc.oneof(fc.string({ maxLength: 50 }), fc.constantFrom(...SPOOFING_CHARS).map((c) => `物业${c}公司`), fc.constantFrom('$ne', '__proto__', '021-1', ''));
      const body = fc.record(
        { type: fc.oneof(fc.constantFrom('wuye', 'other', 'bank'), fc.integer()), name: text, communityIds: fc.oneof(fc.constant([world.demoId]), fc.array(fc.string({ maxLength: 24 }), { maxLength: 3 }), fc.constant('x')), phone: text, active: fc.oneof(fc.boolean(), fc.string({ maxLength: 5 })), kind: fc.oneof(fc.constantFrom('single', 'week'), fc.string({ maxLength: 5 })) },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('POST /api/street/units', `PATCH /api/street/units/${wuye}`, `POST /api/street/units/${wuye}/invites`, 'POST /api/unit/join'), body, async (route, b) => {
          const [method, path] = route.split(' ') as [string, string];
          const res = await call(method, path, { token: t['demo-street-admin-1'], body: path === '/api/unit/join' ? { code: b.name, name: b.name, phone: b.phone } : b });
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) expect(res.body.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
          else expect(spoofingIn(res.body)).toBeNull();
        }),
        { numRuns: 150 },
      );
      // Whatever landed, 阳光物业公司 still serves 示范社区 only and stays on its street.
      const after = (await UnitModel.findById(wuye).lean())!;
      expect(after.communityIds.map(String)).toEqual([world.demoId]);
      expect(String(after.streetId)).toBe(demoStreetId);
    }, 120_000);
  });

  describe('street roles', () => {
    it('lets street staff with no community membership use the street endpoints', async () => {
      expect((await call('GET', '/api/me', { token: t['demo-street-1'] })).body.memberships).toEqual([]);
      expect((await list('demo-street-1')).status).toBe(200);
    });

    it('keeps the demo street staff non-admin', async () => {
      const staff = await StreetStaffModel.find({ streetId: new Types.ObjectId(demoStreetId) }).lean();
      expect(staff.filter((s) => s.admin).length).toBe(1);
    });
  });

  describe('npm run admin', () => {
    const root = joinPath(__dirname, '..', '..');
    const admin = (...args: string[]) =>
      execFileSync(process.execPath, [joinPath(root, 'scripts', 'run-ts.mjs'), 'functions/src/admin/admin.cli.ts', ...args], { cwd: root, env: { ...process.env }, encoding: 'utf8' });

    it('creates a unit, adds its person and grants and revokes a street admin, idempotently', async () => {
      await upsertStreet('cli-street', 'CLI街道');
      await upsertCommunity('cli-street', 'cli-a', 'CLI甲社区');
      await upsertCommunity('cli-street', 'cli-b', 'CLI乙社区');
      const steps = () => {
        admin('create-unit', '--street', 'cli-street', '--type', 'wuye', '--name', 'CLI物业', '--communities', 'cli-a,cli-b', '--phone', '021-88889999');
        admin('add-unit-member', '--unit', 'CLI物业', '--openid', 'cli-unit-1', '--name', 'CLI经理', '--phone', '13900000099');
        admin('add-street-staff', '--street', 'cli-street', '--openid', 'cli-street-admin', '--name', 'CLI主任');
        admin('grant-street-admin', '--street', 'cli-street', '--openid', 'cli-street-admin');
      };
      steps();
      steps();
      const unit = (await UnitModel.findOne({ name: 'CLI物业' }).lean())!;
      expect(unit).toMatchObject({ type: 'wuye', phone: '021-88889999', active: true });
      expect(unit.communityIds).toHaveLength(2);
      expect(await UnitModel.countDocuments({ name: 'CLI物业' })).toBe(1);
      expect(await UnitMemberModel.countDocuments({ unitId: unit._id })).toBe(1);

      const unitPerson = (await signIn('cli-unit-1')).token;
      expect((await call('GET', '/api/me', { token: unitPerson })).body.units).toEqual([{ id: String(unit._id), name: 'CLI物业', type: 'wuye' }]);
      const streetAdmin = (await signIn('cli-street-admin')).token;
      expect((await call('GET', '/api/me', { token: streetAdmin })).body.streetAdmin).toBe(true);
      expect((await call('POST', '/api/street/units', { token: streetAdmin, body: { type: 'other', name: 'CLI其他', communityIds: [String(unit.communityIds[0])] } })).status).toBe(201);

      admin('revoke-street-admin', '--street', 'cli-street', '--openid', 'cli-street-admin');
      expect((await call('GET', '/api/me', { token: streetAdmin })).body.streetAdmin).toBe(false);
      expect((await call('POST', '/api/street/units', { token: streetAdmin, body: { type: 'other', name: 'CLI其他2', communityIds: [String(unit.communityIds[0])] } })).status).toBe(403);
    }, 120_000);

    it('refuses a unit serving another street’s community and an unknown type', () => {
      expect(() => admin('create-unit', '--street', 'demo-street', '--type', 'wuye', '--name', '越界物业', '--communities', 'river')).toThrow(/not of street demo-street/);
      expect(() => admin('create-unit', '--street', 'demo-street', '--type', 'bank', '--name', '银行', '--communities', 'demo')).toThrow(/unit type must be one of/);
    });
  });
});
