import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';
import { RequestModel } from '../src/requests/request.model';

// Open311 GeoReport v2 with its own field names and error format.
describe('open311 GeoReport v2', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  let resident: string;
  let staff: string;
  let privateId: string;
  let publicId: string;
  const form = (fields: Record<string, string>) => ({ rawBody: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

  beforeAll(async () => {
    world = await seededWorld();
    resident = await world.token('demo-resident-1');
    staff = await world.token('demo-staff-1');
    privateId = (await call('POST', '/api/requests', { token: resident, body: { category: 'parking', description: '小区门口乱停车，救护车进不来', anonymous: false } })).body.id;
    publicId = (await call('POST', '/api/requests', { token: resident, body: { category: 'environment', description: '2号楼旁绿化带垃圾堆积', location: { address: '2号楼东侧' } } })).body.id;
    await call('POST', `/api/requests/${publicId}/actions`, { token: staff, body: { action: 'accept' } });
    await call('POST', `/api/requests/${publicId}/actions`, { token: staff, body: { action: 'reply', body: '已安排保洁今天下午清理', audience: 'public' } });
    // A note to the filer only: never in keyless Open311 (the 12345 platform with the key gets it).
    await call('POST', `/api/requests/${publicId}/actions`, { token: staff, body: { action: 'reply', body: '张阿姨家门口的垃圾我们单独处理' } });
    await call('POST', `/api/requests/${publicId}/visibility`, { token: staff, body: { public: true } });
  });

  it('lists the services (categories)', async () => {
    const r = await call('GET', '/open311/v2/services.json', { query: { jurisdiction_id: 'demo' } });
    expect(r.status).toBe(200);
    expect(r.body).toHaveLength(8);
    expect(r.body[0]).toEqual({ service_code: 'property', service_name: '物业管理', description: expect.any(String), metadata: false, type: 'realtime', keywords: '物业管理', group: '急难愁盼' });
  });

  it('lists only public requests without a key, in the standard fields, with no personal data', async () => {
    const r = await call('GET', '/open311/v2/requests.json', { query: { jurisdiction_id: 'demo' } });
    expect(r.status).toBe(200);
    expect(r.body.map((x: any) => x.service_request_id)).toEqual([publicId]);
    expect(r.body[0]).toMatchObject({
      status: 'open',
      status_notes: '已安排保洁今天下午清理',
      service_code: 'environment',
      service_name: '环境卫生',
      agency_responsible: '示范社区 第一网格',
      // No finer than the building without the key: the free-text address is the filer's.
      address: '示范社区 1号楼',
      requested_datetime: expect.stringMatching(/Z$/),
      expected_datetime: expect.any(String),
    });
    expect(JSON.stringify(r.body)).not.toMatch(/张阿姨|demo-resident|1380000|单元|东侧/);
    // No CORS header of its own (the gateway's allow-list decides, as for the rest of the API).
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    const keyed = await call('GET', '/open311/v2/requests.json', { query: { jurisdiction_id: 'demo', api_key: 'demo-open311-key' } });
    const pub = keyed.body.find((x: any) => x.service_request_id === publicId);
    expect(pub).toMatchObject({ address: '2号楼东侧', status_notes: '张阿姨家门口的垃圾我们单独处理' });
  });

  it('lists everything with the community’s api_key, and filters by status, service and id', async () => {
    // The seed's findings of demo-grid-1's patrols (巡查发现, one open, one closed) and 快递员小李's two open reports
    // (流动网格员上报) are requests of the community too.
    const seeded = await RequestModel.find({ source: { $in: ['patrol', 'mobile_grid'] } }, { status: 1 }).lean();
    const all = await call('GET', '/open311/v2/requests.json', { query: { jurisdiction_id: 'demo', api_key: 'demo-open311-key' } });
    expect(all.body.map((x: any) => x.service_request_id).sort()).toEqual([privateId, publicId, ...seeded.map((r) => String(r._id))].sort());
    const parking = await call('GET', '/open311/v2/requests.json', { query: { jurisdiction_id: 'demo', api_key: 'demo-open311-key', service_code: 'parking' } });
    expect(parking.body.map((x: any) => x.service_request_id)).toEqual([privateId]);
    const closed = await call('GET', '/open311/v2/requests.json', { query: { jurisdiction_id: 'demo', api_key: 'demo-open311-key', status: 'closed' } });
    expect(closed.body.map((x: any) => x.service_request_id)).toEqual(seeded.filter((r) => r.status === 'closed').map((r) => String(r._id)));
    const byId = await call('GET', '/open311/v2/requests.json', { query: { jurisdiction_id: 'demo', api_key: 'demo-open311-key', service_request_id: `${privateId},${publicId}` } });
    expect(byId.body).toHaveLength(2);
    const one = await call('GET', `/open311/v2/requests/${privateId}.json`, { query: { jurisdiction_id: 'demo' } });
    expect(one.status).toBe(404); // private without the key
    expect(one.body).toEqual([{ code: 404, description: expect.any(String) }]);
    const oneKeyed = await call('GET', `/open311/v2/requests/${privateId}.json`, { query: { jurisdiction_id: 'demo', api_key: 'demo-open311-key' } });
    expect(oneKeyed.body[0].service_request_id).toBe(privateId);
  });

  it('accepts a form-encoded POST with the api_key into the community’s staff queue', async () => {
    const noKey = await call('POST', '/open311/v2/requests.json', form({ jurisdiction_id: 'demo', service_code: 'safety', description: '路口井盖缺失很危险' }));
    expect(noKey.status).toBe(400);
    const badKey = await call('POST', '/open311/v2/requests.json', form({ jurisdiction_id: 'demo', api_key: 'nope', service_code: 'safety', description: '路口井盖缺失很危险' }));
    expect(badKey.status).toBe(403);
    expect(badKey.body).toEqual([{ code: 403, description: expect.any(String) }]);
    const ok = await call('POST', '/open311/v2/requests.json', form({ jurisdiction_id: 'demo', api_key: 'demo-open311-key', service_code: 'safety', description: '路口井盖缺失很危险', address_string: '幸福路与和平街路口', lat: '31.23', long: '121.47', first_name: '李' }));
    expect(ok.status).toBe(201);
    const id = ok.body[0].service_request_id;
    const doc = (await RequestModel.findById(id).lean())!;
    expect(doc).toMatchObject({ level: 'community', address: '幸福路与和平街路口', lat: 31.23, lng: 121.47, status: 'submitted' });
    expect(doc.gridId).toBeUndefined();
    const queue = await call('GET', '/api/requests', { token: staff, query: { scope: 'community' } });
    expect(queue.body.items.map((i: any) => i.id)).toContain(id);
    const unknownService = await call('POST', '/open311/v2/requests.json', form({ jurisdiction_id: 'demo', api_key: 'demo-open311-key', service_code: 'nope', description: '路口井盖缺失很危险' }));
    expect(unknownService.status).toBe(400);
  });

  it('maps statuses: rejected and resolved are closed', async () => {
    const id = (await call('POST', '/api/requests', { token: resident, body: { category: 'other', description: '这个诉求会被驳回' } })).body.id;
    await call('POST', `/api/requests/${id}/actions`, { token: staff, body: { action: 'reject', reason: '重复诉求' } });
    const r = await call('GET', `/open311/v2/requests/${id}.json`, { query: { jurisdiction_id: 'demo', api_key: 'demo-open311-key' } });
    expect(r.body[0]).toMatchObject({ status: 'closed', status_notes: '重复诉求', expected_datetime: null });
  });

  it('answers unknown jurisdictions and paths in the standard error format', async () => {
    const r = await call('GET', '/open311/v2/requests.json', { query: { jurisdiction_id: 'nowhere' } });
    expect(r.status).toBe(404);
    expect(r.body).toEqual([{ code: 404, description: expect.any(String) }]);
    expect((await call('GET', '/open311/v2/nothing.json')).body[0].code).toBe(404);
  });
});
