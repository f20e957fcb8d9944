import { Types } from 'mongoose';
import { RequestModel } from '../src/requests/request.model';
import { MessageModel } from '../src/messages/message.model';
import { AuditModel } from '../src/lib/audit';
import { rebuildRequestStats } from '../src/requests/request-stats';
import { DispatchModel } from '../src/requests/dispatch.model';
import { UnitModel } from '../src/units/unit.model';
import { OperationModel } from '../src/lib/operations';
import { call, signIn } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// 延期申请 end to end through the real handlers: who asks (the holder), who decides (the dispatcher's side; a second
// extension only the street), what moves (the request's resolveBy, 延期率), who hears of it, what each one sees.
describe('requests/extensions 延期申请', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const WHO = ['demo-resident-1', 'demo-resident-2', 'demo-grid-1', 'demo-staff-1', 'demo-admin-1', 'demo-street-1', 'demo-unit-wuye-1', 'demo-unit-water-1'];

  beforeAll(async () => {
    world = await seededWorld();
    for (const who of WHO) {
      const s = await signIn(who);
      t[who] = s.token;
      ids[who] = s.user.id;
    }
  });

  const file = async () => (await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'facility', description: '楼道灯坏了好几天了' } })).body.id as string;
  const act = (id: string, who: string, body: Record<string, unknown>) => call('POST', `/api/requests/${id}/actions`, { token: t[who], body });
  const view = (id: string, who: string, community?: string) => call('GET', `/api/requests/${id}`, { token: t[who], community });
  const later = (iso: string, days: number) => new Date(new Date(iso).getTime() + days * 86_400_000).toISOString();

  /** A request held by the grid worker (accepted by staff, assigned to them). */
  async function heldByGridWorker() {
    const id = await file();
    expect((await act(id, 'demo-staff-1', { action: 'accept' })).status).toBe(200);
    const assigned = await act(id, 'demo-staff-1', { action: 'assign', assigneeId: ids['demo-grid-1'] });
    expect(assigned.status).toBe(200);
    return { id, resolveBy: assigned.body.resolveBy as string };
  }

  it('the holder asks, staff approve: the deadline moves, the extension counts, each side hears of it', async () => {
    const { id, resolveBy } = await heldByGridWorker();
    const asGrid = await view(id, 'demo-grid-1');
    expect(asGrid.body.actions).toContain('request_extension');
    expect((await view(id, 'demo-staff-1')).body.actions).not.toContain('request_extension'); // not the holder
    const proposed = later(resolveBy, 5);
    const asked = await act(id, 'demo-grid-1', { action: 'request_extension', reason: '需要等厂家配件到货', proposedResolveBy: proposed });
    expect(asked.status).toBe(200);
    expect(asked.body.extension).toMatchObject({ status: 'requested', reason: '需要等厂家配件到货', requesterKind: 'person', proposedResolveBy: proposed });
    expect(asked.body.resolveBy).toBe(resolveBy); // nothing moves until approved
    expect(asked.body.actions).not.toContain('request_extension'); // one at a time
    // The resident sees nothing of a pending extension: not the field, not the reason on the timeline.
    const resident = (await view(id, 'demo-resident-1')).body;
    expect(resident.extension).toBeUndefined();
    expect(JSON.stringify(resident)).not.toContain('厂家配件');
    expect(resident.timeline.find((e: any) => e.type === 'extension_requested').note).toBeUndefined();
    // Staff are told, and decide.
    expect(await MessageModel.countDocuments({ userId: new Types.ObjectId(ids['demo-staff-1']), kind: 'extension_requested', requestId: new Types.ObjectId(id) })).toBe(1);
    const staffView = (await view(id, 'demo-staff-1')).body;
    expect(staffView.actions).toContain('decide_extension');
    const approved = await act(id, 'demo-staff-1', { action: 'decide_extension', approve: true, note: '同意，尽快完成' });
    expect(approved.status).toBe(200);
    expect(approved.body.resolveBy).toBe(proposed);
    expect(approved.body.extensionCount).toBe(1);
    expect(approved.body.extension).toMatchObject({ status: 'approved', decisionNote: '同意，尽快完成' });
    // 谁在办: the person's own deadline is not left before the time granted.
    expect(approved.body.holder.kind).toBe('person');
    expect(new Date(approved.body.holder.resolveBy ?? proposed).getTime()).toBeGreaterThanOrEqual(new Date(proposed).getTime());
    // The requester and the resident hear of it; the resident sees the approval and the new deadline only.
    expect(await MessageModel.countDocuments({ userId: new Types.ObjectId(ids['demo-grid-1']), kind: 'extension_approved', requestId: new Types.ObjectId(id) })).toBe(1);
    expect(await MessageModel.countDocuments({ userId: new Types.ObjectId(ids['demo-resident-1']), kind: 'extension_approved', requestId: new Types.ObjectId(id) })).toBe(1);
    const after = (await view(id, 'demo-resident-1')).body;
    expect(after.extension).toEqual({ status: 'approved', proposedResolveBy: proposed, decidedAt: expect.any(String) });
    expect(after.resolveBy).toBe(proposed);
    expect(after.timeline.find((e: any) => e.type === 'extension_approved').note).toMatch(/^已批准延期，办理时限延至\d+月\d+日$/);
    expect(JSON.stringify(after)).not.toContain('尽快完成');
    // Audited: the decision with the extension before and after.
    const audit = await AuditModel.find({ action: 'requests.act', 'target.requestId': id }).sort({ _id: 1 }).lean();
    const decision = audit.find((a) => (a.after as any)?.extension?.status === 'approved');
    expect(decision).toBeDefined();
    expect((decision!.before as any).extension.status).toBe('requested');
    expect(audit.some((a) => (a.after as any)?.extension?.status === 'requested')).toBe(true);
  });

  it('refuses: nothing moves, the requester hears, the resident sees nothing', async () => {
    const { id, resolveBy } = await heldByGridWorker();
    await act(id, 'demo-grid-1', { action: 'request_extension', reason: '人手不够', proposedResolveBy: later(resolveBy, 2) });
    const refused = await act(id, 'demo-admin-1', { action: 'decide_extension', approve: false, note: '请按时办结' });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ resolveBy, extensionCount: 0, extension: { status: 'refused' } });
    expect(await MessageModel.countDocuments({ userId: new Types.ObjectId(ids['demo-grid-1']), kind: 'extension_refused' })).toBe(1);
    expect((await view(id, 'demo-resident-1')).body.extension).toBeUndefined();
    // Refused, the holder may ask again.
    expect((await view(id, 'demo-grid-1')).body.actions).toContain('request_extension');
  });

  it('permits asking to the holder only and deciding to the dispatcher side, never one’s own', async () => {
    const { id, resolveBy } = await heldByGridWorker();
    const body = { action: 'request_extension', reason: '需要协调', proposedResolveBy: later(resolveBy, 3) };
    expect((await act(id, 'demo-resident-1', body)).status).toBe(403);
    expect((await act(id, 'demo-staff-1', body)).status).toBe(403); // staff, but not holding it
    expect((await act(id, 'demo-resident-2', body)).status).toBe(404); // not theirs to see
    expect((await act(id, 'demo-grid-1', body)).status).toBe(200);
    expect((await act(id, 'demo-grid-1', { action: 'decide_extension', approve: true })).status).toBe(403);
    expect((await act(id, 'demo-resident-1', { action: 'decide_extension', approve: true })).status).toBe(403);
    // Staff holding a request (they accepted it) may ask, and may not approve their own.
    const own = await file();
    const accepted = await act(own, 'demo-staff-1', { action: 'accept' });
    expect((await act(own, 'demo-staff-1', { ...body, proposedResolveBy: later(accepted.body.resolveBy, 3) })).status).toBe(200);
    const self = await act(own, 'demo-staff-1', { action: 'decide_extension', approve: true });
    expect(self.status).toBe(403);
    expect(self.body.error.message).toBe('不能审批自己提出的延期申请');
    expect((await act(own, 'demo-admin-1', { action: 'decide_extension', approve: true })).status).toBe(200);
  });

  it('validates the date and refuses a second request while one waits, or on a request nobody holds', async () => {
    const { id, resolveBy } = await heldByGridWorker();
    const early = await act(id, 'demo-grid-1', { action: 'request_extension', reason: '需要协调', proposedResolveBy: later(resolveBy, -1) });
    expect(early.status).toBe(400);
    expect(JSON.stringify(early.body)).toContain('须晚于当前办结时限');
    expect((await act(id, 'demo-grid-1', { action: 'request_extension', reason: '需要协调', proposedResolveBy: later(resolveBy, 61) })).status).toBe(400);
    expect((await act(id, 'demo-grid-1', { action: 'request_extension', reason: '需', proposedResolveBy: later(resolveBy, 1) })).status).toBe(400);
    expect((await act(id, 'demo-grid-1', { action: 'request_extension', reason: '需要协调', proposedResolveBy: later(resolveBy, 1) })).status).toBe(200);
    const again = await act(id, 'demo-grid-1', { action: 'request_extension', reason: '需要协调', proposedResolveBy: later(resolveBy, 2) });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('已有延期申请等待审批');
    // Resolved while pending: nothing left to decide.
    await act(id, 'demo-grid-1', { action: 'resolve', note: '已修好' });
    expect((await act(id, 'demo-staff-1', { action: 'decide_extension', approve: true })).status).toBe(409);
  });

  it('a second extension needs the street: staff are refused, street staff are told, see it and decide', async () => {
    const { id, resolveBy } = await heldByGridWorker();
    await act(id, 'demo-grid-1', { action: 'request_extension', reason: '配件缺货', proposedResolveBy: later(resolveBy, 3) });
    expect((await act(id, 'demo-staff-1', { action: 'decide_extension', approve: true })).status).toBe(200);
    // Before the second request the street does not see this community-level request.
    expect((await view(id, 'demo-street-1', world.demoId)).status).toBe(404);
    const second = await act(id, 'demo-grid-1', { action: 'request_extension', reason: '配件仍未到货', proposedResolveBy: later(resolveBy, 10) });
    expect(second.status).toBe(200);
    expect(second.body.extension.needsStreet).toBe(true);
    const refused = await act(id, 'demo-staff-1', { action: 'decide_extension', approve: true });
    expect(refused.status).toBe(403);
    expect((await view(id, 'demo-staff-1')).body.actions).not.toContain('decide_extension');
    expect(await MessageModel.countDocuments({ userId: new Types.ObjectId(ids['demo-street-1']), kind: 'extension_requested', requestId: new Types.ObjectId(id) })).toBe(1);
    const street = await view(id, 'demo-street-1', world.demoId);
    expect(street.status).toBe(200);
    expect(street.body.actions).toContain('decide_extension');
    const approved = await call('POST', `/api/requests/${id}/actions`, { token: t['demo-street-1'], community: world.demoId, body: { action: 'decide_extension', approve: true, note: '街道同意' } });
    expect(approved.status).toBe(200);
    expect(approved.body.resolveBy).toBe(later(resolveBy, 10));
    expect((await RequestModel.findById(id).lean())!.extensionCount).toBe(2);
    expect((await view(id, 'demo-staff-1')).body).toMatchObject({ extensionCount: 2, extension: { status: 'approved', decisionNote: '街道同意' } });
    // Decided, the request is the community's again.
    expect((await view(id, 'demo-street-1', world.demoId)).status).toBe(404);
  });

  it('two approvals at once: one lands, the other is refused; the extension counts once', async () => {
    const { id, resolveBy } = await heldByGridWorker();
    await act(id, 'demo-grid-1', { action: 'request_extension', reason: '等待物业配合', proposedResolveBy: later(resolveBy, 4) });
    const [a, b] = await Promise.all([act(id, 'demo-staff-1', { action: 'decide_extension', approve: true }), act(id, 'demo-admin-1', { action: 'decide_extension', approve: true })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const doc = await RequestModel.findById(id).lean();
    expect(doc!.extensionCount).toBe(1);
    expect(doc!.resolveBy.toISOString()).toBe(later(resolveBy, 4));
    expect(doc!.timeline.filter((e) => e.type === 'extension_approved')).toHaveLength(1);
  });

  it('the lead unit asks on the unit side; approval moves its dispatch’s own deadline too (a pending operation)', async () => {
    const units = Object.fromEntries((await UnitModel.find({}).lean()).map((u) => [u.name, u._id.toHexString()]));
    const id = await file();
    const dispatched = await act(id, 'demo-staff-1', { action: 'dispatch', leadUnitId: units['阳光物业公司'], helperUnitIds: [units['自来水公司']], resolveDays: 3 });
    expect(dispatched.status).toBe(200);
    const resolveBy = dispatched.body.resolveBy as string;
    const unitAct = (who: string, body: Record<string, unknown>) => call('POST', `/api/unit/requests/${id}/actions`, { token: t[who], body });
    // The unit is offered it; a helper unit is not the holder.
    expect((await call('GET', `/api/unit/requests/${id}`, { token: t['demo-unit-wuye-1'] })).body.unitActions).toContain('request_extension');
    const body = { action: 'request_extension', reason: '管道需整段更换，材料需订购', proposedResolveBy: later(resolveBy, 7) };
    expect((await unitAct('demo-unit-water-1', body)).status).toBe(403);
    // Staff, not holding it while the unit does, may not ask for it.
    expect((await act(id, 'demo-staff-1', body)).status).toBe(403);
    const asked = await unitAct('demo-unit-wuye-1', body);
    expect(asked.status).toBe(200);
    expect(asked.body.request.extension).toMatchObject({ status: 'requested', requesterKind: 'unit', requesterName: '阳光物业公司' });
    expect(asked.body.unitActions).not.toContain('request_extension');
    const lead = (await DispatchModel.findOne({ requestId: new Types.ObjectId(id), role: 'lead' }).lean())!;
    const ownDeadline = lead.resolveBy.toISOString();
    // Staff approve: the request's deadline and the lead dispatch's own deadline both move; the operation is settled.
    const approved = await act(id, 'demo-staff-1', { action: 'decide_extension', approve: true });
    expect(approved.status).toBe(200);
    expect(approved.body.resolveBy).toBe(later(resolveBy, 7));
    const moved = (await DispatchModel.findById(lead._id).lean())!;
    expect(moved.resolveBy.toISOString()).toBe(later(resolveBy, 7));
    expect(ownDeadline).not.toBe(later(resolveBy, 7));
    expect(moved.extensions).toBe(1);
    expect(moved.extended).toBe(1);
    // 谁在办 shows the unit's own deadline moved too (the request's summary of the dispatch, as everyone reads it).
    expect(approved.body.holder).toMatchObject({ kind: 'unit', resolveBy: later(resolveBy, 7) });
    const op = await OperationModel.findOne({ kind: 'request-extension-dispatch', 'payload.requestId': id }).lean();
    expect(op?.status).toBe('applied');
    // The unit's member hears of the decision, and sees it on the unit side.
    expect(await MessageModel.countDocuments({ kind: 'extension_approved', requestId: new Types.ObjectId(id), title: { $regex: '^延期申请已批准' } })).toBe(1);
    expect((await call('GET', `/api/unit/requests/${id}`, { token: t['demo-unit-wuye-1'] })).body.request.extension).toMatchObject({ status: 'approved' });
  });

  it('counts 延期率: requests with at least one approved extension ÷ eligible, the counters exact', async () => {
    const stats = (await call('GET', '/api/stats/requests', { token: t['demo-staff-1'] })).body;
    const extended = await RequestModel.countDocuments({ communityId: new Types.ObjectId(world.demoId), extensionCount: { $gte: 1 }, source: 'resident' });
    expect(extended).toBe(5); // the approvals above (the second extension counts its request once)
    expect(stats.counts.extended).toBe(extended);
    expect(stats.extensionRate).toBeCloseTo(extended / stats.counts.eligible);
    expect((await rebuildRequestStats({ write: false })).differences).toEqual([]);
  });
});
