import { Types } from 'mongoose';
import { upsertMember } from '../src/admin/platform';
import { MessageModel } from '../src/messages/message.model';
import { OperationModel, repairPending, startOperation } from '../src/lib/operations';
import {
  BallotModel,
  ConsultationModel,
  ElectorModel,
  ParticipationModel,
} from '../src/consultations/consultation.model';
import { castVote } from '../src/consultations/voting';
import { runConsultationJobs } from '../src/consultations/jobs';
import { resetConfig } from '../src/lib/config';
import { call, signIn } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// 议事协商 against the real handlers on the embedded database: lifecycle, eligibility, the secret ballot with
// receipts, concurrency (one vote per resident or household), quorum, automatic close and crash recovery.

describe('consultations', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  const ids = ['demo-resident-1', 'demo-resident-2', 'demo-resident-3', 'demo-volunteer-1', 'demo-grid-1', 'demo-staff-1', 'demo-admin-1', 'river-admin-1', 'river-resident-1'];
  beforeAll(async () => {
    world = await seededWorld();
    for (const id of ids) t[id] = await world.token(id);
  });

  const propose = (token: string, body: Record<string, unknown> = {}) =>
    call('POST', '/api/consultations', { token, body: { title: '小区增设电动自行车充电桩', body: '楼道里充电太危险，建议在2号楼旁空地增设充电桩，统一管理。', scope: { level: 'community' }, ...body } });
  const get = (token: string, id: string) => call('GET', `/api/consultations/${id}`, { token });
  const act = (token: string, id: string, body: Record<string, unknown>) => call('POST', `/api/consultations/${id}/actions`, { token, body });
  const support = (token: string, id: string) => call('POST', `/api/consultations/${id}/supports`, { token });
  const vote = (token: string, id: string, optionIds: string[]) => call('POST', `/api/consultations/${id}/votes`, { token, body: { optionIds } });
  const setThreshold = (n: number | null) => call('PATCH', '/api/community/settings', { token: t['demo-admin-1'], body: { consultationSupportThreshold: n } });

  /** A topic created by staff straight into voting, with the given voting fields. */
  async function votingTopic(extra: Record<string, unknown> = {}) {
    const r = await propose(t['demo-staff-1']!, { title: '是否同意更换小区物业公司', stage: 'voting', votingEndsAt: new Date(Date.now() + 86_400_000).toISOString(), ...extra });
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('voting');
    return r.body;
  }

  describe('proposals and 附议', () => {
    it('a resident proposes: collecting, with the default threshold (smaller of 10 and 5% of households, at most half of who may support)', async () => {
      const r = await propose(t['demo-resident-1']!);
      expect(r.status).toBe(201);
      // 示范社区 has 120 + 96 + 150 + 80 = 446 households → 5% = 23 → 10; but only 3 residents besides the author
      // may support → at most half of them, rounded down → 1 (issue 15; consultation-threshold.test.ts).
      expect(r.body).toMatchObject({ status: 'collecting', supportCount: 0, supportThreshold: 1, byStaff: false, authorName: '张阿姨', scope: { level: 'community', id: world.demoId, name: '示范社区' } });
      expect(r.body.viewer).toMatchObject({ isAuthor: true, canSupport: false, canEdit: true });
      expect(Date.parse(r.body.collectUntil) - Date.parse(r.body.createdAt)).toBeCloseTo(14 * 86_400_000, -4);
      // A building topic: 5% of 3号楼's 150 households = 7.5 → 8, but nobody besides the author lives there → 1.
      const b = await propose(t['demo-resident-3']!, { scope: { level: 'building', id: world.building('3号楼') } });
      expect(b.body.supportThreshold).toBe(1);
    });

    it('refuses voting fields from residents (403), scopes they do not live in (403), unknown scopes (400)', async () => {
      expect((await propose(t['demo-resident-1']!, { options: [{ label: '是' }, { label: '否' }] })).status).toBe(403);
      expect((await propose(t['demo-resident-1']!, { scope: { level: 'building', id: world.building('3号楼') } })).status).toBe(403);
      const bad = await propose(t['demo-resident-1']!, { scope: { level: 'grid', id: new Types.ObjectId().toHexString() } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.details[0].path).toBe('scope.id');
      // A grid worker without a household does not live anywhere in the community.
      expect((await propose(t['demo-grid-1']!)).status).toBe(403);
    });

    it('refuses pending residents (403) and people of another community (404)', async () => {
      const { token } = await signIn('pending-proposer');
      await call('POST', '/api/memberships', { token, body: { communityId: world.demoId, name: '等审核', buildingId: world.building('1号楼'), unit: '1', room: '1' } });
      expect((await propose(token)).status).toBe(403);
      const r = await call('POST', '/api/consultations', { token: t['river-resident-1'], community: world.demoId, body: { title: '外社区的提案', body: '这是一个外社区居民的提案内容。', scope: { level: 'community' } } });
      expect(r.status).toBe(404);
    });

    it('content security: risky → 400 CONTENT_REJECTED; review → held, seen by author and staff only, staff approve', async () => {
      const risky = await propose(t['demo-resident-1']!, { body: '这里有违禁内容，请大家看看这个提案。' });
      expect(risky.status).toBe(400);
      expect(risky.body.error.code).toBe('CONTENT_REJECTED');
      const held = await propose(t['demo-resident-1']!, { title: '待审的提案标题', body: '这个提案的内容需要人工审核一下。' });
      expect(held.body).toMatchObject({ status: 'proposed', contentStatus: 'review' });
      expect((await get(t['demo-resident-2']!, held.body.id)).status).toBe(404);
      expect((await get(t['demo-resident-1']!, held.body.id)).status).toBe(200);
      const staffList = await call('GET', '/api/consultations', { token: t['demo-staff-1'], query: { stage: 'held' } });
      expect(staffList.body.items.map((c: any) => c.id)).toContain(held.body.id);
      const othersList = await call('GET', '/api/consultations', { token: t['demo-resident-2'] });
      expect(othersList.body.items.map((c: any) => c.id)).not.toContain(held.body.id);
      expect((await act(t['demo-resident-1']!, held.body.id, { action: 'approve' })).status).toBe(403);
      const approved = await act(t['demo-staff-1']!, held.body.id, { action: 'approve' });
      expect(approved.body).toMatchObject({ status: 'collecting', contentStatus: 'pass' });
      expect((await get(t['demo-resident-2']!, held.body.id)).status).toBe(200);
    });

    it('supports: not the author, once per resident (409), text locked after the first; threshold → review', async () => {
      expect((await setThreshold(2)).status).toBe(200);
      const p = (await propose(t['demo-resident-1']!)).body;
      expect(p.supportThreshold).toBe(2);
      const edited = await call('PATCH', `/api/consultations/${p.id}`, { token: t['demo-resident-1'], body: { title: '小区增设电动车充电桩（修改）' } });
      expect(edited.status).toBe(200);
      expect(edited.body.title).toBe('小区增设电动车充电桩（修改）');
      expect((await call('PATCH', `/api/consultations/${p.id}`, { token: t['demo-resident-2'], body: { title: '别人改的标题' } })).status).toBe(403);

      expect((await support(t['demo-resident-1']!, p.id)).status).toBe(403);
      const s1 = await support(t['demo-resident-2']!, p.id);
      expect(s1.status).toBe(201);
      expect(s1.body).toMatchObject({ supportCount: 1, status: 'collecting', viewer: { supported: true, canSupport: false } });
      expect((await support(t['demo-resident-2']!, p.id)).status).toBe(409);
      const locked = await call('PATCH', `/api/consultations/${p.id}`, { token: t['demo-resident-1'], body: { title: '有人附议后再改' } });
      expect(locked.status).toBe(409);
      const s2 = await support(t['demo-resident-3']!, p.id);
      expect(s2.body).toMatchObject({ supportCount: 2, status: 'review' });
      // Past the threshold the topic waits for staff: no more supports.
      expect((await support(t['demo-volunteer-1']!, p.id)).status).toBe(409);
      const author = await MessageModel.find({ consultationId: new Types.ObjectId(p.id), kind: 'consultation_threshold_reached' });
      expect(author).toHaveLength(1);
      await setThreshold(null);
    });

    it('concurrent supports count each resident once and never drift', async () => {
      await setThreshold(50);
      const p = (await propose(t['demo-resident-1']!)).body;
      const results = await Promise.all([
        ...['demo-resident-2', 'demo-resident-3', 'demo-volunteer-1'].flatMap((id) => [support(t[id]!, p.id), support(t[id]!, p.id)]),
      ]);
      expect(results.filter((r) => r.status === 201)).toHaveLength(3);
      expect(results.filter((r) => r.status === 409)).toHaveLength(3);
      expect((await get(t['demo-staff-1']!, p.id)).body.supportCount).toBe(3);
      await setThreshold(null);
    });

    it('only residents of the scope support a building topic', async () => {
      const p = (await propose(t['demo-resident-3']!, { scope: { level: 'building', id: world.building('3号楼') } })).body;
      expect((await support(t['demo-resident-1']!, p.id)).status).toBe(403);
      expect((await get(t['demo-resident-1']!, p.id)).body.viewer).toMatchObject({ inScope: false, canSupport: false, canComment: false });
    });

    it('lapses after 14 days without enough supports (job), and reject / merge end a proposal', async () => {
      const p = (await propose(t['demo-resident-1']!)).body;
      await ConsultationModel.updateOne({ _id: p.id }, { $set: { collectUntil: new Date(Date.now() - 1000) } });
      const report = await runConsultationJobs();
      expect(report.lapsed).toBeGreaterThanOrEqual(1);
      expect((await get(t['demo-resident-1']!, p.id)).body.status).toBe('lapsed');
      expect((await support(t['demo-resident-2']!, p.id)).status).toBe(409);

      const a = (await propose(t['demo-resident-1']!)).body;
      const rejected = await act(t['demo-staff-1']!, a.id, { action: 'reject', reason: '属于物业公司职责，已转交物业' });
      expect(rejected.body).toMatchObject({ status: 'rejected', reason: '属于物业公司职责，已转交物业' });
      expect((await act(t['demo-staff-1']!, a.id, { action: 'approve' })).status).toBe(409);

      const b = (await propose(t['demo-resident-1']!)).body;
      const c = (await propose(t['demo-resident-2']!, { title: '增设充电桩的另一个提案' })).body;
      const merged = await act(t['demo-staff-1']!, c.id, { action: 'merge', targetId: b.id, reason: '内容相同' });
      expect(merged.body).toMatchObject({ status: 'merged', mergedInto: b.id });
      expect((await get(t['demo-staff-1']!, b.id)).body.timeline.map((e: any) => e.type)).toContain('merged_in');
    });
  });

  describe('comments', () => {
    it('for / against / neutral with one level of replies, reports, staff hiding with a reason', async () => {
      const p = (await propose(t['demo-resident-1']!)).body;
      const c1 = await call('POST', `/api/consultations/${p.id}/comments`, { token: t['demo-resident-2'], body: { body: '支持，楼道充电太危险了', stance: 'for' } });
      expect(c1.status).toBe(201);
      const c2 = await call('POST', `/api/consultations/${p.id}/comments`, { token: t['demo-resident-3'], body: { body: '反对，占用绿地不好', stance: 'against' } });
      const reply = await call('POST', `/api/consultations/${p.id}/comments`, { token: t['demo-resident-1'], body: { body: '可以选在停车场角落', stance: 'neutral', parentId: c2.body.id } });
      expect(reply.body.parentId).toBe(c2.body.id);
      // Replying to a reply stays in the same thread: one level only.
      const deeper = await call('POST', `/api/consultations/${p.id}/comments`, { token: t['demo-resident-3'], body: { body: '停车场角落可以接受', stance: 'for', parentId: reply.body.id } });
      expect(deeper.body.parentId).toBe(c2.body.id);
      // Staff without a household may comment (answers from the community); a resident of another building topic may not.
      expect((await call('POST', `/api/consultations/${p.id}/comments`, { token: t['demo-staff-1'], body: { body: '社区会先征求物业意见', stance: 'neutral' } })).body.byStaff).toBe(true);

      const reported = await call('POST', `/api/consultations/${p.id}/comments/${c2.body.id}/reports`, { token: t['demo-resident-2'] });
      expect(reported.body.reportedByMe).toBe(true);
      expect((await call('POST', `/api/consultations/${p.id}/comments/${c2.body.id}/reports`, { token: t['demo-resident-3'] })).status).toBe(400);
      expect((await call('POST', `/api/consultations/${p.id}/comments/${c2.body.id}/moderation`, { token: t['demo-resident-2'], body: { action: 'hide', reason: '不喜欢' } })).status).toBe(403);
      const hidden = await call('POST', `/api/consultations/${p.id}/comments/${c2.body.id}/moderation`, { token: t['demo-staff-1'], body: { action: 'hide', reason: '含有不实信息' } });
      expect(hidden.body).toMatchObject({ hidden: { reason: '含有不实信息' }, reportCount: 1 });
      expect(hidden.body.body).toBeUndefined();

      const list = await call('GET', `/api/consultations/${p.id}/comments`, { token: t['demo-resident-2'] });
      const seen = list.body.items.find((c: any) => c.id === c2.body.id);
      expect(seen).toMatchObject({ hidden: { reason: '含有不实信息' } });
      expect(seen.body).toBeUndefined();
      expect(seen.reportCount).toBeUndefined(); // report counts are for staff
      const topic = (await get(t['demo-resident-2']!, p.id)).body;
      // Top-level comments by stance, without the hidden one: the hidden 反对 no longer counts.
      expect(topic.commentCounts).toEqual({ for: 1, against: 0, neutral: 1 });
    });

    it('held comments are seen by their author and staff until approved; risky ones are refused', async () => {
      const p = (await propose(t['demo-resident-1']!)).body;
      const held = await call('POST', `/api/consultations/${p.id}/comments`, { token: t['demo-resident-2'], body: { body: '这条评论待审核', stance: 'for' } });
      expect(held.body.pendingReview).toBe(true);
      const ids = async (token: string) => (await call('GET', `/api/consultations/${p.id}/comments`, { token })).body.items.map((c: any) => c.id);
      expect(await ids(t['demo-resident-3']!)).not.toContain(held.body.id);
      expect(await ids(t['demo-resident-2']!)).toContain(held.body.id);
      await call('POST', `/api/consultations/${p.id}/comments/${held.body.id}/moderation`, { token: t['demo-staff-1'], body: { action: 'approve' } });
      expect(await ids(t['demo-resident-3']!)).toContain(held.body.id);
      const risky = await call('POST', `/api/consultations/${p.id}/comments`, { token: t['demo-resident-2'], body: { body: '违禁评论内容', stance: 'for' } });
      expect(risky.body.error.code).toBe('CONTENT_REJECTED');
    });
  });

  describe('voting', () => {
    it('staff approve and open voting: the eligible list is frozen, votes are counted only after close', async () => {
      await setThreshold(1);
      const p = (await propose(t['demo-resident-1']!)).body;
      await support(t['demo-resident-2']!, p.id);
      expect((await vote(t['demo-resident-1']!, p.id, [new Types.ObjectId().toHexString()])).status).toBe(409); // not open yet
      const approved = await act(t['demo-staff-1']!, p.id, { action: 'approve' });
      expect(approved.body.status).toBe('discussion');
      const opened = await act(t['demo-staff-1']!, p.id, { action: 'open_voting', votingEndsAt: new Date(Date.now() + 3 * 86_400_000).toISOString() });
      expect(opened.status).toBe(200);
      // Defaults: 同意 / 不同意 / 弃权, one person one vote; 4 residents live in 示范社区.
      expect(opened.body).toMatchObject({ status: 'voting', voteRule: 'per_resident', maxChoices: 1, eligible: 4, turnout: 0 });
      expect(opened.body.options.map((o: any) => o.label)).toEqual(['同意', '不同意', '弃权']);
      expect(opened.body.results).toBeUndefined();
      // Everyone in scope gets one in-app message that voting opened.
      const notices = await MessageModel.find({ consultationId: new Types.ObjectId(p.id), kind: 'consultation_voting_open' });
      expect(notices).toHaveLength(4);

      const [agree, disagree] = opened.body.options.map((o: any) => o.id);
      // Someone who moves in after voting opened is not on the frozen list.
      await upsertMember('demo', { openid: 'late-resident', name: '新住户', roles: ['resident'], building: '4号楼', unit: '2', room: '201' });
      const late = (await signIn('late-resident')).token;
      const lateVote = await vote(late, p.id, [agree]);
      expect(lateVote.status).toBe(403);
      expect(lateVote.body.error.message).toContain('投票开始后');
      expect((await vote(t['demo-staff-1']!, p.id, [agree])).status).toBe(403); // no household here
      const wrong = await vote(t['demo-resident-1']!, p.id, [new Types.ObjectId().toHexString()]);
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.details[0]).toMatchObject({ path: 'optionIds', message: '选项不属于该议题' });
      expect((await vote(t['demo-resident-1']!, p.id, [agree, disagree])).status).toBe(400);

      const r1 = await vote(t['demo-resident-1']!, p.id, [agree]);
      expect(r1.status).toBe(201);
      expect(r1.body.receipt).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/);
      expect((await vote(t['demo-resident-1']!, p.id, [disagree])).status).toBe(409); // cannot change or repeat
      const r2 = await vote(t['demo-resident-2']!, p.id, [disagree]);
      const r3 = await vote(t['demo-resident-3']!, p.id, [agree]);
      const during = (await get(t['demo-resident-1']!, p.id)).body;
      expect(during).toMatchObject({ turnout: 3, viewer: { voted: true, canVote: false } });
      expect(during.results).toBeUndefined(); // nobody sees how it is going

      expect((await act(t['demo-resident-1']!, p.id, { action: 'close_voting' })).status).toBe(403);
      const closed = await act(t['demo-staff-1']!, p.id, { action: 'close_voting' });
      expect(closed.body.status).toBe('decided');
      expect(closed.body.results).toMatchObject({
        tallies: [
          { optionId: agree, count: 2 },
          { optionId: disagree, count: 1 },
          { optionId: opened.body.options[2].id, count: 0 },
        ],
        turnout: 3,
        eligible: 4,
        quorumMet: true,
      });
      expect(closed.body.results.receipts[agree].sort()).toEqual([r1.body.receipt, r3.body.receipt].sort());
      expect(closed.body.results.receipts[disagree]).toEqual([r2.body.receipt]);
      expect((await vote(t['demo-volunteer-1']!, p.id, [agree])).status).toBe(409); // after close
      // Results go to everyone living in scope now: the 4, and the resident who moved in meanwhile.
      expect(await MessageModel.countDocuments({ consultationId: new Types.ObjectId(p.id), kind: 'consultation_results' })).toBe(5);
      // Closing twice is refused and publishes nothing more.
      expect((await act(t['demo-staff-1']!, p.id, { action: 'close_voting' })).status).toBe(409);
      expect(await MessageModel.countDocuments({ consultationId: new Types.ObjectId(p.id), kind: 'consultation_results' })).toBe(5);

      // Follow-through: progress updates, then done.
      const upd = await act(t['demo-staff-1']!, p.id, { action: 'post_update', note: '已联系供电公司勘察场地', progress: 30 });
      expect(upd.body).toMatchObject({ status: 'implementing', progress: 30 });
      expect(upd.body.updates[0]).toMatchObject({ note: '已联系供电公司勘察场地', progress: 30, authorName: '陈社工' });
      const done = await act(t['demo-staff-1']!, p.id, { action: 'complete', note: '充电桩已安装投用' });
      expect(done.body).toMatchObject({ status: 'done', progress: 100 });
      await setThreshold(null);
    });

    it('the ballot is secret: no record links a voter to a choice, and the pending record forgets it', async () => {
      const topic = await votingTopic();
      const r = await vote(t['demo-resident-2']!, topic.id, [topic.options[1].id]);
      expect(r.status).toBe(201);
      const ballots = await BallotModel.find({ consultationId: new Types.ObjectId(topic.id) }).lean();
      expect(ballots).toHaveLength(1);
      expect(Object.keys(ballots[0]!).sort()).toEqual(['_id', 'consultationId', 'optionIds', 'receipt']);
      const uid = (await signIn('demo-resident-2')).user.id;
      expect(JSON.stringify(ballots)).not.toContain(uid);
      const participation = await ParticipationModel.findById(`${topic.id}:${uid}`).lean();
      expect(participation).toBeTruthy();
      expect(JSON.stringify(participation)).not.toContain(topic.options[1].id);
      expect(JSON.stringify(participation)).not.toContain(r.body.receipt);
      const op = await OperationModel.findById(participation!.opId).lean();
      expect(op).toMatchObject({ status: 'applied', payload: {} });
      // Staff see counts, never who voted what.
      const staffView = (await get(t['demo-staff-1']!, topic.id)).body;
      expect(JSON.stringify(staffView)).not.toContain(r.body.receipt);
    });

    it('50 concurrent voters, each submitting twice: exactly one vote each, exact tallies, receipts match counts', async () => {
      const voters: string[] = [];
      for (let i = 0; i < 50; i++) {
        const openid = `voter-${i}`;
        await upsertMember('demo', { openid, name: `居民${i}`, roles: ['resident'], building: ['1号楼', '2号楼', '3号楼', '4号楼'][i % 4]!, unit: '9', room: String(900 + i) });
        voters.push((await signIn(openid)).token);
      }
      const topic = await votingTopic({ title: '楼顶加装太阳能路灯方案', options: [{ label: '方案一' }, { label: '方案二' }, { label: '方案三' }] });
      expect(topic.eligible).toBeGreaterThanOrEqual(54);
      const choice = (i: number) => topic.options[i % 3 === 0 ? 0 : i % 3 === 1 ? 1 : 2].id as string;
      const submissions = voters.flatMap((token, i) => [vote(token, topic.id, [choice(i)]), vote(token, topic.id, [choice(i + 1)])]);
      const answers = await Promise.all(submissions);
      const receipts = new Map<string, string>(); // receipt → option
      for (let i = 0; i < voters.length; i++) {
        const pair = [answers[2 * i]!, answers[2 * i + 1]!];
        expect(pair.map((a) => a.status).sort()).toEqual([201, 409]);
        const ok = pair.find((a) => a.status === 201)!;
        receipts.set(ok.body.receipt, ok.body.optionIds[0]);
      }
      expect(receipts.size).toBe(50);
      const closed = (await act(t['demo-staff-1']!, topic.id, { action: 'close_voting' })).body;
      const expected = new Map<string, number>();
      for (const option of receipts.values()) expected.set(option, (expected.get(option) ?? 0) + 1);
      for (const tally of closed.results.tallies) {
        expect(tally.count).toBe(expected.get(tally.optionId) ?? 0);
        expect(closed.results.receipts[tally.optionId]).toHaveLength(tally.count);
        for (const receipt of closed.results.receipts[tally.optionId]) expect(receipts.get(receipt)).toBe(tally.optionId);
      }
      expect(closed.results.turnout).toBe(50);
      expect(await ParticipationModel.countDocuments({ consultationId: new Types.ObjectId(topic.id) })).toBe(50);
      expect(await BallotModel.countDocuments({ consultationId: new Types.ObjectId(topic.id) })).toBe(50);
    });

    it('per household: the first vote of a household counts, the second resident gets 409; eligible counts households', async () => {
      await upsertMember('demo', { openid: 'spouse-1', name: '张阿姨的老伴', roles: ['resident'], building: '1号楼', unit: '1', room: '101' });
      const spouse = (await signIn('spouse-1')).token;
      const topic = await votingTopic({ title: '单元门禁改造（每户一票）', voteRule: 'per_household' });
      const electors = await ElectorModel.find({ consultationId: new Types.ObjectId(topic.id) }).lean();
      expect(topic.eligible).toBe(new Set(electors.map((e) => e.ballotKey)).size);
      expect(topic.eligible).toBeLessThan(electors.length);
      const [a, b] = await Promise.all([vote(t['demo-resident-1']!, topic.id, [topic.options[0].id]), vote(spouse, topic.id, [topic.options[1].id])]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const refused = a.status === 409 ? a : b;
      expect(refused.body.error.message).toBe('您家已经投过票了');
      expect((await get(spouse, topic.id)).body.viewer).toMatchObject({ voted: true, canVote: false });
    });

    it('multiple choice up to maxChoices; quorum not met marks the vote not valid', async () => {
      const topic = await votingTopic({ title: '社区活动室开放时间（可多选）', options: [{ label: '早上' }, { label: '下午' }, { label: '晚上' }], maxChoices: 2, quorum: 0.9 });
      expect((await vote(t['demo-resident-1']!, topic.id, [topic.options[0].id, topic.options[1].id, topic.options[2].id])).status).toBe(400);
      expect((await vote(t['demo-resident-1']!, topic.id, [topic.options[0].id, topic.options[2].id])).status).toBe(201);
      const closed = (await act(t['demo-staff-1']!, topic.id, { action: 'close_voting' })).body;
      expect(closed.results.turnout).toBe(1);
      expect(closed.results.quorumMet).toBe(false);
      expect(closed.results.tallies.map((x: any) => x.count)).toEqual([1, 0, 1]);
    });

    it('closes by itself at votingEndsAt: the job, or the first read after the end', async () => {
      const a = await votingTopic({ title: '自动结束的投票A' });
      await vote(t['demo-resident-1']!, a.id, [a.options[0].id]);
      await ConsultationModel.updateOne({ _id: a.id }, { $set: { votingEndsAt: new Date(Date.now() - 1000) } });
      const report = await runConsultationJobs();
      expect(report.closed).toBeGreaterThanOrEqual(1);
      expect((await vote(t['demo-resident-2']!, a.id, [a.options[0].id])).status).toBe(409);
      const after = (await get(t['demo-resident-1']!, a.id)).body;
      expect(after).toMatchObject({ status: 'decided', results: { turnout: 1 } });
      expect(after.timeline.map((e: any) => e.type)).toContain('voting_closed');

      const b = await votingTopic({ title: '自动结束的投票B' });
      await ConsultationModel.updateOne({ _id: b.id }, { $set: { votingEndsAt: new Date(Date.now() - 1000) } });
      const read = (await get(t['demo-resident-3']!, b.id)).body;
      expect(read).toMatchObject({ status: 'decided', results: { turnout: 0, eligible: b.eligible } });
    });

    it('a crash between the two records loses no ballot: repair finishes it, and closing waits for ballots in flight', async () => {
      const topic = await votingTopic({ title: '断电恢复测试投票' });
      const uid = (await signIn('demo-resident-3')).user.id;
      // A vote whose Lambda died right after writing its pending record.
      const op = await startOperation(castVote, { consultationId: topic.id, participationId: `${topic.id}:${uid}`, optionIds: [topic.options[0].id], receipt: 'TEST-CRSH-01' });
      const report = await repairPending(0);
      expect(report.finished).toBeGreaterThanOrEqual(1);
      expect(await BallotModel.exists({ _id: `${topic.id}:TEST-CRSH-01` })).toBeTruthy();
      expect((await vote(t['demo-resident-3']!, topic.id, [topic.options[1].id])).status).toBe(409); // not blocked, not twice
      expect((await OperationModel.findById(op._id).lean())!.payload).toEqual({});

      // Another died after entering the ballot box: closing finishes it before counting.
      const uid2 = (await signIn('demo-resident-2')).user.id;
      const op2 = await startOperation(castVote, { consultationId: topic.id, participationId: `${topic.id}:${uid2}`, optionIds: [topic.options[1].id], receipt: 'TEST-CRSH-02' });
      await ConsultationModel.updateOne({ _id: topic.id }, { $push: { openBallots: op2._id } });
      const closed = (await act(t['demo-staff-1']!, topic.id, { action: 'close_voting' })).body;
      expect(closed.results.turnout).toBe(2);
      expect(closed.results.receipts[topic.options[1].id]).toEqual(['TEST-CRSH-02']);
      expect((await ConsultationModel.findById(topic.id).lean())!.openBallots).toEqual([]);
    });

    it('a ballot that arrives after the box closed is refused and leaves nothing behind', async () => {
      const topic = await votingTopic({ title: '关闭后到达的投票' });
      await act(t['demo-staff-1']!, topic.id, { action: 'close_voting' });
      const uid = (await signIn('demo-resident-1')).user.id;
      const op = await startOperation(castVote, { consultationId: topic.id, participationId: `${topic.id}:${uid}`, optionIds: [topic.options[0].id], receipt: 'TEST-LATE-01' });
      await repairPending(0);
      expect((await OperationModel.findById(op._id).lean())).toMatchObject({ status: 'failed', reason: 'closed', payload: {} });
      expect(await BallotModel.exists({ _id: `${topic.id}:TEST-LATE-01` })).toBeNull();
      expect(await ParticipationModel.exists({ _id: `${topic.id}:${uid}` })).toBeNull();
    });

    it('votes racing the close: every acknowledged ballot is in the results, nothing after', async () => {
      const voters: string[] = [];
      for (let i = 0; i < 12; i++) voters.push((await signIn(`voter-${i}`)).token);
      const topic = await votingTopic({ title: '投票与结束同时发生' });
      const votes = voters.map((token, i) => vote(token, topic.id, [topic.options[i % 2].id]));
      const close = act(t['demo-staff-1']!, topic.id, { action: 'close_voting' });
      const answers = await Promise.all(votes);
      const closed = (await close).body;
      const accepted = answers.filter((a) => a.status === 201);
      expect(accepted.length + answers.filter((a) => a.status === 409).length).toBe(voters.length);
      expect(closed.results.turnout).toBe(accepted.length);
      const published = Object.values(closed.results.receipts as Record<string, string[]>).flat();
      expect(published.sort()).toEqual(accepted.map((a) => a.body.receipt).sort());
      expect(await BallotModel.countDocuments({ consultationId: new Types.ObjectId(topic.id) })).toBe(accepted.length);
    });

    it('WeChat reminders: one message per stage to residents who granted on the topic, however often they tapped', async () => {
      process.env.WECHAT_TEMPLATE_CONSULTATION = 'tmpl-consult-001';
      resetConfig();
      try {
        const created = await propose(t['demo-staff-1']!, { title: '提醒测试议题' });
        const id = created.body.id;
        // Three taps (提醒我, 评论, another 提醒我) by resident 1, one by resident 2.
        for (const token of [t['demo-resident-1'], t['demo-resident-1'], t['demo-resident-1'], t['demo-resident-2']])
          expect((await call('POST', '/api/subscriptions', { token, body: { grants: [{ template: 'consultation', consultationId: id }] } })).status).toBe(201);
        const sends = () => (globalThis.wechatEmulator.calls as { api: string; body: any }[]).filter((c) => c.api === 'cgi-bin/message/subscribe/send' && c.body?.template_id === 'tmpl-consult-001');
        const before = sends().length;
        await act(t['demo-staff-1']!, id, { action: 'open_voting' });
        const opened = sends().slice(before);
        expect(opened.map((c) => c.body.touser).sort()).toEqual(['demo-resident-1', 'demo-resident-2']);
        expect(opened[0]!.body.page).toBe(`consult/pages/detail/index?id=${id}`);
        await act(t['demo-staff-1']!, id, { action: 'close_voting' });
        // Resident 2 used their only grant; resident 1 had two more, one is used for the results.
        expect(sends().slice(before + 2).map((c) => c.body.touser)).toEqual(['demo-resident-1']);
        // The in-app message list has one notice per stage for everyone in scope.
        const mine = await call('GET', '/api/messages', { token: t['demo-resident-3'] });
        expect(mine.body.items.filter((m: any) => m.consultationId === id).map((m: any) => m.kind).sort()).toEqual(['consultation_results', 'consultation_voting_open']);
      } finally {
        delete process.env.WECHAT_TEMPLATE_CONSULTATION;
        resetConfig();
      }
    });

    it('staff open voting once even when two open it at the same moment', async () => {
      const created = await propose(t['demo-staff-1']!, { title: '两人同时开启投票' });
      expect(created.body.status).toBe('discussion');
      const [a, b] = await Promise.all([
        act(t['demo-staff-1']!, created.body.id, { action: 'open_voting' }),
        act(t['demo-admin-1']!, created.body.id, { action: 'open_voting' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      expect(await MessageModel.countDocuments({ consultationId: new Types.ObjectId(created.body.id), kind: 'consultation_voting_open' })).toBe(
        (await get(t['demo-staff-1']!, created.body.id)).body.eligible,
      );
    });
  });

  describe('lists', () => {
    it('filters by stage, status and scope; pages with a cursor; other communities see nothing', async () => {
      const active = await call('GET', '/api/consultations', { token: t['demo-resident-1'], query: { stage: 'active', limit: '3' } });
      expect(active.status).toBe(200);
      expect(active.body.items).toHaveLength(3);
      expect(active.body.items.every((c: any) => ['collecting', 'review', 'discussion', 'voting'].includes(c.status))).toBe(true);
      const next = await call('GET', '/api/consultations', { token: t['demo-resident-1'], query: { stage: 'active', limit: '3', cursor: active.body.nextCursor } });
      expect(next.body.items[0].id < active.body.items[2].id).toBe(true);
      const building = await call('GET', '/api/consultations', { token: t['demo-resident-1'], query: { scope: `building:${world.building('3号楼')}` } });
      expect(building.body.items.length).toBeGreaterThan(0);
      expect(building.body.items.every((c: any) => c.scope.level === 'building' && c.scope.name === '3号楼')).toBe(true);
      const decided = await call('GET', '/api/consultations', { token: t['demo-resident-1'], query: { status: 'decided' } });
      expect(decided.body.items.every((c: any) => c.status === 'decided')).toBe(true);
      expect((await call('GET', '/api/consultations', { token: t['demo-resident-1'], query: { scope: 'street:1' } })).status).toBe(400);
      const river = await call('GET', '/api/consultations', { token: t['river-admin-1'] });
      expect(river.body.items).toEqual([]);
    });
  });
});
