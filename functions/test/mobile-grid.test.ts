import { MembershipModel } from '../src/communities/community.model';
import { MobileGridApplicationModel } from '../src/mobile-grid/application.model';
import { MessageModel } from '../src/messages/message.model';
import { RequestModel } from '../src/requests/request.model';
import { upsertMember } from '../src/admin/platform';
import { call, signIn } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// 流动网格员 (issue 18, part 1): couriers and riders apply to a community (member or not), staff approve or reject
// once, approval gives the role — on a new membership holding it alone when they do not live there — and a holder
// files 流动网格员上报 anywhere in the community. Against the real handlers and the embedded database.

describe('mobile grid workers', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  let grid1: string;
  let grid2: string;

  beforeAll(async () => {
    world = await seededWorld();
    [grid1, grid2] = world.gridIds as [string, string];
    await upsertMember('demo', { openid: 'mg-staff-2', name: '第二位社工', roles: ['staff'] });
    for (const id of ['demo-resident-1', 'demo-resident-2', 'demo-volunteer-1', 'demo-grid-1', 'demo-staff-1', 'mg-staff-2', 'demo-admin-1', 'demo-street-1', 'demo-merchant-1', 'demo-courier', 'river-admin-1'])
      t[id] = await world.token(id);
  });

  const body = (extra: Record<string, unknown> = {}) => ({ communityId: world.demoId, realName: '王大力', phone: '13700000001', platform: 'meituan', area: '南门和1号楼', ...extra });
  const applyAs = (token: string, extra: Record<string, unknown> = {}, key?: string) => call('POST', '/api/mobile-grid/applications', { token, body: body(extra), idempotencyKey: key });
  const mine = (token: string) => call('GET', '/api/mobile-grid/applications/mine', { token });
  const list = (who: string, query: Record<string, string> = {}) => call('GET', '/api/mobile-grid/applications', { token: t[who], query });
  const review = (who: string, id: string, decision: Record<string, unknown>) => call('POST', `/api/mobile-grid/applications/${id}/review`, { token: t[who], body: decision });
  const report = (token: string, extra: Record<string, unknown> = {}) =>
    call('POST', '/api/requests', { token, body: { source: 'mobile_grid', category: 'safety', description: '楼道里电动车充电，电线拖在地上', ...extra } });
  const fresh = async (openid: string) => (await signIn(openid)).token;
  const membershipOf = (token: string) => call('GET', '/api/me', { token }).then((r) => r.body.memberships.find((m: any) => m.communityId === world.demoId));

  describe('applying', () => {
    it('lets a signed-in courier who is no member apply, once; the application is theirs and staff’s to see', async () => {
      // Prepare: a courier with no membership anywhere.
      const courier = await fresh('mg-courier-1');
      expect((await call('GET', '/api/me', { token: courier })).body.memberships).toEqual([]);
      // Act.
      const applied = await applyAs(courier, {}, 'mg-apply-1');
      // Assess.
      expect(applied.status).toBe(201);
      expect(applied.body).toMatchObject({ communityName: '示范社区', realName: '王大力', phone: '13700000001', platform: 'meituan', area: '南门和1号楼', status: 'pending', actions: [] });
      // A retry with the same key answers the same; a second application is refused.
      expect((await applyAs(courier, {}, 'mg-apply-1')).body.id).toBe(applied.body.id);
      const again = await applyAs(courier, { realName: '王二力' });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toContain('已申请');
      expect((await mine(courier)).body.items.map((a: any) => [a.id, a.status])).toEqual([[applied.body.id, 'pending']]);
      // Staff see it whole, with the moves; other members and other communities' staff do not.
      const row = (await list('demo-staff-1', { status: 'pending' })).body.items.find((a: any) => a.id === applied.body.id);
      expect(row).toMatchObject({ phone: '13700000001', status: 'pending', actions: ['approve', 'reject'] });
      for (const who of ['demo-resident-1', 'demo-grid-1', 'demo-courier', 'demo-merchant-1']) expect((await list(who)).status).toBe(403);
      expect((await call('GET', '/api/mobile-grid/applications', { token: t['river-admin-1'], community: world.demoId })).status).toBe(404);
      expect(JSON.stringify((await list('river-admin-1')).body)).not.toContain('13700000001');
      expect((await mine(t['demo-resident-1']!)).body.items).toEqual([]);
    });

    it('refuses two concurrent applications of one person by the unique index: one is created', async () => {
      const courier = await fresh('mg-courier-race');
      const [a, b] = await Promise.all([applyAs(courier, { realName: '赵一' }), applyAs(courier, { realName: '赵二' })]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      expect(await MobileGridApplicationModel.countDocuments({ communityId: world.demoId, realName: { $in: ['赵一', '赵二'] } })).toBe(1);
    });

    it('checks what is typed: the employer with 其他, the phone, the community', async () => {
      const courier = await fresh('mg-courier-typos');
      const other = await applyAs(courier, { platform: 'other' });
      expect(other.status).toBe(400);
      expect(other.body.error.details).toEqual([{ path: 'platformName', message: '请填写所在单位或平台' }]);
      expect((await applyAs(courier, { phone: '123' })).status).toBe(400);
      expect((await applyAs(courier, { communityId: '0123456789abcdef01234567' })).status).toBe(400);
      expect((await call('POST', '/api/mobile-grid/applications', { body: body() })).status).toBe(401);
      const ok = await applyAs(courier, { platform: 'other', platformName: '闪送' });
      expect(ok.body).toMatchObject({ platform: 'other', platformName: '闪送' });
    });
  });

  describe('review', () => {
    it('approves once: a courier living elsewhere becomes an active member holding 流动网格员 alone, without a household', async () => {
      const courier = await fresh('mg-courier-approve');
      const app = (await applyAs(courier, { realName: '钱快递', phone: '13700000002', platform: 'sf' })).body;
      // Act.
      const approved = await review('demo-staff-1', app.id, { approve: true });
      // Assess.
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'approved', actions: [] });
      const m = await membershipOf(courier);
      expect(m).toMatchObject({ status: 'active', roles: ['mobile_grid'], name: '钱快递', realName: '钱快递', phone: '13700000002' });
      expect(m.household).toBeUndefined();
      expect((await mine(courier)).body.items[0]).toMatchObject({ status: 'approved' });
      // They are told in 消息, now that they are a member who has one.
      const inbox = await call('GET', '/api/messages', { token: courier });
      expect(inbox.body.items.filter((x: any) => x.kind === 'mobile_grid_approved').map((x: any) => x.title)).toEqual(['流动网格员申请已通过']);
      // Decided once: approving or rejecting again is refused.
      expect((await review('demo-staff-1', app.id, { approve: true })).status).toBe(409);
      expect((await review('mg-staff-2', app.id, { approve: false, reason: '重复审核' })).status).toBe(409);
      // The membership's history says so, and the audit log has the decision.
      const events = await call('GET', `/api/residents/${m.id}/events`, { token: t['demo-staff-1'] });
      expect(events.body.items.map((e: any) => [e.type, e.note])).toEqual([['joined', '申请成为流动网格员'], ['role_granted', 'mobile_grid']]);
      const audit = await call('GET', '/api/audit', { token: t['demo-admin-1'], query: { action: 'mobileGrid.review' } });
      expect(audit.body.items.find((e: any) => e.target?.applicationId === app.id)).toMatchObject({ before: { status: 'pending' }, after: { status: 'approved' } });
    });

    it('lets one of two staff deciding at once win; the other is told it was decided', async () => {
      const courier = await fresh('mg-courier-race-review');
      const app = (await applyAs(courier, { realName: '孙骑手' })).body;
      const [yes, no] = await Promise.all([review('demo-staff-1', app.id, { approve: true }), review('mg-staff-2', app.id, { approve: false, reason: '信息不全' })]);
      expect([yes.status, no.status].sort()).toEqual([200, 409]);
      const won = yes.status === 200 ? 'approved' : 'rejected';
      expect((await MobileGridApplicationModel.findById(app.id).lean())!.status).toBe(won);
      const m = await membershipOf(courier);
      if (won === 'approved') expect(m.roles).toEqual(['mobile_grid']);
      else expect(m).toBeUndefined();
    });

    it('rejects with a reason the applicant reads, who may then apply again', async () => {
      const courier = await fresh('mg-courier-reject');
      const app = (await applyAs(courier)).body;
      expect((await review('demo-staff-1', app.id, { approve: false })).status).toBe(400);
      const rejected = await review('demo-staff-1', app.id, { approve: false, reason: '电话无法接通，请核对' });
      expect(rejected.body).toMatchObject({ status: 'rejected', note: '电话无法接通，请核对' });
      expect((await mine(courier)).body.items[0]).toMatchObject({ status: 'rejected', note: '电话无法接通，请核对' });
      expect(await membershipOf(courier)).toBeUndefined();
      // The notice is kept for them with the reason (read once they belong to the community, and in their export).
      const notice = await MessageModel.find({ userId: (await MobileGridApplicationModel.findById(app.id).lean())!.userId, kind: 'mobile_grid_rejected' }).lean();
      expect(notice.map((x) => x.body)).toEqual(['原因：电话无法接通，请核对']);
      // Again, corrected: the same record, pending, without the old reason.
      const again = await applyAs(courier, { phone: '13700000003' });
      expect(again.status).toBe(201);
      expect(again.body).toMatchObject({ id: app.id, status: 'pending', phone: '13700000003' });
      expect(again.body.note).toBeUndefined();
    });

    it('adds the role to a resident’s membership, keeping their household and their resident powers', async () => {
      const app = (await applyAs(t['demo-resident-2']!, { realName: '李师傅', phone: '13800000002', platform: 'jd' })).body;
      expect((await review('demo-admin-1', app.id, { approve: true })).status).toBe(200);
      const m = await membershipOf(t['demo-resident-2']!);
      expect(m.roles).toEqual(['resident', 'mobile_grid']);
      expect(m.household.buildingName).toBe('2号楼');
      // Both ways of filing are theirs: their own demand (their building) and a report elsewhere.
      const own = await call('POST', '/api/requests', { token: t['demo-resident-2'], body: { category: 'facility', description: '我家楼下的路灯坏了' } });
      expect(own.body).toMatchObject({ source: 'resident', buildingName: '2号楼' });
      const elsewhere = await report(t['demo-resident-2']!, { location: { buildingId: world.building('4号楼') } });
      expect(elsewhere.body).toMatchObject({ source: 'mobile_grid', buildingName: '4号楼', gridId: grid2 });
      expect(elsewhere.body.household).toBeUndefined();
    });

    it('waits for a pending joining to be decided first, and lets nobody approve themselves', async () => {
      const joiner = await fresh('mg-joiner');
      await call('POST', '/api/memberships', { token: joiner, body: { communityId: world.demoId, name: '新住户', buildingId: world.building('1号楼'), unit: '3', room: '303' } });
      const app = (await applyAs(joiner)).body;
      const refused = await review('demo-staff-1', app.id, { approve: true });
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toContain('入驻申请');
      expect((await MobileGridApplicationModel.findById(app.id).lean())!.status).toBe('pending');

      const own = (await applyAs(t['mg-staff-2']!)).body;
      expect((await review('mg-staff-2', own.id, { approve: true })).status).toBe(403);
      expect((await list('mg-staff-2')).body.items.find((a: any) => a.id === own.id).actions).toEqual([]);
      expect((await review('river-admin-1', own.id, { approve: true })).status).toBe(404);
    });
  });

  describe('reporting', () => {
    it('files 流动网格员上报 at any building of the community, in its grid’s queue, in the reporter’s name', async () => {
      const r = await report(t['demo-courier']!, { location: { buildingId: world.building('3号楼'), address: '1单元门口' }, photoKeys: [] });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ source: 'mobile_grid', status: 'submitted', level: 'grid', gridId: grid2, buildingName: '3号楼', filerName: '快递员小李', anonymous: false, filedOnBehalf: false });
      expect(r.body.household).toBeUndefined();
      expect(r.body.timeline[0]).toMatchObject({ type: 'submitted', actorLabel: '流动网格员' });
      // The grid's worker and staff see it; a neighbour does not.
      expect((await call('GET', `/api/requests/${r.body.id}`, { token: t['demo-staff-1'] })).status).toBe(200);
      expect((await call('GET', `/api/requests/${r.body.id}`, { token: t['demo-resident-1'] })).status).toBe(404);
      const stored = (await RequestModel.findById(r.body.id).lean())!;
      expect(stored.timeline[0]).toMatchObject({ actorRole: 'mobile_grid' });
      // Its handlers are told (staff handle every request).
      const inbox = await call('GET', '/api/messages', { token: t['demo-staff-1'] });
      expect(inbox.body.items.find((m: any) => m.requestId === r.body.id)).toMatchObject({ kind: 'new_request', title: '流动网格员上报新问题' });
    });

    it('files at a public place without a building into the community’s queue, not a grid worker’s', async () => {
      const r = await report(t['demo-courier']!, { category: 'environment', description: '北门垃圾桶满溢，垃圾散落一地', location: { address: '北门外垃圾桶', lat: 31.2304, lng: 121.4737, place: '北门' } });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ source: 'mobile_grid', level: 'community', address: '北门外垃圾桶', place: '北门' });
      expect(r.body.gridId).toBeUndefined();
      const staffQueue = await call('GET', '/api/requests', { token: t['demo-staff-1'], query: { scope: 'community', limit: '100' } });
      expect(staffQueue.body.items.map((q: any) => q.id)).toContain(r.body.id);
      const gridQueue = await call('GET', '/api/requests', { token: t['demo-grid-1'], query: { scope: 'community', limit: '100' } });
      expect(gridQueue.body.items.map((q: any) => q.id)).not.toContain(r.body.id);
      expect(gridQueue.body.items.some((q: any) => q.source === 'mobile_grid' && q.gridId === grid1)).toBe(true); // the seed's 1号楼 report
    });

    it('needs a place, never files 代办 or 就地办结, and only in this community', async () => {
      const noPlace = await report(t['demo-courier']!);
      expect(noPlace.status).toBe(400);
      expect(noPlace.body.error.details).toEqual([{ path: 'location.buildingId', message: '请选择问题所在的楼栋，或标注、填写具体地点' }]);
      const behalf = await report(t['demo-courier']!, { location: { address: '南门' }, onBehalfOf: { name: '张三', buildingId: world.building('1号楼'), unit: '1', room: '101' } });
      expect(behalf.status).toBe(400);
      const onSpot = await report(t['demo-courier']!, { location: { address: '南门' }, resolvedOnSpot: { note: '已经处理好了' } });
      expect(onSpot.status).toBe(400);
      expect((await report(t['demo-courier']!, { location: { buildingId: world.riverBuildingId } })).status).toBe(400);
      expect((await report(t['demo-courier']!, { location: { address: '南门' }, anonymous: true })).body.anonymous).toBe(false);
    });

    it('refuses 流动网格员上报 to anyone without the role, and a courier’s filing as a resident', async () => {
      for (const who of ['demo-resident-1', 'demo-volunteer-1', 'demo-grid-1', 'demo-staff-1', 'demo-admin-1']) {
        const r = await report(t[who]!, { location: { buildingId: world.building('1号楼') } });
        expect(r.status).toBe(403);
        expect(r.body.error.message).toContain('流动网格员');
      }
      for (const who of ['demo-merchant-1', 'demo-street-1']) expect((await report(t[who]!, { location: { address: '南门' } })).status).toBe(403);
      const asResident = await call('POST', '/api/requests', { token: t['demo-courier'], body: { category: 'facility', description: '我想以居民身份反映问题', location: { buildingId: world.building('1号楼') } } });
      expect(asResident.status).toBe(403);
      expect(asResident.body.error.message).toContain('流动网格员上报');
      expect((await call('POST', '/api/requests', { token: t['demo-courier'], body: { source: 'patrol', category: 'facility', description: '冒充巡查发现的问题', location: { buildingId: world.building('1号楼') } } })).status).toBe(403);
    });

    it('lets the reporter follow their report: listed as theirs, told when it is resolved, which closes it without a rating', async () => {
      const token = t['demo-courier']!;
      const r = (await report(token, { location: { buildingId: world.building('1号楼') } })).body;
      expect((await call('GET', '/api/requests', { token, query: { scope: 'mine' } })).body.items.map((q: any) => q.id)).toContain(r.id);
      const staff = t['demo-staff-1'];
      await call('POST', `/api/requests/${r.id}/actions`, { token: staff, body: { action: 'accept' } });
      const resolved = await call('POST', `/api/requests/${r.id}/actions`, { token: staff, body: { action: 'resolve', note: '已通知物业整改' } });
      expect(resolved.body.status).toBe('closed');
      const seen = await call('GET', `/api/requests/${r.id}`, { token });
      expect(seen.body).toMatchObject({ status: 'closed', viewer: { isFiler: true } });
      expect(seen.body.actions).not.toContain('rate');
      expect((await call('POST', `/api/requests/${r.id}/rating`, { token, body: { score: 5 } })).status).toBe(409);
      const messages = await call('GET', '/api/messages', { token });
      expect(messages.body.items.some((m: any) => m.requestId === r.id)).toBe(true);
    });

    it('gives a 流动网格员 alone no resident’s powers: no 议事, no volunteering, no 我也遇到', async () => {
      const token = t['demo-courier']!;
      const topic = (await call('POST', '/api/consultations', { token: t['demo-staff-1'], body: { title: '流动网格员不能投票', body: '只有本社区居民可以投票。', scope: { level: 'community' }, stage: 'voting' } })).body;
      expect((await call('POST', '/api/consultations', { token, body: { title: '快递员的提案', body: '不住在社区的人不能提案。', scope: { level: 'community' } } })).status).toBe(403);
      expect((await call('POST', `/api/consultations/${topic.id}/votes`, { token, body: { optionIds: [topic.options[0].id] } })).status).toBe(403);
      expect((await call('POST', `/api/consultations/${topic.id}/comments`, { token, body: { body: '我想发表意见', stance: 'for' } })).status).toBe(403);
      expect((await call('POST', '/api/volunteers', { token, body: { skills: ['助老'] } })).status).toBe(403);
      const neighbours = (await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'facility', description: '1号楼门禁坏了，刷卡没反应' } })).body;
      expect((await call('POST', `/api/requests/${neighbours.id}/me-too`, { token })).status).toBe(403);
      expect((await call('GET', `/api/requests/${neighbours.id}`, { token })).status).toBe(404);
      // Photos for their reports are theirs to upload.
      expect((await call('POST', '/api/uploads/photos', { token, body: { purpose: 'request', contentType: 'image/jpeg', size: 1000 } })).status).toBe(201);
    });
  });

  describe('revoking', () => {
    it('takes the power away with 撤销角色: reports refused, the application reads revoked, and they may apply again', async () => {
      // Prepare: an approved courier who has reported.
      const courier = await fresh('mg-courier-revoke');
      const app = (await applyAs(courier, { realName: '周配送' })).body;
      await review('demo-staff-1', app.id, { approve: true });
      expect((await report(courier, { location: { address: '南门' } })).status).toBe(201);
      const m = await membershipOf(courier);
      // Act: staff (the admin) revoke the role.
      expect((await call('POST', `/api/residents/${m.id}/roles/revoke`, { token: t['demo-staff-1'], body: { role: 'mobile_grid' } })).status).toBe(403);
      const revoked = await call('POST', `/api/residents/${m.id}/roles/revoke`, { token: t['demo-admin-1'], body: { role: 'mobile_grid' } });
      // Assess.
      expect(revoked.status).toBe(200);
      expect(revoked.body.roles).toEqual([]);
      expect((await report(courier, { location: { address: '南门' } })).status).toBe(403);
      expect((await mine(courier)).body.items[0]).toMatchObject({ id: app.id, status: 'revoked' });
      expect((await list('demo-staff-1')).body.items.find((a: any) => a.id === app.id).status).toBe('revoked');
      const again = await applyAs(courier, { realName: '周配送' });
      expect(again.body).toMatchObject({ id: app.id, status: 'pending' });
      // An admin may also grant the role straight away, as any other.
      expect((await call('POST', `/api/residents/${m.id}/roles`, { token: t['demo-admin-1'], body: { role: 'mobile_grid' } })).body.roles).toEqual(['mobile_grid']);
      expect((await report(courier, { location: { address: '南门' } })).status).toBe(201);
    });

    it('brings a member who left back holding the role alone, without the household they once gave', async () => {
      const token = await fresh('mg-left');
      await call('POST', '/api/memberships', { token, body: { communityId: world.demoId, name: '搬走的住户', buildingId: world.building('4号楼'), unit: '1', room: '404' } });
      const joined = await membershipOf(token);
      await call('POST', `/api/residents/${joined.id}/approve`, { token: t['demo-staff-1'] });
      expect((await call('POST', '/api/memberships/leave', { token, community: world.demoId })).status).toBe(200);
      const app = (await applyAs(token, { realName: '搬走的住户' })).body;
      expect((await review('demo-staff-1', app.id, { approve: true })).status).toBe(200);
      const back = (await MembershipModel.findById(joined.id).lean())!;
      expect(back).toMatchObject({ status: 'active', roles: ['mobile_grid'] });
      expect(back.household).toBeUndefined();
    });
  });

  describe('personal information', () => {
    it('exports the application with the account and deletes it with the account', async () => {
      const token = await fresh('mg-erase');
      const app = (await applyAs(token, { realName: '吴导出', phone: '13700000099' })).body;
      await review('demo-staff-1', app.id, { approve: true });
      const exported = await call('GET', '/api/me/export', { token });
      expect(exported.body.mobileGridApplications).toHaveLength(1);
      expect(exported.body.mobileGridApplications[0]).toMatchObject({ realName: '吴导出', phone: '13700000099', status: 'approved' });
      const m = await membershipOf(token);
      expect((await call('DELETE', '/api/me', { token })).status).toBe(200);
      expect(await MobileGridApplicationModel.exists({ _id: app.id })).toBeNull();
      expect((await MembershipModel.findById(m.id).lean())!).toMatchObject({ status: 'left', roles: [] });
      expect(JSON.stringify((await list('demo-staff-1')).body)).not.toContain('13700000099');
    });
  });
});
