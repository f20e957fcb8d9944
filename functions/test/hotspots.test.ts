import { Types } from 'mongoose';
import { SHANGHAI_OFFSET_MS, previousMonthOf, shanghaiMonth } from '@linli/shared';
import { addStreetStaff } from '../src/admin/platform';
import { RequestModel } from '../src/requests/request.model';
import { ConsultationModel } from '../src/consultations/consultation.model';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// 每月一题 (issue 19, part 5): the month's recurring problems — requests of one category at one building or place —
// with last month's number, and the one tap that turns one into a 议事 topic or a 主动治理 task linked to them.
describe('stats/hotspots 每月一题', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  const month = shanghaiMonth(new Date());
  const ids: Record<string, string[]> = { lift: [], rubbish: [], gate: [] };

  const file = async (who: string, body: Record<string, unknown>) => {
    const r = await call('POST', '/api/requests', { token: t[who], body: { description: '每月一题用的测试诉求', ...body } });
    expect([r.status, r.status === 201 ? '' : r.raw]).toEqual([201, '']);
    return r.body.id as string;
  };
  const find = (items: { category: string; where: string }[], category: string, where: string) => items.find((i) => i.category === category && i.where === where);

  beforeAll(async () => {
    world = await seededWorld();
    await addStreetStaff('river-street', 'river-street-1', '滨江科长');
    for (const id of ['demo-resident-1', 'demo-resident-2', 'demo-resident-3', 'demo-staff-1', 'demo-street-1', 'demo-courier', 'river-street-1', 'demo-grid-1'])
      t[id] = await world.token(id);
    // 设施维修 at 1号楼 three times this month (residents 1 and 2 live at 1号楼 and 2号楼: 2 names 1号楼), once last month.
    for (let i = 0; i < 3; i++) ids.lift!.push(await file(i === 2 ? 'demo-resident-2' : 'demo-resident-1', { category: 'facility', location: { buildingId: world.building('1号楼') } }));
    const last = await file('demo-resident-1', { category: 'facility' });
    const lastMonthDay = new Date(Date.parse(`${previousMonthOf(month)}-15T12:00:00Z`) - SHANGHAI_OFFSET_MS);
    await RequestModel.collection.updateOne({ _id: new Types.ObjectId(last) }, { $set: { createdAt: lastMonthDay, month: previousMonthOf(month) } });
    // 环境卫生 at 3号楼 twice; a withdrawn third does not count.
    for (let i = 0; i < 2; i++) ids.rubbish!.push(await file('demo-resident-3', { category: 'environment' }));
    const withdrawn = await file('demo-resident-3', { category: 'environment' });
    expect((await call('POST', `/api/requests/${withdrawn}/actions`, { token: t['demo-resident-3'], body: { action: 'withdraw' } })).status).toBe(200);
    // A 流动网格员 reports the same broken gate at a place twice (no building).
    for (let i = 0; i < 2; i++) ids.gate!.push(await file('demo-courier', { category: 'safety', source: 'mobile_grid', location: { place: '南门广场' } }));
    // A single complaint is no recurring problem.
    await file('demo-resident-1', { category: 'parking' });
  }, 120_000);

  it('lists the month’s clusters with counts, last month’s number and the requests', async () => {
    const r = await call('GET', '/api/stats/hotspots', { token: t['demo-staff-1'] });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ month, previousMonth: previousMonthOf(month) });
    const lift = find(r.body.items, 'facility', '1号楼');
    expect(lift).toMatchObject({ categoryLabel: '设施维修', buildingId: world.building('1号楼'), count: 3, previousCount: 1, trend: 'up' });
    expect([...(lift as unknown as { requestIds: string[] }).requestIds].sort()).toEqual([...ids.lift!].sort());
    expect(find(r.body.items, 'environment', '3号楼')).toMatchObject({ count: 2, previousCount: 0, trend: 'new' });
    expect(find(r.body.items, 'safety', '南门广场')).toMatchObject({ place: '南门广场', count: 2 });
    expect(find(r.body.items, 'parking', '1号楼')).toBeUndefined();
    // Most requests first.
    expect(r.body.items[0].count).toBeGreaterThanOrEqual(r.body.items[r.body.items.length - 1].count);
    // Last month's view has the one request alone: no cluster.
    const before = await call('GET', '/api/stats/hotspots', { token: t['demo-staff-1'], query: { month: previousMonthOf(month) } });
    expect(find(before.body.items, 'facility', '1号楼')).toBeUndefined();
  });

  it('names a place only to those who may read the requests’ address', async () => {
    // Street staff handle only what was escalated to the street: the place filers wrote is not theirs to read.
    const r = await call('GET', '/api/stats/hotspots', { token: t['demo-street-1'] });
    expect(r.status).toBe(200);
    expect(find(r.body.items, 'safety', '南门广场')).toBeUndefined();
    // The seed's own report without a place is there too.
    expect((find(r.body.items, 'safety', '未注明地点') as unknown as { count: number }).count).toBeGreaterThanOrEqual(2);
    expect(find(r.body.items, 'facility', '1号楼')).toMatchObject({ count: 3 });
  });

  it('turns a cluster into a 主动治理 task linked to its requests, once per Idempotency-Key', async () => {
    const body = { month, category: 'facility', buildingId: world.building('1号楼'), as: 'proactive', title: '1号楼电梯集中整治', description: '本月1号楼电梯多次反映故障，主动排查维修' };
    const r = await call('POST', '/api/stats/hotspots/act', { token: t['demo-staff-1'], body, idempotencyKey: 'hotspot-act-0001' });
    expect(r.status).toBe(201);
    expect(r.body.as).toBe('proactive');
    expect([...r.body.fromRequestIds].sort()).toEqual([...ids.lift!].sort());
    const again = await call('POST', '/api/stats/hotspots/act', { token: t['demo-staff-1'], body, idempotencyKey: 'hotspot-act-0001' });
    expect(again.body.id).toBe(r.body.id);
    expect(await RequestModel.countDocuments({ source: 'proactive', title: '1号楼电梯集中整治' })).toBe(1);
    const task = (await RequestModel.findById(r.body.id).lean())!;
    expect(task).toMatchObject({ source: 'proactive', status: 'submitted', level: 'grid', category: 'facility' });
    expect(task.fromRequestIds!.map(String).sort()).toEqual([...ids.lift!].sort());
    // Handled through the same loop; nobody is asked to rate it, so resolving it closes it.
    const view = await call('GET', `/api/requests/${r.body.id}`, { token: t['demo-grid-1'] });
    expect(view.status).toBe(200);
    expect(view.body.source).toBe('proactive');
    for (const action of [{ action: 'accept' }, { action: 'resolve', note: '电梯已全面检修' }])
      expect((await call('POST', `/api/requests/${r.body.id}/actions`, { token: t['demo-staff-1'], body: action })).status).toBe(200);
    expect((await RequestModel.findById(r.body.id).lean())!.status).toBe('closed');
    // It is not a recurring problem of its own.
    const list = await call('GET', '/api/stats/hotspots', { token: t['demo-staff-1'] });
    expect(find(list.body.items, 'facility', '1号楼')).toMatchObject({ count: 3 });
  });

  it('turns a cluster into a 议事 topic of the building, linked to its requests', async () => {
    const body = { month, category: 'environment', buildingId: world.building('3号楼'), as: 'consultation', title: '3号楼垃圾分类点怎么设', description: '本月3号楼多次反映垃圾堆放，请居民一起商量垃圾点位置' };
    const r = await call('POST', '/api/stats/hotspots/act', { token: t['demo-staff-1'], body });
    expect(r.status).toBe(201);
    const topic = (await ConsultationModel.findById(r.body.id).lean())!;
    expect(topic).toMatchObject({ status: 'discussion', byStaff: true, scope: { level: 'building' } });
    expect(topic.fromRequestIds!.map(String).sort()).toEqual([...ids.rubbish!].sort());
    expect((await call('GET', `/api/consultations/${r.body.id}`, { token: t['demo-resident-3'] })).status).toBe(200);
  });

  it('lets only those who run 议事 start a topic; street staff may open a task', async () => {
    const topic = { month, category: 'facility', buildingId: world.building('1号楼'), as: 'consultation', title: '电梯更新议事', description: '1号楼电梯老旧，讨论是否申请加装更新' };
    expect((await call('POST', '/api/stats/hotspots/act', { token: t['demo-street-1'], body: topic })).status).toBe(403);
    const task = await call('POST', '/api/stats/hotspots/act', { token: t['demo-street-1'], body: { ...topic, as: 'proactive', title: '1号楼电梯隐患排查' } });
    expect(task.status).toBe(201);
  });

  it('refuses residents, other streets’ staff and clusters that are not there', async () => {
    expect((await call('GET', '/api/stats/hotspots', { token: t['demo-resident-1'] })).status).toBe(403);
    expect((await call('GET', '/api/stats/hotspots', { token: t['river-street-1'], community: world.demoId })).status).toBe(404);
    const body = { month, category: 'elderly', as: 'proactive', title: '没有这类诉求', description: '这个位置本月没有这类诉求' };
    expect((await call('POST', '/api/stats/hotspots/act', { token: t['demo-resident-1'], body })).status).toBe(403);
    expect((await call('POST', '/api/stats/hotspots/act', { token: t['river-street-1'], community: world.demoId, body })).status).toBe(404);
    expect((await call('POST', '/api/stats/hotspots/act', { token: t['demo-staff-1'], body })).status).toBe(400);
    expect((await call('POST', '/api/stats/hotspots/act', { token: t['demo-staff-1'], body: { ...body, buildingId: world.building('1号楼'), place: '南门' } })).status).toBe(400);
  });
});
