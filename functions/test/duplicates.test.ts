import { RequestModel } from '../src/requests/request.model';
import { contribution } from '../src/requests/request-stats';
import { MessageModel } from '../src/messages/message.model';
import { UserModel } from '../src/auth/user.model';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// 标记为重复: a handler finishes a request as the same problem as another (its original), linked both ways, and its
// filer follows the original's progress from their own request, never reading another resident's private words.
describe('requests/duplicates', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  beforeAll(async () => {
    world = await seededWorld();
    for (const id of ['demo-resident-1', 'demo-resident-2', 'demo-resident-3', 'demo-grid-1', 'demo-staff-1', 'demo-admin-1', 'river-admin-1'])
      t[id] = await world.token(id);
  });

  const file = async (token: string, description: string, extra: Record<string, unknown> = {}) => {
    const r = await call('POST', '/api/requests', { token, body: { category: 'facility', description, location: { buildingId: world.building('1号楼') }, ...extra } });
    expect(r.status).toBe(201);
    return r.body as { id: string };
  };
  const act = (token: string, id: string, body: Record<string, unknown>) => call('POST', `/api/requests/${id}/actions`, { token, body });
  const get = (token: string, id: string) => call('GET', `/api/requests/${id}`, { token });
  const userId = async (openid: string) => (await UserModel.findOne({ openid }).lean())!._id;

  it('marks a request as a duplicate: finished as 重复, linked both ways, the filer told on their own request', async () => {
    // Prepare: 张阿姨 reports first (private), 李师傅 reports the same lamp.
    const original = await file(t['demo-resident-1']!, '1号楼2单元楼道灯坏了，张阿姨家门口很黑');
    const dup = await file(t['demo-resident-2']!, '1号楼楼道灯不亮，晚上看不见台阶');

    // Act
    const r = await act(t['demo-staff-1']!, dup.id, { action: 'mark_duplicate', duplicateOf: original.id, note: '同一处楼道灯' });

    // Assess: the duplicate is finished and names its original; its note never carries the original's words.
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'duplicate', duplicateOf: { id: original.id, status: 'submitted', visible: true } });
    const entry = r.body.timeline.at(-1);
    expect(entry).toMatchObject({ type: 'mark_duplicate', actorLabel: '社区工作者' });
    expect(entry.note).toBe('与本社区另一条设施维修诉求重复，已合并办理。同一处楼道灯');
    expect(r.body.actions).toEqual(expect.not.arrayContaining(['resolve', 'reply', 'mark_duplicate']));

    // The filer of the duplicate sees where the work goes on: the original's status, not its words (it is private).
    const asFiler = await get(t['demo-resident-2']!, dup.id);
    expect(asFiler.body.duplicateOf).toEqual({ id: original.id, status: 'submitted', visible: false });
    expect(JSON.stringify(asFiler.body)).not.toContain('张阿姨家门口');
    expect((await get(t['demo-resident-2']!, original.id)).status).toBe(404);
    const told = await MessageModel.findOne({ userId: await userId('demo-resident-2'), requestId: dup.id, kind: 'duplicate' }).lean();
    expect(told?.title).toBe('您的诉求与已有诉求相同，已合并办理，可查看进展');

    // The original's side: handlers and its filer see how many reported the same problem.
    expect((await get(t['demo-staff-1']!, original.id)).body.duplicateCount).toBe(1);
    expect((await get(t['demo-resident-1']!, original.id)).body.duplicateCount).toBe(1);
    const stored = await RequestModel.findById(dup.id).lean();
    expect(String(stored!.duplicateOf)).toBe(original.id);
    expect(stored!.closedAt).toBeInstanceOf(Date);

    // A neighbour reading the duplicate once public learns nothing of the original (the visibility rule's `duplicates`).
    expect((await call('POST', `/api/requests/${dup.id}/visibility`, { token: t['demo-staff-1']!, body: { public: true } })).status).toBe(200);
    const asNeighbour = await get(t['demo-resident-3']!, dup.id);
    expect(asNeighbour.status).toBe(200);
    expect(asNeighbour.body.duplicateOf).toBeUndefined();
    expect(asNeighbour.body.duplicateCount).toBeUndefined();
  });

  it('tells the duplicate’s filer of the original’s progress, on their own request and in their own words', async () => {
    const original = await file(t['demo-resident-1']!, '1号楼门口井盖松动，踩上去会响');
    const dup = await file(t['demo-resident-3']!, '1号楼前面井盖晃动，怕孩子踩空');
    expect((await act(t['demo-grid-1']!, dup.id, { action: 'mark_duplicate', duplicateOf: original.id })).status).toBe(200);

    expect((await act(t['demo-grid-1']!, original.id, { action: 'accept' })).status).toBe(200);
    expect((await act(t['demo-grid-1']!, original.id, { action: 'reply', body: '张阿姨您好，明天上午来修', audience: 'filer' })).status).toBe(200);
    expect((await act(t['demo-grid-1']!, original.id, { action: 'resolve', note: '井盖已更换固定' })).status).toBe(200);

    const messages = await MessageModel.find({ userId: await userId('demo-resident-3'), requestId: dup.id }).sort({ createdAt: 1, _id: 1 }).lean();
    expect(messages.map((m) => m.kind)).toEqual(['duplicate', 'duplicate_accepted', 'duplicate_resolved']);
    expect(messages[2]!.title).toBe('您反映的问题已办结（合并办理）');
    // Their own words, never the original's; and nothing of the reply to the original's filer.
    expect(messages.map((m) => m.body).join()).toContain('怕孩子踩空');
    expect(JSON.stringify(messages)).not.toMatch(/踩上去会响|张阿姨您好/);
    expect(await MessageModel.countDocuments({ userId: await userId('demo-resident-3'), requestId: original.id })).toBe(0);
    expect((await get(t['demo-resident-3']!, dup.id)).body.duplicateOf).toMatchObject({ status: 'resolved', visible: false });
  });

  it('refuses what cannot be an original, and residents marking anything', async () => {
    const a = await file(t['demo-resident-1']!, '1号楼电梯按钮失灵，按了没反应');
    const b = await file(t['demo-resident-2']!, '1号楼电梯按钮坏了，按不亮');
    const c = await file(t['demo-resident-3']!, '1号楼电梯有时候不停靠');
    const staff = t['demo-staff-1']!;
    const path = async (id: string, body: Record<string, unknown>) => {
      const r = await act(staff, id, { action: 'mark_duplicate', ...body });
      return [r.status, r.body.error?.details?.[0]?.path, r.body.error?.details?.[0]?.message];
    };

    expect(await path(a.id, { duplicateOf: a.id })).toEqual([400, 'duplicateOf', '不能标记为与自身重复']);
    expect(await path(a.id, { duplicateOf: '0123456789abcdef01234567' })).toEqual([400, 'duplicateOf', '原诉求不存在或您无权查看']);
    // Another community's request is as good as not there.
    const river = await call('POST', '/api/requests', { token: t['river-admin-1']!, body: { category: 'facility', description: '河畔社区路灯不亮了', location: { buildingId: world.riverBuildingId } } });
    expect(river.status).toBe(201);
    expect(await path(a.id, { duplicateOf: river.body.id })).toEqual([400, 'duplicateOf', '原诉求不存在或您无权查看']);

    expect((await act(t['demo-resident-2']!, b.id, { action: 'mark_duplicate', duplicateOf: a.id })).status).toBe(403);
    expect((await act(staff, b.id, { action: 'mark_duplicate', duplicateOf: a.id })).status).toBe(200);
    // A duplicate is no original, and is finished itself.
    expect(await path(c.id, { duplicateOf: b.id })).toEqual([400, 'duplicateOf', '所选诉求本身已是重复诉求，请选择它的原诉求']);
    expect((await act(staff, b.id, { action: 'mark_duplicate', duplicateOf: c.id })).status).toBe(409);
    // A request others were merged into is not merged again.
    expect(await path(a.id, { duplicateOf: c.id })).toEqual([400, 'form', '已有其他诉求合并到本诉求，不能再标记为重复']);
    // A finished problem is not an original: a new report of it is new work.
    expect((await act(staff, c.id, { action: 'reject', reason: '不属于社区职责' })).status).toBe(200);
    const d = await file(t['demo-resident-3']!, '1号楼电梯又不停靠了');
    expect(await path(d.id, { duplicateOf: c.id })).toEqual([400, 'duplicateOf', '原诉求已结束，请按新诉求办理']);
  });

  it('lets exactly one of two handlers marking a request at once win', async () => {
    const a = await file(t['demo-resident-1']!, '1号楼垃圾桶满了没人清');
    const c = await file(t['demo-resident-3']!, '1号楼垃圾桶边很臭');
    const dup = await file(t['demo-resident-2']!, '1号楼垃圾好几天没清运');

    const [x, y] = await Promise.all([
      act(t['demo-staff-1']!, dup.id, { action: 'mark_duplicate', duplicateOf: a.id }),
      act(t['demo-admin-1']!, dup.id, { action: 'mark_duplicate', duplicateOf: c.id }),
    ]);

    expect([x.status, y.status].sort()).toEqual([200, 409]);
    const winner = x.status === 200 ? a.id : c.id;
    const stored = await RequestModel.findById(dup.id).lean();
    expect(String(stored!.duplicateOf)).toBe(winner);
    expect(stored!.timeline.filter((e) => e.type === 'mark_duplicate')).toHaveLength(1);
  });

  it('offers handlers the originals they may name: same category, open or just resolved, same building first', async () => {
    const near = await file(t['demo-resident-1']!, '1号楼消防通道被电动车堵了', { category: 'safety' });
    const far = await file(t['demo-resident-3']!, '3号楼消防通道也被堵了', { category: 'safety', location: { buildingId: world.building('3号楼') } });
    const other = await file(t['demo-resident-1']!, '1号楼下水道有味道', { category: 'environment' });
    const dup = await file(t['demo-resident-2']!, '1号楼消防通道堆满电动车', { category: 'safety' });

    const r = await call('GET', `/api/requests/${dup.id}/duplicate-candidates`, { token: t['demo-staff-1']! });

    expect(r.status).toBe(200);
    const ids = r.body.items.map((i: { id: string }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([near.id, far.id]));
    expect(ids).not.toContain(dup.id);
    expect(ids).not.toContain(other.id);
    expect(ids.indexOf(near.id)).toBeLessThan(ids.indexOf(far.id));
    expect(r.body.items.find((i: { id: string }) => i.id === near.id)).toMatchObject({ sameBuilding: true, buildingName: '1号楼', excerpt: '1号楼消防通道被电动车堵了' });
    // A grid worker of the grid gets them too (the requests of their grid).
    const asGrid = await call('GET', `/api/requests/${dup.id}/duplicate-candidates`, { token: t['demo-grid-1']! });
    expect(asGrid.status).toBe(200);
    expect(asGrid.body.items.map((i: { id: string }) => i.id)).toContain(near.id);
    // The filer is no handler: not for them.
    expect((await call('GET', `/api/requests/${dup.id}/duplicate-candidates`, { token: t['demo-resident-2']! })).status).toBe(403);
  });

  it('counts a duplicate’s problem once, on its original: not among the requests 解决率 divides by', () => {
    const base = { category: 'facility', gridId: undefined, responseOutcome: 'on_time', ratingCount: 0, satisfiedCount: 0, firstResponseHours: 1 } as const;
    const eligible = (status: string) => contribution({ ...base, status } as Parameters<typeof contribution>[0]).v[1];
    expect(eligible('duplicate')).toBe(0);
    expect(eligible('in_progress')).toBe(1);
  });

  it('lists a work queue by source; requests stored before sources count as residents’', async () => {
    const finding = await call('POST', '/api/requests', {
      token: t['demo-grid-1']!,
      body: { category: 'safety', description: '巡查发现1号楼楼道堆放杂物', source: 'patrol', location: { buildingId: world.building('1号楼') } },
    });
    expect(finding.status).toBe(201);
    const old = await file(t['demo-resident-1']!, '很早以前提交的诉求，没有来源字段');
    await RequestModel.collection.updateOne({ _id: new (RequestModel.base.Types.ObjectId)(old.id) }, { $unset: { source: '' } });

    const list = async (source: string) => {
      const r = await call('GET', '/api/requests', { token: t['demo-staff-1']!, query: { scope: 'community', source, limit: '100' } });
      expect(r.status).toBe(200);
      return r.body.items as { id: string; source: string }[];
    };
    const patrol = await list('patrol');
    expect(patrol.map((i) => i.id)).toContain(finding.body.id);
    expect(patrol.every((i) => i.source === 'patrol')).toBe(true);
    const resident = await list('resident');
    expect(resident.map((i) => i.id)).toContain(old.id);
    expect(resident.map((i) => i.id)).not.toContain(finding.body.id);
    expect(resident.every((i) => i.source === 'resident')).toBe(true);
  });
});
