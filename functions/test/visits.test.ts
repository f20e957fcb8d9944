import { Types } from 'mongoose';
import { ANONYMISED_PERSON_LABEL, ERASED_OCCUPANT_LABEL, REFUSED_GUEST_LABEL, REFUSED_PERSON_LABEL, shanghaiDate, shanghaiQuarter } from '@linli/shared';
import { upsertMember } from '../src/admin/platform';
import { AuditModel } from '../src/lib/audit';
import { HouseholdModel } from '../src/households/household.model';
import { FollowUpModel, VisitModel } from '../src/visits/visit.model';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// 走访 (民情日记, issue 18, part 2): grid workers record visits to the households of their grids — who was met (with
// the consent of occupants without an account), topics, notes, follow-ups — staff oversee; the household's last visit
// and its place on the due list follow; follow-ups are marked done once; a finding becomes a 代办 request linked to the
// visit; coverage per grid and quarter; erasure and account deletion reach the visits. Against the real handlers and
// the embedded database. demo-grid-1 serves 第一网格 (1号楼, 2号楼), demo-grid-2 第二网格 (3号楼, 4号楼); 孙奶奶 (2号楼1单元102,
// no account) and 钱爷爷 (3号楼2单元201) are on the register, 张阿姨 (demo-resident-1) lives at 1号楼1单元101.

const DAY = 86_400_000;
const day = (offset: number) => shanghaiDate(new Date(Date.now() + offset * DAY));

describe('visits', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  let b: Record<string, string>;
  let sun: { id: string; occupantId: string }; // 孙奶奶's household (第一网格)
  let qian: string; // 钱爷爷's household (第二网格)

  const create = (who: string, body: Record<string, unknown>, key?: string) => call('POST', '/api/visits', { token: t[who], body, idempotencyKey: key });
  const get = (who: string, id: string) => call('GET', `/api/visits/${id}`, { token: t[who] });
  const list = (who: string, query: Record<string, string> = {}) => call('GET', '/api/visits', { token: t[who], query });
  const followUps = (who: string, query: Record<string, string> = {}) => call('GET', '/api/visits/follow-ups', { token: t[who], query });
  const complete = (who: string, visitId: string, id: string, body: Record<string, unknown> = {}) => call('POST', `/api/visits/${visitId}/follow-ups/${id}/done`, { token: t[who], body });
  const household = (who: string, id: string) => call('GET', `/api/households/${id}`, { token: t[who] });
  const byAddress = async (address: string) => {
    let cursor: string | undefined;
    do {
      const r = await call('GET', '/api/households', { token: t['demo-staff-1'], query: { limit: '100', ...(cursor ? { cursor } : {}) } });
      const found = r.body.items.find((h: any) => h.address === address);
      if (found) return found;
      cursor = r.body.nextCursor ?? undefined;
    } while (cursor);
    throw new Error(`no household ${address}`);
  };
  const sunVisit = (extra: Record<string, unknown> = {}) => ({
    householdId: sun.id,
    date: day(0),
    met: [{ kind: 'occupant', occupantId: sun.occupantId, consent: 'given' }],
    topics: ['hardship'],
    notes: '孙奶奶说冬天暖气不热，腿脚不便，想申请助餐服务。',
    ...extra,
  });

  beforeAll(async () => {
    world = await seededWorld();
    b = Object.fromEntries(['1号楼', '2号楼', '3号楼', '4号楼'].map((n) => [n, world.building(n)]));
    await upsertMember('demo', { openid: 'demo-grid-2', name: '第二网格员', roles: ['grid_worker'], grids: ['第二网格'] });
    for (const id of ['demo-resident-1', 'demo-volunteer-1', 'demo-grid-1', 'demo-grid-2', 'demo-staff-1', 'demo-admin-1', 'demo-street-1', 'demo-merchant-1', 'river-admin-1'])
      t[id] = await world.token(id);
    const s = await byAddress('2号楼1单元102');
    sun = { id: s.id, occupantId: s.occupants.find((o: any) => o.name === '孙奶奶').id };
    qian = (await byAddress('3号楼2单元201')).id;
  });

  describe('the seed', () => {
    it('gives demo-grid-1 flagged households due, open follow-ups (one overdue, one done) and a refusal to be named', async () => {
      const due = (await call('GET', '/api/households/due', { token: t['demo-grid-1'], query: { limit: '100' } })).body.items;
      expect(due.map((h: any) => h.address)).toEqual(expect.arrayContaining(['2号楼1单元102', '1号楼5单元502', '2号楼2单元203', '1号楼3单元302']));
      expect(due.find((h: any) => h.address === '1号楼3单元302').visit.state).toBe('never_visited');
      const open = (await followUps('demo-grid-1', { limit: '100' })).body.items;
      expect(open.map((i: any) => i.text)).toEqual(['帮马爷爷准备高龄津贴申请材料', '联系助餐点为孙奶奶登记', '向物业反映加装扶手']);
      expect(open[0].overdue).toBe(true);
      const diary = (await list('demo-grid-1', { householdId: sun.id })).body.items;
      expect(diary).toHaveLength(1);
      expect(diary[0].followUps.map((f: any) => f.status)).toEqual(['open', 'done']);
      expect((await get('demo-grid-1', diary[0].id)).body.requests).toEqual([]);
      const he = (await list('demo-grid-1', { householdId: (await byAddress('2号楼2单元203')).id })).body.items[0];
      expect(he.met.map((m: any) => m.label)).toEqual([REFUSED_PERSON_LABEL, '何女士']);
      // Seeding again adds nothing.
      const before = await VisitModel.countDocuments({ communityId: world.demoId });
      await seededWorld();
      expect(await VisitModel.countDocuments({ communityId: world.demoId })).toBe(before);
    });
  });

  describe('recording', () => {
    it('a grid worker records a visit: the people met, topics, notes, follow-ups; the household’s last visit moves', async () => {
      const r = await create('demo-grid-1', sunVisit({ followUps: [{ text: '联系助餐点登记', dueOn: day(3) }] }), 'visit-create-1');
      expect(r.status).toBe(201);
      expect(r.body.householdCreated).toBe(false);
      const v = r.body.visit;
      expect(v).toMatchObject({ householdId: sun.id, address: '2号楼1单元102', date: day(0), recorderName: '刘网格', topics: ['hardship'], metCount: 1, requests: [], actions: ['file_request'] });
      expect(v.met).toEqual([{ occupantId: sun.occupantId, label: '孙奶奶', relation: '户主', consent: 'given', consentAt: expect.any(String) }]);
      expect(v.followUps).toEqual([expect.objectContaining({ text: '联系助餐点登记', dueOn: day(3), status: 'open', overdue: false, canComplete: true })]);
      const h = await HouseholdModel.findById(sun.id).lean();
      expect(shanghaiDate(h!.lastVisitAt!)).toBe(day(0));
      // The visit's answer carried its notes: audited.
      expect(await AuditModel.countDocuments({ action: 'visits.notes.read', 'target.ids': v.id, 'target.via': 'visits.create' })).toBe(1);
    });

    it('is idempotent: the same key twice records one visit', async () => {
      const before = await VisitModel.countDocuments({ householdId: sun.id });
      const [a, b2] = await Promise.all([create('demo-grid-1', sunVisit({ topics: ['policy'] }), 'visit-create-twice'), create('demo-grid-1', sunVisit({ topics: ['policy'] }), 'visit-create-twice')]);
      expect([a.status, b2.status]).toEqual([201, 201]);
      expect(a.body.visit.id).toBe(b2.body.visit.id);
      expect(await VisitModel.countDocuments({ householdId: sun.id })).toBe(before + 1);
    });

    it('asks an occupant without an account for consent; a refusal stores neither name nor id', async () => {
      const noConsent = await create('demo-grid-1', sunVisit({ met: [{ kind: 'occupant', occupantId: sun.occupantId }] }));
      expect(noConsent.status).toBe(400);
      expect(noConsent.body.error.details[0].path).toBe('met.0.consent');
      const refused = await create('demo-grid-1', sunVisit({ met: [{ kind: 'occupant', occupantId: sun.occupantId, consent: 'refused' }, { kind: 'other', consent: 'refused' }, { kind: 'other', consent: 'given', name: '孙强', relation: '儿子' }] }));
      expect(refused.status).toBe(201);
      expect(refused.body.visit.met.map((m: any) => [m.label, m.consent, m.occupantId])).toEqual([
        [REFUSED_PERSON_LABEL, 'refused', undefined],
        [REFUSED_GUEST_LABEL, 'refused', undefined],
        ['孙强', 'given', undefined],
      ]);
      const stored = await VisitModel.findById(refused.body.visit.id).lean();
      expect(stored!.met[0]).toEqual({ kind: 'occupant', consent: 'refused', consentAt: expect.any(Date) });
      expect(JSON.stringify(stored!.met)).not.toContain(sun.occupantId);
    });

    it('an occupant with an account needs no consent; an occupant of another household is refused', async () => {
      const mine = await byAddress('1号楼1单元101');
      const zhang = mine.occupants[0].id;
      const r = await create('demo-grid-1', { householdId: mine.id, date: day(-1), met: [{ kind: 'occupant', occupantId: zhang }], topics: ['suggestion'] });
      expect(r.status).toBe(201);
      expect(r.body.visit.met).toEqual([{ occupantId: zhang, label: '张阿姨', consent: 'account' }]);
      const wrong = await create('demo-grid-1', sunVisit({ met: [{ kind: 'occupant', occupantId: zhang }] }));
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.details[0].path).toBe('met.0.occupantId');
    });

    it('creates a household not on the register at its first visit, through the register (one record per address)', async () => {
      const address = { buildingId: b['2号楼'], unit: '3单元', room: '303室' };
      const first = await create('demo-grid-1', { address, date: day(0), topics: ['other'] });
      expect([first.status, first.body.error]).toEqual([201, undefined]);
      expect(first.body).toMatchObject({ householdCreated: true, visit: { address: '2号楼3单元303' } });
      const again = await create('demo-grid-1', { address: { buildingId: b['2号楼'], unit: '3', room: '303' }, date: day(0), topics: ['policy'] });
      expect(again.body).toMatchObject({ householdCreated: false, visit: { householdId: first.body.visit.householdId } });
      expect(await HouseholdModel.countDocuments({ buildingId: b['2号楼'], unit: '3', room: '303' })).toBe(1);
    });

    it('refuses a day in the future or more than 30 days ago, and a follow-up due before the visit', async () => {
      for (const [body, path] of [
        [sunVisit({ date: day(1) }), 'date'],
        [sunVisit({ date: day(-31) }), 'date'],
        [sunVisit({ date: day(-2), followUps: [{ text: '回访', dueOn: day(-3) }] }), 'followUps.0.dueOn'],
        [sunVisit({ topics: [] }), 'topics'],
      ] as const) {
        const r = await create('demo-grid-1', body);
        expect([path, r.status, r.body.error.details[0].path]).toEqual([path, 400, path]);
      }
      expect((await create('demo-grid-1', sunVisit({ date: day(-30) }))).status).toBe(201);
    });

    it('refuses households outside the caller’s grids (404, or a building not theirs), and everyone but grid workers and staff (403)', async () => {
      expect((await create('demo-grid-2', sunVisit())).status).toBe(404);
      const outside = await create('demo-grid-1', { address: { buildingId: b['3号楼'], unit: '9', room: '909' }, date: day(0), topics: ['other'] });
      expect(outside.status).toBe(400);
      expect(outside.body.error.details[0].path).toBe('address.buildingId');
      expect(await HouseholdModel.countDocuments({ buildingId: b['3号楼'], unit: '9', room: '909' })).toBe(0);
      for (const who of ['demo-resident-1', 'demo-volunteer-1', 'demo-street-1', 'demo-merchant-1']) expect([who, (await create(who, sunVisit())).status]).toEqual([who, 403]);
      // Another community's admin is staff there, not here: the household is not theirs to find.
      expect((await call('POST', '/api/visits', { token: t['river-admin-1'], body: sunVisit(), community: world.riverId })).status).toBe(404);
      // Staff record anywhere in the community.
      expect((await create('demo-staff-1', { householdId: qian, date: day(0), topics: ['policy'] })).status).toBe(201);
    });
  });

  describe('reading', () => {
    let visitId: string;
    beforeAll(async () => {
      visitId = (await create('demo-grid-1', sunVisit({ notes: '读取测试：孙奶奶的药快吃完了' }))).body.visit.id;
    });

    it('a household’s visits (民情日记), newest first and page by page, for staff and the grid’s workers only', async () => {
      const all: any[] = [];
      let cursor: string | undefined;
      do {
        const r = await list('demo-grid-1', { householdId: sun.id, limit: '2', ...(cursor ? { cursor } : {}) });
        expect(r.status).toBe(200);
        all.push(...r.body.items);
        cursor = r.body.nextCursor ?? undefined;
      } while (cursor);
      expect(all.length).toBe(await VisitModel.countDocuments({ householdId: sun.id }));
      expect(all[0].id).toBe(visitId);
      expect(all.map((v) => v.id)).toEqual([...all.map((v) => v.id)].sort().reverse());
      expect(all[0].notes).toBe('读取测试：孙奶奶的药快吃完了');
      expect(all[0].requests).toBeUndefined();
      expect((await list('demo-staff-1', { householdId: sun.id })).body.items[0].id).toBe(visitId);
      expect((await list('demo-grid-2', { householdId: sun.id })).status).toBe(404);
      for (const who of ['demo-resident-1', 'demo-street-1', 'demo-merchant-1', 'demo-volunteer-1']) expect([who, (await list(who, { householdId: sun.id })).status]).toEqual([who, 403]);
    });

    it('lists a grid worker’s grids’ visits, staff the community’s (by grid on request)', async () => {
      const g1 = (await list('demo-grid-1', { limit: '50' })).body.items;
      expect(g1.length).toBeGreaterThan(0);
      expect(g1.every((v: any) => v.gridId === world.gridIds[0]!)).toBe(true);
      const g2 = (await list('demo-grid-2', { limit: '50' })).body.items;
      expect(g2.map((v: any) => v.householdId)).toContain(qian);
      expect(g2.some((v: any) => v.householdId === sun.id)).toBe(false);
      expect((await list('demo-grid-2', { gridId: world.gridIds[0]! })).body.items).toEqual([]);
      const staff = (await list('demo-staff-1', { gridId: world.gridIds[1]!, limit: '50' })).body.items;
      expect(staff.every((v: any) => v.gridId === world.gridIds[1]!)).toBe(true);
    });

    it('one visit: the grid’s workers and staff; another grid’s worker 404; every read audited', async () => {
      const before = await AuditModel.countDocuments({ action: 'visits.notes.read', 'target.via': 'visits.get' });
      const r = await get('demo-grid-1', visitId);
      expect(r.status).toBe(200);
      expect(r.body.notes).toBe('读取测试：孙奶奶的药快吃完了');
      expect((await get('demo-admin-1', visitId)).status).toBe(200);
      expect((await get('demo-grid-2', visitId)).status).toBe(404);
      expect((await get('demo-grid-1', new Types.ObjectId().toHexString())).status).toBe(404);
      for (const who of ['demo-resident-1', 'demo-street-1', 'demo-merchant-1']) expect([who, (await get(who, visitId)).status]).toEqual([who, 403]);
      const entries = await AuditModel.find({ action: 'visits.notes.read', 'target.via': 'visits.get' }).sort({ _id: 1 }).lean();
      expect(entries).toHaveLength(before + 2);
      expect(entries[entries.length - 1]).toMatchObject({ actorName: '周书记', target: { ids: visitId } });
      expect(JSON.stringify(entries)).not.toContain('孙奶奶的药');
      // A list of visits is one entry naming them all.
      await list('demo-staff-1', { householdId: sun.id, limit: '3' });
      const listed = await AuditModel.findOne({ action: 'visits.notes.read', 'target.via': 'visits.list' }).sort({ _id: -1 }).lean();
      expect(String(listed!.target!.ids).split(',')).toHaveLength(3);
    });
  });

  describe('follow-ups', () => {
    let overdueVisit: { visit: string; item: string };
    beforeAll(async () => {
      const r = await create('demo-grid-1', sunVisit({ date: day(-10), followUps: [{ text: '代办医保报销材料', dueOn: day(-5) }, { text: '送冬季慰问品', dueOn: day(20) }] }));
      overdueVisit = { visit: r.body.visit.id, item: r.body.visit.followUps[0].id };
      await create('demo-grid-2', { householdId: qian, date: day(0), topics: ['safety_risk'], followUps: [{ text: '检查燃气管道', dueOn: day(1) }] });
    });

    it('lists the open items of a grid worker’s grids by due day, overdue first, page by page', async () => {
      const items: any[] = [];
      let cursor: string | undefined;
      do {
        const r = await followUps('demo-grid-1', { limit: '2', ...(cursor ? { cursor } : {}) });
        expect(r.status).toBe(200);
        items.push(...r.body.items);
        cursor = r.body.nextCursor ?? undefined;
      } while (cursor);
      expect(items.length).toBeGreaterThanOrEqual(3);
      expect(items.map((i) => i.dueOn)).toEqual([...items.map((i) => i.dueOn)].sort());
      expect(items[0]).toMatchObject({ text: '代办医保报销材料', overdue: true, address: '2号楼1单元102', canComplete: true });
      expect(items.every((i) => i.status === 'open' && i.gridId === world.gridIds[0]!)).toBe(true);
      expect(items.some((i) => i.text === '检查燃气管道')).toBe(false);
      const staff = (await followUps('demo-staff-1', { limit: '100' })).body.items.map((i: any) => i.text);
      expect(staff).toEqual(expect.arrayContaining(['代办医保报销材料', '检查燃气管道']));
      expect((await followUps('demo-staff-1', { gridId: world.gridIds[1]!, limit: '100' })).body.items.map((i: any) => i.text)).not.toContain('代办医保报销材料');
      for (const who of ['demo-resident-1', 'demo-street-1']) expect((await followUps(who)).status).toBe(403);
    });

    it('is marked done once, with a note; again is 409; another grid’s worker 404', async () => {
      expect((await complete('demo-grid-2', overdueVisit.visit, overdueVisit.item)).status).toBe(404);
      const r = await complete('demo-grid-1', overdueVisit.visit, overdueVisit.item, { note: '材料已交社保所' });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ status: 'done', doneByName: '刘网格', doneNote: '材料已交社保所', overdue: false, canComplete: false });
      const again = await complete('demo-staff-1', overdueVisit.visit, overdueVisit.item);
      expect(again.status).toBe(409);
      expect(again.body.error.message).toContain('刘网格');
      expect((await followUps('demo-grid-1', { limit: '100' })).body.items.map((i: any) => i.id)).not.toContain(overdueVisit.item);
      expect((await get('demo-grid-1', overdueVisit.visit)).body.followUps[0]).toMatchObject({ status: 'done', doneNote: '材料已交社保所' });
      // The item belongs to its visit: named under another visit it is not found.
      const other = (await create('demo-grid-1', sunVisit())).body.visit.id;
      expect((await complete('demo-grid-1', other, overdueVisit.item)).status).toBe(404);
    });

    it('two people marking at once: one wins, the other gets 409, the winner’s note stays', async () => {
      for (let round = 0; round < 3; round++) {
        const v = (await create('demo-grid-1', sunVisit({ followUps: [{ text: `并发完成${round}`, dueOn: day(2) }] }))).body.visit;
        const item = v.followUps[0].id;
        const [a, s] = await Promise.all([complete('demo-grid-1', v.id, item, { note: '网格员办好了' }), complete('demo-staff-1', v.id, item, { note: '社区办好了' })]);
        expect([a.status, s.status].sort()).toEqual([200, 409]);
        const winner = a.status === 200 ? a : s;
        const stored = await FollowUpModel.findById(item).lean();
        expect(stored!.doneNote).toBe(winner.body.doneNote);
      }
    });
  });

  describe('the household’s last visit', () => {
    it('two visits at once: the later day wins whatever order they land in; an older visit never moves it back; the due list follows', async () => {
      const flagged = (await call('POST', '/api/households', { token: t['demo-staff-1'], body: { buildingId: b['1号楼'], unit: '7', room: '701', occupants: [{ name: '赵奶奶' }] } })).body.household.id;
      await call('PUT', `/api/households/${flagged}/care-flags/living_alone`, { token: t['demo-staff-1'], body: {} });
      const at = async () => (await HouseholdModel.findById(flagged).lean())!;
      expect((await at()).careDueKey).toBeDefined();
      for (const [first, second] of [[-3, -1], [-1, -3]] as const) {
        await Promise.all([
          create('demo-grid-1', { householdId: flagged, date: day(first - 5), topics: ['other'] }),
          create('demo-grid-1', { householdId: flagged, date: day(second - 5), topics: ['other'] }),
        ]);
        expect(shanghaiDate((await at()).lastVisitAt!)).toBe(day(-6));
      }
      const r = await Promise.all([-2, -4, -1, -5, -3].map((d) => create('demo-grid-1', { householdId: flagged, date: day(d), topics: ['other'] })));
      expect(r.every((x) => x.status === 201)).toBe(true);
      const h = await at();
      expect(shanghaiDate(h.lastVisitAt!)).toBe(day(-1));
      // Visited yesterday, interval 7: due in six days, so the household is on the due list with that key.
      expect(h.careDueKey!.split('_')[1]).toBe(flagged);
      const view = (await household('demo-grid-1', flagged)).body;
      expect(view.visit).toMatchObject({ intervalDays: 7, state: 'ok' });
      expect(shanghaiDate(new Date(view.visit.dueAt))).toBe(day(6));
      expect(shanghaiDate(new Date(Number(h.careDueKey!.split('_')[0])))).toBe(day(6));
    });
  });

  describe('findings → requests (代办)', () => {
    let visitId: string;
    beforeAll(async () => {
      visitId = (await create('demo-grid-1', sunVisit({ notes: '走访笔记：楼道灯坏了，孙奶奶晚上不敢出门' }))).body.visit.id;
    });
    const file = (who: string, extra: Record<string, unknown> = {}) =>
      call('POST', '/api/requests', {
        token: t[who],
        body: { category: 'facility', description: '2号楼1单元楼道灯不亮，老人夜间出行不便', onBehalfOf: { name: '孙奶奶', buildingId: b['2号楼'], unit: '1', room: '102' }, visitId, ...extra },
      });

    it('files a 代办 from the visit: the request names the visit, its handlers see 来自走访 but not the notes; the visit lists it', async () => {
      const r = await file('demo-grid-1');
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ fromVisit: true, visitId, filedOnBehalf: true });
      const staffView = (await call('GET', `/api/requests/${r.body.id}`, { token: t['demo-staff-1'] })).body;
      expect(staffView).toMatchObject({ fromVisit: true, visitId });
      expect(JSON.stringify(staffView)).not.toContain('走访笔记');
      const v = (await get('demo-grid-1', visitId)).body;
      expect(v.requests).toEqual([{ id: r.body.id, title: expect.any(String), status: 'submitted' }]);
    });

    it('refuses another household, a visit of another grid, and a visitId without 代办', async () => {
      const other = await file('demo-grid-1', { onBehalfOf: { name: '钱爷爷', buildingId: b['3号楼'], unit: '2', room: '201' } });
      expect(other.status).toBe(400);
      expect(other.body.error.details[0].path).toBe('visitId');
      const grid2 = await file('demo-grid-2');
      expect(grid2.status).toBe(400);
      expect(grid2.body.error.details[0].path).toBe('visitId');
      const noBehalf = await call('POST', '/api/requests', { token: t['demo-grid-1'], body: { category: 'facility', description: '楼道灯不亮，需要维修', visitId } });
      expect(noBehalf.status).toBe(400);
      // Staff may file from any visit of the community.
      expect((await file('demo-staff-1')).status).toBe(201);
    });
  });

  describe('coverage', () => {
    it('counts per grid households visited this quarter and flagged households within their interval', async () => {
      const staff = await call('GET', '/api/visits/coverage', { token: t['demo-staff-1'] });
      expect(staff.status).toBe(200);
      expect(staff.body.quarter).toBe(shanghaiQuarter(new Date()));
      expect(staff.body.grids.map((g: any) => g.gridId)).toEqual(expect.arrayContaining(world.gridIds));
      const g1 = staff.body.grids.find((g: any) => g.gridId === world.gridIds[0]!);
      const inGrid1 = await HouseholdModel.countDocuments({ buildingId: { $in: [b['1号楼'], b['2号楼']].map((x) => new Types.ObjectId(x)) } });
      const visited = (await VisitModel.distinct('householdId', { gridId: new Types.ObjectId(world.gridIds[0]!), visitedOn: { $gte: `${shanghaiQuarter(new Date()).slice(0, 4)}` } })).length;
      expect(g1.households).toBe(inGrid1);
      expect(g1.visited).toBeGreaterThanOrEqual(3);
      expect(g1.visited).toBeLessThanOrEqual(visited);
      expect(g1.visitedRate).toBeCloseTo(g1.visited / g1.households);
      expect(g1.flagged).toBeGreaterThanOrEqual(1);
      expect(g1.flaggedInInterval).toBeLessThanOrEqual(g1.flagged);
      expect(staff.body.total.households).toBeGreaterThanOrEqual(g1.households);
      const mine = await call('GET', '/api/visits/coverage', { token: t['demo-grid-1'] });
      expect(mine.body.grids.map((g: any) => g.gridId)).toEqual([world.gridIds[0]!]);
      expect(mine.body.grids[0]).toEqual(g1);
      // A quarter long past: nothing visited in it.
      const past = await call('GET', '/api/visits/coverage', { token: t['demo-staff-1'], query: { quarter: '2020Q1' } });
      expect(past.body.grids.every((g: any) => g.visited === 0)).toBe(true);
      expect((await call('GET', '/api/visits/coverage', { token: t['demo-staff-1'], query: { quarter: '2026Q5' } })).status).toBe(400);
      // Street staff read the community's figures as they read its 三率: every grid, the same counts, no visit in them.
      const street = await call('GET', '/api/visits/coverage', { token: t['demo-street-1'], community: world.demoId });
      expect(street.status).toBe(200);
      expect(street.body).toEqual(staff.body);
      for (const who of ['demo-resident-1', 'demo-merchant-1']) expect((await call('GET', '/api/visits/coverage', { token: t[who] })).status).toBe(403);
    });
  });

  describe('erasure', () => {
    it('an occupant’s erased entry leaves the visits that met them without their name', async () => {
      const h = (await call('POST', '/api/households', { token: t['demo-staff-1'], body: { buildingId: b['2号楼'], unit: '5', room: '501', occupants: [{ name: '周大爷' }, { name: '周大妈' }] } })).body.household;
      const [da, ma] = h.occupants.map((o: any) => o.id);
      const v = (await create('demo-grid-1', { householdId: h.id, date: day(0), topics: ['hardship'], met: [{ kind: 'occupant', occupantId: da, consent: 'given' }, { kind: 'occupant', occupantId: ma, consent: 'given' }] })).body.visit;
      expect((await call('POST', `/api/households/${h.id}/occupants/${da}/remove`, { token: t['demo-staff-1'], body: { reason: 'on_request' } })).status).toBe(200);
      const after = (await get('demo-grid-1', v.id)).body;
      expect(after.met.map((m: any) => m.label)).toEqual([ERASED_OCCUPANT_LABEL, '周大妈']);
      expect(after.metCount).toBe(2);
      expect(JSON.stringify(after)).not.toContain('周大爷');
    });

    it('erasing a household record erases its visits and follow-ups', async () => {
      const h = (await call('POST', '/api/households', { token: t['demo-staff-1'], body: { buildingId: b['2号楼'], unit: '6', room: '601', occupants: [{ name: '吴阿婆' }] } })).body.household;
      const v = (await create('demo-grid-1', { householdId: h.id, date: day(0), topics: ['other'], followUps: [{ text: '搬家后回访', dueOn: day(5) }] })).body.visit;
      expect((await call('POST', `/api/households/${h.id}/erase`, { token: t['demo-staff-1'], body: { reason: 'moved_out' } })).status).toBe(200);
      expect(await VisitModel.countDocuments({ householdId: h.id })).toBe(0);
      expect(await FollowUpModel.countDocuments({ householdId: h.id })).toBe(0);
      expect((await get('demo-staff-1', v.id)).status).toBe(404);
    });
  });

  describe('export and deletion of an account', () => {
    it('a member met on a visit finds it in their export; deleting the account anonymises their entry, the count kept', async () => {
      await upsertMember('demo', { openid: 'visit-member', name: '郑先生', roles: ['resident'], building: '1号楼', unit: '6', room: '606' });
      await upsertMember('demo', { openid: 'visit-member-wife', name: '郑太太', roles: ['resident'], building: '1号楼', unit: '6', room: '606' });
      const token = await world.token('visit-member');
      const h = await byAddress('1号楼6单元606');
      const me = h.occupants.find((o: any) => o.name === '郑先生').id;
      const wife = h.occupants.find((o: any) => o.name === '郑太太').id;
      const v = (await create('demo-grid-1', { householdId: h.id, date: day(0), topics: ['suggestion'], notes: '郑先生建议增设充电桩', met: [{ kind: 'occupant', occupantId: me }, { kind: 'occupant', occupantId: wife }] })).body.visit;
      const exported = (await call('GET', '/api/me/export', { token })).body;
      expect(exported.visitsMetMe).toEqual([expect.objectContaining({ date: day(0), topics: ['意见建议'], notes: '郑先生建议增设充电桩', recordedBy: '刘网格', me: [{ consent: 'account' }], othersMet: 1 })]);
      expect((await call('DELETE', '/api/me', { token })).status).toBe(200);
      const after = (await get('demo-grid-1', v.id)).body;
      expect(after.met.map((m: any) => m.label)).toEqual([ANONYMISED_PERSON_LABEL, '郑太太']);
      expect(after.metCount).toBe(2);
      const stored = await VisitModel.findById(v.id).lean();
      expect(stored!.metUserIds).toHaveLength(1);
      expect(JSON.stringify(stored!.met[0])).not.toContain(me);
    });

    it('a grid worker who deletes their account leaves their visits with the recorder anonymised', async () => {
      await upsertMember('demo', { openid: 'visit-worker', name: '临时网格员', roles: ['grid_worker'], grids: ['第一网格'] });
      t['visit-worker'] = await world.token('visit-worker');
      const v = (await create('visit-worker', sunVisit({ followUps: [{ text: '临时事项', dueOn: day(1) }] }))).body.visit;
      expect(v.recorderName).toBe('临时网格员');
      await complete('visit-worker', v.id, v.followUps[0].id);
      expect((await call('GET', '/api/me/export', { token: t['visit-worker'] })).body.visitsRecorded).toEqual([expect.objectContaining({ visitedOn: day(0) })]);
      expect((await call('DELETE', '/api/me', { token: t['visit-worker'] })).status).toBe(200);
      const after = (await get('demo-staff-1', v.id)).body;
      expect(after).toMatchObject({ recorderName: '已注销网格员', notes: sunVisit().notes });
      expect(after.followUps[0].doneByName).toBe('已注销网格员');
    });
  });
});
