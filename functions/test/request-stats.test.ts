import { RequestModel } from '../src/requests/request.model';
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
  });

  it('computes the rates of DOMAIN.md over the period', async () => {
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
    expect(r.byCategory.map((b: any) => [b.label, b.total])).toEqual([
      ['设施维修', 5],
      ['环境卫生', 1],
    ]);
    expect(r.byCategory.find((b: any) => b.key === 'environment').responseRate).toBe(0);
    const grids = Object.fromEntries(r.byGrid.map((b: any) => [b.label, b.total]));
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
});
