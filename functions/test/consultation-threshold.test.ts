import { Types } from 'mongoose';
import { upsertMember } from '../src/admin/platform';
import { MessageModel } from '../src/messages/message.model';
import { ConsultationModel } from '../src/consultations/consultation.model';
import { runConsultationJobs } from '../src/consultations/jobs';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// Issue 15, defect 2: topics could not reach their support threshold in a small community. The default came from
// household counts (示范社区: 446 households → 10) while only a handful of residents can support; lowering
// 议题附议人数 did not reach topics already collecting; staff could only merge or reject such a topic.

describe('consultation support threshold (issue 15, defect 2)', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  // The demo community as the issue found it: 9 approved residents with a household.
  const extra = ['neighbour-1', 'neighbour-2', 'neighbour-3', 'neighbour-4', 'neighbour-5'];
  const residents = ['demo-resident-1', 'demo-resident-2', 'demo-resident-3', 'demo-volunteer-1', ...extra];

  beforeAll(async () => {
    world = await seededWorld();
    for (const [i, openid] of extra.entries())
      await upsertMember('demo', { openid, name: `邻居${i + 1}`, roles: ['resident'], building: ['1号楼', '2号楼', '3号楼', '4号楼'][i % 4]!, unit: '5', room: String(501 + i) });
    for (const id of [...residents, 'demo-staff-1', 'demo-admin-1', 'demo-grid-1']) t[id] = await world.token(id);
  });
  afterEach(async () => {
    await setThreshold(null);
  });

  const propose = (token: string, title = '小区增设电动自行车充电桩', body: Record<string, unknown> = {}) =>
    call('POST', '/api/consultations', { token, body: { title, body: '楼道里充电太危险，建议在2号楼旁空地增设充电桩，统一管理。', scope: { level: 'community' }, ...body } });
  const get = (token: string, id: string) => call('GET', `/api/consultations/${id}`, { token });
  const act = (token: string, id: string, body: Record<string, unknown>) => call('POST', `/api/consultations/${id}/actions`, { token, body });
  const support = (token: string, id: string) => call('POST', `/api/consultations/${id}/supports`, { token });
  const setThreshold = (n: number | null) => call('PATCH', '/api/community/settings', { token: t['demo-admin-1'], body: { consultationSupportThreshold: n } });
  const events = (view: { timeline: { type: string; note?: string }[] }, type: string) => view.timeline.filter((e) => e.type === type);

  it("the demo community's default threshold is reachable by its eligible residents (9 residents → 4, not 10)", async () => {
    const p = await propose(t['demo-resident-1']!);
    expect(p.status).toBe(201);
    // 8 residents besides the author may support: at most half of them, 4.
    expect(p.body).toMatchObject({ status: 'collecting', supportThreshold: 4 });
    let last: any;
    for (const id of ['demo-resident-2', 'demo-resident-3', 'demo-volunteer-1', 'neighbour-1']) {
      last = await support(t[id]!, p.body.id);
      expect(last.status).toBe(201);
    }
    expect(last.body).toMatchObject({ supportCount: 4, status: 'review' });
    // A building topic: 3号楼 has 王同学 (the author) and 邻居3 → 1 eligible supporter → threshold 1.
    const b = await propose(t['demo-resident-3']!, '3号楼单元门禁维修', { scope: { level: 'building', id: world.building('3号楼') } });
    expect(b.body.supportThreshold).toBe(1);
  });

  it('lowering 议题附议人数 recounts topics still collecting (timeline entry) and moves one whose support already meets it', async () => {
    const a = (await propose(t['demo-resident-1']!, '东门车棚加装充电桩')).body;
    const b = (await propose(t['demo-resident-2']!, '楼道堆物集中清理')).body;
    expect(a.supportThreshold).toBe(4);
    await support(t['demo-resident-2']!, a.id);
    await support(t['demo-resident-3']!, a.id);
    await support(t['demo-resident-3']!, b.id);
    expect((await get(t['demo-resident-1']!, a.id)).body).toMatchObject({ status: 'collecting', supportCount: 2, supportThreshold: 4 });

    expect((await setThreshold(2)).status).toBe(200);
    // A: 2 supports meet the new 2 → recounted and sent to review, once.
    const av = (await get(t['demo-resident-1']!, a.id)).body;
    expect(av).toMatchObject({ status: 'review', supportCount: 2, supportThreshold: 2 });
    expect(events(av, 'threshold_changed')).toHaveLength(1);
    expect(events(av, 'threshold_changed')[0]!.note).toContain('4人调整为2人');
    expect(events(av, 'threshold_reached')).toHaveLength(1);
    expect(await MessageModel.countDocuments({ consultationId: new Types.ObjectId(a.id), kind: 'consultation_threshold_reached' })).toBe(1);
    // B: 1 of 2, still collecting, with the new threshold in the list too.
    const list = await call('GET', '/api/consultations', { token: t['demo-resident-3'] });
    const bv = list.body.items.find((x: any) => x.id === b.id);
    expect(bv).toMatchObject({ status: 'collecting', supportCount: 1, supportThreshold: 2 });
    expect(events(bv, 'threshold_changed')).toHaveLength(1);
    // Reading again changes nothing more.
    expect(events((await get(t['demo-resident-3']!, a.id)).body, 'threshold_changed')).toHaveLength(1);
    // The next support reaches it.
    expect((await support(t['demo-volunteer-1']!, b.id)).body).toMatchObject({ status: 'review', supportCount: 2 });
  });

  it('the scheduled job applies a changed setting to collecting topics nobody opened', async () => {
    const c = (await propose(t['demo-resident-1']!, '小区健身器材更新')).body;
    await support(t['demo-resident-2']!, c.id);
    expect((await setThreshold(1)).status).toBe(200);
    await runConsultationJobs();
    const doc = (await ConsultationModel.findById(c.id))!;
    expect(doc.status).toBe('review');
    expect(doc.supportThreshold).toBe(1);
    expect(doc.timeline.filter((e) => e.type === 'threshold_changed')).toHaveLength(1);
    expect(doc.timeline.filter((e) => e.type === 'threshold_reached')).toHaveLength(1);
  });

  it('supports racing the recount move the topic to review exactly once', async () => {
    for (let round = 0; round < 3; round++) {
      await setThreshold(null);
      const p = (await propose(t['demo-resident-1']!, `停车位划线方案${round + 1}`)).body;
      for (const id of ['demo-resident-2', 'demo-resident-3']) await support(t[id]!, p.id);
      await setThreshold(3);
      const results = await Promise.all([
        support(t['demo-volunteer-1']!, p.id),
        support(t['neighbour-1']!, p.id),
        get(t['demo-staff-1']!, p.id),
        get(t['demo-resident-2']!, p.id),
        runConsultationJobs(),
        call('GET', '/api/consultations', { token: t['neighbour-2'] }),
      ]);
      // A support that arrives after the move is refused; none is lost or doubled.
      expect(results.slice(0, 2).every((r: any) => r.status === 201 || r.status === 409)).toBe(true);
      const doc = (await ConsultationModel.findById(p.id))!;
      expect(doc.status).toBe('review');
      expect(doc.timeline.filter((e) => e.type === 'threshold_reached')).toHaveLength(1);
      expect(doc.timeline.filter((e) => e.type === 'threshold_changed')).toHaveLength(1);
      expect(await MessageModel.countDocuments({ consultationId: doc._id, kind: 'consultation_threshold_reached' })).toBe(1);
    }
  });

  it('staff move a collecting topic to review with a reason; residents see the reason; residents cannot', async () => {
    await setThreshold(50);
    const p = (await propose(t['demo-resident-1']!, '老旧小区加装电梯意向征集')).body;
    expect(p.supportThreshold).toBe(50);
    const reason = '党组织认为有必要，提交社区审核';
    // Residents, the grid worker and the author cannot.
    expect((await act(t['demo-resident-2']!, p.id, { action: 'send_to_review', reason })).status).toBe(403);
    expect((await act(t['demo-resident-1']!, p.id, { action: 'send_to_review', reason })).status).toBe(403);
    expect((await act(t['demo-grid-1']!, p.id, { action: 'send_to_review', reason })).status).toBe(403);
    // A reason is required.
    const noReason = await act(t['demo-staff-1']!, p.id, { action: 'send_to_review' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].path).toBe('reason');

    const moved = await act(t['demo-staff-1']!, p.id, { action: 'send_to_review', reason });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'review', reviewReason: reason, supportCount: 0 });
    // Residents see the reason on the topic and in its timeline; the author is told.
    const seen = (await get(t['demo-resident-3']!, p.id)).body;
    expect(seen).toMatchObject({ status: 'review', reviewReason: reason });
    expect(events(seen, 'sent_to_review')).toEqual([expect.objectContaining({ note: reason, actorName: '陈社工' })]);
    expect(await MessageModel.countDocuments({ consultationId: new Types.ObjectId(p.id), kind: 'consultation_sent_to_review', userId: (await ConsultationModel.findById(p.id))!.authorId })).toBe(1);
    // Only from 征集附议: a second time is 409. Afterwards the usual review → discussion.
    expect((await act(t['demo-staff-1']!, p.id, { action: 'send_to_review', reason })).status).toBe(409);
    expect((await act(t['demo-staff-1']!, p.id, { action: 'approve' })).body.status).toBe('discussion');
  });
});
