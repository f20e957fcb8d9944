import {
  DISPATCH_REFUSAL_MESSAGES,
  REQUEST_DISPATCH_REFUSAL_MESSAGES,
  dispatchActionsOffered,
  dispatchResolveBy,
  dispatchTransition,
  holderOf,
  needsSupervision,
  requestDispatchRefusalMessage,
  requestDispatchTransition,
  type DispatchEntry,
  type DispatchMove,
  type DispatchRequestState,
  type HolderSubject,
} from './dispatch.rules';
import { DISPATCH_STATUSES, type DispatchRole, type DispatchStatus } from './dispatch.schema';
import { REQUEST_STATUSES } from './request.schema';
import { OPEN_STATUSES } from './request.rules';

const MOVES: DispatchMove[] = ['acknowledge', 'reply', 'resolve', 'done', 'send_back', 'reject_send_back', 'recall', 'close', 'rate'];

describe('requests/dispatch: one dispatch', () => {
  // Every move from every status, for the lead and a helper: where it goes, or why not.
  const EXPECTED: Record<DispatchRole, Record<DispatchStatus, Partial<Record<DispatchMove, DispatchStatus>>>> = {
    lead: {
      dispatched: { acknowledge: 'acknowledged', reply: 'acknowledged', resolve: 'resolved', send_back: 'sent_back', recall: 'recalled', close: 'closed' },
      acknowledged: { reply: 'acknowledged', resolve: 'resolved', send_back: 'sent_back', recall: 'recalled', close: 'closed' },
      resolved: { rate: 'resolved' },
      sent_back: { reject_send_back: 'dispatched' },
      recalled: {},
      closed: {},
    },
    helper: {
      dispatched: { acknowledge: 'acknowledged', reply: 'acknowledged', done: 'resolved', send_back: 'sent_back', recall: 'recalled', close: 'closed' },
      acknowledged: { reply: 'acknowledged', done: 'resolved', send_back: 'sent_back', recall: 'recalled', close: 'closed' },
      resolved: {},
      sent_back: { reject_send_back: 'dispatched' },
      recalled: {},
      closed: {},
    },
  };
  const cases = (['lead', 'helper'] as const).flatMap((role) => DISPATCH_STATUSES.flatMap((status) => MOVES.map((move) => [role, status, move] as const)));
  it.each(cases)('%s %s: %s', (role, status, move) => {
    const t = dispatchTransition({ role, status }, move);
    const to = EXPECTED[role][status][move];
    if (to) expect(t).toEqual({ ok: true, to });
    else {
      expect(t.ok).toBe(false);
      if (!t.ok) expect(DISPATCH_REFUSAL_MESSAGES[t.reason]).toMatch(/[\u4e00-\u9fa5]/);
    }
  });

  it('names why: a helper cannot resolve the request, the lead says resolve, not done; rating once, after resolution', () => {
    expect(dispatchTransition({ role: 'helper', status: 'acknowledged' }, 'resolve')).toEqual({ ok: false, reason: 'not_lead' });
    expect(dispatchTransition({ role: 'lead', status: 'acknowledged' }, 'done')).toEqual({ ok: false, reason: 'not_helper' });
    expect(dispatchTransition({ role: 'lead', status: 'acknowledged' }, 'rate')).toEqual({ ok: false, reason: 'not_resolved' });
    expect(dispatchTransition({ role: 'lead', status: 'resolved', rated: true }, 'rate')).toEqual({ ok: false, reason: 'already_rated' });
    expect(dispatchTransition({ role: 'helper', status: 'resolved' }, 'rate')).toEqual({ ok: false, reason: 'not_lead' });
    expect(dispatchTransition({ role: 'lead', status: 'acknowledged' }, 'acknowledge')).toEqual({ ok: false, reason: 'already_acknowledged' });
    expect(dispatchTransition({ role: 'lead', status: 'closed' }, 'reject_send_back')).toEqual({ ok: false, reason: 'not_sent_back' });
  });
});

const lead = (status: DispatchStatus, unitName = 'XX物业'): DispatchEntry => ({ role: 'lead', status, unitName });
const helper = (status: DispatchStatus, unitName = 'XX自来水公司'): DispatchEntry => ({ role: 'helper', status, unitName });
const req = (extra: Partial<DispatchRequestState> = {}): DispatchRequestState => ({ status: 'accepted', dispatches: [], assigned: false, pendingSendBack: false, ...extra });

describe('requests/dispatch: the request side', () => {
  it.each(REQUEST_STATUSES)('from %s: every move needs an open request', (status) => {
    const open = OPEN_STATUSES.includes(status);
    const t = requestDispatchTransition(req({ status }), 'dispatch');
    expect(t.ok).toBe(open);
    if (open) expect(t).toEqual({ ok: true, to: status === 'reopened' ? 'reopened' : 'in_progress' });
    else expect(t).toEqual({ ok: false, reason: 'not_open' });
    for (const move of ['send_back_person', 'send_back_unit', 'reject_send_back', 'recall_dispatch'] as const)
      if (!open) expect(requestDispatchTransition(req({ status, assigned: true, pendingSendBack: true, dispatches: [lead('dispatched')] }), move)).toEqual({ ok: false, reason: 'not_open' });
  });

  it('dispatch: refused while a lead unit is at work (naming it), allowed after a send-back or recall; helpers do not block', () => {
    for (const s of ['dispatched', 'acknowledged'] as const) {
      const t = requestDispatchTransition(req({ dispatches: [lead(s)] }), 'dispatch');
      expect(t).toEqual({ ok: false, reason: 'already_dispatched', unitName: 'XX物业' });
      if (!t.ok) expect(requestDispatchRefusalMessage(t)).toBe('该诉求已派发给XX物业办理');
    }
    for (const s of ['sent_back', 'recalled', 'closed', 'resolved'] as const) expect(requestDispatchTransition(req({ dispatches: [lead(s)] }), 'dispatch').ok).toBe(true);
    expect(requestDispatchTransition(req({ dispatches: [helper('acknowledged')] }), 'dispatch').ok).toBe(true);
  });

  it('send-back by a person: only while they hold it and no unit does', () => {
    expect(requestDispatchTransition(req({ status: 'in_progress', assigned: true }), 'send_back_person')).toEqual({ ok: true, to: 'in_progress' });
    expect(requestDispatchTransition(req({ assigned: false }), 'send_back_person')).toEqual({ ok: false, reason: 'not_holder' });
    expect(requestDispatchTransition(req({ assigned: true, dispatches: [lead('acknowledged')] }), 'send_back_person')).toEqual({ ok: false, reason: 'not_holder' });
  });

  it('send-back by a unit and recall: only with a lead at work; the request keeps its status', () => {
    for (const move of ['send_back_unit', 'recall_dispatch'] as const) {
      expect(requestDispatchTransition(req({ status: 'in_progress', dispatches: [lead('acknowledged')] }), move)).toEqual({ ok: true, to: 'in_progress' });
      expect(requestDispatchTransition(req({ dispatches: [lead('sent_back')] }), move)).toEqual({ ok: false, reason: 'no_active_dispatch' });
      expect(requestDispatchTransition(req({ dispatches: [helper('acknowledged')] }), move)).toEqual({ ok: false, reason: 'no_active_dispatch' });
    }
  });

  it('reject a send-back: one must be pending, and nobody dispatched since', () => {
    expect(requestDispatchTransition(req({ status: 'in_progress', pendingSendBack: true, dispatches: [lead('sent_back')] }), 'reject_send_back')).toEqual({ ok: true, to: 'in_progress' });
    expect(requestDispatchTransition(req({ pendingSendBack: false }), 'reject_send_back')).toEqual({ ok: false, reason: 'no_send_back' });
    expect(requestDispatchTransition(req({ pendingSendBack: true, dispatches: [lead('sent_back'), lead('dispatched', '另一物业')] }), 'reject_send_back')).toEqual({
      ok: false,
      reason: 'already_dispatched',
      unitName: '另一物业',
    });
    for (const m of Object.values(REQUEST_DISPATCH_REFUSAL_MESSAGES)) expect(m).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('offers the moves the state allows to whoever the table permits', () => {
    const all = () => true;
    expect(dispatchActionsOffered(req(), all)).toEqual(['dispatch']);
    expect(dispatchActionsOffered(req({ status: 'in_progress', assigned: true }), all)).toEqual(['dispatch', 'send_back']);
    expect(dispatchActionsOffered(req({ status: 'in_progress', dispatches: [lead('acknowledged')] }), all)).toEqual(['recall_dispatch']);
    expect(dispatchActionsOffered(req({ status: 'in_progress', pendingSendBack: true, dispatches: [lead('sent_back')] }), all)).toEqual(['dispatch', 'reject_send_back']);
    expect(dispatchActionsOffered(req({ status: 'resolved', dispatches: [lead('resolved')] }), all)).toEqual(['rate_unit']);
    expect(dispatchActionsOffered(req({ status: 'closed', dispatches: [{ ...lead('resolved'), rated: true } as DispatchEntry] }), all)).toEqual([]);
    expect(dispatchActionsOffered(req(), () => false)).toEqual([]);
  });
});

describe('requests/dispatch: 谁在办 and 督办', () => {
  const at = new Date('2026-12-01T02:00:00Z');
  const base: HolderSubject = {
    status: 'in_progress',
    level: 'community',
    levelSince: at,
    respondBy: new Date('2026-12-02T02:00:00Z'),
    resolveBy: new Date('2026-12-08T02:00:00Z'),
    dispatches: [],
    hasAssignee: false,
  };
  it('the lead unit at work holds it, with its helpers and its own deadlines', () => {
    const since = new Date('2026-12-03T02:00:00Z');
    const h = holderOf({ ...base, dispatches: [{ ...lead('dispatched'), since, resolveBy: new Date('2026-12-10T02:00:00Z') }, helper('acknowledged'), helper('sent_back', '城管')] }, true);
    expect(h).toEqual({ kind: 'unit', name: 'XX物业', since: since.toISOString(), respondBy: undefined, resolveBy: '2026-12-10T02:00:00.000Z', helpers: ['XX自来水公司'], acknowledged: false });
  });
  it('else the person assignee (named to those who may see them), else the level', () => {
    const person = { ...base, hasAssignee: true, assigneeName: '王网格', assignedAt: at, assigneeResolveBy: new Date('2026-12-04T02:00:00Z') };
    expect(holderOf(person, true)).toMatchObject({ kind: 'person', name: '王网格', resolveBy: '2026-12-04T02:00:00.000Z' });
    expect(holderOf(person, false)).toMatchObject({ kind: 'person', name: '工作人员' });
    expect(holderOf({ ...base, dispatches: [lead('sent_back')] }, true)).toEqual({ kind: 'community', name: '社区', since: at.toISOString(), respondBy: base.respondBy.toISOString(), resolveBy: base.resolveBy.toISOString() });
    expect(holderOf({ ...base, level: 'street', levelResolveBy: new Date('2026-12-20T02:00:00Z') }, true)).toMatchObject({ kind: 'street', name: '街道', resolveBy: '2026-12-20T02:00:00.000Z' });
  });
  it('nobody holds a finished request', () => {
    for (const status of ['resolved', 'closed', 'rejected', 'withdrawn', 'duplicate'] as const) expect(holderOf({ ...base, status }, true)).toBeUndefined();
  });
  it('flags once: more hand-offs than the threshold, or past the deadline; never a finished request', () => {
    const r = { status: 'in_progress' as const, handOffCount: 3, resolveBy: new Date('2026-12-08T02:00:00Z') };
    const before = new Date('2026-12-05T00:00:00Z');
    expect(needsSupervision(r, 3, before)).toBeNull();
    expect(needsSupervision({ ...r, handOffCount: 4 }, 3, before)).toBe('hand_offs');
    expect(needsSupervision(r, 3, new Date('2026-12-09T00:00:00Z'))).toBe('overdue');
    expect(needsSupervision({ ...r, handOffCount: 9, supervisedAt: before }, 3, before)).toBeNull();
    expect(needsSupervision({ ...r, status: 'resolved', handOffCount: 9 }, 3, before)).toBeNull();
  });
  it('a dispatch deadline: the date given, else days from now, else the default', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const fallback = new Date('2026-12-08T00:00:00Z');
    expect(dispatchResolveBy(now, { resolveBy: '2026-12-10T00:00:00+08:00' }, fallback).toISOString()).toBe('2026-12-09T16:00:00.000Z');
    expect(dispatchResolveBy(now, { resolveDays: 3 }, fallback).toISOString()).toBe('2026-12-04T00:00:00.000Z');
    expect(dispatchResolveBy(now, {}, fallback)).toBe(fallback);
  });
});
