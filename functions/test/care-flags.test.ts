import { upsertMember } from '../src/admin/platform';
import { AuditModel } from '../src/lib/audit';
import { HouseholdModel } from '../src/households/household.model';
import { call, signIn } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// 关爱标记 (issue 18, part 2, second slice): staff set and clear care flags on households; staff and the grid's
// workers see them, nobody else (not the household's own residents); every answer carrying them is in the audit
// log; the due list orders flagged households by their next visit. demo-grid-1 serves 第一网格 (1号楼, 2号楼),
// demo-grid-2 第二网格 (3号楼, 4号楼); demo-resident-1 lives in 1号楼.

const DAY = 86_400_000;

describe('care flags', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  let grid1a: string; // 1号楼 (第一网格)
  let grid1b: string; // 2号楼 (第一网格)
  let grid2: string; // 3号楼 (第二网格)
  let mine: string; // demo-resident-1's own household

  const flagPath = (id: string, flag: string) => `/api/households/${id}/care-flags/${flag}`;
  const setFlag = (who: string, id: string, flag: string, body: Record<string, unknown> = {}) => call('PUT', flagPath(id, flag), { token: t[who], body });
  const clearFlag = (who: string, id: string, flag: string) => call('DELETE', flagPath(id, flag), { token: t[who] });
  const get = (who: string, id: string) => call('GET', `/api/households/${id}`, { token: t[who] });
  const due = (who: string, query: Record<string, string> = {}) => call('GET', '/api/households/due', { token: t[who], query });
  const reads = (actor: string) => AuditModel.find({ action: 'households.careFlags.read', actorId: actor }).sort({ _id: 1 }).lean();
  const userIdOf = async (who: string) => (await call('GET', '/api/me', { token: t[who] })).body.user.id as string;
  const newHousehold = async (building: string, unit: string, room: string, occupants: unknown[] = [{ name: `住户${room}` }]) => {
    const r = await call('POST', '/api/households', { token: t['demo-staff-1'], body: { buildingId: world.building(building), unit, room, occupants } });
    expect(r.status).toBeLessThan(300);
    return r.body.household.id as string;
  };

  beforeAll(async () => {
    world = await seededWorld();
    await upsertMember('demo', { openid: 'demo-grid-2', name: '第二网格员', roles: ['grid_worker'], grids: ['第二网格'] });
    for (const id of ['demo-resident-1', 'demo-volunteer-1', 'demo-grid-1', 'demo-grid-2', 'demo-staff-1', 'demo-admin-1', 'demo-street-1', 'demo-merchant-1'])
      t[id] = await world.token(id);
    grid1a = await newHousehold('1号楼', '8', '801');
    grid1b = await newHousehold('2号楼', '8', '802');
    grid2 = await newHousehold('3号楼', '8', '803');
    mine = (await call('GET', '/api/households/mine', { token: t['demo-resident-1'] })).body.id;
  });

  describe('setting and clearing', () => {
    it('staff set a flag with a note, update the note, and clear it; each write audited with before and after', async () => {
      const set = await setFlag('demo-staff-1', grid1a, 'living_alone', { note: '行动不便' });
      expect(set.status).toBe(200);
      expect(set.body.careFlags).toEqual([expect.objectContaining({ flag: 'living_alone', note: '行动不便' })]);
      expect(set.body.visit).toMatchObject({ intervalDays: 7, state: 'never_visited' });
      expect(set.body.actions).toContain('edit_care_flags');
      const setAt = set.body.careFlags[0].setAt;

      const again = await setFlag('demo-staff-1', grid1a, 'living_alone', { note: '听力不好' });
      expect(again.body.careFlags).toEqual([{ flag: 'living_alone', note: '听力不好', setAt }]);
      const second = await setFlag('demo-admin-1', grid1a, 'low_income');
      expect(second.body.careFlags.map((f: any) => f.flag)).toEqual(['living_alone', 'low_income']);
      // The shortest interval of the household's flags.
      expect(second.body.visit.intervalDays).toBe(7);

      const cleared = await clearFlag('demo-staff-1', grid1a, 'living_alone');
      expect(cleared.status).toBe(200);
      expect(cleared.body.careFlags.map((f: any) => f.flag)).toEqual(['low_income']);
      expect(cleared.body.visit.intervalDays).toBe(30);
      // Clearing one not there answers the household as it is.
      expect((await clearFlag('demo-staff-1', grid1a, 'living_alone')).body.careFlags).toHaveLength(1);

      const writes = await AuditModel.find({ action: { $in: ['households.setCareFlag', 'households.clearCareFlag'] }, 'target.householdId': grid1a }).sort({ _id: 1 }).lean();
      expect(writes.map((w) => w.action)).toEqual(['households.setCareFlag', 'households.setCareFlag', 'households.setCareFlag', 'households.clearCareFlag', 'households.clearCareFlag']);
      expect(writes[1]).toMatchObject({ target: { flag: 'living_alone' }, before: { careFlags: [{ flag: 'living_alone', note: '行动不便' }] }, after: { careFlags: [{ note: '听力不好' }] } });
      expect(writes[3]!.after).toMatchObject({ careFlags: [{ flag: 'low_income' }] });
    });

    it('is refused to grid workers, residents and everyone else; unknown flags and households are refused', async () => {
      for (const who of ['demo-grid-1', 'demo-resident-1', 'demo-volunteer-1', 'demo-street-1', 'demo-merchant-1']) {
        expect([who, (await setFlag(who, grid1b, 'elderly')).status]).toEqual([who, 403]);
        expect([who, (await clearFlag(who, grid1a, 'low_income')).status]).toEqual([who, 403]);
      }
      // A flag not in the list names no resource.
      expect((await setFlag('demo-staff-1', grid1b, 'pregnant')).status).toBe(404);
      expect((await setFlag('demo-staff-1', grid1b, 'elderly', { note: 'x'.repeat(31) })).status).toBe(400);
      expect((await setFlag('demo-staff-1', '0123456789abcdef01234567', 'elderly')).status).toBe(404);
      expect((await HouseholdModel.findById(grid1b).lean())!.careFlags ?? []).toEqual([]);
    });
  });

  describe('who sees them', () => {
    beforeAll(async () => {
      await setFlag('demo-staff-1', mine, 'elderly', { note: '腿脚不便' });
      await setFlag('demo-staff-1', grid2, 'disabled');
    });

    it('staff and the grid’s worker see them; another grid’s worker does not see the household at all', async () => {
      expect((await get('demo-staff-1', mine)).body.careFlags).toEqual([expect.objectContaining({ flag: 'elderly', note: '腿脚不便' })]);
      const worker = await get('demo-grid-1', mine);
      expect(worker.body.careFlags).toEqual([expect.objectContaining({ flag: 'elderly' })]);
      expect(worker.body.actions).not.toContain('edit_care_flags');
      expect((await get('demo-grid-2', mine)).status).toBe(404);
      expect((await get('demo-grid-2', grid2)).body.careFlags).toEqual([expect.objectContaining({ flag: 'disabled' })]);
    });

    it('the household’s own resident never sees them, on their page or the household’s', async () => {
      for (const r of [await call('GET', '/api/households/mine', { token: t['demo-resident-1'] }), await get('demo-resident-1', mine)]) {
        expect(r.status).toBe(200);
        expect(r.body).not.toHaveProperty('careFlags');
        expect(r.body).not.toHaveProperty('visit');
        expect(JSON.stringify(r.body)).not.toContain('腿脚不便');
      }
    });

    it('lists show them only to those allowed', async () => {
      const items = async (who: string) => {
        const r = await call('GET', '/api/households', { token: t[who], query: { limit: '100' } });
        expect(r.status).toBe(200);
        return r.body.items as any[];
      };
      expect((await items('demo-staff-1')).find((h) => h.id === grid2).careFlags).toHaveLength(1);
      const worker1 = await items('demo-grid-1');
      expect(worker1.find((h) => h.id === mine).careFlags).toHaveLength(1);
      expect(worker1.some((h) => h.id === grid2)).toBe(false);
    });

    it('writes one audit entry per answer naming the households whose flags it carried, and none without flags', async () => {
      const worker = await userIdOf('demo-grid-1');
      const before = (await reads(worker)).length;
      await get('demo-grid-1', mine);
      await call('GET', '/api/households', { token: t['demo-grid-1'], query: { limit: '100' } });
      await get('demo-grid-1', grid1b); // no flags: no read of flags
      const entries = (await reads(worker)).slice(before);
      expect(entries).toHaveLength(2);
      expect(entries[0]).toMatchObject({ actorRoles: ['grid_worker'], target: { via: 'households.get', ids: mine } });
      expect(entries[1]!.target!.via).toBe('households.list');
      const listed = entries[1]!.target!.ids!.split(',');
      expect(listed).toEqual(expect.arrayContaining([mine, grid1a]));
      expect(listed).not.toContain(grid1b);
      // The resident's reads of their own household carried no flags: nothing recorded for them.
      expect(await reads(await userIdOf('demo-resident-1'))).toEqual([]);
    });
  });

  describe('the due list', () => {
    let overdue: string;
    let soon: string;
    let later: string;
    beforeAll(async () => {
      const now = Date.now();
      overdue = await newHousehold('2号楼', '9', '901');
      soon = await newHousehold('2号楼', '9', '902');
      later = await newHousehold('1号楼', '9', '903');
      for (const id of [overdue, soon, later]) await setFlag('demo-staff-1', id, 'living_alone');
      // Visits as the visits slice will record them (lastVisitAt), with the sort key it keeps.
      const visit = async (id: string, at: number) => {
        await HouseholdModel.updateOne({ _id: id }, { $set: { lastVisitAt: new Date(at) } });
        await call('PUT', flagPath(id, 'other'), { token: t['demo-staff-1'], body: {} });
        await call('DELETE', flagPath(id, 'other'), { token: t['demo-staff-1'] });
      };
      await visit(overdue, now - 20 * DAY);
      await visit(soon, now - 6 * DAY);
      await visit(later, now - 1 * DAY);
    });

    const allDue = async (who: string, query: Record<string, string> = {}) => {
      const items: any[] = [];
      let cursor: string | undefined;
      do {
        const r = await due(who, { ...query, limit: '2', ...(cursor ? { cursor } : {}) });
        expect(r.status).toBe(200);
        items.push(...r.body.items);
        cursor = r.body.nextCursor ?? undefined;
      } while (cursor);
      return items;
    };

    it('orders flagged households by their next visit, overdue and never visited first, page by page', async () => {
      const items = await allDue('demo-grid-1');
      const ids = items.map((h) => h.id);
      expect(ids.indexOf(overdue)).toBeLessThan(ids.indexOf(soon));
      expect(ids.indexOf(soon)).toBeLessThan(ids.indexOf(later));
      expect(items.find((h) => h.id === overdue).visit.state).toBe('overdue');
      expect(items.find((h) => h.id === soon).visit.state).toBe('due_soon');
      expect(items.find((h) => h.id === later).visit.state).toBe('ok');
      // Never visited (due at once) before the households visited yesterday.
      expect(ids.indexOf(mine)).toBeLessThan(ids.indexOf(later));
      expect(items.find((h) => h.id === mine).visit.state).toBe('never_visited');
      expect(new Set(ids).size).toBe(ids.length);
      // Only flagged households.
      expect(ids).not.toContain(grid1b);
    });

    it('serves a grid worker their grids only, and staff the community or one grid', async () => {
      const worker1 = (await allDue('demo-grid-1')).map((h) => h.id);
      expect(worker1).toEqual(expect.arrayContaining([grid1a, mine, overdue, soon, later]));
      expect(worker1).not.toContain(grid2);
      expect((await allDue('demo-grid-2')).map((h) => h.id)).toEqual([grid2]);
      const staff = (await allDue('demo-staff-1')).map((h) => h.id);
      expect(staff).toEqual(expect.arrayContaining([...worker1, grid2]));
      const grids = (await call('GET', `/api/communities/${world.demoId}`, { token: t['demo-staff-1'] })).body.grids as { id: string; name: string }[];
      const second = grids.find((g) => g.name === '第二网格')!.id;
      expect((await allDue('demo-staff-1', { gridId: second })).map((h) => h.id)).toEqual([grid2]);
      // A grid worker asking for a grid they do not serve gets nothing of it.
      expect((await allDue('demo-grid-1', { gridId: second })).map((h) => h.id)).toEqual([]);
      for (const who of ['demo-resident-1', 'demo-volunteer-1', 'demo-street-1', 'demo-merchant-1']) expect([who, (await due(who)).status]).toEqual([who, 403]);
    });

    it('is one audit entry per page naming its households', async () => {
      const worker = await userIdOf('demo-grid-2');
      const before = (await reads(worker)).length;
      await due('demo-grid-2');
      const entries = (await reads(worker)).slice(before);
      expect(entries).toEqual([expect.objectContaining({ target: { via: 'households.due', ids: grid2 } })]);
    });

    it('follows the community’s visit intervals when the admin changes them (1–365 days)', async () => {
      const path = '/api/community/settings';
      const bad = await call('PATCH', path, { token: t['demo-admin-1'], body: { careVisitIntervals: { living_alone: 0, elderly: 14, disabled: 14, low_income: 30, other: 30 } } });
      expect(bad.status).toBe(400);
      const settings = await call('GET', path, { token: t['demo-admin-1'] });
      expect(settings.body.careVisitIntervals).toEqual({ living_alone: 7, elderly: 14, disabled: 14, low_income: 30, other: 30 });
      // 独居老人 every 30 days: the one visited 20 days ago is no longer overdue, and now sorts after the others.
      const ok = await call('PATCH', path, { token: t['demo-admin-1'], body: { careVisitIntervals: { living_alone: 30, elderly: 14, disabled: 14, low_income: 30, other: 30 } } });
      expect(ok.status).toBe(200);
      expect(ok.body.careVisitIntervals.living_alone).toBe(30);
      const items = await allDue('demo-grid-1');
      const ids = items.map((h) => h.id);
      expect(items.find((h) => h.id === overdue).visit).toMatchObject({ intervalDays: 30, state: 'ok' });
      expect(ids.indexOf(overdue)).toBeLessThan(ids.indexOf(soon));
      expect(ids.indexOf(soon)).toBeLessThan(ids.indexOf(later));
      expect(ids.indexOf(later)).toBe(ids.length - 1);
      await call('PATCH', path, { token: t['demo-admin-1'], body: { careVisitIntervals: { living_alone: 7, elderly: 14, disabled: 14, low_income: 30, other: 30 } } });
    });
  });

  describe('a person’s data', () => {
    it('exports the flags of their own household, and deleting the only occupant’s account removes them', async () => {
      const { token } = await signIn('care-flag-alone');
      const joined = await call('POST', '/api/memberships', { token, body: { communityId: world.demoId, name: '独居的周奶奶', phone: '13912340011', buildingId: world.building('4号楼'), unit: '3', room: '301' } });
      await call('POST', `/api/residents/${joined.body.id}/approve`, { token: t['demo-staff-1'] });
      const household = (await call('GET', '/api/households/mine', { token })).body;
      await setFlag('demo-staff-1', household.id, 'living_alone', { note: '需上门' });
      const exported = (await call('GET', '/api/me/export', { token })).body;
      expect(exported.households[0].careFlags).toEqual([expect.objectContaining({ flag: 'living_alone', label: '独居老人', note: '需上门' })]);
      expect(JSON.stringify(exported.households)).not.toContain('careDueKey');
      expect(JSON.stringify(exported.households[0].careFlags)).not.toContain('setBy');

      expect((await call('DELETE', '/api/me', { token })).status).toBe(200);
      const stored = (await HouseholdModel.findById(household.id).lean())!;
      expect(stored.occupants).toEqual([]);
      expect(stored.careFlags ?? []).toEqual([]);
      expect(stored.careDueKey).toBeUndefined();
      expect((await due('demo-staff-1', { limit: '100' })).body.items.map((h: any) => h.id)).not.toContain(household.id);
    });

    it('keeps the household’s flags when others still live there', async () => {
      const { token } = await signIn('care-flag-family');
      const joined = await call('POST', '/api/memberships', { token, body: { communityId: world.demoId, name: '吴先生', phone: '13912340012', buildingId: world.building('4号楼'), unit: '3', room: '302' } });
      await call('POST', `/api/residents/${joined.body.id}/approve`, { token: t['demo-staff-1'] });
      const household = (await call('GET', '/api/households/mine', { token })).body;
      await call('POST', `/api/households/${household.id}/occupants`, { token: t['demo-staff-1'], body: { name: '吴老太', relation: '母亲' } });
      await setFlag('demo-staff-1', household.id, 'elderly');
      expect((await call('DELETE', '/api/me', { token })).status).toBe(200);
      const after = (await get('demo-staff-1', household.id)).body;
      expect(after.occupants.map((o: any) => o.name)).toEqual(['吴老太']);
      expect(after.careFlags).toEqual([expect.objectContaining({ flag: 'elderly' })]);
    });
  });
});
