import { MembershipModel } from '../src/communities/community.model';
import { UserModel } from '../src/auth/user.model';
import { RequestModel } from '../src/requests/request.model';
import { HouseholdModel } from '../src/households/household.model';
import { call, signIn } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// Personal information (PIPL): lists mask phone numbers and real names; a resident downloads everything held
// about them and can delete their account, with their requests and votes kept anonymised so figures stay right.
describe('personal information', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  beforeAll(async () => {
    world = await seededWorld();
    for (const id of ['demo-resident-1', 'demo-resident-3', 'demo-staff-1', 'demo-admin-1', 'river-admin-1']) t[id] = await world.token(id);
  });

  it('lists mask phone numbers and real names; one member’s record shows them to staff', async () => {
    const { token } = await signIn('privacy-joiner');
    const joined = await call('POST', '/api/memberships', { token, body: { communityId: world.demoId, name: '孙阿姨', realName: '孙立华', phone: '13912345678', buildingId: world.building('2号楼'), unit: '1', room: '501' } });
    expect(joined.body.phone).toBe('13912345678'); // the person sees their own
    const list = await call('GET', '/api/residents', { token: t['demo-staff-1'], query: { status: 'pending' } });
    const row = list.body.items.find((m: any) => m.id === joined.body.id);
    expect(row).toMatchObject({ name: '孙阿姨', phone: '139****5678', realName: '孙**' });
    expect(JSON.stringify(list.body)).not.toContain('13912345678');
    const one = await call('GET', `/api/residents/${joined.body.id}`, { token: t['demo-staff-1'] });
    expect(one.body).toMatchObject({ phone: '13912345678', realName: '孙立华' });
    expect((await call('GET', `/api/residents/${joined.body.id}`, { token: t['demo-resident-1'] })).status).toBe(403);
    expect((await call('GET', `/api/residents/${joined.body.id}`, { token: t['river-admin-1'], community: world.demoId })).status).toBe(404);
  });

  it('exports everything held about the caller, and nothing about anyone else', async () => {
    await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'facility', description: '电梯按钮失灵，需要维修' } });
    await call('POST', '/api/requests', { token: t['demo-resident-3'], body: { category: 'facility', description: '别人的诉求不应出现在导出里' } });
    const r = await call('GET', '/api/me/export', { token: t['demo-resident-1'] });
    expect(r.status).toBe(200);
    expect(r.body.memberships[0]).toMatchObject({ name: '张阿姨', phone: '13800000001' });
    expect(r.body.requests.map((q: any) => q.description)).toContain('电梯按钮失灵，需要维修');
    const raw = JSON.stringify(r.body);
    expect(raw).not.toContain('别人的诉求不应出现在导出里');
    expect(raw).not.toContain('13800000003');
    expect(raw).not.toContain('openid');
    expect((await call('GET', '/api/me/export')).status).toBe(401);
  });

  it('deletes an account: personal data erased, requests and votes kept anonymised, counts unchanged', async () => {
    const token = t['demo-resident-3']!;
    const filed = await call('POST', '/api/requests', { token, body: { category: 'parking', description: '楼下消防通道被占用' } });
    const topic = await call('POST', '/api/consultations', { token: t['demo-staff-1'], body: { title: '注销前的投票', body: '注销账号后票数不应改变。', scope: { level: 'community' }, stage: 'voting' } });
    expect((await call('POST', `/api/consultations/${topic.body.id}/votes`, { token, body: { optionIds: [topic.body.options[0].id] } })).status).toBe(201);
    const statsBefore = (await call('GET', '/api/stats/requests', { token: t['demo-staff-1'] })).body.total;

    const deleted = await call('DELETE', '/api/me', { token });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ deleted: true });
    expect((await call('GET', '/api/me', { token })).status).toBe(401);

    const m = (await MembershipModel.findOne({ communityId: world.demoId, name: '已注销居民' }).lean())!;
    expect(m).toMatchObject({ status: 'left', roles: [] });
    expect(m.phone).toBeUndefined();
    expect(m.household).toBeUndefined();
    const u = (await UserModel.findById(m.userId).lean())!;
    expect(u.openid).toMatch(/^deleted:/);
    const req = (await RequestModel.findById(filed.body.id).lean())!;
    expect(req).toMatchObject({ filerName: '已注销居民', anonymous: true });
    expect(req.household).toBeUndefined();
    expect((await call('GET', '/api/stats/requests', { token: t['demo-staff-1'] })).body.total).toBe(statsBefore);
    const closed = await call('POST', `/api/consultations/${topic.body.id}/actions`, { token: t['demo-staff-1'], body: { action: 'close_voting' } });
    expect(closed.body.results.turnout).toBe(1);
    expect(closed.body.results.tallies[0].count).toBe(1);

    // Signing in again with WeChat starts a new, empty account.
    const again = await signIn('demo-resident-3');
    expect(again.user.id).not.toBe(m.userId.toHexString());
    expect((await call('GET', '/api/me', { token: again.token })).body.memberships).toEqual([]);
  });

  it('exports the household record a person is an occupant of, and deleting the account takes their entry off it', async () => {
    const { token } = await signIn('privacy-household');
    const joined = await call('POST', '/api/memberships', { token, body: { communityId: world.demoId, name: '柳阿姨', phone: '13912340001', buildingId: world.building('4号楼'), unit: '2单元', room: '701室' } });
    await call('POST', `/api/residents/${joined.body.id}/approve`, { token: t['demo-staff-1'] });
    const household = (await call('GET', '/api/households/mine', { token })).body;
    expect(household.address).toBe('4号楼2单元701');
    await call('POST', `/api/households/${household.id}/occupants`, { token: t['demo-staff-1'], body: { name: '柳大爷', relation: '配偶', phone: '13912340002' } });
    await call('PUT', `/api/households/${household.id}/care-flags/elderly`, { token: t['demo-staff-1'], body: { note: '柳大爷行动不便' } });

    const exported = (await call('GET', '/api/me/export', { token })).body;
    expect(exported.households).toHaveLength(1);
    expect(exported.households[0]).toMatchObject({ _id: household.id, unit: '2', room: '701' });
    expect(exported.households[0].occupants.map((o: any) => o.name)).toEqual(['柳阿姨', '柳大爷']);
    // The others' contact numbers are theirs, not the exporter's.
    expect(JSON.stringify(exported.households)).not.toContain('13912340002');
    // The household's care flags are about its people, the exporter among them: theirs to see in their export.
    expect(exported.households[0].careFlags).toEqual([expect.objectContaining({ flag: 'elderly', label: '高龄', note: '柳大爷行动不便' })]);

    expect((await call('DELETE', '/api/me', { token })).status).toBe(200);
    const after = (await call('GET', `/api/households/${household.id}`, { token: t['demo-staff-1'] })).body;
    expect(after.occupants.map((o: any) => [o.name, o.hasAccount])).toEqual([['柳大爷', false]]);
    expect(JSON.stringify(after)).not.toContain('柳阿姨');
    // 柳大爷 still lives there: the household's flags stay.
    expect(after.careFlags).toEqual([expect.objectContaining({ flag: 'elderly' })]);
    const stored = JSON.stringify(await HouseholdModel.findById(household.id).lean());
    expect(stored).not.toContain('柳阿姨');
    expect(stored).not.toContain(joined.body.userId);
  });

  it('the last administrator of a community must hand over before deleting', async () => {
    const r = await call('DELETE', '/api/me', { token: t['demo-admin-1'] });
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain('唯一的管理员');
  });
});
