import { RequestModel } from '../src/requests/request.model';
import { Types } from 'mongoose';
import { CLAIM_LEASE_MS, RequestStatsModel, contribution, incrementOf, rebuildRequestStats, statsKey, sweepStaleTokens, syncRequestStats } from '../src/requests/request-stats';
import { markOverdueResponses } from '../src/requests/deadlines';
import { repairPending } from '../src/lib/operations';
import '../src/system/repair';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';

describe('requests/stats 三率', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  beforeAll(async () => {
    world = await seededWorld();
    for (const id of ['demo-resident-1', 'demo-resident-3', 'demo-grid-1', 'demo-staff-1', 'demo-street-1', 'river-admin-1']) t[id] = await world.token(id);

    const file = async (who: string, category = 'facility') =>
      (await call('POST', '/api/requests', { token: t[who], body: { category, description: '统计用的测试诉求' } })).body.id as string;
    const act = (id: string, body: Record<string, unknown>, who = 'demo-staff-1') => call('POST', `/api/requests/${id}/actions`, { token: t[who], body });
    const rate = (id: string, satisfied: boolean) => call('POST', `/api/requests/${id}/rating`, { token: t['demo-resident-1'], body: { satisfied, score: satisfied ? 5 : 2 } });

    // Prepare: six requests with known outcomes.
    const r1 = await file('demo-resident-1');
    await act(r1, { action: 'accept' });
    await act(r1, { action: 'resolve', note: '好了' });
    await rate(r1, true); // on time, closed, 1 rating satisfied
    const r2 = await file('demo-resident-1');
    await act(r2, { action: 'accept' });
    await act(r2, { action: 'resolve', note: '好了' });
    await rate(r2, false); // reopened
    await act(r2, { action: 'resolve', note: '真的好了' });
    await rate(r2, true); // on time, closed, 2 ratings, 1 satisfied
    const r3 = await file('demo-resident-1');
    await act(r3, { action: 'reject', reason: '不属于社区职责' }); // on time, rejected
    const r4 = await file('demo-resident-1');
    await call('POST', `/api/requests/${r4}/actions`, { token: t['demo-resident-1'], body: { action: 'withdraw' } }); // withdrawn, no response
    const r5 = await file('demo-resident-1', 'environment');
    await RequestModel.updateOne({ _id: r5 }, { $set: { respondBy: new Date(Date.now() - 3_600_000) } }); // overdue, unanswered
    const r6 = await file('demo-resident-3');
    await RequestModel.updateOne({ _id: r6 }, { $set: { respondBy: new Date(Date.now() - 3_600_000) } });
    await act(r6, { action: 'accept' }); // late
    // r5's missed deadline counts once the deadline job has run (statistics only read counters).
    await markOverdueResponses(new Date());
  });

  it('computes the 三率 (as request.rules.ts defines them) over the period', async () => {
    const r = await call('GET', '/api/stats/requests', { token: t['demo-staff-1'] });
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(6);
    expect(r.body.responseRate).toBeCloseTo(3 / 5); // on time r1 r2 r3; late r6; overdue r5
    expect(r.body.resolutionRate).toBeCloseTo(2 / 4); // closed r1 r2 of all but rejected and withdrawn
    expect(r.body.satisfactionRate).toBeCloseTo(2 / 3); // three ratings, two satisfied
    expect(r.body.avgFirstResponseHours).toEqual(expect.any(Number));
    expect(r.body.avgResolveHours).toEqual(expect.any(Number));
  });

  it('breaks the figures down by category, grid and month', async () => {
    const r = (await call('GET', '/api/stats/requests', { token: t['demo-staff-1'] })).body;
    // Residents' requests (the seed's 巡查发现 are counted in their own source, with no resident total).
    expect(r.byCategory.filter((b: any) => b.total > 0).map((b: any) => [b.label, b.total])).toEqual([
      ['设施维修', 5],
      ['环境卫生', 1],
    ]);
    expect(r.byCategory.find((b: any) => b.key === 'environment').responseRate).toBe(0);
    // (The seed's 流动网格员上报 at a public place has no grid: a 未分网格 row with no resident's request.)
    const grids = Object.fromEntries(r.byGrid.filter((b: any) => b.total > 0).map((b: any) => [b.label, b.total]));
    expect(grids).toEqual({ 第一网格: 5, 第二网格: 1 });
    expect(r.byMonth).toHaveLength(1);
    expect(r.byMonth[0].total).toBe(6);
  });

  it('is for staff and street staff of the community only', async () => {
    expect((await call('GET', '/api/stats/requests', { token: t['demo-resident-1'] })).status).toBe(403);
    expect((await call('GET', '/api/stats/requests', { token: t['demo-street-1'], community: world.demoId })).body.total).toBe(6);
    expect((await call('GET', '/api/stats/requests', { token: t['river-admin-1'] })).body.total).toBe(0);
    expect((await call('GET', '/api/stats/requests', { token: t['river-admin-1'], community: world.demoId })).status).toBe(404);
  });

  it('validates the period', async () => {
    const r = await call('GET', '/api/stats/requests', { token: t['demo-staff-1'], query: { from: '2026-12-01', to: '2026-01-01' } });
    expect(r.status).toBe(400);
    const empty = await call('GET', '/api/stats/requests', { token: t['demo-staff-1'], query: { from: '2020-01-01', to: '2020-01-31' } });
    expect(empty.body).toMatchObject({ total: 0, responseRate: null, resolutionRate: null, satisfactionRate: null });
  });

  it('exports the filtered list as CSV that Excel opens (UTF-8 with BOM)', async () => {
    const r = await call('GET', '/api/stats/requests/export.csv', { token: t['demo-staff-1'], query: { category: 'facility' } });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.raw.charCodeAt(0)).toBe(0xfeff);
    const lines = r.raw.slice(1).trim().split('\r\n');
    expect(lines[0]).toContain('"提交时间","类别"');
    expect(lines).toHaveLength(1 + 5);
    expect(lines.slice(1).every((l) => l.includes('"设施维修"'))).toBe(true);
    expect((await call('GET', '/api/stats/requests/export.csv', { token: t['demo-resident-1'] })).status).toBe(403);
  });

  it('reads counters kept on write: one document per community and month, equal to a recount', async () => {
    // The seed's requests are of this month, but for the 邻里纠纷 request its mediation case came from, seven months ago.
    const docs = await RequestStatsModel.find({ communityId: world.demoId }).sort({ month: -1 }).lean();
    expect(docs.map((d) => d._id)).toEqual(docs.map((d) => statsKey(world.demoId, d.month)));
    expect(new Set(docs.map((d) => d.month)).size).toBe(docs.length);
    // Sums only: nothing per request in the document statistics read, so it does not grow with the month.
    expect(Object.keys(docs[0]!)).toEqual(expect.arrayContaining(['cells', 'tokens', 'tokenCount']));
    expect(docs[0]).toMatchObject({ tokens: [], tokenCount: 0 });
    expect(JSON.stringify(docs[0]).length).toBeLessThan(3000);
    // Each request records what it added.
    for (const r of await RequestModel.collection.find({ communityId: new Types.ObjectId(world.demoId) }).toArray()) {
      expect(r.counted).toEqual(contribution(r as never));
      expect(r.statsClaim).toBeUndefined();
    }
    expect(await RequestModel.countDocuments({ communityId: world.demoId, statsDirty: true })).toBe(0);
    expect((await rebuildRequestStats({ write: false })).differences).toEqual([]);
  });

  it('counts every change exactly once when actions and syncs race', async () => {
    const before = (await call('GET', '/api/stats/requests', { token: t['demo-staff-1'] })).body;
    const ids = await Promise.all(
      Array.from({ length: 6 }, async () => (await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'safety', description: '并发统计用的诉求' } })).body.id as string),
    );
    const staff = (id: string, body: Record<string, unknown>) => call('POST', `/api/requests/${id}/actions`, { token: t['demo-staff-1'], body });
    // Two people accept each request at once (one wins, one gets 409), then resolve and rate concurrently.
    await Promise.all(ids.flatMap((id) => [staff(id, { action: 'accept' }), staff(id, { action: 'accept' })]));
    await Promise.all(ids.map((id) => staff(id, { action: 'resolve', note: '已处理' })));
    const stale = await RequestModel.findById(ids[0]).lean();
    await Promise.all(ids.map((id, i) => call('POST', `/api/requests/${id}/rating`, { token: t['demo-resident-1'], body: { satisfied: i % 2 === 0, score: 4 } })));
    // Stale and repeated syncs from other processes change nothing.
    await Promise.all([syncRequestStats(stale as never), syncRequestStats(stale as never), ...ids.map(async (id) => syncRequestStats((await RequestModel.findById(id).lean()) as never))]);
    const after = (await call('GET', '/api/stats/requests', { token: t['demo-staff-1'] })).body;
    expect(after.total).toBe(before.total + 6);
    expect(after.byCategory.find((b: { key: string }) => b.key === 'safety')).toMatchObject({ total: 6, responseRate: 1, resolutionRate: 0.5, satisfactionRate: 0.5 });
    expect((await rebuildRequestStats({ write: false })).differences).toEqual([]);
  });

  it('catches up a change whose writer died before updating the counters (repair routine)', async () => {
    const id = (await call('POST', '/api/requests', { token: t['demo-resident-3'], body: { category: 'elderly', description: '写入后进程中断的诉求' } })).body.id as string;
    // A write that changes a counted field without the sync that follows it in the handlers.
    await RequestModel.updateOne({ _id: id }, { $set: { status: 'rejected', closedAt: new Date() }, $inc: { rev: 1 } });
    expect((await RequestModel.findById(id).lean())!.statsDirty).toBe(true);
    const stat = async () => (await call('GET', '/api/stats/requests', { token: t['demo-staff-1'] })).body.byCategory.find((b: { key: string }) => b.key === 'elderly');
    expect((await stat()).resolutionRate).toBe(0); // still counted as open: eligible, not resolved
    expect((await rebuildRequestStats({ write: false })).differences).toHaveLength(1);
    const report = await repairPending(0);
    expect(report.swept['request-stats']).toBeGreaterThanOrEqual(1);
    expect((await stat()).resolutionRate).toBeNull(); // rejected: no longer eligible
    expect((await RequestModel.findById(id).lean())!.statsDirty).toBeUndefined();
    expect((await rebuildRequestStats({ write: false })).differences).toEqual([]);
  });

  describe('a sync that died half-way', () => {
    const stat = async (category: string) => (await call('GET', '/api/stats/requests', { token: t['demo-staff-1'] })).body.byCategory.find((b: { key: string }) => b.key === category);
    /** A request counted as open, then rejected by a write whose sync never ran; returns it and the claim a sync would write. */
    async function rejectedBehindCounters(category: string) {
      const id = (await call('POST', '/api/requests', { token: t['demo-resident-3'], body: { category, description: '同步中断的诉求' } })).body.id as string;
      await RequestModel.updateOne({ _id: id }, { $set: { status: 'rejected', closedAt: new Date() }, $inc: { rev: 1 } });
      const r = (await RequestModel.collection.findOne({ _id: new Types.ObjectId(id) }))!;
      const target = contribution(r as never);
      const claim = { token: `${id}.${new Types.ObjectId().toHexString()}`, k: target.k, v: target.v };
      return { id: new Types.ObjectId(id), r, claim, inc: incrementOf(r.counted, target), key: statsKey(r.communityId, r.month) };
    }
    const applyB = (key: string, claim: { token: string }, inc: Record<string, number>) =>
      RequestStatsModel.collection.updateOne({ _id: key } as never, { $inc: { ...inc, tokenCount: 1 }, $push: { tokens: claim.token } } as never);

    it('after claiming: left to its owner during the lease, then taken over and counted once', async () => {
      const { id, claim } = await rejectedBehindCounters('parking');
      await RequestModel.collection.updateOne({ _id: id }, { $set: { statsClaim: { ...claim, at: new Date() } } });
      expect(await syncRequestStats({ _id: id })).toBe(false); // someone else's sync, under way
      expect((await stat('parking')).resolutionRate).toBe(0);
      const later = () => new Date(Date.now() + CLAIM_LEASE_MS + 1000);
      expect(await syncRequestStats({ _id: id }, later)).toBe(true);
      expect((await stat('parking')).resolutionRate).toBeNull();
      expect(await RequestModel.collection.findOne({ _id: id })).toMatchObject({ counted: { k: claim.k, v: claim.v } });
      expect((await RequestModel.collection.findOne({ _id: id }))!.statsClaim).toBeUndefined();
      expect((await rebuildRequestStats({ write: false })).differences).toEqual([]);
    });

    it('after counting but before recording it: finishing does not count it again', async () => {
      const { id, claim, inc, key } = await rejectedBehindCounters('dispute');
      await RequestModel.collection.updateOne({ _id: id }, { $set: { statsClaim: claim } });
      await applyB(key, claim, inc);
      expect((await stat('dispute')).resolutionRate).toBeNull(); // counted already
      // Two processes finish it at once (a resident's next action and the repair routine).
      await Promise.all([syncRequestStats({ _id: id }), syncRequestStats({ _id: id }), repairPending(0)]);
      expect((await RequestModel.collection.findOne({ _id: id }))!.statsDirty).toBeUndefined();
      expect((await RequestStatsModel.findById(key).lean())!.tokens).toEqual([]);
      expect((await rebuildRequestStats({ write: false })).differences).toEqual([]);
    });

    it('after recording, before removing the token: the sweeper removes the stale token and counts nothing', async () => {
      const { id, claim, inc, key } = await rejectedBehindCounters('other');
      await RequestModel.collection.updateOne({ _id: id }, { $set: { statsClaim: claim } });
      await applyB(key, claim, inc);
      await RequestModel.collection.updateOne({ _id: id }, { $set: { counted: { k: claim.k, v: claim.v } }, $unset: { statsClaim: '', statsDirty: '' } });
      const before = await stat('other');
      expect((await RequestStatsModel.findById(key).lean())).toMatchObject({ tokens: [claim.token], tokenCount: 1 });
      expect(await sweepStaleTokens()).toBe(1);
      expect((await RequestStatsModel.findById(key).lean())).toMatchObject({ tokens: [], tokenCount: 0 });
      expect(await stat('other')).toEqual(before);
      expect((await rebuildRequestStats({ write: false })).differences).toEqual([]);
    });
  });
});
