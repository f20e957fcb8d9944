import { Types } from 'mongoose';
import { RequestModel } from '../src/requests/request.model';
import { AuditModel } from '../src/lib/audit';
import { rebuildRequestStats } from '../src/requests/request-stats';
import { call, signIn } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// 回访 end to end: who may call back and on what, 满意率 from call-backs only where the resident did not rate in the
// app (an in-app rating wins, even a later one), the one-reopen rule, 待回访 and its order, and the counters exact
// under a call-back racing the resident's rating.
describe('requests/call-backs 回访', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  const WHO = ['demo-resident-1', 'demo-resident-2', 'demo-grid-1', 'demo-staff-1', 'demo-admin-1'];

  beforeAll(async () => {
    world = await seededWorld();
    for (const who of WHO) t[who] = (await signIn(who)).token;
  });

  const act = (id: string, who: string, body: Record<string, unknown>) => call('POST', `/api/requests/${id}/actions`, { token: t[who], body });
  const view = (id: string, who: string) => call('GET', `/api/requests/${id}`, { token: t[who] });
  const due = (who = 'demo-staff-1', query: Record<string, string> = {}) => call('GET', '/api/requests/call-backs-due', { token: t[who], query });
  const stats = async () => (await call('GET', '/api/stats/requests', { token: t['demo-staff-1'] })).body;
  const rate = (id: string, score: number) => call('POST', `/api/requests/${id}/rating`, { token: t['demo-resident-1'], body: { score } });

  /** A resident's demand, accepted and resolved by staff. */
  async function resolved(description = '小区门口路灯不亮了') {
    const id = (await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'facility', description } })).body.id as string;
    expect((await act(id, 'demo-staff-1', { action: 'accept' })).status).toBe(200);
    const r = await act(id, 'demo-staff-1', { action: 'resolve', note: '已更换灯泡' });
    expect(r.status).toBe(200);
    return id;
  }

  it('lists resolved demands without a rating or a call-back as 待回访, the oldest resolution first; a reached call-back takes one off', async () => {
    const a = await resolved('第一件：楼道灯坏了');
    const b = await resolved('第二件：垃圾桶满了');
    // b was resolved earlier than a: it comes first.
    await RequestModel.updateOne({ _id: b }, { $set: { resolvedAt: new Date(Date.now() - 3 * 86_400_000) } });
    await RequestModel.updateOne({ _id: a }, { $set: { resolvedAt: new Date(Date.now() - 86_400_000) } });
    const list = await due();
    expect(list.status).toBe(200);
    const order = list.body.items.map((i: any) => i.id);
    expect(order.indexOf(b)).toBeLessThan(order.indexOf(a));
    expect(list.body.items.find((i: any) => i.id === a)).toMatchObject({ excerpt: '第一件：楼道灯坏了', filerName: expect.any(String) });
    // Paged by position: one at a time gives the same order.
    const first = await due('demo-staff-1', { limit: '1' });
    expect(first.body.items).toHaveLength(1);
    const second = await due('demo-staff-1', { limit: '1', cursor: first.body.nextCursor });
    expect([first.body.items[0].id, second.body.items[0].id]).toEqual(order.slice(0, 2));
    // Not reached: still due, marked as tried.
    expect((await view(b, 'demo-staff-1')).body.actions).toContain('call_back');
    expect((await act(b, 'demo-staff-1', { action: 'call_back', reached: false, note: '电话无人接听' })).status).toBe(200);
    expect((await due()).body.items.find((i: any) => i.id === b).lastAttemptAt).toEqual(expect.any(String));
    // Reached: off the list.
    const done = await act(b, 'demo-staff-1', { action: 'call_back', reached: true, result: 'satisfied', note: '居民表示满意' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'resolved', callBack: { reached: true, result: 'satisfied', note: '居民表示满意' } });
    expect(done.body.callBackDue).toBeUndefined();
    expect((await due()).body.items.map((i: any) => i.id)).not.toContain(b);
    // Rated in the app: off the list too.
    expect((await rate(a, 5)).status).toBe(201);
    expect((await due()).body.items.map((i: any) => i.id)).not.toContain(a);
  });

  it('the resident sees that a call-back was made, never what was noted', async () => {
    const id = await resolved();
    await act(id, 'demo-staff-1', { action: 'call_back', reached: true, result: 'basically', note: '居民说灯还有点暗' });
    const mine = (await view(id, 'demo-resident-1')).body;
    expect(mine.callBack).toEqual({ at: expect.any(String) });
    expect(JSON.stringify(mine)).not.toContain('有点暗');
    expect(mine.timeline.find((e: any) => e.type === 'called_back')).toMatchObject({ actorLabel: expect.any(String) });
    expect(mine.timeline.find((e: any) => e.type === 'called_back').note).toBeUndefined();
    // Audited, with the call-back after.
    const audit = await AuditModel.find({ action: 'requests.act', 'target.requestId': id }).lean();
    expect(audit.some((e) => (e.after as any)?.callBack?.result === 'basically')).toBe(true);
  });

  it('is for community staff on residents’ resolved demands only', async () => {
    const id = await resolved();
    const body = { action: 'call_back', reached: true, result: 'satisfied' };
    expect((await act(id, 'demo-resident-1', body)).status).toBe(403);
    expect((await act(id, 'demo-grid-1', body)).status).toBe(403);
    expect((await act(id, 'demo-resident-2', body)).status).toBe(404);
    expect((await due('demo-resident-1')).status).toBe(403);
    expect((await due('demo-grid-1')).status).toBe(403);
    // Not resolved yet.
    const open = (await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'facility', description: '还没办完的诉求' } })).body.id;
    expect((await act(open, 'demo-staff-1', body)).status).toBe(409);
    // A patrol finding needs no call-back.
    const finding = await call('POST', '/api/requests', { token: t['demo-staff-1'], body: { category: 'safety', description: '巡查发现消防通道堵塞', source: 'patrol', location: { buildingId: world.building('1号楼') } } });
    expect(finding.status).toBe(201);
    await act(finding.body.id, 'demo-staff-1', { action: 'accept' });
    await act(finding.body.id, 'demo-staff-1', { action: 'resolve', note: '已清理' });
    const refused = await act(finding.body.id, 'demo-staff-1', body);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('巡查等主动发现的问题无需回访');
    expect((await due()).body.items.map((i: any) => i.id)).not.toContain(finding.body.id);
    // Validation: a verdict when reached, none when not.
    expect((await act(id, 'demo-staff-1', { action: 'call_back', reached: true })).status).toBe(400);
    expect((await act(id, 'demo-staff-1', { action: 'call_back', reached: false, result: 'satisfied' })).status).toBe(400);
  });

  it('counts for 满意率 only without an in-app rating; an in-app rating after the call-back wins', async () => {
    const before = await stats();
    const id = await resolved();
    await act(id, 'demo-staff-1', { action: 'call_back', reached: true, result: 'unsatisfied', note: '居民不太满意' });
    const withCall = await stats();
    expect(withCall.counts.ratings - before.counts.ratings).toBe(1);
    expect(withCall.counts.satisfied - before.counts.satisfied).toBe(0);
    expect(withCall.callBackRatings - before.callBackRatings).toBe(1);
    expect(withCall.counts.callBackRatings).toBe(withCall.callBackRatings);
    // The resident then rates in the app (5 stars): theirs counts, the call's no longer.
    expect((await rate(id, 5)).status).toBe(201);
    const rated = await stats();
    expect(rated.counts.ratings - before.counts.ratings).toBe(1);
    expect(rated.counts.satisfied - before.counts.satisfied).toBe(1);
    expect(rated.callBackRatings - before.callBackRatings).toBe(0);
    // A not-reached call-back counts for nothing.
    const other = await resolved();
    await act(other, 'demo-staff-1', { action: 'call_back', reached: false });
    expect((await stats()).counts.ratings).toBe(rated.counts.ratings);
    expect((await rebuildRequestStats({ write: false })).differences).toEqual([]);
  });

  it('an unsatisfied call-back reopens once: from resolved, or from closed when never rated, never after a rating closed it', async () => {
    const id = await resolved();
    const reopened = await act(id, 'demo-staff-1', { action: 'call_back', reached: true, result: 'unsatisfied', reopen: true, note: '灯还是不亮' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'reopened', reopenCount: 1 });
    expect(reopened.body.timeline.at(-1).type).toBe('called_back_reopened');
    expect((await due()).body.items.map((i: any) => i.id)).not.toContain(id);
    // Resolved again: due again; a second reopening is refused (the one-reopen rule).
    await act(id, 'demo-staff-1', { action: 'resolve', note: '更换了线路' });
    expect((await due()).body.items.map((i: any) => i.id)).toContain(id);
    const again = await act(id, 'demo-staff-1', { action: 'call_back', reached: true, result: 'unsatisfied', reopen: true });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe('该诉求已重新办理过一次');
    // Reopening needs an unsatisfied resident.
    expect((await act(id, 'demo-staff-1', { action: 'call_back', reached: true, result: 'basically', reopen: true })).status).toBe(400);

    // Closed by itself (the rating period ended): an unsatisfied call-back may still reopen it.
    const quiet = await resolved();
    await RequestModel.updateOne({ _id: quiet }, { $set: { status: 'closed', closedAt: new Date() } });
    const fromClosed = await act(quiet, 'demo-staff-1', { action: 'call_back', reached: true, result: 'unsatisfied', reopen: true });
    expect(fromClosed.status).toBe(200);
    expect(fromClosed.body.status).toBe('reopened');

    // Closed by the resident's own rating: a call does not reopen it.
    const ratedClosed = await resolved();
    await rate(ratedClosed, 4);
    const refused = await act(ratedClosed, 'demo-staff-1', { action: 'call_back', reached: true, result: 'unsatisfied', reopen: true });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe('居民已评价并关闭该诉求，不能通过回访重新办理');
    expect((await rebuildRequestStats({ write: false })).differences).toEqual([]);
  });

  it('a resident’s export carries their call-back; erasing the account drops what was noted, the verdict (and 满意率) stays', async () => {
    const token = (await signIn('demo-resident-2')).token;
    const id = (await call('POST', '/api/requests', { token, body: { category: 'environment', description: '回访注销测试：草坪没人修剪' } })).body.id as string;
    await act(id, 'demo-staff-1', { action: 'accept' });
    await act(id, 'demo-staff-1', { action: 'resolve', note: '已修剪' });
    await act(id, 'demo-staff-1', { action: 'call_back', reached: true, result: 'satisfied', note: '王阿姨说草坪修得不错' });
    const exported = await call('GET', '/api/me/export', { token });
    expect(exported.status).toBe(200);
    expect(JSON.stringify(exported.body)).toContain('王阿姨说草坪修得不错');
    const before = await stats();
    expect((await call('DELETE', '/api/me', { token })).status).toBe(200);
    const doc = (await RequestModel.findById(id).lean())!;
    expect(doc.callBack).toMatchObject({ reached: true, result: 'satisfied' });
    expect(doc.callBack!.note).toBeUndefined();
    const after = await stats();
    expect(after.counts.satisfied).toBe(before.counts.satisfied);
    expect(after.callBackRatings).toBe(before.callBackRatings);
  });

  it('a call-back racing the resident’s rating: both land, the rating wins, the counters stay exact', async () => {
    for (let i = 0; i < 3; i++) {
      const before = await stats();
      const id = await resolved(`并发回访测试第${i + 1}件`);
      const [cb, r] = await Promise.all([act(id, 'demo-staff-1', { action: 'call_back', reached: true, result: 'unsatisfied' }), rate(id, 5)]);
      expect(cb.status).toBe(200);
      expect(r.status).toBe(201);
      const doc = await RequestModel.findById(id).lean();
      expect(doc!.ratingCount).toBe(1);
      expect(doc!.callBack?.result).toBe('unsatisfied');
      expect(doc!.callBackDue).toBe(false);
      const after = await stats();
      expect(after.counts.ratings - before.counts.ratings).toBe(1);
      expect(after.counts.satisfied - before.counts.satisfied).toBe(1);
      expect(after.callBackRatings - before.callBackRatings).toBe(0);
    }
    expect((await rebuildRequestStats({ write: false })).differences).toEqual([]);
    expect(await RequestModel.countDocuments({ communityId: new Types.ObjectId(world.demoId), statsDirty: true })).toBe(0);
  });
});
