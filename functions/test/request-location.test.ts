import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';
import { RequestModel } from '../src/requests/request.model';

// Issue 15, "where it is": a request carries its building and, when the filer marked one, a place from the map (or
// the browser's position) with its coordinates. Filer and handlers see the place and the exact point; other residents
// of a public request see the building and the point rounded to about 100 m, as keyless Open311 does; a 12345
// platform with the key sees everything; nobody else sees the request at all.
describe('requests/location', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  const PLACE = '示范社区中心花园（和平路88号）';
  const location = () => ({ buildingId: world.building('1号楼'), address: '花园东侧路灯下', place: PLACE, lat: 31.234567, lng: 121.476543 });

  beforeAll(async () => {
    world = await seededWorld();
    for (const who of ['demo-resident-1', 'demo-resident-2', 'demo-resident-3', 'demo-grid-1', 'demo-staff-1']) t[who] = await world.token(who);
  });

  const file = (body: Record<string, unknown>) =>
    call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'facility', description: '花园路灯不亮，晚上很黑', ...body } });
  const view = (who: string, id: string) => call('GET', `/api/requests/${id}`, { token: t[who] });

  it('stores the place and the point the filer marked', async () => {
    const r = await file({ location: location() });
    expect(r.status).toBe(201);
    const doc = (await RequestModel.findById(r.body.id).lean())!;
    expect(doc).toMatchObject({ address: '花园东侧路灯下', place: PLACE, lat: 31.234567, lng: 121.476543 });
    // The filer's own answer carries them back.
    expect(r.body).toMatchObject({ buildingName: '1号楼', place: PLACE, lat: 31.234567, lng: 121.476543 });
    expect(r.body.coordinatesRounded).toBeUndefined();
  });

  it('shows the place and the exact point to the filer and the handlers', async () => {
    const id = (await file({ location: location() })).body.id;
    for (const who of ['demo-resident-1', 'demo-grid-1', 'demo-staff-1']) {
      const seen = await view(who, id);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ buildingName: '1号楼', address: '花园东侧路灯下', place: PLACE, lat: 31.234567, lng: 121.476543 });
      expect(seen.body.coordinatesRounded).toBeUndefined();
    }
    // The filer's list too (lists go through the same rule).
    const mine = await call('GET', '/api/requests', { token: t['demo-resident-1'], query: { scope: 'mine' } });
    expect(mine.body.items.find((i: any) => i.id === id)).toMatchObject({ place: PLACE, lat: 31.234567 });
  });

  it('gives other residents nothing of a private request, and only the building and a rounded point of a public one', async () => {
    const id = (await file({ location: location() })).body.id;
    for (const who of ['demo-resident-2', 'demo-resident-3']) {
      const hidden = await view(who, id);
      expect(hidden.status).toBe(404);
      expect(hidden.raw).not.toMatch(/中心花园|31\.23|121\.47/);
    }
    expect((await call('POST', `/api/requests/${id}/visibility`, { token: t['demo-staff-1'], body: { public: true } })).status).toBe(200);
    for (const who of ['demo-resident-2', 'demo-resident-3']) {
      const seen = await view(who, id);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ buildingName: '1号楼', lat: 31.235, lng: 121.477, coordinatesRounded: true });
      expect(seen.body.place).toBeUndefined();
      expect(seen.body.address).toBeUndefined();
      expect(seen.raw).not.toMatch(/中心花园|和平路|路灯下|31\.234567|121\.476543/);
    }
    // Keyless Open311 says the same; the 12345 platform with the key gets the place, the spot and the exact point.
    const keyless = await call('GET', `/open311/v2/requests/${id}.json`, { query: { jurisdiction_id: 'demo' } });
    expect(keyless.body[0]).toMatchObject({ address: '示范社区 1号楼', lat: 31.235, long: 121.477 });
    expect(keyless.raw).not.toMatch(/中心花园|31\.234567/);
    const partner = await call('GET', `/open311/v2/requests/${id}.json`, { query: { jurisdiction_id: 'demo', api_key: 'demo-open311-key' } });
    expect(partner.body[0]).toMatchObject({ address: `${PLACE} 花园东侧路灯下`, lat: 31.234567, long: 121.476543 });
  });

  it('works with the building alone, as before', async () => {
    const r = await file({ location: { buildingId: world.building('1号楼') } });
    expect(r.status).toBe(201);
    const seen = (await view('demo-grid-1', r.body.id)).body;
    expect(seen.buildingName).toBe('1号楼');
    for (const k of ['place', 'lat', 'lng', 'coordinatesRounded']) expect(seen[k]).toBeUndefined();
  });

  it.each([
    ['a latitude without its longitude', { lat: 31.2 }, 'location.lng'],
    ['a place with a line break', { place: '中心花园\n和平路', lat: 31.2, lng: 121.4 }, 'location.place'],
    ['a place of 101 characters', { place: '花'.repeat(101), lat: 31.2, lng: 121.4 }, 'location.place'],
    ['a latitude off the globe', { lat: 91, lng: 121.4 }, 'location.lat'],
  ])('refuses %s', async (_what, loc, path) => {
    const r = await file({ location: { buildingId: world.building('1号楼'), ...loc } });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: any) => d.path)).toContain(path);
  });
});
