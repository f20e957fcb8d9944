import { addWorkingDays, BUILT_IN_HOLIDAY_CALENDARS } from '@linli/shared';
import { RequestModel } from '../src/requests/request.model';
import { resetConfig } from '../src/lib/config';
import { resetWechatCache } from '../src/lib/wechat';
import { call, signIn } from './helpers/api';
import { seededWorld } from './helpers/seeded';

describe('requests', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  beforeAll(async () => {
    world = await seededWorld();
    for (const id of ['demo-resident-1', 'demo-resident-2', 'demo-resident-3', 'demo-grid-1', 'demo-staff-1', 'demo-admin-1', 'demo-street-1', 'river-admin-1'])
      t[id] = await world.token(id);
  });

  const file = (token: string, body: Record<string, unknown> = {}, idempotencyKey?: string) =>
    call('POST', '/api/requests', { token, body: { category: 'facility', description: '楼道灯坏了，晚上很黑', ...body }, idempotencyKey });
  const act = (token: string, id: string, body: Record<string, unknown>) => call('POST', `/api/requests/${id}/actions`, { token, body });

  describe('filing', () => {
    it('files a request routed to the grid of the resident’s building', async () => {
      const r = await file(t['demo-resident-1']!);
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ status: 'submitted', level: 'grid', category: 'facility', gridId: world.gridIds[0], filerName: '张阿姨', household: '1号楼 1单元 101' });
      expect(r.body.timeline.map((e: any) => e.type)).toEqual(['submitted']);
      // 求助 by default: respond by the end of the next working day, resolve within 7 (the seeded 2026 calendar).
      expect(r.body.type).toBe('help');
      expect(Date.parse(r.body.respondBy)).toBe(addWorkingDays(new Date(r.body.createdAt), 1, BUILT_IN_HOLIDAY_CALENDARS).getTime());
      expect(Date.parse(r.body.resolveBy)).toBe(addWorkingDays(new Date(r.body.createdAt), 7, BUILT_IN_HOLIDAY_CALENDARS).getTime());
    });

    it('routes by location.buildingId when given, and halves deadlines when urgent', async () => {
      const r = await file(t['demo-resident-1']!, { location: { buildingId: world.building('3号楼') }, urgency: 'urgent' });
      expect(r.body.gridId).toBe(world.gridIds[1]);
      expect((Date.parse(r.body.resolveBy) - Date.parse(r.body.createdAt)) / 3_600_000).toBeCloseTo(36, 1);
    });

    it('refuses pending residents (403) and other communities’ buildings (400)', async () => {
      const { token } = await signIn('pending-filer');
      await call('POST', '/api/memberships', { token, body: { communityId: world.demoId, name: '等审核', buildingId: world.building('1号楼'), unit: '1', room: '1' } });
      expect((await file(token)).status).toBe(403);
      const r = await file(t['demo-resident-1']!, { location: { buildingId: world.riverBuildingId } });
      expect(r.status).toBe(400);
      expect(r.body.error.details[0].path).toBe('location.buildingId');
    });

    it('validates the description length and the photo count', async () => {
      const r = await file(t['demo-resident-1']!, { description: '太长'.repeat(501), photoKeys: Array.from({ length: 10 }, (_, i) => `k${i}`) });
      expect(r.status).toBe(400);
      expect(r.body.error.details.map((d: any) => d.path).sort()).toEqual(['description', 'photoKeys']);
      // Too short is a rule across fields (words or a voice note), checked once the fields themselves are valid.
      const short = await file(t['demo-resident-1']!, { description: '太短' });
      expect(short.status).toBe(400);
      expect(short.body.error.details).toEqual([{ path: 'description', message: '请至少写5个字说清楚问题，或录一段语音' }]);
    });

    it('creates one request for two simultaneous submits with one key', async () => {
      const before = await RequestModel.countDocuments({});
      const [a, b] = await Promise.all([file(t['demo-resident-2']!, {}, 'req-key-000001'), file(t['demo-resident-2']!, {}, 'req-key-000001')]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(a.body.id).toBe(b.body.id);
      expect(await RequestModel.countDocuments({})).toBe(before + 1);
    });

    it('lets a grid worker file on behalf of a resident (代办), and says so on the timeline', async () => {
      const r = await file(t['demo-grid-1']!, { onBehalfOf: { name: '孤寡老人刘大爷', buildingId: world.building('2号楼'), unit: '1', room: '102', phone: '13912345678' } });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ filedOnBehalf: true, filerName: '孤寡老人刘大爷', household: '2号楼 1单元 102', contact: { name: '孤寡老人刘大爷', phone: '13912345678' } });
      // The contact lives where only handlers see it, never in a timeline note.
      expect(r.body.timeline[0]).toMatchObject({ actorLabel: '网格员', note: '代居民提交' });
      expect(JSON.stringify(r.body.timeline)).not.toMatch(/刘大爷|13912345678/);
      const byResident = await file(t['demo-resident-1']!, { onBehalfOf: { name: 'x', buildingId: world.building('2号楼'), unit: '1', room: '1' } });
      expect(byResident.status).toBe(403);
    });
  });

  describe('lifecycle', () => {
    it('rates in one step: the stars say 满意 (4–5), 基本满意 (3, counted satisfied) or 不满意 (1–2, reopens once)', async () => {
      const resident = t['demo-resident-1']!;
      const staff = t['demo-staff-1']!;
      const resolved = async (description: string) => {
        const { body: req } = await file(resident, { description });
        await act(staff, req.id, { action: 'accept' });
        await act(staff, req.id, { action: 'resolve', note: '已处理' });
        return req.id as string;
      };
      const rate = (id: string, body: Record<string, unknown>) => call('POST', `/api/requests/${id}/rating`, { token: resident, body });
      const basically = await rate(await resolved('单元门口的灯已经修好了吗'), { score: 3 });
      expect(basically.body).toMatchObject({ status: 'closed', rating: { satisfied: true, score: 3 } });
      expect(basically.body.timeline.at(-1).note).toBe('3分（基本满意）');
      const unhappy = await rate(await resolved('楼道的积水还是没有处理'), { score: 2, comment: '还是漏水' });
      expect(unhappy.body).toMatchObject({ status: 'reopened', rating: { satisfied: false, score: 2 } });
      // The old two-step body is still accepted, taken at its word.
      const old = await rate(await resolved('小区门口的路灯修好了'), { satisfied: true, score: 2 });
      expect(old.body).toMatchObject({ status: 'closed', rating: { satisfied: true } });
    });

    it('accept → reply → resolve → unsatisfied reopens → resolve → satisfied closes', async () => {
      const resident = t['demo-resident-1']!;
      const grid = t['demo-grid-1']!;
      const { body: req } = await file(resident, { description: '小区门口的路灯不亮了' });
      const accepted = await act(grid, req.id, { action: 'accept' });
      expect(accepted.body).toMatchObject({ status: 'accepted', assigneeName: '刘网格' });
      const replied = await act(grid, req.id, { action: 'reply', body: '明天上午电工上门维修' });
      expect(replied.body.timeline.at(-1)).toMatchObject({ type: 'reply', actorLabel: '网格员', note: '明天上午电工上门维修' });
      const residentReply = await act(resident, req.id, { action: 'reply', body: '好的，谢谢' });
      expect(residentReply.body.timeline.at(-1).actorLabel).toBe('居民');

      expect((await call('POST', `/api/requests/${req.id}/rating`, { token: resident, body: { satisfied: true, score: 5 } })).status).toBe(409);
      await act(grid, req.id, { action: 'resolve', note: '已更换灯泡' });
      const unhappy = await call('POST', `/api/requests/${req.id}/rating`, { token: resident, body: { satisfied: false, score: 2, comment: '还是闪' } });
      expect(unhappy.status).toBe(201);
      expect(unhappy.body).toMatchObject({ status: 'reopened', reopenCount: 1, assigneeName: '刘网格' });
      expect((await call('POST', `/api/requests/${req.id}/rating`, { token: resident, body: { satisfied: true, score: 5 } })).status).toBe(409);

      await act(grid, req.id, { action: 'resolve', note: '更换了整个灯具' });
      const happy = await call('POST', `/api/requests/${req.id}/rating`, { token: resident, body: { satisfied: true, score: 5 } });
      expect(happy.body).toMatchObject({ status: 'closed', rating: { satisfied: true, score: 5 } });
      const doc = await RequestModel.findById(req.id).lean();
      expect(doc!.ratings).toHaveLength(2);
      expect(doc!.responseOutcome).toBe('on_time');
      expect((await act(resident, req.id, { action: 'reply', body: '再说一句' })).status).toBe(409);
    });

    it('a second unsatisfied rating closes the request', async () => {
      const { body: req } = await file(t['demo-resident-1']!);
      await act(t['demo-staff-1']!, req.id, { action: 'accept' });
      await act(t['demo-staff-1']!, req.id, { action: 'resolve', note: '已处理' });
      await call('POST', `/api/requests/${req.id}/rating`, { token: t['demo-resident-1'], body: { satisfied: false, score: 1 } });
      await act(t['demo-staff-1']!, req.id, { action: 'resolve', note: '再次处理' });
      const r = await call('POST', `/api/requests/${req.id}/rating`, { token: t['demo-resident-1'], body: { satisfied: false, score: 2 } });
      expect(r.body.status).toBe('closed');
    });

    it('lets the resident withdraw before acceptance only', async () => {
      const a = (await file(t['demo-resident-1']!)).body;
      expect((await act(t['demo-resident-1']!, a.id, { action: 'withdraw' })).body.status).toBe('withdrawn');
      const b = (await file(t['demo-resident-1']!)).body;
      await act(t['demo-grid-1']!, b.id, { action: 'accept' });
      expect((await act(t['demo-resident-1']!, b.id, { action: 'withdraw' })).status).toBe(409);
    });

    it('requires a reason to reject, and rejects', async () => {
      const r = (await file(t['demo-resident-1']!)).body;
      expect((await act(t['demo-staff-1']!, r.id, { action: 'reject' })).status).toBe(400);
      expect((await act(t['demo-staff-1']!, r.id, { action: 'reject', reason: '属于物业合同范围，请联系物业' })).body.status).toBe('rejected');
    });

    it('assigns only to grid workers or staff of the community', async () => {
      const r = (await file(t['demo-resident-1']!)).body;
      await act(t['demo-staff-1']!, r.id, { action: 'accept' });
      const resident2 = (await signIn('demo-resident-2')).user.id;
      expect((await act(t['demo-staff-1']!, r.id, { action: 'assign', assigneeId: resident2 })).status).toBe(400);
      const grid = (await signIn('demo-grid-1')).user.id;
      const ok = await act(t['demo-staff-1']!, r.id, { action: 'assign', assigneeId: grid });
      expect(ok.body).toMatchObject({ status: 'in_progress', assigneeName: '刘网格' });
    });

    it('escalates grid → community → street, the level getting its own deadlines (the request keeping its own); street staff see it only then', async () => {
      const r = (await file(t['demo-resident-1']!)).body;
      expect((await act(t['demo-grid-1']!, r.id, { action: 'escalate' })).status).toBe(400); // reason required
      const c = await act(t['demo-grid-1']!, r.id, { action: 'escalate', reason: '涉及多个网格' });
      expect(c.body.level).toBe('community');
      // 三率's clock runs from the submission, never restarted by escalation (issue 19); 谁在办 shows the level's own.
      expect(c.body.resolveBy).toBe(r.resolveBy);
      expect(c.body.respondBy).toBe(r.respondBy);
      expect(c.body.holder).toMatchObject({ kind: 'community', name: '社区' });
      expect(Date.parse(c.body.holder.resolveBy)).toBeGreaterThan(Date.now());
      expect(c.body.handOffCount).toBe(1);
      expect((await call('GET', `/api/requests/${r.id}`, { token: t['demo-street-1'], community: world.demoId })).status).toBe(404);
      const s = await act(t['demo-staff-1']!, r.id, { action: 'escalate', reason: '需要街道协调' });
      expect(s.body.level).toBe('street');
      const seen = await call('GET', `/api/requests/${r.id}`, { token: t['demo-street-1'], community: world.demoId });
      expect(seen.status).toBe(200);
      expect(seen.body.timeline.map((e: any) => e.type)).toEqual(['submitted', 'escalated_community', 'escalated_street']);
      expect((await act(t['demo-street-1']!, r.id, { action: 'escalate', reason: '再上报' })).status).toBe(409);
      expect((await act(t['demo-street-1']!, r.id, { action: 'accept' })).body.status).toBe('accepted');
    });
  });

  describe('who sees and does what', () => {
    let req: any;
    beforeAll(async () => {
      req = (await file(t['demo-resident-3']!, { description: '3号楼电梯经常停运', anonymous: true })).body;
    });

    it('hides a request from other residents, from grid workers of other grids and from other communities (404)', async () => {
      expect((await call('GET', `/api/requests/${req.id}`, { token: t['demo-resident-1'] })).status).toBe(404);
      expect((await call('GET', `/api/requests/${req.id}`, { token: t['demo-grid-1'] })).status).toBe(404); // grid 2's request
      expect((await call('GET', `/api/requests/${req.id}`, { token: t['river-admin-1'] })).status).toBe(404);
      expect((await act(t['river-admin-1']!, req.id, { action: 'accept' })).status).toBe(404);
    });

    it('tells the caller what they are to the request, and gives handlers the 常用回复', async () => {
      expect((await call('GET', `/api/requests/${req.id}`, { token: t['demo-resident-3'] })).body.viewer).toEqual({ isFiler: true, isHandler: false });
      expect((await call('GET', `/api/requests/${req.id}`, { token: t['demo-staff-1'] })).body.viewer).toEqual({ isFiler: false, isHandler: true });
      const tpl = await call('GET', '/api/requests/reply-templates', { token: t['demo-grid-1'] });
      expect(tpl.body.items.length).toBeGreaterThan(0);
      expect((await call('GET', '/api/requests/reply-templates', { token: t['demo-resident-1'] })).status).toBe(403);
    });

    it('refuses actions someone may see but not do (403)', async () => {
      expect((await act(t['demo-resident-3']!, req.id, { action: 'accept' })).status).toBe(403);
      expect((await act(t['demo-staff-1']!, req.id, { action: 'withdraw' })).status).toBe(403);
    });

    it('shows a public request to other residents without personal data, and never names an anonymous filer', async () => {
      const staffView = await call('POST', `/api/requests/${req.id}/visibility`, { token: t['demo-staff-1'], body: { public: true } });
      expect(staffView.body).toMatchObject({ public: true, filerName: '王同学' });
      const other = await call('GET', `/api/requests/${req.id}`, { token: t['demo-resident-1'] });
      expect(other.status).toBe(200);
      expect(other.body.filerName).toBeUndefined();
      expect(other.body.household).toBeUndefined();
      expect(other.body.timeline[0]).toEqual(expect.objectContaining({ actorLabel: '匿名居民' }));
      expect(other.body.timeline[0].actorId).toBeUndefined();
      const list = await call('GET', '/api/requests', { token: t['demo-resident-1'], query: { scope: 'community' } });
      expect(list.body.items.map((i: any) => i.id)).toContain(req.id);
      expect(list.body.items.every((i: any) => i.public)).toBe(true);
    });

    it('lists by scope with cursor pagination, newest first', async () => {
      const mine = await call('GET', '/api/requests', { token: t['demo-resident-1'], query: { scope: 'mine', limit: '2' } });
      expect(mine.body.items).toHaveLength(2);
      expect(mine.body.nextCursor).toEqual(expect.any(String));
      const next = await call('GET', '/api/requests', { token: t['demo-resident-1'], query: { scope: 'mine', limit: '2', cursor: mine.body.nextCursor } });
      expect(next.body.items[0].id < mine.body.items[1].id).toBe(true);
      const gridView = await call('GET', '/api/requests', { token: t['demo-grid-1'], query: { scope: 'community', limit: '100' } });
      expect(gridView.body.items.every((i: any) => i.gridId === world.gridIds[0])).toBe(true);
      const staffView = await call('GET', '/api/requests', { token: t['demo-staff-1'], query: { scope: 'community', limit: '100', gridId: world.gridIds[1]! } });
      expect(staffView.body.items.map((i: any) => i.id)).toContain(req.id);
    });
  });

  describe('duplicates and me too', () => {
    it('shows open requests of the same category in the same building without identity, and +1 counts once where it may be seen', async () => {
      const first = (await file(t['demo-resident-1']!, { category: 'environment', description: '1号楼垃圾桶满了没人清理，气味很大' })).body;
      const neighbour = t['demo-resident-2']!;
      // The filer's own request: its words, and joinable (they follow it already).
      const own = await call('GET', '/api/requests/similar', { token: t['demo-resident-1'], query: { category: 'environment' } });
      expect(own.body.items[0]).toEqual({ id: first.id, category: 'environment', buildingId: world.building('1号楼'), excerpt: '1号楼垃圾桶满了没人清理，气味很大'.slice(0, 30), createdAt: expect.any(String), status: 'submitted', meTooCount: 0, joinable: true });
      // A neighbour: that it exists, never its words, and no me-too while it is private.
      const private_ = await call('GET', '/api/requests/similar', { token: neighbour, query: { category: 'environment', buildingId: world.building('1号楼') } });
      expect(private_.body.items.find((i: any) => i.id === first.id)).toEqual({ id: first.id, category: 'environment', buildingId: world.building('1号楼'), createdAt: expect.any(String), status: 'submitted', meTooCount: 0, joinable: false });
      expect((await call('POST', `/api/requests/${first.id}/me-too`, { token: neighbour })).status).toBe(404);
      // Made public by staff: words shown, +1 counted once.
      await call('POST', `/api/requests/${first.id}/visibility`, { token: t['demo-staff-1'], body: { public: true } });
      const open = await call('GET', '/api/requests/similar', { token: neighbour, query: { category: 'environment', buildingId: world.building('1号楼') } });
      expect(open.body.items.find((i: any) => i.id === first.id)).toMatchObject({ excerpt: expect.any(String), joinable: true });
      const a = await call('POST', `/api/requests/${first.id}/me-too`, { token: neighbour });
      const b = await call('POST', `/api/requests/${first.id}/me-too`, { token: neighbour });
      expect(a.body.meTooCount).toBe(1);
      expect(b.body.meTooCount).toBe(1);
      const seen = await call('GET', `/api/requests/${first.id}`, { token: neighbour });
      expect(seen.status).toBe(200);
      expect(seen.body.filerName).toBeUndefined();
      expect(seen.body.household).toBeUndefined();
      expect((await call('GET', `/api/requests/${first.id}`, { token: t['demo-staff-1'] })).body.meTooCount).toBe(1);
    });
  });

  describe('content security', () => {
    it('refuses risky text with CONTENT_REJECTED', async () => {
      const r = await file(t['demo-resident-1']!, { description: '这里有违禁内容需要处理' });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('CONTENT_REJECTED');
    });

    it('stores text held for review hidden from other residents until staff see it', async () => {
      const r = await file(t['demo-resident-1']!, { description: '这段话需要待审一下再说' });
      expect(r.status).toBe(201);
      expect(r.body.contentStatus).toBe('review');
      await call('POST', `/api/requests/${r.body.id}/visibility`, { token: t['demo-staff-1'], body: { public: true } });
      expect((await call('GET', `/api/requests/${r.body.id}`, { token: t['demo-resident-2'] })).status).toBe(404);
    });

    it('lets staff list texts waiting for review and approve them, hidden replies included', async () => {
      const r = (await file(t['demo-resident-1']!, { description: '需要待审的描述文字' })).body;
      await act(t['demo-staff-1']!, r.id, { action: 'accept' });
      await act(t['demo-resident-1']!, r.id, { action: 'reply', body: '补充一句待审的话' });
      const queue = await call('GET', '/api/requests', { token: t['demo-staff-1'], query: { scope: 'community', review: '1', limit: '100' } });
      expect(queue.body.items.map((i: any) => i.id)).toContain(r.id);
      expect((await call('POST', `/api/requests/${r.id}/approve-content`, { token: t['demo-resident-1'] })).status).toBe(403);
      const ok = await call('POST', `/api/requests/${r.id}/approve-content`, { token: t['demo-staff-1'] });
      expect(ok.body.contentStatus).toBe('pass');
      await call('POST', `/api/requests/${r.id}/visibility`, { token: t['demo-staff-1'], body: { public: true } });
      const other = await call('GET', `/api/requests/${r.id}`, { token: t['demo-resident-2'] });
      expect(other.status).toBe(200);
      // Approved, the resident's reply is shown to whom it was written for (handlers and the filer), not the public.
      expect(other.body.timeline.map((e: any) => e.note)).not.toContain('补充一句待审的话');
      const filer = await call('GET', `/api/requests/${r.id}`, { token: t['demo-resident-1'] });
      expect(filer.body.timeline.find((e: any) => e.note === '补充一句待审的话')).toMatchObject({ audience: 'filer' });
      expect(filer.body.timeline.find((e: any) => e.note === '补充一句待审的话').pendingReview).toBeUndefined();
      const after = await call('GET', '/api/requests', { token: t['demo-staff-1'], query: { scope: 'community', review: '1', limit: '100' } });
      expect(after.body.items.map((i: any) => i.id)).not.toContain(r.id);
    });

    it('stores text as review when WeChat is unreachable', async () => {
      const saved = process.env.WECHAT_API_BASE;
      process.env.WECHAT_API_BASE = 'http://127.0.0.1:9';
      resetConfig();
      resetWechatCache();
      try {
        const r = await file(t['demo-resident-1']!, { description: '微信不可用时提交的诉求' });
        expect(r.status).toBe(201);
        expect(r.body.contentStatus).toBe('review');
      } finally {
        process.env.WECHAT_API_BASE = saved;
        resetConfig();
        resetWechatCache();
      }
    });
  });
});
