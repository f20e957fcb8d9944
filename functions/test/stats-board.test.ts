import { Types } from 'mongoose';
import { RequestModel } from '../src/requests/request.model';
import { rebuildRequestStats } from '../src/requests/request-stats';
import { markOverdueResponses } from '../src/requests/deadlines';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// Issue 15, defect 5: the 三率 board showed 响应率 100% while most requests were still waiting for an answer
// (they count only once their deadline passes). The statistics now say what each rate counts and what is
// pending, and give the average times in minutes. Hand-made data with known times and outcomes.
describe('requests/stats 三率 with what each rate counts and what is pending', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  const MIN = 60_000;

  beforeAll(async () => {
    world = await seededWorld();
    for (const id of ['demo-resident-1', 'demo-resident-2', 'demo-resident-3', 'demo-staff-1']) t[id] = await world.token(id);
    const residents = ['demo-resident-1', 'demo-resident-2', 'demo-resident-3'];
    let n = 0;
    const file = async () => {
      const r = await call('POST', '/api/requests', { token: t[residents[n++ % 3]!], body: { category: 'facility', description: '三率看板用的测试诉求' } });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    const act = async (id: string, body: Record<string, unknown>, who = 'demo-staff-1') =>
      expect((await call('POST', `/api/requests/${id}/actions`, { token: t[who], body })).status).toBe(200);
    // The raw collection: createdAt is immutable through mongoose; moving it back sets how long the answer took.
    const filedAgo = (id: string, ms: number, respondByAgo?: number) =>
      RequestModel.collection.updateOne(
        { _id: new Types.ObjectId(id) },
        { $set: { createdAt: new Date(Date.now() - ms), ...(respondByAgo !== undefined ? { respondBy: new Date(Date.now() - respondByAgo) } : {}) } },
      );

    // Prepare: ten requests.
    const a = await file(); // answered on time after 20 minutes
    await filedAgo(a, 20 * MIN);
    await act(a, { action: 'accept' });
    const b = await file(); // answered on time after 10 minutes, resolved, waiting for its rating
    await filedAgo(b, 10 * MIN);
    await act(b, { action: 'accept' });
    await act(b, { action: 'resolve', note: '已修好' });
    const c = await file(); // answered on time after 30 minutes, resolved, rated satisfied (closed)
    await filedAgo(c, 30 * MIN);
    await act(c, { action: 'accept' });
    await act(c, { action: 'resolve', note: '已修好' });
    const filerOfC = residents[2]!;
    expect((await call('POST', `/api/requests/${c}/rating`, { token: t[filerOfC], body: { satisfied: true, score: 5 } })).status).toBe(201);
    const d = await file(); // answered late: filed 3 hours ago, due 1 hour ago
    await filedAgo(d, 180 * MIN, 60 * MIN);
    await act(d, { action: 'accept' });
    const e = await file(); // past its response deadline, unanswered
    await filedAgo(e, 120 * MIN, 60 * MIN);
    const pending = [await file(), await file(), await file()]; // waiting, inside their deadline
    const i = await file(); // withdrawn by its filer before anyone answered
    const filerOfI = residents[(n - 1) % 3]!;
    expect((await call('POST', `/api/requests/${i}/actions`, { token: t[filerOfI], body: { action: 'withdraw' } })).status).toBe(200);
    const j = await file(); // rejected on time after 40 minutes (the rejection is its answer)
    await filedAgo(j, 40 * MIN);
    await act(j, { action: 'reject', reason: '不属于社区职责' });
    expect(pending).toHaveLength(3);
    // E's missed deadline counts once the deadline job has run.
    await markOverdueResponses(new Date());
  });

  it('returns the rates with what each counts and what is pending, exactly', async () => {
    // Act
    const r = await call('GET', '/api/stats/requests', { token: t['demo-staff-1'] });
    // Assess
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(10);
    expect(r.body.responseRate).toBeCloseTo(4 / 6); // on time A B C J of A B C J, D (late), E (overdue)
    expect(r.body.resolutionRate).toBeCloseTo(2 / 8); // B C of all but I (withdrawn) and J (rejected)
    expect(r.body.satisfactionRate).toBe(1);
    expect(r.body.counts).toEqual({
      respondedOnTime: 4,
      respondedLate: 1,
      overdueUnresponded: 1,
      pendingResponse: 3, // F G H; not I, withdrawn before an answer
      resolved: 2,
      eligible: 8,
      unresolved: 6,
      satisfied: 1,
      ratings: 1,
      awaitingRating: 1, // B
      callBackRatings: 0,
      extended: 0,
    });
  });

  it('gives the average times in minutes', async () => {
    const r = (await call('GET', '/api/stats/requests', { token: t['demo-staff-1'] })).body;
    // (20 + 10 + 30 + 180 + 40) / 5 = 56 minutes; resolution (10 + 30) / 2 = 20 minutes (plus the test's own seconds).
    expect(r.avgFirstResponseMinutes).toBeGreaterThanOrEqual(56);
    expect(r.avgFirstResponseMinutes).toBeLessThan(57);
    expect(r.avgResolveMinutes).toBeGreaterThanOrEqual(20);
    expect(r.avgResolveMinutes).toBeLessThan(21);
    // The old fields stay (the API only grows).
    expect(r.avgFirstResponseHours).toBeCloseTo(0.9, 1);
  });

  it('keeps the counters equal to a recount', async () => {
    expect((await rebuildRequestStats({ communityId: new Types.ObjectId(world.demoId), write: false })).differences).toEqual([]);
  });

  it('answers with the new fields for an empty period', async () => {
    const r = await call('GET', '/api/stats/requests', { token: t['demo-staff-1'], query: { from: '2020-01-01', to: '2020-01-31' } });
    expect(r.body).toMatchObject({ total: 0, responseRate: null, avgFirstResponseMinutes: null, avgResolveMinutes: null });
    expect(r.body.counts).toEqual({ respondedOnTime: 0, respondedLate: 0, overdueUnresponded: 0, pendingResponse: 0, resolved: 0, eligible: 0, unresolved: 0, satisfied: 0, ratings: 0, awaitingRating: 0, callBackRatings: 0, extended: 0 });
  });
});
