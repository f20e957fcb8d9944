import { Types } from 'mongoose';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';
import { MessageModel } from '../src/messages/message.model';

// Issue 15, defects 1, 3 and 4: a request dispatched to a grid worker of another grid is his to open and act on,
// and he is told; the resident sees who holds the request and by when; handlers and residents can call each other
// — the filer's phone only with their consent and only to handlers, the holder's work phone to the filer.
describe('requests/contact', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  const userId: Record<string, string> = {};

  beforeAll(async () => {
    world = await seededWorld();
    for (const who of ['demo-resident-1', 'demo-resident-2', 'demo-resident-3', 'demo-grid-1', 'demo-staff-1']) {
      t[who] = await world.token(who);
      userId[who] = (await call('GET', '/api/me', { token: t[who] })).body.user.id;
    }
  });

  const file = (who: string, body: Record<string, unknown> = {}) =>
    call('POST', '/api/requests', { token: t[who], body: { category: 'facility', description: '3号楼单元门禁坏了，进不去', ...body } });
  const act = (who: string, id: string, body: unknown) => call('POST', `/api/requests/${id}/actions`, { token: t[who], body });

  it('the assignee of a request of another grid opens it, acts on it, and is told it was dispatched to him', async () => {
    // 王同学 lives in 3号楼 (第二网格); 刘网格 serves 第一网格.
    const r = (await file('demo-resident-3')).body;
    expect((await call('GET', `/api/requests/${r.id}`, { token: t['demo-grid-1'] })).status).toBe(404); // not his grid, not his yet
    await act('demo-staff-1', r.id, { action: 'accept' });
    const assigned = await act('demo-staff-1', r.id, { action: 'assign', assigneeId: userId['demo-grid-1'] });
    expect(assigned.body).toMatchObject({ assigneeName: '刘网格' });
    const mine = await call('GET', '/api/requests', { token: t['demo-grid-1'], query: { scope: 'assigned' } });
    expect(mine.body.items.map((i: any) => i.id)).toContain(r.id);
    const seen = await call('GET', `/api/requests/${r.id}`, { token: t['demo-grid-1'] });
    expect(seen.status).toBe(200);
    expect(seen.body.viewer.isHandler).toBe(true);
    expect((await act('demo-grid-1', r.id, { action: 'reply', body: '明天上午来修门禁' })).status).toBe(200);
    const notices = await MessageModel.find({ userId: new Types.ObjectId(userId['demo-grid-1']), requestId: new Types.ObjectId(r.id) }).lean();
    expect(notices.map((m) => m.title)).toContain('有诉求分派给您');
    expect(notices.filter((m) => m.kind === 'assigned')).toHaveLength(0); // one notice, not the level's as well
  });

  it('the filer sees who holds the request and the promised times', async () => {
    const r = (await file('demo-resident-1', { description: '1号楼电梯按钮失灵' })).body;
    expect(r).toMatchObject({ respondBy: expect.any(String), resolveBy: expect.any(String), level: 'grid' });
    await act('demo-grid-1', r.id, { action: 'accept' });
    const seen = (await call('GET', `/api/requests/${r.id}`, { token: t['demo-resident-1'] })).body;
    expect(seen).toMatchObject({ assigneeName: '刘网格', level: 'grid', buildingName: '1号楼' });
  });

  it('handlers see the filer’s phone only when the filer agreed; nobody else ever does', async () => {
    const agreed = (await file('demo-resident-1', { description: '楼下路灯不亮，晚上很黑', phoneConsent: true })).body;
    const refused = (await file('demo-resident-1', { description: '楼下垃圾桶坏了需要换', phoneConsent: false })).body;
    const byDefault = (await file('demo-resident-1', { description: '楼道扶手松动，老人不敢扶' })).body;
    const staffView = async (id: string) => (await call('GET', `/api/requests/${id}`, { token: t['demo-staff-1'] })).body;
    expect((await staffView(agreed.id)).contact).toEqual({ name: '张阿姨', phone: '13800000001' });
    expect((await staffView(byDefault.id)).contact).toEqual({ name: '张阿姨', phone: '13800000001' }); // on by default
    expect((await staffView(refused.id)).contact).toBeUndefined();
    expect(JSON.stringify(await staffView(refused.id))).not.toContain('13800000001');
    // The filer's own view and a neighbour's (once public) never carry it.
    expect((await call('GET', `/api/requests/${agreed.id}`, { token: t['demo-resident-1'] })).body.contact).toBeUndefined();
    await call('POST', `/api/requests/${agreed.id}/visibility`, { token: t['demo-staff-1'], body: { public: true } });
    expect((await call('GET', `/api/requests/${agreed.id}`, { token: t['demo-resident-2'] })).raw).not.toContain('13800000001');
  });

  it('the holder’s work phone goes to the filer and handlers, not to other residents', async () => {
    expect((await call('PATCH', '/api/me', { token: t['demo-grid-1'], body: { workPhone: '1230000' } })).status).toBe(400);
    const set = await call('PATCH', '/api/me', { token: t['demo-grid-1'], body: { workPhone: '13911112222' } });
    expect(set.status).toBe(200);
    expect(set.body.user.workPhone).toBe('13911112222');
    const r = (await file('demo-resident-1', { description: '1号楼楼道堆满杂物' })).body;
    await act('demo-grid-1', r.id, { action: 'accept' });
    await call('POST', `/api/requests/${r.id}/visibility`, { token: t['demo-staff-1'], body: { public: true } });
    const phoneFor = async (who: string) => (await call('GET', `/api/requests/${r.id}`, { token: t[who] })).body.assigneePhone;
    expect(await phoneFor('demo-resident-1')).toBe('13911112222');
    expect(await phoneFor('demo-staff-1')).toBe('13911112222');
    expect(await phoneFor('demo-resident-2')).toBeUndefined();
    // Removed: nobody sees one.
    expect((await call('PATCH', '/api/me', { token: t['demo-grid-1'], body: { workPhone: '' } })).body.user.workPhone).toBeUndefined();
    expect(await phoneFor('demo-resident-1')).toBeUndefined();
  });

  it('代办 always gives its contact to the handlers', async () => {
    const r = await call('POST', '/api/requests', {
      token: t['demo-grid-1'],
      body: { category: 'elderly', description: '独居老人需要代买药品', phoneConsent: false, onBehalfOf: { name: '李奶奶', buildingId: world.building('2号楼'), unit: '2', room: '202', phone: '13766665555' } },
    });
    expect(r.body.contact).toEqual({ name: '李奶奶', phone: '13766665555' });
  });
});
