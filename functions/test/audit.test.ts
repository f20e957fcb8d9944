import { AuditModel } from '../src/lib/audit';
import { MembershipModel } from '../src/communities/community.model';
import { call, signIn } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// The audit log: staff and admin actions with actor, time, before and after; admins read it; residents' own
// actions and ballots never appear; entries are only ever added.
describe('audit log', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  beforeAll(async () => {
    world = await seededWorld();
    for (const id of ['demo-resident-1', 'demo-resident-2', 'demo-grid-1', 'demo-staff-1', 'demo-admin-1', 'river-admin-1']) t[id] = await world.token(id);
  });
  const log = async (action?: string) => (await call('GET', '/api/audit', { token: t['demo-admin-1'], query: action ? { action } : {} })).body.items as any[];

  it('records request transitions by handlers with before and after, not the resident’s own filing', async () => {
    const r = await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'facility', description: '单元门禁坏了，刷卡没反应' } });
    await call('POST', `/api/requests/${r.body.id}/actions`, { token: t['demo-grid-1'], body: { action: 'accept' } });
    const entries = await log('requests.act');
    expect(entries[0]).toMatchObject({ action: 'requests.act', actorName: '刘网格', target: { requestId: r.body.id }, before: { status: 'submitted' }, after: { status: 'accepted' } });
    expect(entries[0].actorRoles).toContain('grid_worker');
    expect(await log('requests.create')).toEqual([]);
  });

  it('records role changes and settings with before / after, and never phone numbers', async () => {
    const target = (await MembershipModel.findOne({ communityId: world.demoId, name: '李师傅' }))!;
    await call('POST', `/api/residents/${target._id}/roles`, { token: t['demo-admin-1'], body: { role: 'volunteer' } });
    const grant = (await log('residents.grantRole'))[0];
    expect(grant.before.roles).toEqual(['resident']);
    expect(grant.after.roles).toEqual(['resident', 'volunteer']);
    expect(JSON.stringify(grant)).not.toContain('13800000002');
    await call('PATCH', '/api/community/settings', { token: t['demo-admin-1'], body: { announcement: '本周六停水' } });
    const settings = (await log('community.settings.update'))[0];
    expect(settings).toMatchObject({ before: { announcement: '' }, after: { announcement: '本周六停水' } });
  });

  it('records every write to the household register, with the reason of an erasure and no phone numbers; not a resident’s look at their own', async () => {
    const building = world.building('3号楼');
    const created = await call('POST', '/api/households', { token: t['demo-admin-1'], body: { buildingId: building, unit: '9', room: '909', occupants: [{ name: '审计住户', phone: '13900000991' }] } });
    const id = created.body.household.id;
    const occupantId = created.body.household.occupants[0].id;
    await call('PATCH', `/api/households/${id}/occupants/${occupantId}`, { token: t['demo-admin-1'], body: { relation: '户主' } });
    await call('POST', '/api/households/import', { token: t['demo-admin-1'], body: { csv: '3号楼,9,910,审计住户二' } });
    await call('POST', `/api/households/${id}/erase`, { token: t['demo-admin-1'], body: { reason: 'moved_out' } });
    await call('GET', '/api/households/mine', { token: t['demo-resident-1'] });
    expect((await log('households.create'))[0]).toMatchObject({ actorName: '周书记', after: { created: true, household: { id } } });
    expect((await log('households.updateOccupant'))[0]).toMatchObject({ target: { householdId: id, occupantId }, after: { occupants: [{ relation: '户主' }] } });
    expect((await log('households.import'))[0]).toMatchObject({ after: { created: 1 } });
    const erased = (await log('households.erase'))[0];
    expect(erased).toMatchObject({ target: { householdId: id, reason: 'moved_out' }, before: { room: '909' } });
    expect(JSON.stringify(await log())).not.toContain('13900000991');
    expect(await log('households.mine')).toEqual([]);
  });

  it('records care flags set and cleared with before / after, and every answer that showed them as one read entry', async () => {
    const created = await call('POST', '/api/households', { token: t['demo-admin-1'], body: { buildingId: world.building('3号楼'), unit: '9', room: '920' } });
    const id = created.body.household.id;
    await call('PUT', `/api/households/${id}/care-flags/disabled`, { token: t['demo-admin-1'], body: { note: '轮椅' } });
    await call('DELETE', `/api/households/${id}/care-flags/disabled`, { token: t['demo-admin-1'] });
    await call('PUT', `/api/households/${id}/care-flags/elderly`, { token: t['demo-admin-1'], body: {} });
    expect((await log('households.setCareFlag'))[1]).toMatchObject({ target: { householdId: id, flag: 'disabled' }, after: { careFlags: [{ flag: 'disabled', note: '轮椅' }] } });
    expect((await log('households.clearCareFlag'))[0]).toMatchObject({ before: { careFlags: [{ flag: 'disabled' }] }, after: { careFlags: [] } });
    const before = (await log('households.careFlags.read')).length;
    await call('GET', `/api/households/${id}`, { token: t['demo-admin-1'] });
    const read = await log('households.careFlags.read');
    expect(read).toHaveLength(before + 1);
    // The read entry names what was read, not the flags themselves.
    expect(read[0]).toMatchObject({ actorName: '周书记', target: { via: 'households.get', ids: id } });
    expect(read[0]).not.toHaveProperty('after');
  });

  it('records the Open311 key rotation without the key; the old key stops working', async () => {
    const hidden = await call('POST', '/api/requests', { token: t['demo-resident-2'], body: { category: 'parking', description: '地库B区车位被长期占用' } });
    const rotated = await call('POST', '/api/community/open311-key', { token: t['demo-admin-1'] });
    expect(rotated.body.apiKey).toMatch(/^o311_/);
    const entry = (await log('community.open311Key'))[0];
    expect(JSON.stringify(entry)).not.toContain(rotated.body.apiKey);
    expect(entry.after).toEqual({ apiKey: '***' });
    const old = await call('GET', '/open311/v2/requests.json', { query: { jurisdiction_id: 'demo', api_key: 'demo-open311-key' } });
    const fresh = await call('GET', '/open311/v2/requests.json', { query: { jurisdiction_id: 'demo', api_key: rotated.body.apiKey } });
    expect(fresh.status).toBe(200);
    // With the new key a 12345 platform sees every request; the old key counts as no key: public ones only.
    expect(fresh.body.map((r: any) => r.service_request_id)).toContain(hidden.body.id);
    expect(old.body.map((r: any) => r.service_request_id)).not.toContain(hidden.body.id);
    expect((await call('POST', '/api/community/open311-key', { token: t['demo-staff-1'] })).status).toBe(403);
  });

  it('never records a ballot; only admins read the log, and only their community’s', async () => {
    const topic = await call('POST', '/api/consultations', { token: t['demo-staff-1'], body: { title: '审计测试投票', body: '用于确认投票不进入操作日志。', scope: { level: 'community' }, stage: 'voting' } });
    const vote = await call('POST', `/api/consultations/${topic.body.id}/votes`, { token: t['demo-resident-1'], body: { optionIds: [topic.body.options[0].id] } });
    expect(vote.status).toBe(201);
    expect(await AuditModel.countDocuments({ action: 'consultations.vote' })).toBe(0);
    expect(JSON.stringify(await AuditModel.find({}).lean())).not.toContain(vote.body.receipt);
    expect((await log('consultations.create')).length).toBeGreaterThan(0); // staff created it
    expect((await call('GET', '/api/audit', { token: t['demo-staff-1'] })).status).toBe(403);
    const river = await call('GET', '/api/audit', { token: t['river-admin-1'] });
    expect(river.body.items.every((e: any) => !JSON.stringify(e).includes(topic.body.id))).toBe(true);
    expect((await call('GET', '/api/audit', { token: (await signIn('demo-resident-2')).token })).status).toBe(403);
  });
});
