import { shanghaiDate } from '@linli/shared';
import { upsertMember } from '../src/admin/platform';
import { MembershipModel } from '../src/communities/community.model';
import { MessageModel } from '../src/messages/message.model';
import { CaseModel } from '../src/mediation/case.model';
import { FOLLOW_UP_DUE_TITLE, noticeDueFollowUps } from '../src/mediation/follow-up-notice';
import { runDeadlines } from '../src/requests/deadlines';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// 矛盾纠纷调处, the loose ends (issue 18, part 3): notices that open their case, the 回访 due list and its notice from
// the deadline job, a conclusion refused when decided on an out-of-date page, and a visit's page listing the cases
// opened from it. Against the real handlers and the embedded database.

const DAY = 86_400_000;

describe('mediation: notices, 回访 due, stale conclusions, a visit’s cases', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  const uid: Record<string, string> = {};

  beforeAll(async () => {
    world = await seededWorld();
    await upsertMember('demo', { openid: 'demo-grid-2', name: '第二网格员', roles: ['grid_worker'], grids: ['第二网格'] });
    await upsertMember('demo', { openid: 'mm-party-a', name: '甲方', roles: ['resident'], building: '1号楼', unit: '4', room: '401' });
    await upsertMember('demo', { openid: 'mm-party-b', name: '乙方', roles: ['resident'], building: '2号楼', unit: '4', room: '402' });
    // Mediators of this file's own cases only, so their lists and messages hold nothing of the seed's.
    await upsertMember('demo', { openid: 'mm-mediator-1', name: '钱调解员', roles: ['mediator'] });
    await upsertMember('demo', { openid: 'mm-mediator-2', name: '孙调解员', roles: ['mediator'] });
    for (const id of ['demo-resident-1', 'demo-grid-1', 'demo-grid-2', 'demo-staff-1', 'demo-street-1', 'demo-mediator', 'mm-party-a', 'mm-party-b', 'mm-mediator-1', 'mm-mediator-2'])
      t[id] = await world.token(id);
    for (const m of await MembershipModel.find({ communityId: world.demoId }).lean()) uid[m.name] = m.userId.toHexString();
  });

  const create = (who: string, body: Record<string, unknown>) => call('POST', '/api/mediation/cases', { token: t[who], body, community: world.demoId });
  const get = (who: string, id: string) => call('GET', `/api/mediation/cases/${id}`, { token: t[who], community: world.demoId });
  const list = (who: string, query: Record<string, string> = {}) => call('GET', '/api/mediation/cases', { token: t[who], query, community: world.demoId });
  const act = (who: string, id: string, path: string, body?: unknown) => call('POST', `/api/mediation/cases/${id}/${path}`, { token: t[who], body, community: world.demoId });
  const messages = async (who: string) => (await call('GET', '/api/messages', { token: t[who], query: { limit: '100' }, community: world.demoId })).body.items as any[];
  const SUMMARY = '两户因阳台晾衣滴水多次争吵';
  const PLACE = '1号楼4单元楼道';
  const direct = (extra: Record<string, unknown> = {}) => ({
    type: 'neighbour',
    risk: 'ordinary',
    place: PLACE,
    summary: SUMMARY,
    parties: [{ userId: uid['甲方'] }, { userId: uid['乙方'] }],
    ...extra,
  });
  /** A case of 钱调解员's (and any other mediators named) taken to 调解中. */
  const mediating = async (extra: Record<string, unknown> = {}, also: string[] = []) => {
    const r = await create('mm-mediator-1', direct(extra));
    expect(r.status).toBe(201);
    for (const name of also) expect((await act('mm-mediator-1', r.body.id, 'mediators', { userId: uid[name] })).status).toBe(200);
    const s = await act('mm-mediator-1', r.body.id, 'sessions', { at: new Date().toISOString(), place: '社区调解室', attendees: ['甲方', '乙方'], said: '双方陈述意见' });
    expect(s.status).toBe(200);
    return r.body.id as string;
  };
  /** A case taken to 已达成协议·待回访: agreed, both parties confirmed; its 回访 due `dueInDays` from now. */
  const confirmed = async (dueInDays: number, also: string[] = []) => {
    const id = await mediating({}, also);
    expect((await act('mm-mediator-1', id, 'conclude', { outcome: 'agreed', agreement: '乙方加装接水槽' })).status).toBe(200);
    await act('mm-party-a', id, 'confirm');
    expect((await act('mm-party-b', id, 'confirm')).body.status).toBe('confirmed');
    await CaseModel.updateOne({ _id: id }, { $set: { followUpDueAt: new Date(Date.now() + dueInDays * DAY) } });
    return id;
  };
  /** Nothing of a case's contents in a notice: no party, place or summary. */
  const expectNoContents = (m: unknown) => expect(JSON.stringify(m)).not.toMatch(/甲方|乙方|阳台|晾衣|1号楼4单元|接水槽/);

  describe('notices open their case', () => {
    it('carries the case’s id on every mediation notice (重大, agreement, added mediator, escalation), and no contents', async () => {
      const serious = await create('mm-mediator-1', direct({ risk: 'serious' }));
      const street = (await messages('demo-street-1')).find((m) => m.title === '重大矛盾纠纷已登记，请关注' && m.body.includes(serious.body.number));
      expect(street).toMatchObject({ kind: 'mediation', mediationCaseId: serious.body.id });
      expect(street.requestId).toBeUndefined();
      expectNoContents(street);
      // …and street staff, whom it was sent to, may open that case.
      expect((await get('demo-street-1', serious.body.id)).status).toBe(200);

      const id = await mediating({}, ['孙调解员']);
      const added = (await messages('mm-mediator-2')).find((m) => m.title === '您被添加为矛盾纠纷调解员');
      expect(added).toMatchObject({ mediationCaseId: id });
      expectNoContents(added);

      await act('mm-mediator-1', id, 'conclude', { outcome: 'agreed', agreement: '乙方加装接水槽' });
      for (const party of ['mm-party-a', 'mm-party-b']) {
        const notice = (await messages(party)).find((m) => m.title === '调解协议待您确认' && m.mediationCaseId === id);
        expect(notice).toBeDefined();
        expect(notice.body).toMatch(/^邻里纠纷 TJ-[0-9A-F]{6}$/);
        expectNoContents(notice);
        expect((await get(party, id)).body.actions).toEqual(['confirm']);
      }

      const up = await mediating();
      await act('mm-mediator-1', up, 'escalate', { note: '社区调解不成，提请街道' });
      expect((await messages('demo-street-1')).find((m) => m.title === '社区上报矛盾纠纷，请街道受理调解' && m.mediationCaseId === up)).toBeDefined();
      // Other messages carry no case.
      expect((await MessageModel.find({ kind: { $ne: 'mediation' }, mediationCaseId: { $exists: true } }).lean()).length).toBe(0);
    });
  });

  describe('回访 due', () => {
    let overdue: string;
    let tieA: string;
    let tieB: string;
    let later: string;
    let agreedOnly: string;

    beforeAll(async () => {
      overdue = await confirmed(-2);
      later = await confirmed(20, ['孙调解员']);
      // Two due at the very same instant: the pages go by due time, then id.
      tieA = await confirmed(5);
      tieB = await confirmed(5);
      const tie = (await CaseModel.findById(tieA).lean())!.followUpDueAt!;
      await CaseModel.updateOne({ _id: tieB }, { $set: { followUpDueAt: tie } });
      // An agreement still waiting for a confirmation is not yet due for 回访.
      agreedOnly = await mediating();
      await act('mm-mediator-1', agreedOnly, 'conclude', { outcome: 'agreed', agreement: '待确认的协议' });
      await CaseModel.updateOne({ _id: agreedOnly }, { $set: { followUpDueAt: new Date(Date.now() - 5 * DAY) } });
    });

    it('lists a mediator’s agreements waiting for 回访, overdue first, by due date, paged by (due date, id)', async () => {
      const all = await list('mm-mediator-1', { followUpDue: '1' });
      expect(all.status).toBe(200);
      const [first, second] = [tieA, tieB].sort();
      expect(all.body.items.map((c: any) => c.id)).toEqual([overdue, first, second, later]);
      expect(all.body.items.every((c: any) => c.status === 'confirmed' && c.actions.includes('follow_up'))).toBe(true);
      expect(all.body.nextCursor).toBeNull();
      expect(new Date(all.body.items[0].followUpDueAt).getTime()).toBeLessThan(Date.now());

      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 6; page++) {
        const r = await list('mm-mediator-1', { followUpDue: '1', limit: '1', ...(cursor ? { cursor } : {}) });
        expect(r.status).toBe(200);
        seen.push(...r.body.items.map((c: any) => c.id));
        cursor = r.body.nextCursor ?? undefined;
        if (!cursor) break;
        expect(cursor).toMatch(/^\d{15}_[0-9a-f]{24}$/);
      }
      expect(seen).toEqual([overdue, first, second, later]);
      // Each mediator sees their own: 孙调解员 mediates one of them only.
      expect((await list('mm-mediator-2', { followUpDue: '1' })).body.items.map((c: any) => c.id)).toEqual([later]);
    });

    it('gives staff the community’s due list (no contents) and the street the cases it holds; refuses it as a party and a bad cursor', async () => {
      const staff = await list('demo-staff-1', { scope: 'community', followUpDue: '1', limit: '100' });
      expect(staff.status).toBe(200);
      const ids = staff.body.items.map((c: any) => c.id);
      expect(ids).toEqual(expect.arrayContaining([overdue, tieA, tieB, later]));
      expect(ids).not.toContain(agreedOnly);
      expect(staff.body.items.every((c: any) => c.status === 'confirmed' && !c.contents)).toBe(true);
      const due = staff.body.items.map((c: any) => new Date(c.followUpDueAt).getTime());
      expect(due).toEqual([...due].sort((a, b) => a - b));

      // A case the street holds: its 回访 is on the street's list, not a community case's.
      const held = await mediating();
      await act('mm-mediator-1', held, 'escalate', { note: '提请街道' });
      await act('demo-street-1', held, 'conclude', { outcome: 'agreed', agreement: '街道调解达成协议' });
      await act('mm-party-a', held, 'confirm');
      await act('mm-party-b', held, 'confirm');
      const street = await list('demo-street-1', { followUpDue: '1' });
      expect(street.body.items.map((c: any) => c.id)).toEqual([held]);

      expect((await list('mm-party-a', { scope: 'party', followUpDue: '1' })).status).toBe(400);
      expect((await list('mm-mediator-1', { followUpDue: '1', cursor: overdue })).status).toBe(400);
      expect((await list('mm-mediator-1', { cursor: `000000000000001_${overdue}` })).status).toBe(400);
      expect((await list('demo-resident-1', { followUpDue: '1' })).status).toBe(403);
    });

    it('tells each mediator once when a 回访 falls due (the deadline job), not before, naming the case by number and id only', async () => {
      await runDeadlines(new Date());
      const mine = (await messages('mm-mediator-1')).filter((m) => m.title === FOLLOW_UP_DUE_TITLE);
      expect(mine.map((m) => m.mediationCaseId)).toEqual([overdue]);
      expect(mine[0].body).toMatch(/^邻里纠纷 TJ-[0-9A-F]{6}$/);
      expectNoContents(mine[0]);
      // Not for an agreement still waiting for a party's confirmation, nor for one not due yet.
      expect((await CaseModel.findById(agreedOnly).lean())!.followUpNoticedAt).toBeUndefined();
      expect((await messages('mm-mediator-2')).filter((m) => m.title === FOLLOW_UP_DUE_TITLE)).toHaveLength(0);

      // Again, and again a week on: each case told once, each of its mediators once.
      await runDeadlines(new Date());
      const weekOn = new Date(Date.now() + 7 * DAY);
      const report = await runDeadlines(weekOn);
      // tieA and tieB (and the seed's agreement due within the week).
      expect(report.followUpsDue).toBeGreaterThanOrEqual(2);
      expect(await noticeDueFollowUps(weekOn)).toBe(0);
      const told = (await messages('mm-mediator-1')).filter((m) => m.title === FOLLOW_UP_DUE_TITLE).map((m) => m.mediationCaseId);
      expect(told.sort()).toEqual([overdue, tieA, tieB].sort());
      expect((await messages('mm-mediator-2')).filter((m) => m.title === FOLLOW_UP_DUE_TITLE)).toHaveLength(0);
      const later30 = new Date(Date.now() + 30 * DAY);
      await noticeDueFollowUps(later30);
      expect((await messages('mm-mediator-2')).filter((m) => m.title === FOLLOW_UP_DUE_TITLE).map((m) => m.mediationCaseId)).toEqual([later]);
    });

    it('tells once even when the mark was lost after the notice (a crash), and anew for a new agreement after a broken one', async () => {
      // A crash between the notice and the mark: the next run finds the case again and writes no second message.
      await CaseModel.updateOne({ _id: overdue }, { $unset: { followUpNoticedAt: 1 } });
      expect(await noticeDueFollowUps(new Date())).toBe(1);
      expect((await MessageModel.find({ mediationCaseId: overdue, title: FOLLOW_UP_DUE_TITLE }).lean()).length).toBe(1);

      // The 回访 finds the agreement broken; a new one, confirmed and due, is told of again.
      expect((await act('mm-mediator-1', overdue, 'follow-up', { holds: false, note: '仍在滴水' })).body.status).toBe('mediating');
      await act('mm-mediator-1', overdue, 'conclude', { outcome: 'agreed', agreement: '乙方更换晾衣架位置' });
      await act('mm-party-a', overdue, 'confirm');
      await act('mm-party-b', overdue, 'confirm');
      expect((await CaseModel.findById(overdue).lean())!.followUpNoticedAt).toBeUndefined();
      await noticeDueFollowUps(new Date(Date.now() + 31 * DAY));
      expect((await MessageModel.find({ mediationCaseId: overdue, title: FOLLOW_UP_DUE_TITLE }).lean()).length).toBe(2);
      // A 回访 recorded takes the case off the due list.
      await act('mm-mediator-1', tieA, 'follow-up', { holds: true, note: '协议已履行' });
      expect((await list('mm-mediator-1', { followUpDue: '1' })).body.items.map((c: any) => c.id)).not.toContain(tieA);
    });
  });

  describe('a conclusion decided on an out-of-date page', () => {
    it('refuses 调解不成 after another mediator’s 调解成功 landed, when the caller says what they saw', async () => {
      const id = await mediating({}, ['孙调解员']);
      expect((await act('mm-mediator-1', id, 'conclude', { outcome: 'agreed', agreement: '乙方加装接水槽', expectedStatus: 'mediating' })).body.status).toBe('agreed');
      const stale = await act('mm-mediator-2', id, 'conclude', { outcome: 'failed', reason: '双方分歧大', expectedStatus: 'mediating' });
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toBe('案件状态已变化，请刷新后再操作');
      const doc = (await CaseModel.findById(id).lean())!;
      expect(doc.status).toBe('agreed');
      expect(doc.events.filter((e) => e.type === 'failed')).toHaveLength(0);
      // Seen as it is now (a party will not confirm), 调解不成 stands; without expectedStatus too, as before.
      expect((await act('mm-mediator-2', id, 'conclude', { outcome: 'failed', reason: '乙方不同意协议', expectedStatus: 'agreed' })).body.status).toBe('failed');
      const other = await mediating();
      await act('mm-mediator-1', other, 'conclude', { outcome: 'agreed', agreement: '协议' });
      expect((await act('mm-mediator-1', other, 'conclude', { outcome: 'failed', reason: '一方反悔' })).body.status).toBe('failed');
    });

    it('refuses 调解成功 on a case that moved, answers 403 before it to a non-mediator, and validates the status', async () => {
      const id = await mediating();
      await act('mm-mediator-1', id, 'conclude', { outcome: 'failed', reason: '分歧大' });
      const stale = await act('mm-mediator-1', id, 'conclude', { outcome: 'agreed', agreement: '协议', expectedStatus: 'mediating' });
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toBe('案件状态已变化，请刷新后再操作');
      expect((await act('demo-staff-1', id, 'conclude', { outcome: 'failed', reason: 'x', expectedStatus: 'open' })).status).toBe(403);
      expect((await act('mm-mediator-1', id, 'conclude', { outcome: 'failed', reason: 'x', expectedStatus: 'pending' })).status).toBe(400);
      // Two mediators at once, both having seen 调解中: one wins, the other is refused.
      const race = await mediating({}, ['孙调解员']);
      const [a, b] = await Promise.all([
        act('mm-mediator-1', race, 'conclude', { outcome: 'agreed', agreement: '协议', expectedStatus: 'mediating' }),
        act('mm-mediator-2', race, 'conclude', { outcome: 'failed', reason: '不成', expectedStatus: 'mediating' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect((await CaseModel.findById(race).lean())!.events.filter((e) => e.type === 'agreed' || e.type === 'failed')).toHaveLength(1);
    });
  });

  describe('a visit’s cases', () => {
    it('lists on the visit’s page the cases opened from it, by id, number and state only', async () => {
      const household = await call('GET', '/api/households/mine', { token: t['demo-resident-1'] });
      const visit = await call('POST', '/api/visits', { token: t['demo-grid-1'], body: { householdId: household.body.id, date: shanghaiDate(new Date()), topics: ['dispute_risk'], notes: '走访发现楼上楼下矛盾' } });
      expect(visit.status).toBe(201);
      const visitId = visit.body.visit.id;
      expect(visit.body.visit.cases).toEqual([]);
      const other = await call('POST', '/api/visits', { token: t['demo-grid-1'], body: { householdId: household.body.id, date: shanghaiDate(new Date()), topics: ['other'], notes: '另一次走访' } });

      const first = await create('demo-grid-1', direct({ visitId }));
      const second = await create('demo-grid-1', direct({ visitId, type: 'family' }));
      await create('demo-grid-1', direct({ visitId: other.body.visit.id }));
      await act('demo-grid-1', first.body.id, 'sessions', { at: new Date().toISOString(), place: '住户家中', attendees: ['甲方'], said: '初步了解情况' });
      await act('demo-grid-1', second.body.id, 'mediators', { userId: uid['钱调解员'] });

      const page = await call('GET', `/api/visits/${visitId}`, { token: t['demo-grid-1'], community: world.demoId });
      expect(page.status).toBe(200);
      expect(page.body.cases).toEqual([
        { id: second.body.id, number: second.body.number, status: 'open' },
        { id: first.body.id, number: first.body.number, status: 'mediating' },
      ]);
      expect(JSON.stringify(page.body.cases)).not.toMatch(/阳台|甲方|乙方/);
      // Staff reading the visit see the same; lists of visits carry none.
      expect((await call('GET', `/api/visits/${visitId}`, { token: t['demo-staff-1'], community: world.demoId })).body.cases).toHaveLength(2);
      const listed = await call('GET', '/api/visits', { token: t['demo-grid-1'], query: { householdId: household.body.id }, community: world.demoId });
      expect(listed.body.items.find((v: any) => v.id === visitId).cases).toBeUndefined();
      // The grid worker of another grid sees neither the visit nor so its cases.
      expect((await call('GET', `/api/visits/${visitId}`, { token: t['demo-grid-2'], community: world.demoId })).status).toBe(404);
    });
  });
});
