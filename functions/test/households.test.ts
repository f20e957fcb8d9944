import { Types } from 'mongoose';
import { upsertMember } from '../src/admin/platform';
import { AuditModel } from '../src/lib/audit';
import { MembershipModel } from '../src/communities/community.model';
import { HouseholdModel } from '../src/households/household.model';
import { call, signIn } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// 住户名册 (issue 18, part 2, first slice): households as records, kept by staff (one by one or by CSV import),
// read by the grid's workers, seen by a resident for their own; members linked to theirs as their membership
// changes. Against the real handlers and the embedded database. demo-grid-1 serves 第一网格 (1号楼, 2号楼),
// demo-grid-2 第二网格 (3号楼, 4号楼).

describe('households', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  let b: Record<string, string>;

  beforeAll(async () => {
    world = await seededWorld();
    b = Object.fromEntries(['1号楼', '2号楼', '3号楼', '4号楼'].map((n) => [n, world.building(n)]));
    await upsertMember('demo', { openid: 'demo-grid-2', name: '第二网格员', roles: ['grid_worker'], grids: ['第二网格'] });
    for (const id of ['demo-resident-1', 'demo-resident-2', 'demo-volunteer-1', 'demo-grid-1', 'demo-grid-2', 'demo-staff-1', 'demo-admin-1', 'demo-street-1', 'demo-merchant-1', 'river-admin-1'])
      t[id] = await world.token(id);
  });

  const create = (who: string, body: Record<string, unknown>, key?: string) => call('POST', '/api/households', { token: t[who], body, idempotencyKey: key });
  const get = (who: string, id: string) => call('GET', `/api/households/${id}`, { token: t[who] });
  const list = (who: string, query: Record<string, string> = {}) => call('GET', '/api/households', { token: t[who], query });
  const listAll = async (who: string, query: Record<string, string> = {}) => {
    const items: any[] = [];
    let cursor: string | undefined;
    do {
      const r = await list(who, { ...query, limit: '100', ...(cursor ? { cursor } : {}) });
      expect(r.status).toBe(200);
      items.push(...r.body.items);
      cursor = r.body.nextCursor ?? undefined;
    } while (cursor);
    return items;
  };
  const byAddress = async (address: string) => (await listAll('demo-staff-1')).find((h) => h.address === address);
  const importCsv = (csv: string, who = 'demo-staff-1') => call('POST', '/api/households/import', { token: t[who], body: { csv } });

  describe('the seed', () => {
    it('puts every member with a household on its record, and two occupants who do not use WeChat', async () => {
      const zhang = await byAddress('1号楼1单元101');
      expect(zhang.occupants).toEqual([expect.objectContaining({ name: '张阿姨', hasAccount: true, source: 'member' })]);
      const sun = await byAddress('2号楼1单元102');
      expect(sun.occupants).toEqual([expect.objectContaining({ name: '孙奶奶', relation: '户主', phone: '13900000002', phoneNote: '儿子孙强', hasAccount: false, source: 'staff' })]);
      expect((await byAddress('3号楼2单元201')).occupants[0]).toMatchObject({ name: '钱爷爷', hasAccount: false });
      // Staff, the grid worker, the courier: no household of their own on the register.
      const all = await listAll('demo-staff-1');
      expect(all.flatMap((h) => h.occupants.map((o: any) => o.name))).not.toContain('刘网格');
    });

    it('is idempotent: seeding again creates nothing and adds nobody twice', async () => {
      const before = await HouseholdModel.countDocuments({ communityId: world.demoId });
      await seededWorld();
      expect(await HouseholdModel.countDocuments({ communityId: world.demoId })).toBe(before);
      expect((await byAddress('2号楼1单元102')).occupants).toHaveLength(1);
    });
  });

  describe('creating', () => {
    it('normalises the address: 1单元 / 101室 and 1 / 101 are one household', async () => {
      const first = await create('demo-staff-1', { buildingId: b['4号楼'], unit: '2单元', room: '501室', occupants: [{ name: '周大爷', relation: '户主' }] });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ created: true, household: { address: '4号楼2单元501', unit: '2', room: '501', occupantCount: 1 } });
      const again = await create('demo-staff-1', { buildingId: b['4号楼'], unit: '２', room: '501', occupants: [{ name: '周大爷' }, { name: '周大妈', phone: '13900000011' }] });
      expect(again.body).toMatchObject({ created: false, household: { id: first.body.household.id } });
      expect(again.body.household.occupants.map((o: any) => o.name)).toEqual(['周大爷', '周大妈']);
    });

    it('converges two creations of the same household at once on one record', async () => {
      const [a, c] = await Promise.all([
        create('demo-staff-1', { buildingId: b['3号楼'], unit: '3单元', room: '303室', occupants: [{ name: '吴阿姨' }] }),
        create('demo-admin-1', { buildingId: b['3号楼'], unit: '3', room: '303', occupants: [{ name: '吴叔叔' }] }),
      ]);
      expect([a.status, c.status]).toEqual([201, 201]);
      expect(a.body.household.id).toBe(c.body.household.id);
      expect([a.body.created, c.body.created].sort()).toEqual([false, true]);
      expect(await HouseholdModel.countDocuments({ communityId: world.demoId, buildingId: b['3号楼'], unit: '3', room: '303' })).toBe(1);
      const names = (await get('demo-staff-1', a.body.household.id)).body.occupants.map((o: any) => o.name).sort();
      expect(names).toEqual(['吴叔叔', '吴阿姨']);
    });

    it('adds one entry when the same occupant is added twice at once', async () => {
      const h = (await create('demo-staff-1', { buildingId: b['3号楼'], unit: '4', room: '404' })).body.household;
      const adds = await Promise.all([0, 1, 2].map(() => call('POST', `/api/households/${h.id}/occupants`, { token: t['demo-staff-1'], body: { name: '郑奶奶', phone: '13900000012' } })));
      expect(adds.map((r) => r.status)).toEqual([200, 200, 200]);
      expect((await get('demo-staff-1', h.id)).body.occupants.map((o: any) => o.name)).toEqual(['郑奶奶']);
    });

    it('refuses a building of another community, and is staff’s alone', async () => {
      expect((await create('demo-staff-1', { buildingId: world.riverBuildingId, unit: '1', room: '101' })).status).toBe(400);
      expect((await create('demo-grid-1', { buildingId: b['1号楼'], unit: '1', room: '909' })).status).toBe(403);
      expect((await create('demo-resident-1', { buildingId: b['1号楼'], unit: '1', room: '909' })).status).toBe(403);
    });
  });

  describe('who sees what', () => {
    let zhangHousehold: string;
    let sunHousehold: string;
    beforeAll(async () => {
      zhangHousehold = (await byAddress('1号楼1单元101')).id;
      sunHousehold = (await byAddress('2号楼1单元102')).id;
      // Her husband, recorded by staff with his number.
      await call('POST', `/api/households/${zhangHousehold}/occupants`, { token: t['demo-staff-1'], body: { name: '张大爷', relation: '配偶', phone: '13900000021' } });
    });

    it('lists a grid worker only the households of their grids’ buildings', async () => {
      const mine = await listAll('demo-grid-1');
      expect(mine.length).toBeGreaterThan(0);
      expect(new Set(mine.map((h) => h.buildingName))).toEqual(new Set(['1号楼', '2号楼']));
      expect((await list('demo-grid-1', { buildingId: b['3号楼']! })).body.items).toEqual([]);
      const other = await listAll('demo-grid-2');
      expect(other.every((h) => ['3号楼', '4号楼'].includes(h.buildingName))).toBe(true);
      expect(other.some((h) => h.address === '2号楼1单元102')).toBe(false);
    });

    it('lists staff the whole community, by building, page by page without repeats', async () => {
      const all = await listAll('demo-staff-1');
      expect(new Set(all.map((h) => h.buildingName))).toEqual(new Set(['1号楼', '2号楼', '3号楼', '4号楼']));
      const pages: string[] = [];
      let cursor: string | undefined;
      do {
        const r = await list('demo-staff-1', { limit: '2', ...(cursor ? { cursor } : {}) });
        pages.push(...r.body.items.map((h: any) => h.id));
        cursor = r.body.nextCursor ?? undefined;
      } while (cursor);
      expect(pages).toEqual(all.map((h) => h.id));
      const in3 = await listAll('demo-staff-1', { buildingId: b['3号楼']! });
      expect(in3.length).toBeGreaterThan(0);
      expect(in3.every((h) => h.buildingName === '3号楼')).toBe(true);
    });

    it('shows contacts to staff and the grid’s worker; a resident sees their own household without the others’ numbers', async () => {
      expect((await get('demo-staff-1', sunHousehold)).body.occupants[0].phone).toBe('13900000002');
      expect((await get('demo-grid-1', sunHousehold)).body.occupants[0].phone).toBe('13900000002');
      expect((await get('demo-grid-2', sunHousehold)).status).toBe(404);

      const own = await call('GET', '/api/households/mine', { token: t['demo-resident-1'] });
      expect(own.body.id).toBe(zhangHousehold);
      expect(own.body.actions).toEqual([]);
      const husband = own.body.occupants.find((o: any) => o.name === '张大爷');
      expect(husband).toMatchObject({ relation: '配偶', hasAccount: false, isMe: false });
      expect(husband.phone).toBeUndefined();
      expect(own.raw).not.toContain('13900000021');
      expect(own.body.occupants.find((o: any) => o.isMe)).toMatchObject({ name: '张阿姨' });
      expect((await get('demo-resident-1', zhangHousehold)).body.id).toBe(zhangHousehold);
    });

    it('hides a household from everyone else', async () => {
      expect((await get('demo-resident-2', zhangHousehold)).status).toBe(404);
      expect((await get('demo-volunteer-1', zhangHousehold)).status).toBe(404);
      expect((await get('demo-street-1', zhangHousehold)).status).toBe(403);
      expect((await get('demo-merchant-1', zhangHousehold)).status).toBe(403);
      expect((await call('GET', `/api/households/${zhangHousehold}`, { token: t['river-admin-1'], community: world.demoId })).status).toBe(404);
      expect((await list('demo-resident-1')).status).toBe(403);
      expect((await list('demo-street-1')).status).toBe(403);
      expect((await call('GET', '/api/households', { token: t['river-admin-1'] })).body.items.every((h: any) => h.buildingName.startsWith('滨江'))).toBe(true);
    });
  });

  describe('occupants', () => {
    it('edits, refuses a name already in the household, removes with a reason in the audit log', async () => {
      const h = (await create('demo-staff-1', { buildingId: b['4号楼'], unit: '3', room: '302', occupants: [{ name: '冯奶奶', phone: '13900000031' }, { name: '冯爷爷' }] })).body.household;
      const [grandma, grandpa] = h.occupants;
      const edited = await call('PATCH', `/api/households/${h.id}/occupants/${grandma.id}`, { token: t['demo-staff-1'], body: { relation: '户主', phone: '', phoneNote: '女儿' } });
      expect(edited.status).toBe(200);
      expect(edited.body.occupants[0]).toMatchObject({ name: '冯奶奶', relation: '户主', phoneNote: '女儿' });
      expect(edited.body.occupants[0].phone).toBeUndefined();
      expect((await call('PATCH', `/api/households/${h.id}/occupants/${grandma.id}`, { token: t['demo-staff-1'], body: { name: '冯爷爷' } })).status).toBe(400);
      expect((await call('PATCH', `/api/households/${h.id}/occupants/${new Types.ObjectId().toHexString()}`, { token: t['demo-staff-1'], body: { name: '某人' } })).status).toBe(404);

      const removed = await call('POST', `/api/households/${h.id}/occupants/${grandpa.id}/remove`, { token: t['demo-staff-1'], body: { reason: 'moved_out' } });
      expect(removed.status).toBe(200);
      expect(removed.body.occupants.map((o: any) => o.name)).toEqual(['冯奶奶']);
      // Removing one already gone changes nothing.
      expect((await call('POST', `/api/households/${h.id}/occupants/${grandpa.id}/remove`, { token: t['demo-staff-1'], body: { reason: 'moved_out' } })).body.occupantCount).toBe(1);
      const entry = (await AuditModel.findOne({ action: 'households.removeOccupant', 'target.occupantId': grandpa.id }).lean())!;
      expect(entry).toMatchObject({ target: { householdId: h.id, occupantId: grandpa.id, reason: 'moved_out' }, actorName: '陈社工' });
      expect(JSON.stringify(entry.before)).toContain('冯爷爷');
      expect(JSON.stringify(entry)).not.toContain('13900000031');
    });

    it('refuses to remove a member’s entry or erase a household where a member lives; erases one that has none', async () => {
      const zhang = await byAddress('1号楼1单元101');
      const me = zhang.occupants.find((o: any) => o.hasAccount);
      expect((await call('POST', `/api/households/${zhang.id}/occupants/${me.id}/remove`, { token: t['demo-staff-1'], body: { reason: 'on_request' } })).status).toBe(409);
      expect((await call('POST', `/api/households/${zhang.id}/erase`, { token: t['demo-staff-1'], body: { reason: 'moved_out' } })).status).toBe(409);

      const h = (await create('demo-staff-1', { buildingId: b['4号楼'], unit: '3', room: '303', occupants: [{ name: '蒋阿婆', phone: '13900000041' }] })).body.household;
      expect((await call('POST', `/api/households/${h.id}/erase`, { token: t['demo-grid-2'], body: { reason: 'on_request' } })).status).toBe(403);
      const erased = await call('POST', `/api/households/${h.id}/erase`, { token: t['demo-staff-1'], body: { reason: 'on_request', note: '本人电话申请' } });
      expect(erased.body).toEqual({ erased: true, reason: 'on_request' });
      expect((await get('demo-staff-1', h.id)).status).toBe(404);
      expect(await HouseholdModel.findById(h.id)).toBeNull();
      const entry = (await AuditModel.findOne({ action: 'households.erase', 'target.householdId': h.id }).lean())!;
      expect(entry.target).toMatchObject({ reason: 'on_request' });
      expect(JSON.stringify(entry.before)).toContain('蒋阿婆');
    });

    it('links an occupant to a member only at the member’s own address', async () => {
      const li = (await MembershipModel.findOne({ communityId: world.demoId, name: '李师傅' }))!;
      const elsewhere = (await create('demo-staff-1', { buildingId: b['4号楼'], unit: '5', room: '505' })).body.household;
      expect((await call('POST', `/api/households/${elsewhere.id}/occupants`, { token: t['demo-staff-1'], body: { name: '李师傅', membershipId: li._id.toHexString() } })).status).toBe(400);
    });
  });

  describe('CSV import', () => {
    const CSV = ['楼栋,单元,房号,姓名,关系,联系电话,电话说明', '1栋,2单元,201室,褚奶奶,户主,13900000051,儿子', '1号楼,2,201,褚爷爷,配偶', '2号楼,1,102,孙奶奶', '9号楼,1,101,某人', '1号楼,2,202,卫阿姨,,123', '1号楼,2,203'].join('\r\n');

    it('answers row by row: created, already there, or the reason in Chinese', async () => {
      const r = await importCsv(CSV);
      expect(r.status).toBe(200);
      expect(r.body.rows.map((x: any) => [x.line, x.outcome, x.occupantAdded, x.message ?? x.address])).toEqual([
        [2, 'created', true, '1号楼2单元201'],
        [3, 'existing', true, '1号楼2单元201'],
        [4, 'existing', false, '2号楼1单元102'],
        [5, 'error', false, '本社区没有楼栋“9号楼”'],
        [6, 'error', false, '联系电话：请输入11位手机号'],
        [7, 'created', false, '1号楼2单元203'],
      ]);
      expect(r.body).toMatchObject({ created: 2, existing: 2, errors: 2, occupantsAdded: 2 });
      const chu = (await get('demo-staff-1', r.body.rows[0].householdId)).body;
      expect(chu.occupants.map((o: any) => [o.name, o.source, o.phone])).toEqual([['褚奶奶', 'import', '13900000051'], ['褚爷爷', 'import', undefined]]);
    });

    it('creates nothing new when the same file is imported again', async () => {
      const before = await HouseholdModel.countDocuments({ communityId: world.demoId });
      const r = await importCsv(CSV);
      expect(r.body).toMatchObject({ created: 0, existing: 4, errors: 2, occupantsAdded: 0 });
      expect(await HouseholdModel.countDocuments({ communityId: world.demoId })).toBe(before);
    });

    it('refuses a file of more than 2000 rows whole, and is staff’s alone', async () => {
      const big = Array.from({ length: 2001 }, (_, i) => `4号楼,9,${i + 1}`).join('\n');
      const r = await importCsv(big);
      expect(r.status).toBe(400);
      expect(r.body.error.details[0].message).toContain('2000');
      expect(await HouseholdModel.countDocuments({ communityId: world.demoId, buildingId: b['4号楼'], unit: '9' })).toBe(0);
      expect((await importCsv('1号楼,1,101', 'demo-grid-1')).status).toBe(403);
    });

    it('takes 2000 rows at once', async () => {
      const rows = Array.from({ length: 2000 }, (_, i) => `4号楼,8,${i + 1}`).join('\n');
      const r = await importCsv(rows);
      expect(r.status).toBe(200);
      expect(r.body.created).toBe(2000);
    }, 120_000);
  });

  describe('members', () => {
    it('links a member on approval, follows a move, and unlinks on leaving', async () => {
      const { token } = await signIn('household-joiner');
      const joined = await call('POST', '/api/memberships', { token, body: { communityId: world.demoId, name: '韩先生', buildingId: b['2号楼'], unit: '1单元', room: '102室' } });
      expect(joined.body.status).toBe('pending');
      const sun = await byAddress('2号楼1单元102');
      expect(sun.occupants.map((o: any) => o.name)).toEqual(['孙奶奶']);

      await call('POST', `/api/residents/${joined.body.id}/approve`, { token: t['demo-staff-1'] });
      const after = (await get('demo-staff-1', sun.id)).body;
      expect(after.occupants.map((o: any) => [o.name, o.hasAccount])).toEqual([['孙奶奶', false], ['韩先生', true]]);
      expect((await call('GET', '/api/households/mine', { token })).body.id).toBe(sun.id);
      // Approving again (a retry) changes nothing.
      await call('POST', `/api/residents/${joined.body.id}/approve`, { token: t['demo-staff-1'] });
      expect((await get('demo-staff-1', sun.id)).body.occupantCount).toBe(2);

      await call('POST', `/api/residents/${joined.body.id}/move`, { token: t['demo-staff-1'], body: { buildingId: b['2号楼'], unit: '1', room: '103' } });
      expect((await get('demo-staff-1', sun.id)).body.occupants.map((o: any) => o.name)).toEqual(['孙奶奶']);
      const moved = (await call('GET', '/api/households/mine', { token })).body;
      expect(moved).toMatchObject({ address: '2号楼1单元103', occupants: [expect.objectContaining({ name: '韩先生', isMe: true })] });

      expect((await call('POST', '/api/memberships/leave', { token, body: {} })).status).toBe(200);
      expect((await get('demo-staff-1', moved.id)).body.occupants).toEqual([]);
    });

    it('links a member to the entry staff recorded by the same name, and keeps it unlinked when they leave', async () => {
      const h = (await create('demo-staff-1', { buildingId: b['1号楼'], unit: '3', room: '301', occupants: [{ name: '杨阿姨', phone: '13900000061' }] })).body.household;
      const { token } = await signIn('household-yang');
      const joined = await call('POST', '/api/memberships', { token, body: { communityId: world.demoId, name: '杨阿姨', buildingId: b['1号楼'], unit: '3', room: '301' } });
      await call('POST', `/api/residents/${joined.body.id}/approve`, { token: t['demo-staff-1'] });
      const linked = (await get('demo-staff-1', h.id)).body;
      expect(linked.occupants).toEqual([expect.objectContaining({ name: '杨阿姨', hasAccount: true, source: 'staff', phone: '13900000061' })]);
      await call('POST', `/api/residents/${joined.body.id}/remove`, { token: t['demo-staff-1'], body: { reason: '搬离' } });
      expect((await get('demo-staff-1', h.id)).body.occupants).toEqual([expect.objectContaining({ name: '杨阿姨', hasAccount: false })]);
    });

    it('converges a join approved while an import names the same address on one record', async () => {
      const { token } = await signIn('household-racer');
      const joined = await call('POST', '/api/memberships', { token, body: { communityId: world.demoId, name: '秦先生', buildingId: b['4号楼'], unit: '6单元', room: '606' } });
      const [approved, imported] = await Promise.all([
        call('POST', `/api/residents/${joined.body.id}/approve`, { token: t['demo-staff-1'] }),
        importCsv('4号楼,6,606室,秦老太,母亲'),
      ]);
      expect([approved.status, imported.status]).toEqual([200, 200]);
      const records = await HouseholdModel.find({ communityId: world.demoId, buildingId: b['4号楼'], unit: '6', room: '606' }).lean();
      expect(records).toHaveLength(1);
      expect(records[0]!.occupants.map((o) => o.name).sort()).toEqual(['秦先生', '秦老太'].sort());
    });

    it('mends a link that was never made when the member looks at their household', async () => {
      const { token, user } = await signIn('household-mended');
      const m = await upsertMember('demo', { openid: 'household-mended', name: '鲁先生', roles: ['resident'], building: '3号楼', unit: '7', room: '707' });
      // As if the process stopped after the membership's write: the record loses the link.
      await HouseholdModel.deleteMany({ memberIds: m.userId });
      expect(user.id).toBe(m.userId.toHexString());
      const mine = await call('GET', '/api/households/mine', { token });
      expect(mine.body).toMatchObject({ address: '3号楼7单元707', occupants: [expect.objectContaining({ name: '鲁先生', isMe: true })] });
    });
  });
});
