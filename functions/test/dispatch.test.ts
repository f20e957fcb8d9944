import { RequestModel } from '../src/requests/request.model';
import { DispatchModel } from '../src/requests/dispatch.model';
import { UnitModel } from '../src/units/unit.model';
import { AuditModel } from '../src/lib/audit';
import { OperationModel, repairPending } from '../src/lib/operations';
import { MessageModel } from '../src/messages/message.model';
import { UserModel } from '../src/auth/user.model';
import { runDeadlines } from '../src/requests/deadlines';
import { rebuildRequestStats } from '../src/requests/request-stats';
import '../src/system/repair';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';

const HOUR = 3_600_000;
/** The unit moves of this feature (延期申请 is EXTCALL's, tested with extensions). */
const own = (actions: string[]) => actions.filter((a) => a !== 'request_extension');

describe('requests/dispatch (吹哨报到)', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  const unit: Record<string, string> = {};
  beforeAll(async () => {
    world = await seededWorld();
    for (const id of [
      'demo-resident-1',
      'demo-resident-2',
      'demo-grid-1',
      'demo-staff-1',
      'demo-admin-1',
      'demo-street-1',
      'demo-unit-wuye-1',
      'demo-unit-water-1',
      'demo-unit-chengguan-1',
      'river-unit-wuye-1',
      'river-admin-1',
      'demo-street-admin-1',
    ])
      t[id] = await world.token(id);
    for (const u of await UnitModel.find({}).lean()) unit[u.name] = u._id.toHexString();
  });

  const file = async (body: Record<string, unknown> = {}, who = 'demo-resident-1') => {
    const r = await call('POST', '/api/requests', { token: t[who], body: { category: 'facility', description: '楼道里的自来水管破裂漏水了', location: { buildingId: world.building('1号楼') }, ...body } });
    expect(r.status).toBe(201);
    return r.body;
  };
  const act = (who: string, id: string, body: Record<string, unknown>) => call('POST', `/api/requests/${id}/actions`, { token: t[who], body, community: who.startsWith('demo-street') ? world.demoId : undefined });
  const unitAct = (who: string, id: string, body: Record<string, unknown>) => call('POST', `/api/unit/requests/${id}/actions`, { token: t[who], body });
  const unitGet = (who: string, id: string) => call('GET', `/api/unit/requests/${id}`, { token: t[who] });
  const dispatch = (id: string, lead: string, extra: Record<string, unknown> = {}, who = 'demo-staff-1') => act(who, id, { action: 'dispatch', leadUnitId: unit[lead], ...extra });

  it('the whole flow: dispatch → sign for → send back → re-dispatch → resolve → rate, with 谁在办 and each hand-off in plain words', async () => {
    const r = await file();
    const before = (await RequestModel.findById(r.id).lean())!;

    // The picker: the street's units serving the community, by type (滨江物业 of another street is not there).
    const options = await call('GET', `/api/requests/${r.id}/dispatch-options`, { token: t['demo-staff-1'] });
    expect(options.status).toBe(200);
    const names = options.body.groups.flatMap((g: any) => g.units.map((u: any) => u.name));
    expect(names).toEqual(expect.arrayContaining(['阳光物业公司', '自来水公司']));
    expect(names).not.toContain('滨江物业公司');
    expect(options.body.groups[0].typeLabel).toBe('物业');

    // Staff dispatch to the water company.
    const d1 = await dispatch(r.id, '自来水公司', { resolveDays: 3, note: '请尽快上门查看' });
    expect(d1.status).toBe(200);
    expect(d1.body.status).toBe('in_progress');
    expect(d1.body.holder).toMatchObject({ kind: 'unit', name: '自来水公司', acknowledged: false });
    expect(d1.body.dispatches).toEqual([expect.objectContaining({ unitName: '自来水公司', role: 'lead', status: 'dispatched' })]);
    expect(d1.body.handOffCount).toBe(1);
    expect(d1.body.actions).toEqual(expect.arrayContaining(['recall_dispatch']));
    expect(d1.body.actions).not.toContain('dispatch');
    // The 三率 clock is the resident's: the dispatch does not move it.
    expect(d1.body.resolveBy).toBe(before.resolveBy.toISOString());
    expect(d1.body.respondBy).toBe(before.respondBy.toISOString());

    // The resident sees who holds it and the hand-off in plain words.
    const seen = await call('GET', `/api/requests/${r.id}`, { token: t['demo-resident-1'] });
    expect(seen.body.holder).toMatchObject({ kind: 'unit', name: '自来水公司' });
    const entry = seen.body.timeline.find((e: any) => e.type === 'dispatched');
    expect(entry.note).toMatch(/^已派发给自来水公司（主办）办理，时限\d+月\d+日$/);
    expect(entry.actorLabel).toBe('社区工作者');

    // The unit's queue and view: its dispatch, the request, its moves.
    const queue = await call('GET', '/api/unit/requests', { token: t['demo-unit-water-1'] });
    expect(queue.status).toBe(200);
    const item = queue.body.items.find((i: any) => i.request.id === r.id);
    expect(item.dispatch).toMatchObject({ unitName: '自来水公司', role: 'lead', status: 'dispatched', note: '请尽快上门查看' });
    const view = await unitGet('demo-unit-water-1', r.id);
    expect(view.status).toBe(200);
    expect(own(view.body.unitActions)).toEqual(['acknowledge', 'reply', 'resolve', 'send_back']);
    expect(view.body.request.description).toBe('楼道里的自来水管破裂漏水了');
    // A unit told of the dispatch.
    const water = (await UserModel.findOne({ openid: 'demo-unit-water-1' }))!;
    expect(await MessageModel.countDocuments({ userId: water._id, requestId: r.id, kind: 'dispatched_to_unit' })).toBe(1);

    // Sign for it, then send it back: not ours.
    const ack = await unitAct('demo-unit-water-1', r.id, { action: 'acknowledge' });
    expect(ack.status).toBe(200);
    expect(ack.body.dispatch.status).toBe('acknowledged');
    expect(own(ack.body.unitActions)).toEqual(['reply', 'resolve', 'send_back']);
    const back = await unitAct('demo-unit-water-1', r.id, { action: 'send_back', reason: 'not_ours', note: '是楼内管道，属物业维修范围' });
    expect(back.status).toBe(200);
    expect(back.body.dispatch.status).toBe('sent_back');
    expect(own(back.body.unitActions)).toEqual([]);
    const record1 = (await DispatchModel.findById(back.body.dispatch.dispatchId).lean())!;
    expect(record1).toMatchObject({ status: 'sent_back', sentBack: 1, ackOnTime: 1 });

    // Staff see the send-back; the resident sees the community holds it again and why it came back.
    const staffView = await call('GET', `/api/requests/${r.id}`, { token: t['demo-staff-1'] });
    expect(staffView.body.sendBack).toMatchObject({ kind: 'unit', byName: '自来水公司', reason: 'not_ours', reasonLabel: '不属于本单位职责', note: '是楼内管道，属物业维修范围' });
    expect(staffView.body.actions).toEqual(expect.arrayContaining(['dispatch', 'reject_send_back']));
    const residentView = await call('GET', `/api/requests/${r.id}`, { token: t['demo-resident-1'] });
    expect(residentView.body.sendBack).toBeUndefined();
    expect(residentView.body.holder.kind).not.toBe('unit');
    expect(residentView.body.timeline.find((e: any) => e.type === 'sent_back').note).toBe('自来水公司退回：不属于本单位职责');

    // Re-dispatch to the property company; the water company still sees what it handled, with no moves left.
    const d2 = await dispatch(r.id, '阳光物业公司');
    expect(d2.status).toBe(200);
    expect(d2.body.holder).toMatchObject({ kind: 'unit', name: '阳光物业公司' });
    expect(d2.body.sendBack).toBeUndefined();
    expect(d2.body.handOffCount).toBe(3);
    expect(own((await unitGet('demo-unit-water-1', r.id)).body.unitActions)).toEqual([]);

    // 物业 resolves: the request resolves (the resident is asked to rate), its dispatch resolved.
    const resolved = await unitAct('demo-unit-wuye-1', r.id, { action: 'resolve', note: '已更换破裂的水管' });
    expect(resolved.status).toBe(200);
    expect(resolved.body.request.status).toBe('resolved');
    expect(resolved.body.dispatch.status).toBe('resolved');
    const doc = (await RequestModel.findById(r.id).lean())!;
    expect(doc.resolveBy.getTime()).toBe(before.resolveBy.getTime());
    expect(doc.timeline.at(-1)).toMatchObject({ type: 'resolve', actorRole: 'unit', note: '已更换破裂的水管' });
    const resident = (await UserModel.findOne({ openid: 'demo-resident-1' }))!;
    expect(await MessageModel.countDocuments({ userId: resident._id, requestId: r.id, title: '您的诉求已办结，请评价' })).toBe(1);

    // The community rates 物业's handling, once.
    const dispatchId = d2.body.dispatches.find((x: any) => x.unitName === '阳光物业公司').dispatchId;
    const afterResolve = await call('GET', `/api/requests/${r.id}`, { token: t['demo-staff-1'] });
    expect(afterResolve.body.actions).toContain('rate_unit');
    const rated = await act('demo-staff-1', r.id, { action: 'rate_unit', dispatchId, score: 4, note: '响应及时' });
    expect(rated.status).toBe(200);
    expect(rated.body.actions).not.toContain('rate_unit');
    expect(await DispatchModel.findById(dispatchId).lean()).toMatchObject({ rated: 1, ratingScore: 4, resolvedOnTime: 1, status: 'resolved' });
    const again = await act('demo-staff-1', r.id, { action: 'rate_unit', dispatchId, score: 5 });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('已评价过该单位的办理');

    // Audit: every dispatch, send-back and rating.
    const audits = await AuditModel.find({ 'target.requestId': r.id }).lean();
    const actions = audits.map((a) => `${a.action}:${(a.after as any)?.status ?? ''}`);
    expect(audits.filter((a) => a.action === 'requests.act').length).toBeGreaterThanOrEqual(3); // two dispatches and the rating
    expect(actions).toEqual(expect.arrayContaining(['requests.unitAct.send_back:in_progress', 'requests.unitAct.resolve:resolved', 'requests.unitAct.acknowledge:in_progress']));
    expect(await OperationModel.countDocuments({ kind: 'requests.dispatchMove', status: 'pending' })).toBe(0);
  });

  it('send-back by a person (a grid worker it was assigned to), 驳回退单 back to them, then their send-back answered by a dispatch', async () => {
    const r = await file();
    expect((await act('demo-staff-1', r.id, { action: 'accept' })).status).toBe(200);
    const grid = (await UserModel.findOne({ openid: 'demo-grid-1' }))!;
    const assigned = await act('demo-staff-1', r.id, { action: 'assign', assigneeId: grid._id.toHexString() });
    expect(assigned.body.holder).toMatchObject({ kind: 'person', name: '刘网格' });
    // The assignee's own deadlines from the assignment; the request's stay from the submission.
    expect(Date.parse(assigned.body.holder.resolveBy)).toBeGreaterThan(Date.now());
    expect(assigned.body.resolveBy).toBe(r.resolveBy);
    // Only the assignee is offered (and may make) the send-back.
    expect(assigned.body.actions).not.toContain('send_back');
    const gridView = await call('GET', `/api/requests/${r.id}`, { token: t['demo-grid-1'] });
    expect(gridView.body.actions).toContain('send_back');
    expect((await act('demo-staff-1', r.id, { action: 'send_back', reason: 'incomplete' })).status).toBe(403);
    // `other` needs words.
    expect((await act('demo-grid-1', r.id, { action: 'send_back', reason: 'other' })).status).toBe(400);
    const back = await act('demo-grid-1', r.id, { action: 'send_back', reason: 'incomplete', note: '没有写具体是哪一层' });
    expect(back.status).toBe(200);
    expect(back.body.assigneeId).toBeUndefined();
    expect(back.body.sendBack).toMatchObject({ kind: 'person', byName: '刘网格', reason: 'incomplete', note: '没有写具体是哪一层' });
    expect(back.body.timeline.at(-1)).toMatchObject({ type: 'sent_back', note: '网格员退回：信息不全' });
    expect((await RequestModel.findById(r.id).lean())!.sendBackCount).toBe(1);

    // Staff reject it: back to the grid worker, who is told.
    expect((await act('demo-staff-1', r.id, { action: 'reject_send_back' })).status).toBe(400); // words required
    const rejected = await act('demo-staff-1', r.id, { action: 'reject_send_back', note: '在3层，请上门查看' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.sendBack).toBeUndefined();
    expect(rejected.body.holder).toMatchObject({ kind: 'person', name: '刘网格' });
    expect(rejected.body.timeline.at(-1)).toMatchObject({ type: 'send_back_rejected', note: '退单未通过，仍由原办理人办理：在3层，请上门查看' });
    expect(await MessageModel.countDocuments({ userId: grid._id, requestId: r.id, kind: 'send_back_rejected' })).toBe(1);
    // Nothing pending any more: a second rejection is refused.
    const twice = await act('demo-staff-1', r.id, { action: 'reject_send_back', note: '再驳回' });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe('该诉求没有待处理的退单');

    // A person's send-back may also be answered by dispatching to a unit; the unit then holds it (not the person).
    await act('demo-grid-1', r.id, { action: 'send_back', reason: 'not_ours' });
    const d = await dispatch(r.id, '阳光物业公司');
    expect(d.status).toBe(200);
    expect(d.body.sendBack).toBeUndefined();
    expect(d.body.holder.kind).toBe('unit');
    expect(d.body.handOffCount).toBe(5); // assign, send back, 驳回, send back, dispatch
    expect((await call('GET', `/api/requests/${r.id}`, { token: t['demo-grid-1'] })).body.actions).not.toContain('send_back');
  });

  it('驳回退单 of a unit: the dispatch goes back to it with its deadlines; recall takes it back', async () => {
    const r = await file();
    const d = await dispatch(r.id, '自来水公司', { resolveDays: 5 });
    const dispatchId = d.body.dispatches[0].dispatchId;
    const resolveBy = (await DispatchModel.findById(dispatchId).lean())!.resolveBy;
    await unitAct('demo-unit-water-1', r.id, { action: 'send_back', reason: 'not_ours' });
    const rejected = await act('demo-staff-1', r.id, { action: 'reject_send_back', note: '主水管属于自来水公司维护' });
    expect(rejected.status).toBe(200);
    expect(rejected.body.dispatches[0]).toMatchObject({ dispatchId, status: 'dispatched' });
    expect(rejected.body.holder).toMatchObject({ kind: 'unit', name: '自来水公司', resolveBy: resolveBy.toISOString() });
    const record = (await DispatchModel.findById(dispatchId).lean())!;
    expect(record).toMatchObject({ status: 'dispatched', sentBack: 1 });
    expect(record.resolveBy).toEqual(resolveBy);
    const view = await unitGet('demo-unit-water-1', r.id);
    expect(own(view.body.unitActions)).toEqual(['acknowledge', 'reply', 'resolve', 'send_back']);
    expect(view.body.request.timeline.at(-1).note).toBe('退单未通过，仍由自来水公司办理：主水管属于自来水公司维护');

    // Staff recall the dispatch: the unit has nothing left to do, the community holds it again.
    const recalled = await act('demo-staff-1', r.id, { action: 'recall_dispatch', note: '改由社区协调' });
    expect(recalled.status).toBe(200);
    expect(recalled.body.dispatches[0].status).toBe('recalled');
    expect(recalled.body.holder.kind).toBe('grid');
    expect((await unitAct('demo-unit-water-1', r.id, { action: 'acknowledge' })).status).toBe(409);
    expect((await DispatchModel.findById(dispatchId).lean())!.status).toBe('recalled');
  });

  it('lead and helpers: helpers say done, only the lead resolves; the request resolves with the lead and ends the helpers', async () => {
    const r = await file();
    const d = await dispatch(r.id, '阳光物业公司', { helperUnitIds: [unit['自来水公司'], unit['街道城管执法队']] });
    expect(d.status).toBe(200);
    expect(d.body.holder).toMatchObject({ kind: 'unit', name: '阳光物业公司', helpers: ['自来水公司', '街道城管执法队'] });
    expect(d.body.timeline.at(-1).note).toMatch(/^已派发给阳光物业公司（主办）、自来水公司（协办）、街道城管执法队（协办）办理，时限/);
    // A unit not serving the community, or of another street, cannot be picked.
    const other = await dispatch(r.id, '滨江物业公司');
    expect(other.status).toBe(400);
    const helperView = await unitGet('demo-unit-water-1', r.id);
    expect(helperView.body.dispatch.role).toBe('helper');
    expect(own(helperView.body.unitActions)).toEqual(['acknowledge', 'reply', 'done', 'send_back']);
    const notLead = await unitAct('demo-unit-water-1', r.id, { action: 'resolve', note: '水已关' });
    expect(notLead.status).toBe(409);
    expect(notLead.body.error.message).toBe('只有主办单位可以办结诉求');
    const done = await unitAct('demo-unit-water-1', r.id, { action: 'done', note: '已关闭总阀' });
    expect(done.status).toBe(200);
    expect(done.body.dispatch.status).toBe('resolved');
    expect(done.body.request.status).toBe('in_progress');
    const resolved = await unitAct('demo-unit-wuye-1', r.id, { action: 'resolve', note: '已修好' });
    expect(resolved.body.request.status).toBe('resolved');
    expect(resolved.body.request.dispatches.map((x: any) => `${x.unitName}:${x.status}`)).toEqual(['阳光物业公司:resolved', '自来水公司:resolved', '街道城管执法队:closed']);
    const records = await DispatchModel.find({ requestId: r.id }).sort({ _id: 1 }).lean();
    expect(records.map((x) => `${x.unitName}:${x.status}`)).toEqual(['阳光物业公司:resolved', '自来水公司:resolved', '街道城管执法队:closed']);
    expect(own((await unitGet('demo-unit-chengguan-1', r.id)).body.unitActions)).toEqual([]);
  });

  it('a request that ends otherwise ends its dispatches (staff resolve it themselves)', async () => {
    const r = await file();
    await dispatch(r.id, '阳光物业公司');
    const resolved = await act('demo-staff-1', r.id, { action: 'resolve', note: '社区已协调处理' });
    expect(resolved.status).toBe(200);
    expect(resolved.body.dispatches[0].status).toBe('closed');
    expect((await DispatchModel.findOne({ requestId: r.id }).lean())!.status).toBe('closed');
    expect((await unitAct('demo-unit-wuye-1', r.id, { action: 'resolve', note: '晚了' })).status).toBe(409);
  });

  it('a unit sees only what was dispatched to it: another unit, a unit of another street, and the unit before dispatch get 404', async () => {
    const r = await file();
    expect((await unitGet('demo-unit-wuye-1', r.id)).status).toBe(404);
    await dispatch(r.id, '阳光物业公司');
    expect((await unitGet('demo-unit-wuye-1', r.id)).status).toBe(200);
    for (const who of ['demo-unit-water-1', 'river-unit-wuye-1', 'demo-resident-2', 'demo-staff-1']) {
      expect([who, (await unitGet(who, r.id)).status]).toEqual([who, 404]);
      expect([who, (await unitAct(who, r.id, { action: 'acknowledge' })).status]).toEqual([who, 404]);
    }
    // Nor through the community's endpoints: a unit member is no member of the community.
    expect((await call('GET', `/api/requests/${r.id}`, { token: t['demo-unit-wuye-1'], community: world.demoId })).status).toBe(404);
    // Their queues: the river unit's holds nothing of 示范社区; a non-member has none.
    const river = await call('GET', '/api/unit/requests', { token: t['river-unit-wuye-1'], query: { status: 'all' } });
    expect(river.status).toBe(200);
    expect(river.body.items.some((i: any) => i.request.id === r.id)).toBe(false);
    expect((await call('GET', '/api/unit/requests', { token: t['demo-resident-2'] })).status).toBe(403);
    // Asking for another unit's queue by id: 404.
    expect((await call('GET', '/api/unit/requests', { token: t['demo-unit-wuye-1'], query: { unitId: unit['自来水公司']! } })).status).toBe(404);
  });

  it("the filer's phone reaches a unit only where the filer agreed to be called; an anonymous filer's name never", async () => {
    const consenting = await file({ phoneConsent: true });
    const refusing = await file({ phoneConsent: false, anonymous: true }, 'demo-resident-2');
    for (const r of [consenting, refusing]) await dispatch(r.id, '阳光物业公司');
    const a = await unitGet('demo-unit-wuye-1', consenting.id);
    expect(a.body.request.contact).toEqual({ name: '张阿姨', phone: '13800000001' });
    expect(a.body.request.filerName).toBe('张阿姨');
    expect(a.body.request.household).toMatch(/1号楼 1单元 101/);
    const b = await unitGet('demo-unit-wuye-1', refusing.id);
    expect(b.body.request.contact).toBeUndefined();
    expect(b.body.request.filerName).toBeUndefined();
    expect(b.raw).not.toMatch(/13800000002|李师傅/);
    // Internal notes of the community are not the unit's.
    await act('demo-staff-1', consenting.id, { action: 'reply', body: '内部备注：该户曾多次投诉', audience: 'internal' });
    expect((await unitGet('demo-unit-wuye-1', consenting.id)).raw).not.toMatch(/内部备注/);
  });

  it('督办: more hand-offs than the community allows flags it to street staff once, with a notice', async () => {
    const r = await file();
    const street = (await UserModel.findOne({ openid: 'demo-street-1' }))!;
    await dispatch(r.id, '自来水公司'); // 1
    await unitAct('demo-unit-water-1', r.id, { action: 'send_back', reason: 'not_ours' }); // 2
    await dispatch(r.id, '街道城管执法队'); // 3
    expect((await RequestModel.findById(r.id).lean())!.supervisedAt).toBeUndefined();
    await unitAct('demo-unit-chengguan-1', r.id, { action: 'send_back', reason: 'not_ours' }); // 4 > 3
    const doc = (await RequestModel.findById(r.id).lean())!;
    expect(doc.handOffCount).toBe(4);
    expect(doc.supervisedAt).toBeDefined();
    expect(doc.timeline.at(-1)).toMatchObject({ type: 'supervised', note: '已转办4次，街道督办' });
    expect(await MessageModel.countDocuments({ userId: street._id, requestId: r.id, kind: 'supervised' })).toBe(1);
    await dispatch(r.id, '阳光物业公司'); // 5: flagged already
    expect(await MessageModel.countDocuments({ userId: street._id, requestId: r.id, kind: 'supervised' })).toBe(1);
    const staffView = await call('GET', `/api/requests/${r.id}`, { token: t['demo-staff-1'] });
    expect(staffView.body.supervisedAt).toBeDefined();
    expect((await call('GET', `/api/requests/${r.id}`, { token: t['demo-resident-1'] })).body.supervisedAt).toBeUndefined();
  });

  it('the deadline job: 督办 past the deadline, and the unit warned once of a 签收 due', async () => {
    const r = await file();
    const d = await dispatch(r.id, '阳光物业公司');
    const record = (await DispatchModel.findById(d.body.dispatches[0].dispatchId).lean())!;
    const wuye = (await UserModel.findOne({ openid: 'demo-unit-wuye-1' }))!;
    await runDeadlines(new Date(record.respondBy.getTime() - HOUR));
    await runDeadlines(new Date(record.respondBy.getTime() - HOUR / 2));
    expect(await MessageModel.countDocuments({ userId: wuye._id, requestId: r.id, kind: 'unit_respond_due' })).toBe(1);
    const past = new Date(Date.parse(r.resolveBy) + HOUR);
    await runDeadlines(past);
    const doc = (await RequestModel.findById(r.id).lean())!;
    expect(doc.supervisedAt).toEqual(past);
    expect(doc.resolveBy.toISOString()).toBe(r.resolveBy);
    await runDeadlines(new Date(past.getTime() + HOUR));
    expect((await RequestModel.findById(r.id).lean())!.timeline.filter((e) => e.type === 'supervised')).toHaveLength(1);
  });

  it('races: two staff dispatching at once (exactly one lands, the other 409 naming the unit)', async () => {
    const r = await file();
    const [a, b] = await Promise.all([dispatch(r.id, '阳光物业公司'), dispatch(r.id, '自来水公司', {}, 'demo-admin-1')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const lost = a.status === 409 ? a : b;
    expect(lost.body.error.message).toMatch(/^该诉求已派发给(阳光物业公司|自来水公司)办理$/);
    const doc = (await RequestModel.findById(r.id).lean())!;
    expect(doc.dispatches).toHaveLength(1);
    expect(doc.handOffCount).toBe(1);
    expect(await DispatchModel.countDocuments({ requestId: r.id })).toBe(1);
    expect(lost.body.error.message).toContain(doc.dispatches[0]!.unitName);
  });

  it('races: a send-back racing the lead’s resolution — exactly one lands, 三率 counters exact', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await file();
      await dispatch(r.id, '阳光物业公司');
      await unitAct('demo-unit-wuye-1', r.id, { action: 'acknowledge' });
      const [res, back] = await Promise.all([
        unitAct('demo-unit-wuye-1', r.id, { action: 'resolve', note: '已修好' }),
        unitAct('demo-unit-wuye-1', r.id, { action: 'send_back', reason: 'not_ours' }),
      ]);
      expect([res.status, back.status].sort()).toEqual([200, 409]);
      const doc = (await RequestModel.findById(r.id).lean())!;
      const record = (await DispatchModel.findOne({ requestId: r.id }).lean())!;
      if (res.status === 200) {
        expect([doc.status, doc.dispatches[0]!.status, record.status, doc.sendBackCount]).toEqual(['resolved', 'resolved', 'resolved', 0]);
      } else {
        expect([doc.status, doc.dispatches[0]!.status, record.status, doc.sendBackCount]).toEqual(['in_progress', 'sent_back', 'sent_back', 1]);
      }
    }
    expect((await rebuildRequestStats({ write: false })).differences).toEqual([]);
  });

  it('races: 签收 racing a recall — one lands', async () => {
    const r = await file();
    await dispatch(r.id, '阳光物业公司');
    const [ack, recall] = await Promise.all([unitAct('demo-unit-wuye-1', r.id, { action: 'acknowledge' }), act('demo-staff-1', r.id, { action: 'recall_dispatch' })]);
    const doc = (await RequestModel.findById(r.id).lean())!;
    const record = (await DispatchModel.findOne({ requestId: r.id }).lean())!;
    expect(record.status).toBe(doc.dispatches[0]!.status);
    if (recall.status === 200) expect(doc.dispatches[0]!.status).toBe('recalled');
    // 签收 first, then the recall (both land), or the recall first (签收 refused).
    if (ack.status === 409) expect(doc.dispatches[0]!.status).toBe('recalled');
    expect(recall.status).toBe(200);
  });

  it('a move cut off between the request and the dispatch record is finished by the repair routine', async () => {
    const r = await file();
    const d = await dispatch(r.id, '阳光物业公司');
    const dispatchId = d.body.dispatches[0].dispatchId;
    // As if the process died after the request's write: the record still says dispatched, the operation pending.
    await unitAct('demo-unit-wuye-1', r.id, { action: 'acknowledge' });
    await DispatchModel.updateOne({ _id: dispatchId }, { $set: { status: 'dispatched' }, $unset: { acknowledgedAt: 1 } });
    const op = await OperationModel.findOne({ kind: 'requests.dispatchMove', 'payload.requestId': r.id, 'payload.move': 'acknowledge' }).lean();
    await OperationModel.updateOne({ _id: op!._id }, { $set: { status: 'pending', createdAt: new Date(Date.now() - 5 * 60_000) } });
    const before = (await RequestModel.findById(r.id).lean())!;
    await repairPending();
    const after = (await RequestModel.findById(r.id).lean())!;
    expect(after.timeline.length).toBe(before.timeline.length); // the request's step is not written twice
    expect((await DispatchModel.findById(dispatchId).lean())!.status).toBe('acknowledged');
    expect((await OperationModel.findById(op!._id).lean())!.status).toBe('applied');
  });

  it('Open311 names the unit holding the request and the request’s own deadline, never a person', async () => {
    const r = await file();
    await dispatch(r.id, '阳光物业公司');
    const o = await call('GET', `/open311/v2/requests/${r.id}.json`, { query: { jurisdiction_id: 'demo', api_key: 'demo-open311-key' } });
    expect(o.status).toBe(200);
    expect(o.body[0]).toMatchObject({ agency_responsible: '阳光物业公司', expected_datetime: r.resolveBy });
    await unitAct('demo-unit-wuye-1', r.id, { action: 'send_back', reason: 'not_ours' });
    const back = await call('GET', `/open311/v2/requests/${r.id}.json`, { query: { jurisdiction_id: 'demo', api_key: 'demo-open311-key' } });
    expect(back.body[0].agency_responsible).toBe('示范社区 第一网格');
  });

  describe('unit callers matrix (unit side)', () => {
    //                      unitMember(lead) otherUnit riverUnit streetStaff resident
    const MATRIX: Record<string, (number | 'ok')[]> = {
      'requests.unitList': ['ok', 'ok', 'ok', 403, 403],
      'requests.unitGet': ['ok', 404, 404, 404, 404],
      'requests.unitAct': ['ok', 404, 404, 404, 404],
    };
    const WHO = ['demo-unit-wuye-1', 'demo-unit-water-1', 'river-unit-wuye-1', 'demo-street-1', 'demo-resident-1'];
    it.each(Object.keys(MATRIX))('%s', async (id) => {
      const r = await file();
      await dispatch(r.id, '阳光物业公司');
      const seen: (number | 'ok')[] = [];
      for (const who of WHO) {
        const res =
          id === 'requests.unitList'
            ? await call('GET', '/api/unit/requests', { token: t[who] })
            : id === 'requests.unitGet'
              ? await unitGet(who, r.id)
              : await unitAct(who, r.id, { action: 'reply', body: '矩阵回复' });
        seen.push(res.status === 200 ? 'ok' : res.status);
      }
      expect(seen).toEqual(MATRIX[id]);
    });
  });
});
