import { Types } from 'mongoose';
import { shanghaiMonth } from '@linli/shared';
import { addStreetStaff, upsertBuilding, upsertCommunity, upsertGrid, upsertMember, upsertUnit } from '../src/admin/platform';
import { CommunityModel, GridModel, StreetModel } from '../src/communities/community.model';
import { RequestModel, type RequestDoc } from '../src/requests/request.model';
import { DispatchModel } from '../src/requests/dispatch.model';
import { countRequestChange, rebuildRequestStats } from '../src/requests/request-stats';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// 考核排名 (issue 19, part 5): the street's communities and grids ranked from the 三率 counters, its units from the
// month's dispatch records. Every figure is checked against a recount from the records themselves.
describe('stats/rankings 考核排名', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  const month = shanghaiMonth(new Date());
  let eastId: string;
  const units: Record<string, string> = {};

  const file = async (who: string, body: Record<string, unknown> = {}, community?: string) => {
    const r = await call('POST', '/api/requests', { token: t[who], community, body: { category: 'facility', description: '考核排名用的测试诉求', ...body } });
    expect([r.status, r.status === 201 ? '' : r.raw]).toEqual([201, '']);
    return r.body.id as string;
  };
  const act = async (id: string, body: Record<string, unknown>, who = 'demo-staff-1', community?: string) =>
    expect((await call('POST', `/api/requests/${id}/actions`, { token: t[who], community, body })).status).toBe(200);
  /** A counted field set directly (what a send-back or an approved extension leaves), then counted as a handler would. */
  const setCounted = async (id: string, set: Record<string, unknown>) => {
    await RequestModel.updateOne({ _id: new Types.ObjectId(id) }, { $set: set, $inc: { rev: 1 } });
    await countRequestChange({ _id: new Types.ObjectId(id) });
  };

  beforeAll(async () => {
    world = await seededWorld();
    // A second community on the demo street, and street staff of the other street.
    await upsertCommunity('demo-street', 'east', '东风社区');
    await upsertGrid('east', '东风网格');
    await upsertBuilding('east', '东风网格', '东风1号楼', 40);
    await upsertMember('east', { openid: 'east-resident-1', name: '东风居民', roles: ['resident'], building: '东风1号楼', unit: '1', room: '101' });
    await upsertMember('east', { openid: 'east-staff-1', name: '东风社工', roles: ['staff'] });
    await addStreetStaff('river-street', 'river-street-1', '滨江科长');
    eastId = (await CommunityModel.findOne({ code: 'east' }))!._id.toHexString();
    for (const id of ['demo-resident-1', 'demo-resident-3', 'demo-staff-1', 'demo-street-1', 'east-resident-1', 'east-staff-1', 'river-street-1', 'river-admin-1', 'demo-grid-1'])
      t[id] = await world.token(id);

    // 示范社区: 第一网格 (1号楼, resident 1) and 第二网格 (3号楼, resident 3).
    const a = await file('demo-resident-1'); // accepted, resolved in time
    await act(a, { action: 'accept' });
    await act(a, { action: 'resolve', note: '已修好' });
    const b = await file('demo-resident-1'); // resolved after its deadline, sent back once on the way
    await act(b, { action: 'accept' });
    await setCounted(b, { resolveBy: new Date(Date.now() - 60_000), sendBackCount: 1 });
    await act(b, { action: 'resolve', note: '已修好' });
    const c = await file('demo-resident-3'); // accepted, extended
    await act(c, { action: 'accept' });
    await setCounted(c, { extensionCount: 1 });
    const d = await file('demo-resident-3'); // rejected: not eligible
    await act(d, { action: 'reject', reason: '不属于社区职责' });
    await file('demo-resident-3'); // waiting
    // 东风社区: one resolved and rated satisfied.
    const e = await file('east-resident-1', {}, eastId);
    await act(e, { action: 'accept' }, 'east-staff-1', eastId);
    await act(e, { action: 'resolve', note: '已处理' }, 'east-staff-1', eastId);
    expect((await call('POST', `/api/requests/${e}/rating`, { token: t['east-resident-1'], community: eastId, body: { satisfied: true, score: 5 } })).status).toBe(201);

    // Units of the demo street and their dispatches this month (records as dispatch.ts keeps them).
    units.wuye = String((await upsertUnit('demo-street', 'wuye', '排名物业', ['demo', 'east']))._id);
    units.water = String((await upsertUnit('demo-street', 'utility', '排名自来水', ['demo']))._id);
    const street = (await StreetModel.findOne({ code: 'demo-street' }))!;
    const base = (unit: string, community: string, extra: Record<string, unknown>) => ({
      requestId: new Types.ObjectId(a),
      communityId: new Types.ObjectId(community),
      streetId: street._id,
      unitId: new Types.ObjectId(unit),
      unitName: 'x',
      unitType: 'wuye',
      role: 'lead',
      dispatchedBy: new Types.ObjectId(),
      dispatcherLevel: 'community',
      dispatchedAt: new Date(),
      respondBy: new Date(),
      resolveBy: new Date(),
      extensions: 0,
      rev: 0,
      ackOnTime: 0,
      resolvedOnTime: 0,
      sentBack: 0,
      extended: 0,
      rated: 0,
      ratingScore: 0,
      month,
      ...extra,
    });
    await DispatchModel.insertMany([
      // 物业: three in 示范社区 (one resolved on time and rated 5, one resolved late and rated 3, one extended), one in 东风 (rated 4).
      base(units.wuye, world.demoId, { status: 'resolved', ackOnTime: 1, resolvedOnTime: 1, rated: 1, ratingScore: 5 }),
      base(units.wuye, world.demoId, { status: 'resolved', ackOnTime: 1, rated: 1, ratingScore: 3 }),
      base(units.wuye, world.demoId, { status: 'acknowledged', ackOnTime: 0, extended: 1 }),
      base(units.wuye, eastId, { status: 'resolved', ackOnTime: 1, resolvedOnTime: 1, rated: 1, ratingScore: 4 }),
      // 自来水: sent one back; one recalled by the dispatcher (not counted).
      base(units.water, world.demoId, { status: 'sent_back', sentBack: 1 }),
      base(units.water, world.demoId, { status: 'recalled', ackOnTime: 1 }),
      // Another month: not counted.
      base(units.water, world.demoId, { status: 'resolved', ackOnTime: 1, resolvedOnTime: 1, month: '2020-01' }),
    ]);
  }, 120_000);

  /** The figures of residents' requests recounted from the requests themselves. */
  async function recount(filter: Record<string, unknown>) {
    const docs = (await RequestModel.find({ ...filter, month }).lean()).filter((d: RequestDoc) => (d.source ?? 'resident') === 'resident');
    const eligible = docs.filter((d) => !['rejected', 'withdrawn', 'duplicate'].includes(d.status));
    const resolved = docs.filter((d) => d.status === 'resolved' || d.status === 'closed');
    const by = (o: string) => docs.filter((d) => d.responseOutcome === o).length;
    const ratio = (n: number, dn: number) => (dn ? n / dn : null);
    const ratings = docs.reduce((n, d) => n + (d.ratingCount ?? 0), 0);
    const satisfied = docs.reduce((n, d) => n + (d.satisfiedCount ?? 0), 0);
    return {
      total: docs.length,
      responseRate: ratio(by('on_time'), by('on_time') + by('late') + by('overdue')),
      resolutionRate: ratio(resolved.length, eligible.length),
      satisfactionRate: ratio(satisfied, ratings),
      onTimeRate: ratio(resolved.filter((d) => d.resolvedAt! <= d.resolveBy).length, resolved.length),
      sendBackRate: ratio(docs.filter((d) => (d.sendBackCount ?? 0) > 0).length, eligible.length),
      extensionRate: ratio(docs.filter((d) => (d.extensionCount ?? 0) > 0).length, eligible.length),
    };
  }
  const figures = (row: Record<string, unknown>) => ({
    total: row.total,
    responseRate: row.responseRate,
    resolutionRate: row.resolutionRate,
    satisfactionRate: row.satisfactionRate,
    onTimeRate: row.onTimeRate,
    sendBackRate: row.sendBackRate,
    extensionRate: row.extensionRate,
  });

  it('ranks the street’s communities with figures equal to a recount', async () => {
    const r = await call('GET', '/api/stats/rankings', { token: t['demo-street-1'], community: world.demoId, query: { month, of: 'community' } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ month, of: 'community', sort: 'resolutionRate', scope: 'street', scopeName: '示范街道' });
    expect(r.body.rows.map((x: { label: string }) => x.label).sort()).toEqual(['东风社区', '示范社区']);
    for (const row of r.body.rows) expect(figures(row)).toEqual(await recount({ communityId: new Types.ObjectId(row.key) }));
    // 东风: 1 of 1 resolved; 示范: 2 of its eligible — 东风 first.
    expect(r.body.rows[0]).toMatchObject({ label: '东风社区', rank: 1, resolutionRate: 1, satisfactionRate: 1 });
    const demo = r.body.rows.find((x: { label: string }) => x.label === '示范社区');
    expect(demo.counts).toMatchObject({ sentBack: 1, extended: 1 });
    expect(demo.onTimeRate).toBeLessThan(1);
  });

  it('keeps the counters equal to a recount of the requests', async () => {
    for (const id of [world.demoId, eastId]) expect((await rebuildRequestStats({ communityId: new Types.ObjectId(id), write: false })).differences).toEqual([]);
  });

  it('ranks the grids of every community of the street, each named with its community', async () => {
    const r = await call('GET', '/api/stats/rankings', { token: t['demo-street-1'], community: world.demoId, query: { month, of: 'grid', sort: 'sendBackRate' } });
    expect(r.status).toBe(200);
    expect(r.body.sort).toBe('sendBackRate');
    const grids = await GridModel.find({ communityId: { $in: [new Types.ObjectId(world.demoId), new Types.ObjectId(eastId)] } }).lean();
    expect(r.body.rows).toHaveLength(grids.length);
    for (const row of r.body.rows) expect(figures(row)).toEqual(await recount({ gridId: new Types.ObjectId(row.key) }));
    expect(r.body.rows.find((x: { label: string }) => x.label === '东风网格').detail).toBe('东风社区');
    // 退单率 ranks lowest first: 第一网格 (one of two sent back) is behind the grids with none.
    const first = r.body.rows.find((x: { label: string }) => x.label === '第一网格');
    expect(first.sendBackRate).toBeCloseTo(0.5);
    expect(first.rank).toBe(r.body.rows.filter((x: { rank: number | null }) => x.rank !== null).length);
  });

  it('ranks the street’s units from their dispatches, recalled ones and other months left out', async () => {
    const r = await call('GET', '/api/stats/rankings', { token: t['demo-street-1'], community: world.demoId, query: { month, of: 'unit', sort: 'ratingAverage' } });
    expect(r.status).toBe(200);
    const wuye = r.body.rows.find((x: { key: string }) => x.key === units.wuye);
    const water = r.body.rows.find((x: { key: string }) => x.key === units.water);
    expect(wuye).toMatchObject({ label: '排名物业', detail: '物业', total: 4, rank: 1, ratingAverage: 4, resolutionRate: 3 / 4, sendBackRate: 0, extensionRate: 1 / 4 });
    expect(wuye.responseRate).toBeCloseTo(3 / 4);
    expect(wuye.onTimeRate).toBeCloseTo(2 / 3);
    expect(wuye.satisfactionRate).toBeCloseTo(2 / 3); // 5 and 4 of 5, 3, 4
    expect(water).toMatchObject({ total: 1, sendBackRate: 1, responseRate: 0, ratingAverage: null, rank: null });
  });

  it('gives community staff their own community: its grids and the units serving it', async () => {
    const grids = await call('GET', '/api/stats/rankings', { token: t['demo-staff-1'], query: { month, of: 'grid' } });
    expect(grids.status).toBe(200);
    expect(grids.body).toMatchObject({ scope: 'community', scopeName: '示范社区' });
    expect(grids.body.rows.map((x: { label: string }) => x.label).sort()).toEqual(['第一网格', '第二网格']);
    const communities = await call('GET', '/api/stats/rankings', { token: t['demo-staff-1'], query: { month, of: 'community' } });
    expect(communities.body.rows.map((x: { label: string }) => x.label)).toEqual(['示范社区']);
    const unitsSeen = await call('GET', '/api/stats/rankings', { token: t['east-staff-1'], query: { month, of: 'unit' } });
    // 东风 is served by 物业 only, and sees only its own dispatch of it.
    expect(unitsSeen.body.rows.map((x: { key: string }) => x.key)).toEqual([units.wuye]);
    expect(unitsSeen.body.rows[0]).toMatchObject({ total: 1, ratingAverage: 4 });
  });

  it('exports the ranking as CSV for Excel', async () => {
    const r = await call('GET', '/api/stats/rankings.csv', { token: t['demo-street-1'], community: world.demoId, query: { month, of: 'unit' } });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    expect(r.raw.startsWith('\uFEFF')).toBe(true);
    const lines = r.raw.slice(1).trim().split('\r\n');
    expect(lines[0]).toContain('"排名（按解决率）","单位","类型","派单数","响应率","解决率","满意率","按期办结率","退单率","延期率","社区评价"');
    expect(lines.find((l) => l.includes('排名物业'))).toContain('"4.0分"');
    const grid = await call('GET', '/api/stats/rankings.csv', { token: t['demo-street-1'], community: world.demoId, query: { month, of: 'grid' } });
    expect(grid.raw).toContain('"所属社区"');
    expect(grid.raw).not.toContain('社区评价');
  });

  it('answers an empty month with every row unranked', async () => {
    const r = await call('GET', '/api/stats/rankings', { token: t['demo-street-1'], community: world.demoId, query: { month: '2019-01', of: 'community' } });
    expect(r.status).toBe(200);
    expect(r.body.rows.every((x: { rank: null; total: number }) => x.rank === null && x.total === 0)).toBe(true);
  });

  it('refuses residents, other streets’ staff and bad input', async () => {
    expect((await call('GET', '/api/stats/rankings', { token: t['demo-resident-1'] })).status).toBe(403);
    expect((await call('GET', '/api/stats/rankings', { token: t['demo-grid-1'] })).status).toBe(403);
    // Street staff of the other street cannot name a community of this one.
    expect((await call('GET', '/api/stats/rankings', { token: t['river-street-1'], community: world.demoId })).status).toBe(404);
    expect((await call('GET', '/api/stats/rankings.csv', { token: t['river-street-1'], community: world.demoId })).status).toBe(404);
    // Their own street ranks only its own communities.
    const own = await call('GET', '/api/stats/rankings', { token: t['river-street-1'], community: world.riverId, query: { of: 'community' } });
    expect(own.status).toBe(200);
    expect(own.body.rows.map((x: { label: string }) => x.label)).toEqual(['滨江社区']);
    const riverUnits = (await call('GET', '/api/stats/rankings', { token: t['river-street-1'], community: world.riverId, query: { of: 'unit' } })).body.rows.map((x: { key: string }) => x.key);
    expect(riverUnits).not.toContain(units.wuye);
    expect(riverUnits).not.toContain(units.water);
    expect((await call('GET', '/api/stats/rankings', { token: t['demo-staff-1'], query: { month: '2026-13' } })).status).toBe(400);
    expect((await call('GET', '/api/stats/rankings', { token: t['demo-staff-1'], query: { of: 'street' } })).status).toBe(400);
  });
});
