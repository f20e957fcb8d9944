import { Types } from 'mongoose';
import { RequestModel } from '../src/requests/request.model';
import { runDeadlines } from '../src/requests/deadlines';
import { repairPending } from '../src/lib/operations';
import { MessageModel } from '../src/messages/message.model';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';

const HOUR = 3_600_000;

describe('requests/deadlines and messages', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  beforeAll(async () => {
    world = await seededWorld();
    for (const id of ['demo-resident-1', 'demo-resident-2', 'demo-grid-1', 'demo-staff-1', 'demo-street-1']) t[id] = await world.token(id);
  });
  const file = async (body: Record<string, unknown> = {}) =>
    (await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'safety', description: '消防通道被车辆堵住了', ...body } })).body;
  const messages = async (openid: string) => (await call('GET', '/api/messages', { token: t[openid], query: { limit: '100' } })).body;

  it('marks unanswered first responses overdue; a later answer counts as late', async () => {
    const r = await file();
    // 求助: respond within 1 working day (end of the next working day, Beijing time).
    const now = new Date(Date.parse(r.respondBy) + HOUR);
    const report = await runDeadlines(now);
    expect(report.responseOverdue).toBeGreaterThanOrEqual(1);
    expect((await RequestModel.findById(r.id).lean())!.responseOutcome).toBe('overdue');
    await call('POST', `/api/requests/${r.id}/actions`, { token: t['demo-grid-1'], body: { action: 'accept' } });
    // The accept happened “now”, before the (future) deadline in real time, but the request was already marked
    // overdue by the job running in the future; the handler judges by the deadline: on time.
    expect((await RequestModel.findById(r.id).lean())!.responseOutcome).toBe('on_time');
  });

  it('escalates a request past its resolution deadline one level, the level getting its own deadlines (the request keeps its own), and tells both sides', async () => {
    const r = await file();
    const now = new Date(Date.parse(r.resolveBy) + HOUR);
    await runDeadlines(now);
    const doc = (await RequestModel.findById(r.id).lean())!;
    expect(doc.level).toBe('community');
    // The 三率 clock runs from the submission: escalation never restarts it (issue 19); the level's own deadline does.
    expect(doc.resolveBy.toISOString()).toBe(r.resolveBy);
    expect(doc.respondBy.toISOString()).toBe(r.respondBy);
    expect(doc.levelResolveBy!.getTime()).toBeGreaterThan(now.getTime());
    expect(doc.handOffCount).toBe(1);
    expect(doc.timeline.find((e) => e.type === 'escalated_community')).toMatchObject({ actorRole: 'system' });
    // Past its deadline: 督办, once, to the street.
    expect(doc.supervisedAt).toEqual(now);
    expect(doc.timeline.at(-1)).toMatchObject({ type: 'supervised', actorRole: 'system', note: '已超过办理时限，街道督办' });
    expect(doc.outbox).toHaveLength(0);
    const staffInbox = await messages('demo-staff-1');
    expect(staffInbox.items.some((m: any) => m.requestId === r.id && m.kind === 'escalated')).toBe(true);
    const residentInbox = await messages('demo-resident-1');
    expect(residentInbox.items.some((m: any) => m.requestId === r.id && m.title === '您的诉求已上报至社区')).toBe(true);

    // Not again before the community's own deadline; past it, community → street, then nothing further.
    await runDeadlines(new Date(now.getTime() + HOUR));
    expect((await RequestModel.findById(r.id).lean())!.level).toBe('community');
    const atStreet = new Date(doc.levelResolveBy!.getTime() + HOUR);
    await runDeadlines(atStreet);
    const street = (await RequestModel.findById(r.id).lean())!;
    expect(street.level).toBe('street');
    expect(street.resolveBy.toISOString()).toBe(r.resolveBy);
    expect(street.timeline.filter((e) => e.type === 'supervised')).toHaveLength(1);
    await runDeadlines(new Date(street.levelResolveBy!.getTime() + HOUR));
    expect((await RequestModel.findById(r.id).lean())!.level).toBe('street');
    expect((await messages('demo-street-1')).items.some((m: any) => m.requestId === r.id)).toBe(true);
  });

  it('warns handlers once before a deadline', async () => {
    const r = await file({ urgency: 'urgent' }); // resolve within 36 h
    const now = new Date(Date.now() + 35 * HOUR);
    await runDeadlines(now);
    await runDeadlines(new Date(now.getTime() + 10 * 60_000));
    const inbox = await messages('demo-grid-1');
    expect(inbox.items.filter((m: any) => m.requestId === r.id && m.kind === 'due_soon')).toHaveLength(1);
  });

  it('closes requests left unrated 7 days after resolution; the handler refuses a late rating even before the job', async () => {
    const r = await file();
    await call('POST', `/api/requests/${r.id}/actions`, { token: t['demo-staff-1'], body: { action: 'accept' } });
    await call('POST', `/api/requests/${r.id}/actions`, { token: t['demo-staff-1'], body: { action: 'resolve', note: '已清理通道' } });
    await RequestModel.updateOne({ _id: r.id }, { $set: { resolvedAt: new Date(Date.now() - 8 * 24 * HOUR) } });
    const late = await call('POST', `/api/requests/${r.id}/rating`, { token: t['demo-resident-1'], body: { satisfied: true, score: 5 } });
    expect(late.status).toBe(409);
    await runDeadlines();
    const doc = (await RequestModel.findById(r.id).lean())!;
    expect(doc.status).toBe('closed');
    expect(doc.ratings).toHaveLength(0);
    expect(doc.timeline.at(-1)!.type).toBe('auto_closed');
  });

  it('notifies the grid of a new request and the resident of acceptance, replies and resolution; read marks clear the badge', async () => {
    const r = await file();
    expect((await messages('demo-grid-1')).items.find((m: any) => m.requestId === r.id)).toMatchObject({ kind: 'new_request', read: false });
    await call('POST', `/api/requests/${r.id}/actions`, { token: t['demo-grid-1'], body: { action: 'accept' } });
    await call('POST', `/api/requests/${r.id}/actions`, { token: t['demo-grid-1'], body: { action: 'reply', body: '马上到' } });
    await call('POST', `/api/requests/${r.id}/actions`, { token: t['demo-grid-1'], body: { action: 'resolve', note: '车已挪走' } });
    const inbox = await messages('demo-resident-1');
    const kinds = inbox.items.filter((m: any) => m.requestId === r.id).map((m: any) => m.kind);
    expect(kinds.sort()).toEqual(['accepted', 'replied', 'resolved']);
    expect(inbox.unread).toBeGreaterThanOrEqual(3);
    const read = await call('POST', '/api/messages/read', { token: t['demo-resident-1'], body: {} });
    expect(read.body.unread).toBe(0);
    // Nobody else's messages are visible, and the actor is not told about their own action.
    expect((await messages('demo-resident-2')).items.some((m: any) => m.requestId === r.id)).toBe(false);
    expect((await messages('demo-grid-1')).items.filter((m: any) => m.requestId === r.id).map((m: any) => m.kind)).toEqual(['new_request']);
  });

  it('delivers notifications a crash left in the outbox, once', async () => {
    const r = await file();
    const entryId = new Types.ObjectId();
    const old = new Date(Date.now() - 5 * 60_000);
    // A write that queued a notice five minutes ago, whose process died before delivering it.
    await RequestModel.updateOne(
      { _id: r.id },
      { $push: { outbox: { _id: entryId, kind: 'replied', audience: 'followers', title: '您的诉求有新回复', body: 'x', createdAt: old } }, $set: { updatedAt: old } },
      { timestamps: false },
    );
    expect((await RequestModel.findById(r.id).lean())!.outboxPending).toBe(true);
    const report = await repairPending();
    expect(report.swept['request-outbox']).toBeGreaterThanOrEqual(1);
    await repairPending();
    expect(await MessageModel.countDocuments({ sourceId: entryId })).toBe(1);
    expect((await RequestModel.findById(r.id).lean())!.outbox).toHaveLength(0);
    expect((await RequestModel.findById(r.id).lean())!.outboxPending).toBeUndefined();
  });
});
