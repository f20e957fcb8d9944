import { Types } from 'mongoose';
import { shanghaiDate } from '@linli/shared';
import { upsertMember } from '../src/admin/platform';
import { AuditModel } from '../src/lib/audit';
import { OperationModel, repairPending } from '../src/lib/operations';
import { MembershipModel } from '../src/communities/community.model';
import { RequestModel } from '../src/requests/request.model';
import { CaseModel } from '../src/mediation/case.model';
import { startResolveRequest } from '../src/mediation/request-link';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// 矛盾纠纷调处 (issue 18, part 3): dispute cases opened from a 邻里纠纷 request, a visit or directly; sessions, an
// agreement every party confirms (on the phone, or on paper as a mediator records), 调解不成 → the street or out,
// 回访; confidentiality (staff see the list, the contents only the case's mediators, admins, the street once it holds
// the case or for 重大, and the parties — never the other party's contact), audited reads, the figures, export and
// erasure. Against the real handlers and the embedded database. demo-grid-1 serves 第一网格 (1号楼, 2号楼).

describe('mediation', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  const uid: Record<string, string> = {};

  beforeAll(async () => {
    world = await seededWorld();
    await upsertMember('demo', { openid: 'demo-grid-2', name: '第二网格员', roles: ['grid_worker'], grids: ['第二网格'] });
    await upsertMember('demo', { openid: 'med-party-a', name: '甲当事人', roles: ['resident'], building: '1号楼', unit: '3', room: '301', phone: '13900001001' });
    await upsertMember('demo', { openid: 'med-party-b', name: '乙当事人', roles: ['resident'], building: '2号楼', unit: '3', room: '302', phone: '13900001002' });
    await upsertMember('demo', { openid: 'med-mediator-2', name: '第二调解员', roles: ['mediator'] });
    for (const id of ['demo-resident-1', 'demo-resident-2', 'demo-resident-3', 'demo-grid-1', 'demo-grid-2', 'demo-staff-1', 'demo-admin-1', 'demo-street-1', 'demo-merchant-1', 'demo-mediator', 'river-admin-1', 'med-party-a', 'med-party-b', 'med-mediator-2'])
      t[id] = await world.token(id);
    for (const m of await MembershipModel.find({ communityId: world.demoId }).lean()) uid[m.name] = m.userId.toHexString();
  });

  const create = (who: string, body: Record<string, unknown>) => call('POST', '/api/mediation/cases', { token: t[who], body });
  const get = (who: string, id: string) => call('GET', `/api/mediation/cases/${id}`, { token: t[who], community: world.demoId });
  const list = (who: string, query: Record<string, string> = {}) => call('GET', '/api/mediation/cases', { token: t[who], query, community: world.demoId });
  const act = (who: string, id: string, path: string, body?: unknown, method = 'POST') => call(method, `/api/mediation/cases/${id}/${path}`, { token: t[who], body, community: world.demoId });
  const session = (who: string, id: string, said = '双方陈述了各自意见') =>
    act(who, id, 'sessions', { at: new Date().toISOString(), place: '社区调解室', attendees: ['甲当事人', '乙当事人', '郑调解员'], said, nextStep: '下周再约' });
  const direct = (extra: Record<string, unknown> = {}) => ({
    type: 'neighbour',
    risk: 'ordinary',
    place: '1号楼3单元楼道',
    summary: '楼上漏水殃及楼下，双方为维修费用争执',
    parties: [{ userId: uid['甲当事人'] }, { userId: uid['乙当事人'] }, { name: '丙房东', phone: '13700002003' }],
    ...extra,
  });
  /** A case opened by 郑调解员 between 甲 and 乙 and a landlord without the app, taken to 调解中 with one session. */
  const mediating = async (extra: Record<string, unknown> = {}) => {
    const r = await create('demo-mediator', direct(extra));
    expect(r.status).toBe(201);
    expect((await session('demo-mediator', r.body.id)).status).toBe(200);
    return r.body.id as string;
  };

  describe('the seed', () => {
    it('holds a case in each state, one from a 邻里纠纷 request whose timeline shows none of it; seeding again adds nothing', async () => {
      const cases = await CaseModel.find({ communityId: world.demoId }).lean();
      expect(new Set(cases.map((c) => c.status))).toEqual(new Set(['open', 'mediating', 'agreed', 'confirmed', 'closed', 'failed', 'referred', 'ended']));
      expect(cases.some((c) => c.level === 'street' && c.risk === 'serious')).toBe(true);
      const fromRequest = cases.find((c) => c.origin === 'request')!;
      const request = await call('GET', `/api/requests/${fromRequest.requestId}`, { token: t['demo-resident-2'] });
      expect(request.body).toMatchObject({ category: 'dispute', status: 'closed', mediationCaseId: String(fromRequest._id) });
      expect(JSON.stringify(request.body)).not.toContain(fromRequest.summary);
      // demo-mediator mediates; 张阿姨 has an agreement to confirm.
      expect((await list('demo-mediator', { scope: 'mediator', limit: '100' })).body.items.length).toBeGreaterThanOrEqual(7);
      const hers = (await list('demo-resident-1', { scope: 'party' })).body.items.find((c: any) => c.status === 'agreed');
      expect(hers.actions).toEqual(['confirm']);
      await seededWorld();
      expect(await CaseModel.countDocuments({ communityId: world.demoId })).toBe(cases.length);
    });
  });

  describe('the role 人民调解员', () => {
    it('is granted by admins like any role, and lets its holder open a case', async () => {
      await upsertMember('demo', { openid: 'med-new', name: '新调解员', roles: ['resident'], building: '3号楼', unit: '9', room: '909' });
      const m = (await MembershipModel.findOne({ communityId: world.demoId, name: '新调解员' }))!;
      const token = await world.token('med-new');
      expect((await call('POST', '/api/mediation/cases', { token, body: direct() })).status).toBe(403);
      const granted = await call('POST', `/api/residents/${m._id}/roles`, { token: t['demo-admin-1'], body: { role: 'mediator' } });
      expect(granted.status).toBe(200);
      expect((await call('POST', '/api/mediation/cases', { token, body: direct() })).status).toBe(201);
      expect((await call('POST', `/api/residents/${m._id}/roles`, { token: t['demo-staff-1'], body: { role: 'mediator' } })).status).toBe(403);
    });
  });

  describe('opening a case', () => {
    it('opens directly with members and a named outsider; the opener mediates it', async () => {
      const r = await create('demo-mediator', direct());
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ status: 'open', level: 'community', origin: 'staff', type: 'neighbour', risk: 'ordinary', partyCount: 3, viewer: { isMediator: true, isParty: false } });
      expect(r.body.number).toMatch(/^TJ-[0-9A-F]{6}$/);
      expect(r.body.mediators).toEqual([{ userId: uid['郑调解员'], name: '郑调解员', roleLabel: '人民调解员' }]);
      expect(r.body.contents.parties.map((p: any) => [p.name, p.hasAccount, p.phone ?? null])).toEqual([
        ['甲当事人', true, null],
        ['乙当事人', true, null],
        ['丙房东', false, '13700002003'],
      ]);
      expect(r.body.actions).toEqual(['record_session', 'escalate', 'manage_mediators']);
    });

    it('counts a member named twice once, and refuses fewer than two parties, strangers and another community’s members', async () => {
      const twice = await create('demo-mediator', direct({ parties: [{ userId: uid['甲当事人'] }, { membershipId: String((await MembershipModel.findOne({ communityId: world.demoId, name: '甲当事人' }))!._id) }] }));
      expect(twice.status).toBe(400);
      expect(twice.body.error.details[0].path).toBe('parties');
      const river = (await MembershipModel.findOne({ name: '滨江居民' }))!;
      const stranger = await create('demo-mediator', direct({ parties: [{ userId: uid['甲当事人'] }, { userId: river.userId.toHexString() }] }));
      expect(stranger.status).toBe(400);
      expect(stranger.body.error.details[0].path).toBe('parties.1');
      expect((await create('demo-mediator', direct({ parties: [] }))).status).toBe(400);
    });

    it('is open to grid workers, staff and 人民调解员 only', async () => {
      for (const who of ['demo-grid-1', 'demo-staff-1', 'demo-admin-1', 'demo-mediator']) expect((await create(who, direct())).status).toBe(201);
      for (const who of ['demo-resident-1', 'demo-street-1', 'demo-merchant-1']) expect((await create(who, direct())).status).toBe(403);
      expect((await call('POST', '/api/mediation/cases', { token: t['river-admin-1'], body: direct(), community: world.demoId })).status).toBe(404);
    });

    it('opens from a visit the caller may see (the visit’s grid is the case’s), not from one out of reach', async () => {
      const household = await call('GET', '/api/households/mine', { token: t['demo-resident-1'] });
      const visit = await call('POST', '/api/visits', { token: t['demo-grid-1'], body: { householdId: household.body.id, date: shanghaiDate(new Date()), topics: ['dispute_risk'], notes: '走访发现邻里矛盾' } });
      expect(visit.status).toBe(201);
      const visitId = visit.body.visit.id;
      const r = await create('demo-grid-1', direct({ visitId }));
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ origin: 'visit', gridId: world.gridIds[0], contents: { visitId } });
      expect((await create('demo-grid-2', direct({ visitId }))).status).toBe(400);
      expect((await create('demo-mediator', direct({ visitId }))).status).toBe(400);
      expect((await create('demo-grid-1', direct({ visitId: new Types.ObjectId().toHexString() }))).status).toBe(400);
    });

    it('tells the street’s staff at once of a 重大 case, naming no party nor what it is about', async () => {
      const r = await create('demo-mediator', direct({ risk: 'serious', summary: '两户因宅基地多次冲突，有升级风险' }));
      expect(r.status).toBe(201);
      const msgs = await call('GET', '/api/messages', { token: t['demo-street-1'], community: world.demoId });
      const notice = msgs.body.items.find((m: any) => m.title === '重大矛盾纠纷已登记，请关注' && m.body.includes(r.body.number));
      expect(notice).toBeDefined();
      expect(JSON.stringify(notice)).not.toMatch(/宅基地|甲当事人/);
      // …and they read its contents at once, without being able to act before it is theirs.
      const seen = await get('demo-street-1', r.body.id);
      expect(seen.body.contents.summary).toBe('两户因宅基地多次冲突，有升级风险');
      expect(seen.body.actions).toEqual([]);
    });
  });

  describe('confidentiality', () => {
    let id: string;
    beforeAll(async () => {
      id = await mediating({ summary: '保密的纠纷概况：两家为停车位吵架' });
    });

    it('gives staff the list without contents, and the contents to the mediator, the admin and each party', async () => {
      const staffList = await list('demo-staff-1', { scope: 'community' });
      const row = staffList.body.items.find((c: any) => c.id === id);
      expect(row).toMatchObject({ type: 'neighbour', risk: 'ordinary', status: 'mediating', mediators: [expect.objectContaining({ name: '郑调解员' })] });
      expect(row.contents).toBeUndefined();
      expect(JSON.stringify(staffList.body)).not.toContain('保密的纠纷概况');
      const staffGet = await get('demo-staff-1', id);
      expect(staffGet.body.contents).toBeUndefined();
      expect(staffGet.body.actions).toEqual([]);
      expect((await get('demo-admin-1', id)).body.contents.summary).toBe('保密的纠纷概况：两家为停车位吵架');
      expect((await get('demo-mediator', id)).body.contents.sessions).toHaveLength(1);
    });

    it('shows a party their case without the other parties’ contacts; nobody else gets it at all', async () => {
      const a = await get('med-party-a', id);
      expect(a.status).toBe(200);
      expect(a.body.viewer).toEqual({ isMediator: false, isParty: true });
      expect(a.body.contents.parties.find((p: any) => p.name === '丙房东').phone).toBeUndefined();
      expect(a.body.contents.parties.find((p: any) => p.name === '甲当事人').isMe).toBe(true);
      expect(a.body.actions).toEqual([]);
      for (const who of ['demo-resident-3', 'demo-grid-2', 'med-mediator-2', 'demo-merchant-1']) expect((await get(who, id)).status).toBe(404);
      expect((await get('demo-street-1', id)).body.contents).toBeUndefined();
      expect((await call('GET', `/api/mediation/cases/${id}`, { token: t['river-admin-1'], community: world.demoId })).status).toBe(404);
    });

    it('lists 我的调解 for a party and 我调解的 for a mediator; the community list for overseers only', async () => {
      expect((await list('med-party-a', { scope: 'party' })).body.items.map((c: any) => c.id)).toContain(id);
      expect((await list('demo-resident-3', { scope: 'party' })).body.items.map((c: any) => c.id)).not.toContain(id);
      const mine = await list('demo-mediator', { scope: 'mediator', open: '1', limit: '100' });
      expect(mine.body.items.map((c: any) => c.id)).toContain(id);
      expect(mine.body.items.every((c: any) => !['closed', 'referred', 'ended'].includes(c.status))).toBe(true);
      for (const who of ['demo-resident-1', 'demo-mediator', 'demo-grid-1']) expect((await list(who, { scope: 'community' })).status).toBe(403);
      expect((await list('demo-street-1', { scope: 'community' })).status).toBe(200);
    });

    it('writes every read of contents into the audit log, and none for the list staff read', async () => {
      const before = await AuditModel.countDocuments({ action: 'mediation.contents.read' });
      await get('med-party-a', id);
      const entry = await AuditModel.findOne({ action: 'mediation.contents.read' }).sort({ _id: -1 }).lean();
      expect(entry).toMatchObject({ actorId: new Types.ObjectId(uid['甲当事人']), target: { via: 'mediation.get', ids: id } });
      // Staff's list names no case whose contents it did not carry (their own cases as mediators aside).
      await list('demo-staff-1', { scope: 'community', limit: '100' });
      const staffEntry = await AuditModel.findOne({ action: 'mediation.contents.read' }).sort({ _id: -1 }).lean();
      if (staffEntry?.actorId?.equals(uid['陈社工'])) expect(staffEntry.target!.ids!.split(',')).not.toContain(id);
      expect(await AuditModel.countDocuments({ action: 'mediation.contents.read' })).toBeLessThanOrEqual(before + 2);
    });

    it('refuses the moves to staff who do not mediate the case', async () => {
      expect((await session('demo-staff-1', id)).status).toBe(403);
      expect((await act('demo-staff-1', id, 'conclude', { outcome: 'failed', reason: '无法调和' })).status).toBe(403);
    });

    it('finds residents by name for a mediator, without phones', async () => {
      const r = await call('GET', '/api/mediation/party-candidates', { token: t['demo-mediator'], query: { q: '当事人' }, community: world.demoId });
      expect(r.body.items.map((c: any) => c.name).sort()).toEqual(['乙当事人', '甲当事人']);
      expect(r.body.items[0]).not.toHaveProperty('phone');
      expect((await call('GET', '/api/mediation/party-candidates', { token: t['demo-resident-1'], query: { q: '当事人' }, community: world.demoId })).status).toBe(403);
    });
  });

  describe('from session to agreement, confirmation and 回访', () => {
    it('walks a case to closed: agreement, every party confirms (one on paper), the 回访 finds it holding', async () => {
      const id = await mediating();
      const agreed = await act('demo-mediator', id, 'conclude', { outcome: 'agreed', agreement: '乙方承担维修费用800元，7日内修复' });
      expect(agreed.status).toBe(200);
      expect(agreed.body.status).toBe('agreed');
      expect(agreed.body.contents.agreement.text).toBe('乙方承担维修费用800元，7日内修复');
      expect(new Date(agreed.body.followUpDueAt).getTime() - new Date(agreed.body.concludedAt).getTime()).toBe(30 * 86_400_000);
      expect(agreed.body.actions).toEqual(['conclude', 'record_signature', 'manage_mediators']);
      // The parties with the app are told to confirm (no contents in the notice).
      const msgs = await call('GET', '/api/messages', { token: t['med-party-a'], community: world.demoId });
      expect(msgs.body.items.map((m: any) => m.title)).toContain('调解协议待您确认');
      const a = await get('med-party-a', id);
      expect(a.body.actions).toEqual(['confirm']);
      expect((await act('med-party-a', id, 'confirm')).body.status).toBe('agreed');
      expect((await act('med-party-a', id, 'confirm')).status).toBe(409);
      // Nobody confirms for a party who has the app, and only a party confirms at all.
      const partyB = agreed.body.contents.parties.find((p: any) => p.name === '乙当事人').id;
      expect((await act('demo-mediator', id, `parties/${partyB}/signature`, {})).status).toBe(409);
      expect((await act('demo-resident-3', id, 'confirm')).status).toBe(404);
      expect((await act('demo-mediator', id, 'confirm')).status).toBe(403);
      const landlord = agreed.body.contents.parties.find((p: any) => p.name === '丙房东').id;
      expect((await act('demo-mediator', id, `parties/${landlord}/signature`, { note: '已在纸质协议上签字' })).body.status).toBe('agreed');
      const last = await act('med-party-b', id, 'confirm');
      expect(last.body.status).toBe('confirmed');
      expect(last.body.contents.parties.map((p: any) => p.confirmation?.by)).toEqual(['self', 'self', 'paper']);
      expect((await get('demo-mediator', id)).body.actions).toEqual(['follow_up', 'manage_mediators']);
      expect((await act('med-party-a', id, 'follow-up', { holds: true, note: '已修复' })).status).toBe(403);
      const closed = await act('demo-mediator', id, 'follow-up', { holds: true, note: '回访：已修复，双方满意' });
      expect(closed.body.status).toBe('closed');
      expect(closed.body.actions).toEqual([]);
      expect((await session('demo-mediator', id)).status).toBe(409);
    });

    it('mediates again when the 回访 finds the agreement broken, confirmations cleared', async () => {
      const id = await mediating({ parties: [{ userId: uid['甲当事人'] }, { name: '丁某' }] });
      await act('demo-mediator', id, 'conclude', { outcome: 'agreed', agreement: '丁某每晚十点后不再装修' });
      await act('med-party-a', id, 'confirm');
      const party = (await get('demo-mediator', id)).body.contents.parties.find((p: any) => p.name === '丁某').id;
      expect((await act('demo-mediator', id, `parties/${party}/signature`, {})).body.status).toBe('confirmed');
      const broken = await act('demo-mediator', id, 'follow-up', { holds: false, note: '丁某仍在夜间装修' });
      expect(broken.body).toMatchObject({ status: 'mediating', reopenCount: 1 });
      expect(broken.body.contents.agreement).toBeUndefined();
      expect(broken.body.contents.brokenAgreements).toEqual([expect.objectContaining({ text: '丁某每晚十点后不再装修' })]);
      expect(broken.body.contents.parties.every((p: any) => !p.confirmation)).toBe(true);
      expect(broken.body.concludedAt).toBeUndefined();
    });

    it('refuses an agreement before any session, and a follow-up before confirmation', async () => {
      const r = await create('demo-mediator', direct());
      expect((await act('demo-mediator', r.body.id, 'conclude', { outcome: 'agreed', agreement: '协议' })).status).toBe(409);
      await session('demo-mediator', r.body.id);
      await act('demo-mediator', r.body.id, 'conclude', { outcome: 'agreed', agreement: '协议' });
      expect((await act('demo-mediator', r.body.id, 'follow-up', { holds: true, note: '好' })).status).toBe(409);
    });
  });

  describe('调解不成: the street, referral, ending', () => {
    it('escalates to the street, whose staff mediate it, then refer it out', async () => {
      const id = await mediating();
      const failed = await act('demo-mediator', id, 'conclude', { outcome: 'failed', reason: '双方分歧较大' });
      expect(failed.body.status).toBe('failed');
      expect(failed.body.actions).toEqual(['escalate', 'refer', 'end', 'manage_mediators']);
      expect((await act('demo-street-1', id, 'escalate', { note: '请街道调解' })).status).toBe(403);
      const up = await act('demo-mediator', id, 'escalate', { note: '社区调解不成，提请街道人民调解委员会' });
      expect(up.body).toMatchObject({ status: 'mediating', level: 'street' });
      const msgs = await call('GET', '/api/messages', { token: t['demo-street-1'], community: world.demoId });
      expect(msgs.body.items.map((m: any) => m.title)).toContain('社区上报矛盾纠纷，请街道受理调解');
      const street = await get('demo-street-1', id);
      expect(street.body.contents.parties.find((p: any) => p.name === '丙房东').phone).toBe('13700002003');
      expect(street.body.actions).toEqual(['record_session', 'conclude']);
      expect((await list('demo-street-1', { scope: 'mediator' })).body.items.map((c: any) => c.id)).toContain(id);
      expect((await session('demo-street-1', id, '街道司法所组织调解')).body.contents.sessions.at(-1)).toMatchObject({ level: 'street', recordedByName: '吴科长' });
      expect((await act('demo-mediator', id, 'escalate', { note: '再上报' })).status).toBe(409);
      await act('demo-street-1', id, 'conclude', { outcome: 'failed', reason: '仍不成' });
      const out = await act('demo-street-1', id, 'refer', { channel: 'litigation', note: '引导当事人向法院起诉' });
      expect(out.body).toMatchObject({ status: 'referred', contents: { referral: { channel: 'litigation', note: '引导当事人向法院起诉' } } });
      expect(out.body.concludedAt).toBeDefined();
    });

    it('ends a case without referral', async () => {
      const id = await mediating();
      await act('demo-mediator', id, 'conclude', { outcome: 'failed', reason: '一方拒绝继续调解' });
      expect((await act('demo-mediator', id, 'end', { reason: '当事人撤回' })).body.status).toBe('ended');
      expect((await act('demo-mediator', id, 'refer', { channel: 'hotline', note: 'x' })).status).toBe(409);
    });
  });

  describe('mediators', () => {
    it('adds a grid worker, staff or 人民调解员 (never a resident), removes any but the last', async () => {
      const id = await mediating();
      expect((await act('demo-mediator', id, 'mediators', { userId: uid['张阿姨'] })).status).toBe(400);
      const added = await act('demo-mediator', id, 'mediators', { userId: uid['刘网格'] });
      expect(added.body.mediators.map((m: any) => m.roleLabel)).toEqual(['人民调解员', '网格员']);
      expect((await get('demo-grid-1', id)).body.contents).toBeDefined();
      expect((await act('demo-grid-1', id, `mediators/${uid['郑调解员']}`, undefined, 'DELETE')).body.mediators.map((m: any) => m.name)).toEqual(['刘网格']);
      expect((await get('demo-mediator', id)).status).toBe(404);
      expect((await act('demo-grid-1', id, `mediators/${uid['刘网格']}`, undefined, 'DELETE')).status).toBe(409);
      // Admins assign mediators to any case; staff who do not mediate it do not.
      expect((await act('demo-admin-1', id, 'mediators', { userId: uid['郑调解员'] })).status).toBe(200);
      expect((await act('demo-staff-1', id, 'mediators', { userId: uid['陈社工'] })).status).toBe(403);
      const candidates = await call('GET', '/api/mediation/mediator-candidates', { token: t['demo-mediator'], community: world.demoId });
      expect(candidates.body.items.map((c: any) => c.name)).toEqual(expect.arrayContaining(['刘网格', '陈社工', '周书记', '郑调解员']));
      expect(candidates.body.items.map((c: any) => c.name)).not.toContain('张阿姨');
    });
  });

  describe('concurrency', () => {
    it('lets exactly one of two mediators concluding a case at once win; the other gets 409', async () => {
      for (let round = 0; round < 3; round++) {
        const id = await mediating();
        await act('demo-mediator', id, 'mediators', { userId: uid['第二调解员'] });
        const outcome = round === 1 ? { outcome: 'failed', reason: '调解不成' } : { outcome: 'agreed', agreement: `协议${round}` };
        const [a, b] = await Promise.all([act('demo-mediator', id, 'conclude', outcome), act('med-mediator-2', id, 'conclude', outcome)]);
        expect([a.status, b.status].sort()).toEqual([200, 409]);
        const doc = (await CaseModel.findById(id).lean())!;
        expect(doc.events.filter((e) => e.type === 'agreed' || e.type === 'failed')).toHaveLength(1);
      }
    });

    it('keeps both of two sessions recorded at once', async () => {
      const id = await mediating();
      const [a, b] = await Promise.all([session('demo-mediator', id, '第二次调解'), session('demo-mediator', id, '第三次调解')]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect((await CaseModel.findById(id).lean())!.sessions).toHaveLength(3);
    });
  });

  describe('from a 邻里纠纷 request', () => {
    const fileDispute = async (who = 'demo-resident-1', category = 'dispute') => {
      const r = await call('POST', '/api/requests', { token: t[who], body: { category, description: '楼上邻居深夜噪音扰民，多次沟通无果' } });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    const fromRequest = (who: string, requestId: string, extra: Record<string, unknown> = {}) =>
      create(who, { type: 'neighbour', risk: 'major', place: '1号楼', summary: '噪音纠纷：楼上深夜跳绳', parties: [{ userId: uid['李师傅'] }], requestId, ...extra });

    it('hands the request to mediation (已转调解, in progress, no case contents on its timeline) and resolves it when the case concludes', async () => {
      const requestId = await fileDispute();
      const before = await call('GET', `/api/requests/${requestId}`, { token: t['demo-grid-1'] });
      expect(before.body.mediationOffer).toBe(true);
      const r = await fromRequest('demo-grid-1', requestId);
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ origin: 'request', partyCount: 2, contents: { requestId } });
      expect(r.body.contents.parties.map((p: any) => p.name)).toEqual(['张阿姨', '李师傅']);
      const filerView = await call('GET', `/api/requests/${requestId}`, { token: t['demo-resident-1'] });
      expect(filerView.body).toMatchObject({ status: 'in_progress', mediationCaseId: r.body.id });
      expect(filerView.body.timeline.map((e: any) => e.note)).toContain('已转人民调解处理（调解内容保密，不在此显示）');
      // The filer is a party: their case in 我的调解.
      expect((await list('demo-resident-1', { scope: 'party' })).body.items.map((c: any) => c.id)).toContain(r.body.id);
      const handler = await call('GET', `/api/requests/${requestId}`, { token: t['demo-grid-1'] });
      expect(handler.body.mediationOffer).toBeUndefined();
      // Once only.
      expect((await fromRequest('demo-staff-1', requestId)).status).toBe(409);

      await session('demo-grid-1', r.body.id, '楼上同意晚十点后不跳绳');
      const agreed = await act('demo-grid-1', r.body.id, 'conclude', { outcome: 'agreed', agreement: '楼上住户晚十点后不再跳绳，铺设隔音垫' });
      expect(agreed.status).toBe(200);
      const after = await call('GET', `/api/requests/${requestId}`, { token: t['demo-resident-1'] });
      expect(after.body.status).toBe('resolved');
      expect(after.body.timeline.at(-1).note).toBe('纠纷处理程序已结束，诉求办结');
      for (const who of ['demo-resident-1', 'demo-grid-1', 'demo-staff-1']) {
        const seen = JSON.stringify((await call('GET', `/api/requests/${requestId}`, { token: t[who] })).body);
        expect(seen).not.toMatch(/跳绳|隔音垫|噪音纠纷/);
      }
      // Agreed at grid level by a grid worker: 小事不出网格.
      expect((await CaseModel.findById(r.body.id).lean())!.gridLevel).toBe(true);
    });

    it('refuses a request of another category, one the caller does not handle, and a finished one', async () => {
      const other = await fileDispute('demo-resident-1', 'facility');
      expect((await fromRequest('demo-grid-1', other)).status).toBe(400);
      const theirs = await fileDispute('demo-resident-3');
      expect((await fromRequest('demo-grid-1', theirs)).status).toBe(400);
      expect((await fromRequest('demo-mediator', theirs)).status).toBe(400);
      const withdrawn = await fileDispute();
      await call('POST', `/api/requests/${withdrawn}/actions`, { token: t['demo-resident-1'], body: { action: 'withdraw' } });
      expect((await fromRequest('demo-grid-1', withdrawn)).status).toBe(400);
    });

    it('opens one case of two opened from one request at once', async () => {
      const requestId = await fileDispute();
      const [a, b] = await Promise.all([fromRequest('demo-grid-1', requestId), fromRequest('demo-staff-1', requestId)]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      expect(await CaseModel.countDocuments({ requestId: new Types.ObjectId(requestId) })).toBe(1);
      const winner = a.status === 201 ? a.body.id : b.body.id;
      expect(String((await RequestModel.findById(requestId).lean())!.mediationCaseId)).toBe(winner);
    });

    it('finishes the request’s resolution after a crash between the case’s write and the request’s (repair)', async () => {
      const requestId = await fileDispute();
      const r = await fromRequest('demo-grid-1', requestId);
      await session('demo-grid-1', r.body.id);
      // The operation started, the case written, then the process died before the request was resolved.
      const kase = (await CaseModel.findById(r.body.id).lean())!;
      const opId = await startResolveRequest(kase, new Types.ObjectId(uid['刘网格']), ['grid_worker']);
      await CaseModel.updateOne({ _id: kase._id }, { $set: { status: 'failed' }, $inc: { rev: 1 } });
      await CaseModel.updateOne({ _id: kase._id }, { $set: { status: 'ended', concludedAt: new Date() }, $inc: { rev: 1 } });
      expect((await RequestModel.findById(requestId).lean())!.status).toBe('in_progress');
      await repairPending(0);
      expect((await RequestModel.findById(requestId).lean())!.status).toBe('resolved');
      expect((await OperationModel.findById(opId).lean())!.status).toBe('applied');
    });

    it('inserts the case after a crash between the request’s claim and the case’s insert (repair)', async () => {
      const requestId = await fileDispute();
      const r = await fromRequest('demo-grid-1', requestId);
      // As if the process died after claiming the request: the case is not there, its operation still pending.
      const { createdAt: _c, updatedAt: _u, ...doc } = (await CaseModel.findById(r.body.id).lean())!;
      await CaseModel.deleteOne({ _id: doc._id });
      const op = await OperationModel.create({ kind: 'mediation.openFromRequest', status: 'pending', payload: { doc, actorRoles: ['grid_worker'] }, createdAt: new Date(Date.now() - 120_000), updatedAt: new Date() });
      await repairPending();
      expect((await OperationModel.findById(op._id).lean())!.status).toBe('applied');
      expect((await get('demo-grid-1', r.body.id)).body).toMatchObject({ id: r.body.id, origin: 'request', contents: { requestId } });
      const request = (await RequestModel.findById(requestId).lean())!;
      expect(String(request.mediationCaseId)).toBe(r.body.id);
      expect(request.timeline.filter((e) => e.type === 'to_mediation')).toHaveLength(1);
    });

    it('fails, touching nothing, the resolution of a conclusion that lost its race', async () => {
      const requestId = await fileDispute();
      const r = await fromRequest('demo-grid-1', requestId);
      const kase = (await CaseModel.findById(r.body.id).lean())!;
      const opId = await startResolveRequest(kase, new Types.ObjectId(uid['刘网格']), ['grid_worker']);
      await repairPending(0);
      expect((await OperationModel.findById(opId).lean())!.status).toBe('failed');
      expect((await RequestModel.findById(requestId).lean())!.status).toBe('in_progress');
    });
  });

  describe('never outside', () => {
    it('shows no case nor its contents in Open311 or the 三率 board', async () => {
      const id = await mediating({ summary: '公开渠道不得出现的调解内容' });
      const open311 = await call('GET', '/open311/v2/requests.json', { query: { jurisdiction_id: 'demo', api_key: 'demo-open311-key' } });
      expect(JSON.stringify(open311.body)).not.toMatch(/公开渠道不得出现|调解/);
      const board = await call('GET', '/api/stats/requests', { token: t['demo-staff-1'], community: world.demoId });
      expect(JSON.stringify(board.body)).not.toContain(id);
    });
  });

  describe('figures', () => {
    it('gives staff and street staff the measures, counting a new agreement and a referral', async () => {
      const before = (await call('GET', '/api/mediation/stats', { token: t['demo-staff-1'], community: world.demoId })).body;
      const id = await mediating({ type: 'tenancy' });
      await act('demo-mediator', id, 'conclude', { outcome: 'agreed', agreement: '押金三日内退还' });
      const out = await mediating({ type: 'labour' });
      await act('demo-mediator', out, 'conclude', { outcome: 'failed', reason: '分歧大' });
      await act('demo-mediator', out, 'refer', { channel: 'arbitration', note: '申请劳动仲裁' });
      const s = (await call('GET', '/api/mediation/stats', { token: t['demo-street-1'], community: world.demoId })).body;
      expect(s.total).toBe(before.total + 2);
      expect(s.concluded).toBe(before.concluded + 2);
      expect(s.succeeded).toBe(before.succeeded + 1);
      expect(s.referred).toBe(before.referred + 1);
      expect(s.byType.find((x: any) => x.type === 'tenancy').count).toBe(before.byType.find((x: any) => x.type === 'tenancy').count + 1);
      expect(s.resolutionRate).toBeCloseTo(s.succeeded / s.concluded);
      expect(s.streetRate).toBeCloseTo((s.concluded - s.referred) / s.concluded);
      expect(s.notReferredRate).toBeCloseTo((s.total - s.referred) / s.total);
      expect(typeof s.medianDaysToResolve).toBe('number');
      for (const who of ['demo-resident-1', 'demo-mediator', 'demo-grid-1']) expect((await call('GET', '/api/mediation/stats', { token: t[who], community: world.demoId })).status).toBe(403);
    });

    it('exports one CSV row per case without parties or contents', async () => {
      const id = await mediating({ summary: '导出中不得出现的概况', type: 'property' });
      const r = await call('GET', '/api/mediation/stats.csv', { token: t['demo-staff-1'], community: world.demoId });
      expect(r.status).toBe(200);
      const text = String(r.body);
      expect(text.split('\r\n')[0]).toContain('编号');
      expect(text).toContain(`TJ-${id.slice(-6).toUpperCase()}`);
      expect(text).not.toMatch(/导出中不得出现|甲当事人|13700002003/);
    });
  });

  describe('export and deletion of an account', () => {
    it('exports a party’s cases as they see them, and anonymises their entry on deletion, the case kept', async () => {
      await upsertMember('demo', { openid: 'med-leaver', name: '将注销当事人', roles: ['resident'], building: '4号楼', unit: '5', room: '505' });
      const token = await world.token('med-leaver');
      const leaver = (await MembershipModel.findOne({ communityId: world.demoId, name: '将注销当事人' }))!;
      const r = await create('demo-mediator', direct({ parties: [{ userId: leaver.userId.toHexString() }, { name: '对方', phone: '13700009999' }] }));
      await session('demo-mediator', r.body.id);
      await act('demo-mediator', r.body.id, 'conclude', { outcome: 'agreed', agreement: '双方和解' });
      await call('POST', `/api/mediation/cases/${r.body.id}/confirm`, { token, community: world.demoId });
      const exported = await call('GET', '/api/me/export', { token });
      const mine = exported.body.mediationCases.find((c: any) => c.id === r.body.id);
      expect(mine.contents.agreement.text).toBe('双方和解');
      expect(JSON.stringify(exported.body.mediationCases)).not.toContain('13700009999');
      expect((await call('DELETE', '/api/me', { token })).status).toBe(200);
      const after = (await get('demo-mediator', r.body.id)).body;
      expect(after.partyCount).toBe(2);
      expect(after.contents.parties[0]).toMatchObject({ name: '已注销当事人', hasAccount: false, confirmation: { by: 'self' } });
      expect(JSON.stringify(after)).not.toContain('将注销当事人');
      expect((await CaseModel.findById(r.body.id).lean())!.partyUserIds).toHaveLength(0);
    });
  });
});
