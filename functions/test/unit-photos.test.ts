import { PhotoModel } from '../src/uploads/photo.model';
import { UnitModel } from '../src/units/unit.model';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// 办结 photos of a unit (吹哨报到): a unit's people belong to no community, so the community-scoped upload refuses
// them; their upload is granted per dispatched request (requests.unitPhotoUpload) and the lead's 办结 attaches it,
// as staff's resolve does. Against the real handlers, the embedded database and storage (MinIO).
describe('requests/unit 办结 photos', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  const unit: Record<string, string> = {};
  beforeAll(async () => {
    world = await seededWorld();
    for (const id of ['demo-resident-1', 'demo-resident-2', 'demo-staff-1', 'demo-unit-wuye-1', 'demo-unit-water-1']) t[id] = await world.token(id);
    for (const u of await UnitModel.find({}).lean()) unit[u.name] = u._id.toHexString();
  });

  const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('linli unit photo'), Buffer.alloc(2048, 7)]);
  async function unitUpload(who: string, requestId: string) {
    const bytes = jpeg();
    const p = await call('POST', `/api/unit/requests/${requestId}/photos`, { token: t[who], body: { contentType: 'image/jpeg', size: bytes.length } });
    if (p.status !== 201) return { grant: p.status, key: '' };
    const form = new FormData();
    for (const [k, v] of Object.entries(p.body.fields as Record<string, string>)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' }), 'photo.jpg');
    expect((await fetch(p.body.url, { method: 'POST', body: form })).status).toBe(204);
    return { grant: p.status, key: p.body.key as string };
  }

  it('the lead unit uploads a photo for the request dispatched to it, resolves with it, and the resident sees it', async () => {
    const filed = await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'facility', description: '3号楼楼道灯坏了很久没人修', location: { buildingId: world.building('1号楼') } } });
    expect(filed.status).toBe(201);
    const id = filed.body.id as string;
    expect((await call('POST', `/api/requests/${id}/actions`, { token: t['demo-staff-1'], body: { action: 'dispatch', leadUnitId: unit['阳光物业公司'] } })).status).toBe(200);
    expect((await call('POST', `/api/unit/requests/${id}/actions`, { token: t['demo-unit-wuye-1'], body: { action: 'acknowledge' } })).status).toBe(200);

    // The community-scoped upload is not theirs (no membership in the community).
    const scoped = await call('POST', '/api/uploads/photos', { token: t['demo-unit-wuye-1'], community: world.demoId, body: { purpose: 'request', contentType: 'image/jpeg', size: 100 } });
    expect(scoped.status).not.toBe(201);
    // A unit the request was not dispatched to learns nothing of it.
    expect((await unitUpload('demo-unit-water-1', id)).grant).toBe(404);

    const { grant, key } = await unitUpload('demo-unit-wuye-1', id);
    expect(grant).toBe(201);
    expect(key).toMatch(new RegExp(`^requests/${world.demoId}/[0-9a-f]{32}\\.jpg$`));
    // A key the server never issued to them is refused, and nothing is resolved.
    const stolen = await call('POST', `/api/unit/requests/${id}/actions`, { token: t['demo-unit-wuye-1'], body: { action: 'resolve', note: '已更换灯泡', photoKeys: [`requests/${world.demoId}/${'0'.repeat(32)}.jpg`] } });
    expect(stolen.status).toBe(400);
    expect(stolen.body.error.details.map((d: any) => d.path)).toEqual(['photoKeys.0']);
    expect((await call('POST', `/api/unit/requests/${id}/actions`, { token: t['demo-unit-wuye-1'], body: { action: 'resolve', note: '已更换灯泡', photoKeys: Array.from({ length: 10 }, () => key) } })).status).toBe(400);

    const done = await call('POST', `/api/unit/requests/${id}/actions`, { token: t['demo-unit-wuye-1'], body: { action: 'resolve', note: '已更换灯泡', photoKeys: [key] } });
    expect(done.status).toBe(200);
    const photo = (await PhotoModel.findOne({ key }).lean())!;
    expect(photo.requestId?.toHexString()).toBe(id);
    expect(photo.status).toBe('approved');

    // The resident's view: the unit's 办结 entry with its photo, named by the photo's id (never the storage key).
    const mine = await call('GET', `/api/requests/${id}`, { token: t['demo-resident-1'], community: world.demoId });
    expect(mine.status).toBe(200);
    expect(mine.body.status).toBe('resolved');
    const entry = mine.body.timeline.find((e: any) => e.photos?.length);
    expect(entry).toBeDefined();
    expect(entry.note).toBe('已更换灯泡');
    expect(entry.photos).toHaveLength(1);
    expect(entry.photos[0].key).toBe(photo._id.toHexString());
    const img = await fetch(entry.photos[0].url);
    expect(img.status).toBe(200);
    // The unit's own view shows it too.
    const theirs = await call('GET', `/api/unit/requests/${id}`, { token: t['demo-unit-wuye-1'] });
    expect(JSON.stringify(theirs.body)).toContain(entry.photos[0].url.split('?')[0]);
  });
});
