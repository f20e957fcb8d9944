import { Types } from 'mongoose';
import { upsertMember } from '../src/admin/platform';
import { CommunityModel } from '../src/communities/community.model';
import { repairPending } from '../src/lib/operations';
import { MessageModel } from '../src/messages/message.model';
import { DispatchModel } from '../src/requests/dispatch.model';
import { runDeadlines } from '../src/requests/deadlines';
import { RequestModel } from '../src/requests/request.model';
import { UnitMemberModel, UnitModel } from '../src/units/unit.model';
import { CaseModel, type CaseDoc } from '../src/mediation/case.model';
import { finishResolveRequest, startResolveRequest } from '../src/mediation/request-link';
import { UserModel } from '../src/auth/user.model';
import { LedgerEntryModel } from '../src/volunteers/volunteer.model';
import '../src/system/repair';
import { call, signIn } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// 吹哨报到, the three gaps after the first cut: a unit inbox for notices its people (members of no community) could
// not read; the dispatch records of a request that ended otherwise, finished by repair after a crash; and 随手拍有奖
// decided when the lead unit resolves. Against the real handlers and the embedded database.
describe('requests/dispatch gaps (单位消息, crash safety, 随手拍有奖)', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  const unit: Record<string, string> = {};
  let n = 0;
  beforeAll(async () => {
    world = await seededWorld();
    for (const id of ['demo-resident-1', 'demo-staff-1', 'demo-admin-1', 'demo-unit-wuye-1', 'demo-unit-water-1']) t[id] = await world.token(id);
    for (const u of await UnitModel.find({}).lean()) unit[u.name] = u._id.toHexString();
  });

  const file = async (token = t['demo-resident-1']!, body: Record<string, unknown> = {}) => {
    const r = await call('POST', '/api/requests', { token, body: { category: 'facility', description: `楼道里的自来水管漏水了${++n}`, location: { buildingId: world.building('1号楼') }, ...body } });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  const act = (who: string, id: string, body: Record<string, unknown>) => call('POST', `/api/requests/${id}/actions`, { token: t[who], body });
  const unitAct = (who: string, id: string, body: Record<string, unknown>) => call('POST', `/api/unit/requests/${id}/actions`, { token: t[who], body });
  const dispatch = (id: string, lead: string, extra: Record<string, unknown> = {}) => act('demo-staff-1', id, { action: 'dispatch', leadUnitId: unit[lead], ...extra });
  const inbox = (who: string, query?: Record<string, string>) => call('GET', '/api/unit/messages', { token: t[who], query });

  describe('单位消息: the unit inbox', () => {
    it('a unit member of no community reads the notices of a dispatch, a recall and a 驳回退单 across communities, and marks them read', async () => {
      const water = (await UserModel.findOne({ openid: 'demo-unit-water-1' }).lean())!;
      // The unit's person is of no community: the community-scoped message list is not theirs.
      expect((await call('GET', '/api/messages', { token: t['demo-unit-water-1'], community: world.demoId })).status).not.toBe(200);
      await call('POST', '/api/unit/messages/read', { token: t['demo-unit-water-1'], body: {} });

      const id = await file();
      expect((await dispatch(id, '自来水公司', { helperUnitIds: [unit['阳光物业公司']] })).status).toBe(200);
      const first = await inbox('demo-unit-water-1');
      expect(first.status).toBe(200);
      const notice = first.body.items.find((m: any) => m.requestId === id);
      expect(notice).toMatchObject({ kind: 'dispatched_to_unit', unitId: unit['自来水公司'], unitName: '自来水公司', communityId: world.demoId, read: false });
      expect(notice.title).toMatch(/^新派单：请及时签收/);
      expect(first.body.unread).toBe(1);
      // The helper unit's person has their own notice, naming their unit; neither reads the other's.
      const wuye = await inbox('demo-unit-wuye-1');
      expect(wuye.body.items.find((m: any) => m.requestId === id)).toMatchObject({ unitName: '阳光物业公司' });
      expect(wuye.body.items.every((m: any) => m.id !== notice.id)).toBe(true);

      // Sent back, then the send-back rejected (驳回退单): told to the unit's people.
      expect((await unitAct('demo-unit-water-1', id, { action: 'send_back', reason: 'incomplete', note: '缺少具体楼层' })).status).toBe(200);
      expect((await act('demo-staff-1', id, { action: 'reject_send_back', note: '在3楼，请上门' })).status).toBe(200);
      // Recalled: told too.
      expect((await act('demo-staff-1', id, { action: 'recall_dispatch' })).status).toBe(200);
      const after = await inbox('demo-unit-water-1');
      const kinds = after.body.items.filter((m: any) => m.requestId === id).map((m: any) => m.kind);
      expect(kinds).toEqual(['dispatch_recalled', 'send_back_rejected', 'dispatched_to_unit']);
      expect(after.body.items.find((m: any) => m.kind === 'send_back_rejected').title).toBe('退单被驳回，请继续办理：在3楼，请上门');
      expect(after.body.unread).toBe(3);
      // Paging by cursor, newest first.
      const page1 = await inbox('demo-unit-water-1', { limit: '2' });
      expect(page1.body.items).toHaveLength(2);
      const page2 = await inbox('demo-unit-water-1', { limit: '2', cursor: page1.body.nextCursor });
      expect(page2.body.items[0].kind).toBe('dispatched_to_unit');

      // Marking one read, then all.
      const one = await call('POST', '/api/unit/messages/read', { token: t['demo-unit-water-1'], body: { ids: [notice.id] } });
      expect(one.body).toEqual({ unread: 2 });
      expect((await inbox('demo-unit-water-1')).body.items.find((m: any) => m.id === notice.id).read).toBe(true);
      expect((await call('POST', '/api/unit/messages/read', { token: t['demo-unit-water-1'], body: {} })).body).toEqual({ unread: 0 });
      // Another person's messages are not marked by them.
      expect((await inbox('demo-unit-wuye-1')).body.unread).toBeGreaterThan(0);
      expect(await MessageModel.countDocuments({ userId: water._id, requestId: id, unitId: { $exists: true } })).toBe(3);
    });

    it('the 签收 reminder of the deadline job is in the unit inbox', async () => {
      const id = await file();
      const d = await dispatch(id, '自来水公司');
      expect(d.status).toBe(200);
      const record = (await DispatchModel.findOne({ requestId: id }).lean())!;
      await runDeadlines(new Date(record.respondBy.getTime() + 60_000));
      const due = (await inbox('demo-unit-water-1')).body.items.find((m: any) => m.requestId === id && m.kind === 'unit_respond_due');
      expect(due).toMatchObject({ unitName: '自来水公司', title: '派单已超过签收时限，请立即签收', read: false });
    });

    it('someone of no unit is refused (403); someone who left a unit no longer reads its notices', async () => {
      const none = await call('GET', '/api/unit/messages', { token: t['demo-resident-1'] });
      expect(none.status).toBe(403);
      expect(none.body.error.message).toBe('您还不是任何单位的工作人员');
      expect((await call('POST', '/api/unit/messages/read', { token: t['demo-resident-1'], body: {} })).status).toBe(403);

      const water = (await UserModel.findOne({ openid: 'demo-unit-water-1' }).lean())!;
      await UnitMemberModel.updateOne({ userId: water._id, unitId: unit['自来水公司'] }, { $set: { active: false } });
      try {
        expect((await inbox('demo-unit-water-1')).status).toBe(403);
      } finally {
        await UnitMemberModel.updateOne({ userId: water._id, unitId: unit['自来水公司'] }, { $set: { active: true } });
      }
    });
  });

  describe('crash safety: a request ending otherwise closes its dispatch records', () => {
    it('staff resolving a dispatched request close its records in the second write and leave no flag', async () => {
      const id = await file();
      expect((await dispatch(id, '自来水公司', { helperUnitIds: [unit['阳光物业公司']] })).status).toBe(200);
      expect((await unitAct('demo-unit-water-1', id, { action: 'acknowledge' })).status).toBe(200);
      const done = await act('demo-staff-1', id, { action: 'resolve', note: '社区已直接处理' });
      expect(done.status).toBe(200);
      expect(done.body.dispatches.map((d: any) => d.status)).toEqual(['closed', 'closed']);
      expect((await DispatchModel.find({ requestId: id }).lean()).map((d) => d.status)).toEqual(['closed', 'closed']);
      expect((await RequestModel.findById(id).lean())!.dispatchesDirty).toBeUndefined();
    });

    it('a crash after the request’s write (records still active, the flag set) is finished by repair; a record the request still has active is left', async () => {
      const id = await file();
      expect((await dispatch(id, '自来水公司', { helperUnitIds: [unit['阳光物业公司']] })).status).toBe(200);
      expect((await unitAct('demo-unit-water-1', id, { action: 'acknowledge' })).status).toBe(200);
      // The ending write as move() makes it (rejected by staff: the lead's entry closed, the flag set), and then
      // the process dies: the records' write never happens. The helper's entry is left active on purpose: repair
      // closes what the request says was closed, nothing else.
      const before = (await RequestModel.findById(id).lean())!;
      const past = new Date(Date.now() - 120_000);
      await RequestModel.collection.updateOne(
        { _id: before._id },
        { $set: { status: 'rejected', 'dispatches.0.status': 'closed', dispatchesDirty: true, updatedAt: past }, $inc: { rev: 1 } },
      );
      const stale = await DispatchModel.find({ requestId: id }).sort({ _id: 1 }).lean();
      expect(stale.map((d) => [d.role, d.status])).toEqual([['lead', 'acknowledged'], ['helper', 'dispatched']]);

      const report = await repairPending();
      expect(report.swept['closed-dispatches']).toBeGreaterThanOrEqual(1);
      const records = await DispatchModel.find({ requestId: id }).sort({ _id: 1 }).lean();
      expect(records.map((d) => [d.role, d.status])).toEqual([['lead', 'closed'], ['helper', 'dispatched']]);
      expect(records[0]!.rev).toBe(stale[0]!.rev + 1);
      expect((await RequestModel.findById(id).lean())!.dispatchesDirty).toBeUndefined();
      // A second run finds nothing to do.
      await repairPending();
      expect((await DispatchModel.findById(records[0]!._id).lean())!.rev).toBe(records[0]!.rev);
    });

    it('a request resolved by its mediation case (已转调解) closes its units’ dispatches too', async () => {
      const id = await file();
      expect((await dispatch(id, '自来水公司')).status).toBe(200);
      // A concluded case linked to the request (only what the resolution step reads of it), removed afterwards.
      const caseId = new Types.ObjectId();
      await CaseModel.collection.insertOne({ _id: caseId, status: 'ended' });
      try {
        await RequestModel.collection.updateOne({ _id: new Types.ObjectId(id) }, { $set: { mediationCaseId: caseId } });
        const opId = await startResolveRequest({ _id: caseId, requestId: new Types.ObjectId(id) } as unknown as CaseDoc, new Types.ObjectId(), ['staff']);
        await finishResolveRequest(opId);
        const r = (await RequestModel.findById(id).lean())!;
        expect(r.status).toBe('resolved');
        expect(r.dispatches.map((d) => d.status)).toEqual(['closed']);
        expect(r.dispatchesDirty).toBeUndefined();
        expect((await DispatchModel.findOne({ requestId: id }).lean())!.status).toBe('closed');
      } finally {
        await CaseModel.collection.deleteOne({ _id: caseId });
      }
    });

    it('a flag set by a write newer than the repair cutoff waits (the ending call may still be finishing it)', async () => {
      const id = await file();
      expect((await dispatch(id, '自来水公司')).status).toBe(200);
      const r = (await RequestModel.findById(id).lean())!;
      await RequestModel.collection.updateOne({ _id: r._id }, { $set: { status: 'rejected', 'dispatches.0.status': 'closed', dispatchesDirty: true, updatedAt: new Date() }, $inc: { rev: 1 } });
      await repairPending();
      expect((await DispatchModel.findOne({ requestId: id }).lean())!.status).toBe('dispatched');
      await repairPending(0, new Date(Date.now() + 1000));
      expect((await DispatchModel.findOne({ requestId: id }).lean())!.status).toBe('closed');
    });
  });

  describe('随手拍有奖 when the lead unit resolves', () => {
    const setRewards = (reportRewards: Record<string, unknown>) => call('PATCH', '/api/community/settings', { token: t['demo-admin-1'], body: { reportRewards } });
    async function reporter(label: string) {
      n++;
      const m = await upsertMember('demo', { openid: `dgap-${label}-${n}`, name: `居民${n}`, roles: ['resident'], building: '1号楼', unit: '2', room: String(500 + n) });
      return { token: (await signIn(`dgap-${label}-${n}`)).token, userId: m.userId };
    }
    afterAll(async () => {
      await CommunityModel.updateOne({ _id: world.demoId }, { $unset: { 'settings.reportRewards': 1 } });
    });

    it('with rewards on, a resident’s report resolved by the lead unit earns the points (valid by default), once', async () => {
      expect((await setRewards({ enabled: true, pointsPerReport: 10, monthlyCap: 100 })).status).toBe(200);
      const who = await reporter('on');
      const id = await file(who.token);
      expect((await dispatch(id, '自来水公司')).status).toBe(200);
      const done = await unitAct('demo-unit-water-1', id, { action: 'resolve', note: '已更换水管' });
      expect(done.status).toBe(200);
      expect(done.body.request.status).toBe('resolved');
      // The reporter's reward is theirs and the community's handlers' (request.visibility.ts): not the unit's view.
      expect(done.body.request.reward).toBeUndefined();
      const water = (await UserModel.findOne({ openid: 'demo-unit-water-1' }).lean())!;
      const stored = (await RequestModel.findById(id).lean())!;
      expect(stored.reward).toMatchObject({ status: 'credited', valid: true, points: 10 });
      expect(stored.reward!.decidedBy!.equals(water._id)).toBe(true);
      expect(await LedgerEntryModel.countDocuments({ key: `report_reward:${id}` })).toBe(1);
      // The filer sees it, and is told.
      expect((await call('GET', `/api/requests/${id}`, { token: who.token })).body.reward).toEqual({ status: 'credited', valid: true, points: 10 });
      expect(await MessageModel.countDocuments({ userId: who.userId, requestId: id, kind: 'report_reward' })).toBe(1);
      // Repair changes nothing afterwards.
      await repairPending(0, new Date(Date.now() + 1000));
      expect(await LedgerEntryModel.countDocuments({ key: `report_reward:${id}` })).toBe(1);
    });

    it('a reward the unit’s resolution left pending (the posting died, or its marking) is finished by repair, exactly once', async () => {
      expect((await setRewards({ enabled: true, pointsPerReport: 10, monthlyCap: 100 })).status).toBe(200);
      const who = await reporter('crash');
      const id = await file(who.token);
      expect((await dispatch(id, '自来水公司')).status).toBe(200);
      expect((await unitAct('demo-unit-water-1', id, { action: 'resolve', note: '已更换水管' })).status).toBe(200);
      // As if the process died before the reward's marking: pending again (the ledger key answers with the first posting).
      await RequestModel.collection.updateOne({ _id: new Types.ObjectId(id) }, { $set: { 'reward.status': 'pending', 'reward.points': 0, 'reward.decidedAt': new Date(Date.now() - 120_000) } });
      await repairPending();
      expect((await RequestModel.findById(id).lean())!.reward).toMatchObject({ status: 'credited', points: 10 });
      expect(await LedgerEntryModel.countDocuments({ key: `report_reward:${id}` })).toBe(1);
    });

    it('with rewards off (the default), the unit’s resolution decides nothing', async () => {
      expect((await setRewards({ enabled: false, pointsPerReport: 10, monthlyCap: 100 })).status).toBe(200);
      const who = await reporter('off');
      const id = await file(who.token);
      expect((await dispatch(id, '自来水公司')).status).toBe(200);
      const done = await unitAct('demo-unit-water-1', id, { action: 'resolve', note: '已更换水管' });
      expect(done.status).toBe(200);
      expect((await RequestModel.findById(id).lean())!.reward).toBeUndefined();
      expect(await LedgerEntryModel.countDocuments({ key: `report_reward:${id}` })).toBe(0);
    });
  });
});
