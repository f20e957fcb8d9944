import { Types } from 'mongoose';
import { shanghaiIsoWeek } from '@linli/shared';
import { upsertMember } from '../src/admin/platform';
import { PatrolModel } from '../src/patrols/patrol.model';
import { RequestModel } from '../src/requests/request.model';
import { MessageModel } from '../src/messages/message.model';
import { RequestStatsModel, rebuildRequestStats } from '../src/requests/request-stats';
import { call, signIn } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// 巡查 (issue 18, part 1): a grid worker's patrol is a record — start, buildings checked, findings, end — and a
// finding is a request marked 巡查发现, possibly resolved on the spot in the one filing. Against the real handlers
// and the embedded database. demo-grid-2 and the workers made here serve 第二网格 (3号楼, 4号楼), so the figures
// are exact whatever the seed's week of demo-grid-1's patrols in 第一网格 holds.

const WEEK = 7 * 86_400_000;

describe('patrols', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  let grid1: string;
  let grid2: string;

  beforeAll(async () => {
    world = await seededWorld();
    [grid1, grid2] = world.gridIds as [string, string];
    await upsertMember('demo', { openid: 'demo-grid-2', name: '第二网格员', roles: ['grid_worker'], grids: ['第二网格'] });
    await upsertMember('demo', { openid: 'patrol-grid2b', name: '二网格副网格员', roles: ['grid_worker'], grids: ['第二网格'] });
    await upsertMember('demo', { openid: 'patrol-both', name: '两网格网格员', roles: ['grid_worker'], grids: ['第一网格', '第二网格'] });
    await upsertMember('demo', { openid: 'patrol-none', name: '待分网格网格员', roles: ['grid_worker'] });
    for (const id of ['demo-resident-1', 'demo-grid-1', 'demo-grid-2', 'patrol-grid2b', 'patrol-both', 'patrol-none', 'demo-staff-1', 'demo-admin-1', 'demo-street-1', 'demo-merchant-1', 'river-admin-1'])
      t[id] = await world.token(id);
  });

  const start = (who: string, body: Record<string, unknown> = {}, key?: string) => call('POST', '/api/patrols', { token: t[who], body, idempotencyKey: key });
  const get = (who: string, id: string) => call('GET', `/api/patrols/${id}`, { token: t[who] });
  const check = (who: string, id: string, buildingIds: string[]) => call('POST', `/api/patrols/${id}/checks`, { token: t[who], body: { buildingIds } });
  const end = (who: string, id: string) => call('POST', `/api/patrols/${id}/end`, { token: t[who] });
  const find = (who: string, body: Record<string, unknown>, key?: string) =>
    call('POST', '/api/requests', { token: t[who], body: { source: 'patrol', category: 'environment', description: '巡查发现楼道堆放杂物', ...body }, idempotencyKey: key });
  /** Ends whatever patrol the worker has under way (the tests start from none). */
  const endOngoing = async (who: string) => {
    const r = await call('GET', '/api/patrols', { token: t[who], query: { status: 'ongoing' } });
    for (const p of r.body.items) expect((await end(who, p.id)).status).toBe(200);
  };

  describe('lifecycle', () => {
    it('starts in the worker’s only grid, checks its buildings once each, lists findings, and ends once', async () => {
      // Act: start.
      const started = await start('demo-grid-2');
      // Assess.
      expect(started.status).toBe(201);
      const id = started.body.id as string;
      expect(started.body).toMatchObject({ gridId: grid2, gridName: '第二网格', workerName: '第二网格员', status: 'ongoing', week: shanghaiIsoWeek(new Date()), buildingCount: 2, checkedCount: 0, findingCount: 0 });
      expect(started.body.buildings.map((b: any) => [b.name, b.checked])).toEqual([['3号楼', false], ['4号楼', false]]);
      expect(started.body.actions).toEqual(['check_buildings', 'file_finding', 'end']);

      // Checking a building twice counts it once; several at a time.
      const b3 = world.building('3号楼');
      expect((await check('demo-grid-2', id, [b3])).body.checkedCount).toBe(1);
      const twice = await check('demo-grid-2', id, [b3, b3]);
      expect(twice.status).toBe(200);
      expect(twice.body.checkedBuildingIds).toEqual([b3]);
      // A building of another grid, or of another community, is refused by position.
      const outside = await check('demo-grid-2', id, [world.building('4号楼'), world.building('1号楼')]);
      expect(outside.status).toBe(400);
      expect(outside.body.error.details).toEqual([{ path: 'buildingIds.1', message: '只能选择本次巡查网格内的楼栋' }]);
      expect((await check('demo-grid-2', id, [world.riverBuildingId])).status).toBe(400);
      expect((await get('demo-grid-2', id)).body.checkedBuildingIds).toEqual([b3]);

      // A finding filed on the patrol is listed on it, summarised.
      const finding = await find('demo-grid-2', { patrolId: id, title: '4号楼楼道堆物', location: { buildingId: world.building('4号楼') } });
      expect(finding.status).toBe(201);
      expect(finding.body).toMatchObject({ source: 'patrol', status: 'submitted', patrolId: id, gridId: grid2, filerName: '第二网格员' });
      const page = await get('demo-grid-2', id);
      expect(page.body.findings).toEqual([{ id: finding.body.id, title: '4号楼楼道堆物', status: 'submitted', category: 'environment', resolvedOnSpot: false }]);
      expect(page.body.findingCount).toBe(1);

      // End: once; a second end answers the ended patrol unchanged.
      const ended = await end('demo-grid-2', id);
      expect(ended.status).toBe(200);
      expect(ended.body).toMatchObject({ status: 'ended', actions: [] });
      expect(ended.body.endedAt).toEqual(expect.any(String));
      const again = await end('demo-grid-2', id);
      expect(again.status).toBe(200);
      expect(again.body.endedAt).toBe(ended.body.endedAt);
      // Nothing more happens on an ended patrol.
      const late = await check('demo-grid-2', id, [world.building('4号楼')]);
      expect(late.status).toBe(409);
      expect(late.body.error).toMatchObject({ code: 'CONFLICT', message: '该巡查已结束' });
      const lateFinding = await find('demo-grid-2', { patrolId: id, location: { buildingId: b3 } });
      expect(lateFinding.status).toBe(409);
      expect(lateFinding.body.error.message).toContain('巡查已结束');
      // The next patrol may start.
      const next = await start('demo-grid-2');
      expect(next.status).toBe(201);
      await end('demo-grid-2', next.body.id);
    });

    it('makes a worker with several grids choose one of theirs; one with none cannot start', async () => {
      const choose = await start('patrol-both');
      expect(choose.status).toBe(400);
      expect(choose.body.error.details).toEqual([{ path: 'gridId', message: '您负责多个网格，请选择本次巡查的网格' }]);
      const chosen = await start('patrol-both', { gridId: grid1 });
      expect(chosen.status).toBe(201);
      expect(chosen.body.gridName).toBe('第一网格');
      await end('patrol-both', chosen.body.id);
      expect((await start('demo-grid-2', { gridId: grid1 })).status).toBe(403); // not their grid
      expect((await start('demo-grid-2', { gridId: new Types.ObjectId().toHexString() })).status).toBe(403);
      const none = await start('patrol-none');
      expect(none.status).toBe(403);
      expect(none.body.error.message).toContain('还没有负责的网格');
    });

    it('lists a grid worker’s own patrols and, for staff, the community’s by grid, worker, week and status, paged', async () => {
      await endOngoing('patrol-grid2b');
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const p = await start('patrol-grid2b');
        ids.unshift(p.body.id);
        if (i < 2) await end('patrol-grid2b', p.body.id);
      }
      const mine = await call('GET', '/api/patrols', { token: t['patrol-grid2b'], query: { limit: '2' } });
      expect(mine.body.items.map((p: any) => p.id)).toEqual(ids.slice(0, 2));
      expect(mine.body.items[0]).not.toHaveProperty('buildings'); // lists carry counts, not the grid's buildings
      const rest = await call('GET', '/api/patrols', { token: t['patrol-grid2b'], query: { limit: '2', cursor: mine.body.nextCursor } });
      expect(rest.body.items.map((p: any) => p.id)).toContain(ids[2]);
      // Another worker's patrols are not in a grid worker's list, even asked for by worker.
      const workerId = mine.body.items[0].workerId as string;
      expect((await call('GET', '/api/patrols', { token: t['demo-grid-2'], query: { workerId } })).body.items).toEqual([]);
      expect((await call('GET', '/api/patrols', { token: t['demo-grid-2'] })).body.items.some((p: any) => ids.includes(p.id))).toBe(false);
      // Staff filter the community's.
      const staffList = (query: Record<string, string>) => call('GET', '/api/patrols', { token: t['demo-staff-1'], query: { limit: '100', ...query } }).then((r) => r.body.items as any[]);
      expect((await staffList({ workerId })).map((p) => p.id)).toEqual(expect.arrayContaining(ids));
      expect((await staffList({ workerId })).every((p) => p.workerId === workerId)).toBe(true);
      expect((await staffList({ gridId: grid1 })).every((p) => p.gridId === grid1)).toBe(true);
      expect((await staffList({ status: 'ongoing', workerId })).map((p) => p.id)).toEqual([ids[0]]);
      expect((await staffList({ week: shanghaiIsoWeek(new Date()), workerId })).map((p) => p.id)).toEqual(ids);
      expect(await staffList({ week: shanghaiIsoWeek(new Date(Date.now() - 60 * WEEK)) })).toEqual([]);
      expect((await call('GET', '/api/patrols', { token: t['demo-staff-1'], query: { week: '2025-W53' } })).status).toBe(400); // 2025 has 52 weeks
      // Staff see and may end it; they may not check buildings on someone else's walk.
      expect((await get('demo-staff-1', ids[0]!)).body.actions).toEqual(['end']);
      expect((await check('demo-staff-1', ids[0]!, [world.building('3号楼')])).status).toBe(403);
      expect((await end('demo-staff-1', ids[0]!)).body.status).toBe('ended');
    });
  });

  describe('under concurrency', () => {
    it('two starts at once by one worker: exactly one patrol under way, the other a 409 naming it', async () => {
      await endOngoing('demo-grid-2');
      const [a, b] = await Promise.all([start('demo-grid-2', {}, 'patrol-start-a'), start('demo-grid-2', {}, 'patrol-start-b')]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      const [won, lost] = a.status === 201 ? [a, b] : [b, a];
      expect(lost.body).toEqual({ error: { code: 'CONFLICT', message: '您有一次巡查尚未结束，请先结束再开始新的巡查', details: { patrolId: won.body.id } } });
      const userId = won.body.workerId as string;
      expect(await PatrolModel.countDocuments({ workerId: userId, status: 'ongoing' })).toBe(1);
      // Five more at once, and a retry of the winner with its key (the same answer, nothing new).
      const more = await Promise.all([...Array.from({ length: 5 }, () => start('demo-grid-2')), start('demo-grid-2', {}, a.status === 201 ? 'patrol-start-a' : 'patrol-start-b')]);
      expect(more.slice(0, 5).map((r) => r.status)).toEqual([409, 409, 409, 409, 409]);
      expect(more[5]).toMatchObject({ status: 201, body: { id: won.body.id } });
      expect(await PatrolModel.countDocuments({ workerId: userId, status: 'ongoing' })).toBe(1);
      await end('demo-grid-2', won.body.id);
    });

    it('an end racing checks and findings: whatever was accepted is on the patrol, whatever was refused is not', async () => {
      const b3 = world.building('3号楼');
      const b4 = world.building('4号楼');
      const outcomes = new Set<string>();
      for (let round = 0; round < 6; round++) {
        await endOngoing('demo-grid-2');
        const p = (await start('demo-grid-2')).body.id as string;
        const [ended, endedToo, checked, filed] = await Promise.all([
          end('demo-grid-2', p),
          end('demo-staff-1', p),
          check('demo-grid-2', p, round % 2 ? [b3] : [b3, b4]),
          find('demo-grid-2', { patrolId: p, location: { buildingId: b4 }, description: `结束时上报的问题 第${round}轮` }),
        ]);
        expect([ended.status, endedToo.status]).toEqual([200, 200]);
        expect(ended.body.endedAt).toBe(endedToo.body.endedAt); // one end, answered twice
        expect([200, 409]).toContain(checked.status);
        expect([201, 409]).toContain(filed.status);
        outcomes.add(`${checked.status}/${filed.status}`);
        const stored = (await PatrolModel.findById(p).lean())!;
        expect(stored.status).toBe('ended');
        expect(stored.checkedBuildingIds.map(String).includes(b3)).toBe(checked.status === 200);
        const created = await RequestModel.find({ patrolId: new Types.ObjectId(p) }, { _id: 1 }).lean();
        expect(created.map((r) => String(r._id))).toEqual(filed.status === 201 ? [filed.body.id] : []);
        if (filed.status === 201) expect(stored.findings.map(String)).toEqual([filed.body.id]);
      }
      expect(outcomes.size).toBeGreaterThanOrEqual(1);
    });
  });

  describe('findings (巡查发现) and 就地办结', () => {
    it('resolves a finding on the spot in one call: closed, answered and resolved now, nobody asked to rate it', async () => {
      const before = (await call('GET', '/api/stats/requests', { token: t['demo-staff-1'] })).body;
      await endOngoing('demo-grid-2');
      const patrol = (await start('demo-grid-2')).body.id as string;
      const body = { patrolId: patrol, category: 'environment', description: '3号楼门口共享单车乱停，挡住盲道', location: { buildingId: world.building('3号楼') }, resolvedOnSpot: { note: '已将单车挪到停车区，盲道畅通' } };
      // Act: one call, retried with its key.
      const [filed, replay] = [await find('demo-grid-2', body, 'onspot-1'), await find('demo-grid-2', body, 'onspot-1')];
      // Assess.
      expect(filed.status).toBe(201);
      expect(replay.headers['idempotent-replay']).toBe('true');
      expect(replay.body.id).toBe(filed.body.id);
      expect(await RequestModel.countDocuments({ patrolId: new Types.ObjectId(patrol) })).toBe(1);
      expect(filed.body).toMatchObject({ source: 'patrol', status: 'closed', resolvedOnSpot: true, assigneeName: '第二网格员', filedOnBehalf: false, anonymous: false });
      expect(filed.body.timeline.map((e: any) => [e.type, e.actorLabel])).toEqual([['submitted', '网格员'], ['accept', '网格员'], ['resolve', '网格员']]);
      expect(filed.body.timeline[2].note).toBe('已将单车挪到停车区，盲道畅通');
      expect(filed.body.actions).not.toContain('rate');
      expect(filed.body.actions).not.toContain('reopen');
      const stored = (await RequestModel.findById(filed.body.id).lean())!;
      expect(stored).toMatchObject({ responseOutcome: 'on_time', firstResponseHours: 0, resolveHours: 0, resolvedOnSpot: true });
      // Answered, resolved and closed at the filing (the stored createdAt is the save's own clock, a moment later).
      expect(Math.abs(stored.resolvedAt!.getTime() - stored.createdAt.getTime())).toBeLessThan(5000);
      expect(stored.closedAt).toEqual(stored.resolvedAt);
      expect(stored.firstResponseAt).toEqual(stored.resolvedAt);
      // No rating asked or taken, no notice to anyone: there is nothing left to do.
      const rating = await call('POST', `/api/requests/${filed.body.id}/rating`, { token: t['demo-grid-2'], body: { score: 5 } });
      expect(rating.status).toBe(409);
      expect(rating.body.error.message).toContain('无需评价');
      expect(await MessageModel.countDocuments({ requestId: stored._id })).toBe(0);
      expect((await get('demo-grid-2', patrol)).body.findings).toEqual([{ id: filed.body.id, title: expect.stringContaining('共享单车'), status: 'closed', category: 'environment', resolvedOnSpot: true }]);

      // It counts as 巡查发现, not in the residents' 三率.
      const after = (await call('GET', '/api/stats/requests', { token: t['demo-staff-1'] })).body;
      expect(after.total).toBe(before.total);
      expect([after.responseRate, after.resolutionRate, after.satisfactionRate]).toEqual([before.responseRate, before.resolutionRate, before.satisfactionRate]);
      expect(after.sources.patrol).toBe(before.sources.patrol + 1);
      const patrolBefore = before.bySource.find((s: any) => s.key === 'patrol');
      const patrolAfter = after.bySource.find((s: any) => s.key === 'patrol');
      expect(patrolAfter).toMatchObject({ label: '巡查发现', total: patrolBefore.total + 1, resolvedOnSpot: patrolBefore.resolvedOnSpot + 1, satisfactionRate: null });
      expect(patrolAfter.counts.resolved).toBe(patrolBefore.counts.resolved + 1);
      await end('demo-grid-2', patrol);
    });

    it('takes photos of the result checked like a request’s, never the problem’s own', async () => {
      const upload = async () => {
        const p = await call('POST', '/api/uploads/photos', { token: t['demo-grid-2'], body: { purpose: 'request', contentType: 'image/jpeg', size: 2052 } });
        const form = new FormData();
        for (const [k, v] of Object.entries(p.body.fields as Record<string, string>)) form.append(k, v);
        form.append('file', new Blob([new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7)]))], { type: 'image/jpeg' }), 'photo.jpg');
        expect((await fetch(p.body.url, { method: 'POST', body: form })).status).toBe(204);
        return p.body.key as string;
      };
      const [problem, result] = [await upload(), await upload()];
      const where = { location: { buildingId: world.building('4号楼') } };
      const bogus = await find('demo-grid-2', { ...where, resolvedOnSpot: { note: '已处理', photoKeys: ['requests/nobody/never-uploaded.jpg'] } });
      expect(bogus.status).toBe(400);
      expect(bogus.body.error.details).toEqual([{ path: 'resolvedOnSpot.photoKeys.0', message: '照片未上传成功或不属于您，请重新上传' }]);
      const reused = await find('demo-grid-2', { ...where, photoKeys: [problem], resolvedOnSpot: { note: '已处理', photoKeys: [problem] } });
      expect(reused.status).toBe(400);
      expect(reused.body.error.details[0].path).toBe('resolvedOnSpot.photoKeys.0');
      const filed = await find('demo-grid-2', { ...where, photoKeys: [problem], resolvedOnSpot: { note: '已清理', photoKeys: [result] } });
      expect(filed.status).toBe(201);
      expect(filed.body.photoKeys).toEqual([problem]);
      expect(filed.body.timeline[2].photos).toHaveLength(1);
      // Trusted like staff's: no media-check round trip before handlers and the public could see them.
      expect(filed.body.photos[0].approved).toBe(true);
    });

    it('is for grid workers and staff; a resident’s demand is never a finding, nor resolved on the spot', async () => {
      const resident = await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { source: 'patrol', category: 'other', description: '居民冒充巡查上报' } });
      expect(resident.status).toBe(403);
      expect(resident.body.error.message).toContain('巡查发现');
      const onSpot = await call('POST', '/api/requests', { token: t['demo-grid-2'], body: { category: 'other', description: '不是巡查却就地办结', location: { buildingId: world.building('3号楼') }, resolvedOnSpot: { note: '已处理' } } });
      expect(onSpot.status).toBe(400);
      expect(onSpot.body.error.details).toEqual([{ path: 'source', message: '关联巡查和就地办结只用于巡查发现的问题' }]);
      const onBehalf = await find('demo-grid-2', { location: { buildingId: world.building('3号楼') }, onBehalfOf: { name: '王奶奶', buildingId: world.building('3号楼'), unit: '1', room: '101' } });
      expect(onBehalf.status).toBe(400);
      expect(onBehalf.body.error.details[0].path).toBe('onBehalfOf');
      // 流动网格员 reports come with that role, which a grid worker does not hold (mobile-grid.test.ts).
      expect((await find('demo-grid-2', { source: 'mobile_grid', location: { buildingId: world.building('3号楼') } })).status).toBe(403);
      const tooShort = await find('demo-grid-2', { location: { buildingId: world.building('3号楼') }, resolvedOnSpot: { note: '好' } });
      expect(tooShort.body.error.details[0].path).toBe('resolvedOnSpot.note');
      // A finding is somewhere: a building, or the grid of the patrol it was found on.
      const nowhere = await find('demo-grid-2', {});
      expect(nowhere.status).toBe(400);
      expect(nowhere.body.error.details[0].path).toBe('location.buildingId');
      await endOngoing('demo-grid-2');
      const patrol = (await start('demo-grid-2')).body.id as string;
      const square = await find('demo-grid-2', { patrolId: patrol, description: '小区中心广场路灯不亮' });
      expect(square.status).toBe(201);
      expect(square.body.gridId).toBe(grid2);
      expect(square.body.buildingId).toBeUndefined();
      // Only the finder's own patrol: another worker's, or staff naming one, is refused.
      expect((await find('patrol-grid2b', { patrolId: patrol, location: { buildingId: world.building('3号楼') } })).status).toBe(400);
      const staffFinding = await find('demo-staff-1', { patrolId: patrol, location: { buildingId: world.building('3号楼') } });
      expect(staffFinding.body.error.details).toEqual([{ path: 'patrolId', message: '请选择您本人正在进行的巡查' }]);
      // Staff may file a finding of their own without a patrol.
      const staffOwn = await find('demo-staff-1', { location: { buildingId: world.building('1号楼') }, resolvedOnSpot: { note: '已通知物业清运' } });
      expect(staffOwn.status).toBe(201);
      expect(staffOwn.body.timeline[0].actorLabel).toBe('社区工作者');
      await end('demo-grid-2', patrol);
    });

    it('a finding left open goes through the normal loop, handled by its grid; resolving it closes it without a rating', async () => {
      // demo-grid-2 finds a problem in 第一网格's 1号楼: 第一网格 handles it; the finder follows it as its filer.
      const filed = await find('demo-grid-2', { category: 'facility', description: '1号楼单元门闭门器损坏', location: { buildingId: world.building('1号楼') } });
      expect(filed.status).toBe(201);
      expect(filed.body).toMatchObject({ status: 'submitted', gridId: grid1, viewer: { isFiler: true, isHandler: false } });
      expect(filed.body.actions).toEqual(['reply', 'withdraw']);
      const asGrid1 = await call('GET', `/api/requests/${filed.body.id}`, { token: t['demo-grid-1'] });
      expect(asGrid1.body.viewer).toEqual({ isFiler: false, isHandler: true });
      // The grid's handlers were told of new work.
      const told = await MessageModel.find({ requestId: new Types.ObjectId(filed.body.id) }).lean();
      expect(told.map((m) => m.title)).toContain('网格员巡查发现新问题');
      const act = (body: Record<string, unknown>) => call('POST', `/api/requests/${filed.body.id}/actions`, { token: t['demo-grid-1'], body });
      expect((await act({ action: 'accept' })).status).toBe(200);
      const resolved = await act({ action: 'resolve', note: '已更换闭门器' });
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({ status: 'closed', source: 'patrol' });
      expect(resolved.body.resolvedOnSpot).toBeUndefined();
      const asFinder = await call('GET', `/api/requests/${filed.body.id}`, { token: t['demo-grid-2'] });
      expect(asFinder.body.actions).toEqual([]);
      expect((await call('POST', `/api/requests/${filed.body.id}/rating`, { token: t['demo-grid-2'], body: { score: 1 } })).status).toBe(409);
      expect((await call('POST', `/api/requests/${filed.body.id}/actions`, { token: t['demo-grid-2'], body: { action: 'reopen', reason: '还没修好' } })).status).toBe(409);
      const notices = await MessageModel.find({ requestId: new Types.ObjectId(filed.body.id), kind: 'resolved' }).lean();
      expect(notices.map((m) => m.title)).toEqual(['诉求已办结']);
      expect((await RequestModel.findById(filed.body.id).lean())!.closedAt).toBeInstanceOf(Date);
    });
  });

  describe('coverage', () => {
    it('shows per grid the buildings checked this week and those not yet, for the grids the caller may see', async () => {
      await endOngoing('patrol-grid2b');
      await endOngoing('demo-grid-2');
      const week = shanghaiIsoWeek(new Date());
      // The grid's checks this week so far, from any of its workers' patrols.
      const before = (await call('GET', '/api/patrols/coverage', { token: t['demo-grid-2'] })).body;
      expect(before.week).toBe(week);
      expect(before.grids.map((g: any) => g.gridName)).toEqual(['第二网格']);
      const p = (await start('patrol-grid2b')).body.id as string;
      await check('patrol-grid2b', p, [world.building('4号楼')]);
      const cov = (await call('GET', '/api/patrols/coverage', { token: t['demo-grid-2'] })).body;
      const g2 = cov.grids[0];
      expect(g2.buildings.find((b: any) => b.name === '4号楼').checked).toBe(true);
      expect(g2).toMatchObject({ gridId: grid2, total: 2, patrols: before.grids[0].patrols + 1 });
      expect(g2.checked).toBe(g2.buildings.filter((b: any) => b.checked).length);
      expect(new Date(cov.to).getTime() - new Date(cov.from).getTime()).toBe(WEEK);
      // Staff see every grid; a worker of two grids both; 第一网格 shows the seed's checks.
      const staff = (await call('GET', '/api/patrols/coverage', { token: t['demo-staff-1'] })).body;
      expect(staff.grids.map((g: any) => g.gridName)).toEqual(['第一网格', '第二网格']);
      expect(staff.grids[1]).toEqual(g2);
      expect((await call('GET', '/api/patrols/coverage', { token: t['patrol-both'] })).body.grids).toHaveLength(2);
      expect((await call('GET', '/api/patrols/coverage', { token: t['patrol-none'] })).body.grids).toEqual([]);
      // Another week: nothing checked there.
      const old = (await call('GET', '/api/patrols/coverage', { token: t['demo-staff-1'], query: { week: '2024-W10' } })).body;
      expect(old.grids.map((g: any) => [g.checked, g.patrols])).toEqual([[0, 0], [0, 0]]);
      expect((await call('GET', '/api/patrols/coverage', { token: t['demo-staff-1'], query: { week: '2026-W60' } })).status).toBe(400);
      // The leaders' board shows the same week's coverage per grid.
      const board = (await call('GET', '/api/stats/requests', { token: t['demo-street-1'], community: world.demoId })).body;
      expect(board.patrolCoverage.find((c: any) => c.week === week && c.gridId === grid2)).toEqual({ week, gridId: grid2, label: '第二网格', checked: g2.checked, buildings: 2, rate: g2.checked / 2 });
      await end('patrol-grid2b', p);
    });

    it('answers each caller by role: grid workers and staff of the community, nobody else', async () => {
      await endOngoing('demo-grid-2');
      const p = (await start('demo-grid-2')).body.id as string;
      // caller → [start, list, coverage, get, check, end] on demo-grid-2's patrol in 第二网格.
      const matrix: Record<string, (number | string)[]> = {
        'demo-resident-1': [403, 403, 403, 403, 403, 403],
        'patrol-grid2b (grid worker of the grid)': [409, 200, 200, 404, 404, 404],
        'demo-grid-1 (grid worker of another grid)': [201, 200, 200, 404, 404, 404],
        'demo-staff-1': [403, 200, 200, 200, 403, 200],
        'demo-admin-1': [403, 200, 200, 200, 403, 200],
        'demo-street-1': [403, 403, 403, 403, 403, 403],
        'demo-merchant-1': [403, 403, 403, 403, 403, 403],
        'river-admin-1 (another community)': [404, 404, 404, 404, 404, 404],
      };
      await endOngoing('demo-grid-1');
      await endOngoing('patrol-grid2b');
      await start('patrol-grid2b'); // under way already: its start is a 409
      for (const [label, expected] of Object.entries(matrix)) {
        const who = label.split(' ')[0]!;
        const community = who === 'river-admin-1' || who === 'demo-street-1' ? world.demoId : undefined;
        const seen = [
          (await call('POST', '/api/patrols', { token: t[who], body: {}, community })).status,
          (await call('GET', '/api/patrols', { token: t[who], community })).status,
          (await call('GET', '/api/patrols/coverage', { token: t[who], community })).status,
          (await call('GET', `/api/patrols/${p}`, { token: t[who], community })).status,
          (await call('POST', `/api/patrols/${p}/checks`, { token: t[who], body: { buildingIds: [world.building('3号楼')] }, community })).status,
          // End last: it is the only one that changes the patrol, and only staff and admin may.
          who === 'demo-staff-1' || who === 'demo-admin-1' ? 200 : (await call('POST', `/api/patrols/${p}/end`, { token: t[who], community })).status,
        ];
        expect([label, seen]).toEqual([label, expected]);
      }
      expect((await end('demo-admin-1', p)).status).toBe(200);
      await endOngoing('demo-grid-1');
      await endOngoing('patrol-grid2b');
    });

    it('records what grid workers and staff do to patrols in the audit log', async () => {
      await endOngoing('demo-grid-2');
      const p = (await start('demo-grid-2')).body.id as string;
      await check('demo-grid-2', p, [world.building('3号楼')]);
      await end('demo-staff-1', p);
      const audit = await call('GET', '/api/audit', { token: t['demo-admin-1'], query: { limit: '100' } });
      const mine = audit.body.items.filter((e: any) => e.target?.patrolId === p || e.after?.id === p);
      expect(mine.map((e: any) => e.action).sort()).toEqual(['patrols.check', 'patrols.end', 'patrols.start']);
      expect(mine.find((e: any) => e.action === 'patrols.end').before).toMatchObject({ status: 'ongoing' });
    });
  });

  describe('statistics by source', () => {
    it('splits the 三率 board by source with 主动发现率 by grid and month, kept on write and equal to a recount', async () => {
      // Prepare: a resident's demand and two findings in 第二网格, this month.
      const before = (await call('GET', '/api/stats/requests', { token: t['demo-staff-1'] })).body;
      const grid2Before = before.byGrid.find((b: any) => b.key === grid2) ?? { total: 0, sources: { resident: 0, patrol: 0, mobile_grid: 0 } };
      await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'parking', description: '3号楼前消防通道被占用', location: { buildingId: world.building('3号楼') } } });
      await find('demo-grid-2', { category: 'parking', location: { buildingId: world.building('3号楼') } });
      await find('demo-grid-2', { category: 'parking', location: { buildingId: world.building('4号楼') }, resolvedOnSpot: { note: '已劝离占道车辆' } });
      // Act.
      const after = (await call('GET', '/api/stats/requests', { token: t['demo-staff-1'] })).body;
      // Assess: the headline counts the resident's demand only; every source is counted beside it.
      expect(after.total).toBe(before.total + 1);
      expect(after.sources).toEqual({ resident: before.sources.resident + 1, patrol: before.sources.patrol + 2, mobile_grid: before.sources.mobile_grid, proactive: 0 });
      const all = after.sources.resident + after.sources.patrol + after.sources.mobile_grid;
      expect(after.proactiveRate).toBeCloseTo((after.sources.patrol + after.sources.mobile_grid) / all);
      const g2 = after.byGrid.find((b: any) => b.key === grid2);
      expect(g2.total).toBe(grid2Before.total + 1);
      expect(g2.sources.patrol).toBe(grid2Before.sources.patrol + 2);
      expect(g2.proactiveRate).toBeCloseTo(g2.sources.patrol / (g2.sources.resident + g2.sources.patrol));
      const month = after.byMonth[after.byMonth.length - 1];
      expect(month.proactiveRate).toBeCloseTo((month.sources.patrol + month.sources.mobile_grid) / (month.sources.resident + month.sources.patrol + month.sources.mobile_grid));
      expect(after.bySource.map((s: any) => s.key)).toEqual(['resident', 'patrol', 'mobile_grid', 'proactive']);
      expect(after.bySource[0].total).toBe(after.total);
      expect(after.bySource[0].counts).toEqual(after.counts);
      // The CSV says where each request came from.
      const csv = await call('GET', '/api/stats/requests/export.csv', { token: t['demo-staff-1'], query: { category: 'parking', source: 'patrol' } });
      const lines = csv.raw.slice(1).trim().split('\r\n');
      expect(lines[0]).toContain('"来源","就地办结"');
      expect(lines.slice(1).every((l) => l.includes('"巡查发现"'))).toBe(true);
      expect(lines.filter((l) => l.endsWith('"是"'))).toHaveLength(1);
      // Counters equal a recount.
      expect((await rebuildRequestStats({ write: false })).differences).toEqual([]);
    });

    it('reads requests from before sources as residents’, and `reconcile --fix-stats` rebuilds the split', async () => {
      // A request as an older release stored it: no source, counted in the cell without one.
      const old = await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'elderly', description: '旧版本提交的诉求，没有来源字段' } });
      await RequestModel.collection.updateOne({ _id: new Types.ObjectId(old.body.id) }, { $unset: { source: '' } });
      expect((await RequestModel.collection.findOne({ _id: new Types.ObjectId(old.body.id) }))!.source).toBeUndefined();
      expect((await call('GET', `/api/requests/${old.body.id}`, { token: t['demo-resident-1'] })).body.source).toBe('resident');
      const residents = await call('GET', '/api/stats/requests/export.csv', { token: t['demo-staff-1'], query: { category: 'elderly', source: 'resident' } });
      expect(residents.status).toBe(200);
      expect(residents.raw).toContain(`"${old.body.id}"`);
      expect(residents.raw).toContain('"居民反映"');
      expect((await rebuildRequestStats({ write: false })).differences).toEqual([]);
      const board = (await call('GET', '/api/stats/requests', { token: t['demo-staff-1'] })).body;
      // Counters lost, then rebuilt from the requests: the same board.
      await RequestStatsModel.deleteMany({ communityId: new Types.ObjectId(world.demoId) });
      expect((await rebuildRequestStats({ write: false })).differences.length).toBeGreaterThan(0);
      await rebuildRequestStats({ write: true });
      const rebuilt = (await call('GET', '/api/stats/requests', { token: t['demo-staff-1'] })).body;
      expect(rebuilt).toEqual(board);
      expect(Object.keys((await RequestStatsModel.findOne({ communityId: new Types.ObjectId(world.demoId) }).lean())!.cells).some((k) => k.endsWith('~patrol'))).toBe(true);
    });
  });

  describe('account export and deletion', () => {
    it('exports a grid worker’s patrols; deleting the account keeps them for the community, ended and without the name', async () => {
      await upsertMember('demo', { openid: 'patrol-leaver', name: '将离职网格员', roles: ['grid_worker'], grids: ['第二网格'] });
      const { token } = await signIn('patrol-leaver');
      const done = (await call('POST', '/api/patrols', { token, body: {} })).body.id as string;
      await call('POST', `/api/patrols/${done}/checks`, { token, body: { buildingIds: [world.building('3号楼')] } });
      await call('POST', `/api/patrols/${done}/end`, { token });
      const ongoing = (await call('POST', '/api/patrols', { token, body: {} })).body.id as string;

      const exported = await call('GET', '/api/me/export', { token });
      expect(exported.body.patrols.map((p: any) => p._id).sort()).toEqual([done, ongoing].sort());
      expect(JSON.stringify(exported.body.patrols)).not.toContain('openKey');

      expect((await call('DELETE', '/api/me', { token })).status).toBe(200);
      const kept = await PatrolModel.find({ _id: { $in: [done, ongoing] } }).lean();
      expect(kept).toHaveLength(2);
      expect(kept.every((p) => p.workerName === '已注销网格员' && p.status === 'ended')).toBe(true);
      expect(kept.find((p) => String(p._id) === done)!.checkedBuildingIds.map(String)).toEqual([world.building('3号楼')]);
      const staffView = await get('demo-staff-1', ongoing);
      expect(staffView.body).toMatchObject({ workerName: '已注销网格员', status: 'ended', actions: [] });
      expect(JSON.stringify(await call('GET', '/api/patrols', { token: t['demo-staff-1'], query: { limit: '100' } }))).not.toContain('将离职网格员');
    });
  });

  describe('the seed', () => {
    it('holds a week of demo-grid-1’s patrols with a finding resolved on the spot and one open, and adds nothing when run again', async () => {
      const { seed } = await import('../src/seed/seed');
      const grid1Worker = (await call('GET', '/api/me', { token: t['demo-grid-1'] })).body.user.id as string;
      // The seed's: begun at least two hours before it ran (this file's own are minutes old).
      const count = () => PatrolModel.countDocuments({ workerId: new Types.ObjectId(grid1Worker), startedAt: { $lt: new Date(Date.now() - 90 * 60_000) } });
      const seeded = await count();
      expect(seeded).toBe(4);
      const findings = await RequestModel.find({ filerId: new Types.ObjectId(grid1Worker), source: 'patrol' }).lean();
      expect(findings.some((r) => r.resolvedOnSpot && r.status === 'closed')).toBe(true);
      expect(findings.some((r) => r.status === 'submitted')).toBe(true);
      expect(findings.every((r) => r.patrolId)).toBe(true);
      await seed();
      expect(await count()).toBe(seeded);
      expect(await RequestModel.countDocuments({ filerId: new Types.ObjectId(grid1Worker), source: 'patrol' })).toBe(findings.length);
    });
  });
});
