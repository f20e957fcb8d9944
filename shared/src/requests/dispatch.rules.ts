import type { DispatchRole, DispatchStatus, RequestHolder } from './dispatch.schema';
import { REQUEST_LEVEL_LABELS, type RequestLevel, type RequestStatus } from './request.schema';
import { OPEN_STATUSES } from './request.rules';

/**
 * 吹哨报到, pure: the moves of one dispatch (a unit's share of a request) and the moves on the request that dispatch,
 * send back, restore, recall and rate. The handlers load, ask these, and write conditionally on the revision read.
 */

/** A dispatch's state as the rules need it. */
export interface DispatchState {
  status: DispatchStatus;
  role: DispatchRole;
  /** The community rated the unit's handling of it. */
  rated?: boolean;
}

export type DispatchMove = 'acknowledge' | 'reply' | 'resolve' | 'done' | 'send_back' | 'reject_send_back' | 'recall' | 'close' | 'rate';

export type DispatchRefusal = 'not_active' | 'not_sent_back' | 'not_lead' | 'not_helper' | 'not_resolved' | 'already_rated' | 'already_acknowledged';

export type DispatchTransition = { ok: true; to: DispatchStatus } | { ok: false; reason: DispatchRefusal };

/** A unit is working on it (or has still to sign for it). */
export const ACTIVE_DISPATCH_STATUSES: readonly DispatchStatus[] = ['dispatched', 'acknowledged'];
export const isActiveDispatch = (s: DispatchStatus) => ACTIVE_DISPATCH_STATUSES.includes(s);

/**
 * One dispatch's lifecycle: dispatched → acknowledged (签收; a reply or a resolution before it signs for it too) →
 * resolved (the lead's `resolve`, a helper's `done`); an active one is sent back (退单), recalled by the dispatcher,
 * or closed when the request ends otherwise; a sent-back one goes back to dispatched when the dispatcher rejects the
 * send-back (驳回退单); the lead's resolved dispatch is rated once by the community.
 */
export function dispatchTransition(d: DispatchState, move: DispatchMove): DispatchTransition {
  const active = isActiveDispatch(d.status);
  switch (move) {
    case 'acknowledge':
      if (d.status === 'acknowledged') return { ok: false, reason: 'already_acknowledged' };
      return d.status === 'dispatched' ? { ok: true, to: 'acknowledged' } : { ok: false, reason: 'not_active' };
    case 'reply':
      return active ? { ok: true, to: 'acknowledged' } : { ok: false, reason: 'not_active' };
    case 'resolve':
      if (d.role !== 'lead') return { ok: false, reason: 'not_lead' };
      return active ? { ok: true, to: 'resolved' } : { ok: false, reason: 'not_active' };
    case 'done':
      if (d.role !== 'helper') return { ok: false, reason: 'not_helper' };
      return active ? { ok: true, to: 'resolved' } : { ok: false, reason: 'not_active' };
    case 'send_back':
      return active ? { ok: true, to: 'sent_back' } : { ok: false, reason: 'not_active' };
    case 'reject_send_back':
      return d.status === 'sent_back' ? { ok: true, to: 'dispatched' } : { ok: false, reason: 'not_sent_back' };
    case 'recall':
      return active ? { ok: true, to: 'recalled' } : { ok: false, reason: 'not_active' };
    case 'close':
      return active ? { ok: true, to: 'closed' } : { ok: false, reason: 'not_active' };
    case 'rate':
      if (d.role !== 'lead') return { ok: false, reason: 'not_lead' };
      if (d.status !== 'resolved') return { ok: false, reason: 'not_resolved' };
      return d.rated ? { ok: false, reason: 'already_rated' } : { ok: true, to: 'resolved' };
  }
}

export const DISPATCH_REFUSAL_MESSAGES: Record<DispatchRefusal, string> = {
  not_active: '该派单已不在办理中',
  not_sent_back: '该派单没有待处理的退单',
  not_lead: '只有主办单位可以办结诉求',
  not_helper: '主办单位请使用“办结”',
  not_resolved: '主办单位办结后才能评价',
  already_rated: '已评价过该单位的办理',
  already_acknowledged: '已签收',
};

// ---- the request's side ------------------------------------------------------------------------------------

/** One entry of a request's `dispatches` summary. */
export interface DispatchEntry {
  role: DispatchRole;
  status: DispatchStatus;
  unitName: string;
  since?: Date;
  respondBy?: Date;
  resolveBy?: Date;
}

/** What the request-side moves need to know of a request. */
export interface DispatchRequestState {
  status: RequestStatus;
  dispatches: readonly DispatchEntry[];
  /** A person holds it (assignee). */
  assigned: boolean;
  /** A send-back waits for the dispatcher (re-dispatch or 驳回退单). */
  pendingSendBack: boolean;
}

export type RequestDispatchMove = 'dispatch' | 'send_back_person' | 'send_back_unit' | 'reject_send_back' | 'recall_dispatch';

export type RequestDispatchRefusal = 'not_open' | 'already_dispatched' | 'not_holder' | 'no_send_back' | 'no_active_dispatch';

export type RequestDispatchTransition = { ok: true; to: RequestStatus } | { ok: false; reason: RequestDispatchRefusal; unitName?: string };

/** The lead dispatch a unit is working on now, if any (at most one: dispatching refuses a second). */
export const activeLead = <D extends DispatchEntry>(dispatches: readonly D[]): D | undefined => dispatches.find((d) => d.role === 'lead' && isActiveDispatch(d.status));

/**
 * The request's moves of 吹哨报到. Dispatching needs an open request with no lead unit at work (the second of two
 * dispatchers is refused, naming the unit that has it), and puts the request in progress; a person's send-back needs
 * them to hold it (no unit does); a unit's, its lead dispatch active; rejecting a send-back needs one pending and no
 * lead at work since; recalling needs a lead at work. None of them touches the request's own deadlines.
 */
export function requestDispatchTransition(r: DispatchRequestState, move: RequestDispatchMove): RequestDispatchTransition {
  if (!OPEN_STATUSES.includes(r.status)) return { ok: false, reason: 'not_open' };
  const lead = activeLead(r.dispatches);
  const inProgress = { ok: true as const, to: r.status === 'reopened' ? ('reopened' as const) : ('in_progress' as const) };
  switch (move) {
    case 'dispatch':
      return lead ? { ok: false, reason: 'already_dispatched', unitName: lead.unitName } : inProgress;
    case 'send_back_person':
      return r.assigned && !lead ? { ok: true, to: r.status } : { ok: false, reason: 'not_holder' };
    case 'send_back_unit':
      return lead ? { ok: true, to: r.status } : { ok: false, reason: 'no_active_dispatch' };
    case 'reject_send_back':
      if (!r.pendingSendBack) return { ok: false, reason: 'no_send_back' };
      return lead ? { ok: false, reason: 'already_dispatched', unitName: lead.unitName } : inProgress;
    case 'recall_dispatch':
      return lead ? { ok: true, to: r.status } : { ok: false, reason: 'no_active_dispatch' };
  }
}

export const REQUEST_DISPATCH_REFUSAL_MESSAGES: Record<RequestDispatchRefusal, string> = {
  not_open: '该诉求已结束，无法派发或退单',
  already_dispatched: '该诉求已派发给其他单位办理',
  not_holder: '该诉求当前不由您办理，无法退单',
  no_send_back: '该诉求没有待处理的退单',
  no_active_dispatch: '该诉求当前没有单位在办理',
};

/** The words of a refusal, naming the unit that holds the request where there is one. */
export function requestDispatchRefusalMessage(t: { reason: RequestDispatchRefusal; unitName?: string }): string {
  return t.reason === 'already_dispatched' && t.unitName ? `该诉求已派发给${t.unitName}办理` : REQUEST_DISPATCH_REFUSAL_MESSAGES[t.reason];
}

// ---- 谁在办, 督办 ----------------------------------------------------------------------------------------------

/** What deriving the holder needs of a request. */
export interface HolderSubject {
  status: RequestStatus;
  level: RequestLevel;
  levelSince: Date;
  /** The level's own deadlines (from its escalation or the filing); absent on old requests: the request's. */
  levelRespondBy?: Date | null;
  levelResolveBy?: Date | null;
  respondBy: Date;
  resolveBy: Date;
  dispatches: readonly DispatchEntry[];
  assigneeName?: string | null;
  hasAssignee: boolean;
  assignedAt?: Date | null;
  assigneeRespondBy?: Date | null;
  assigneeResolveBy?: Date | null;
}

/**
 * 谁在办: the lead unit at work; else the person it is assigned to (named to those who may see the assignee, else
 * 工作人员); else the queue of its level (网格, 社区, 街道). Nothing once the request is no longer open.
 */
export function holderOf(r: HolderSubject, seesPerson: boolean): RequestHolder | undefined {
  if (!OPEN_STATUSES.includes(r.status)) return undefined;
  const iso = (d?: Date | null) => (d ? d.toISOString() : undefined);
  const lead = activeLead(r.dispatches);
  if (lead) {
    const helpers = r.dispatches.filter((d) => d.role === 'helper' && isActiveDispatch(d.status)).map((d) => d.unitName);
    return {
      kind: 'unit',
      name: lead.unitName,
      since: iso(lead.since) ?? r.levelSince.toISOString(),
      respondBy: iso(lead.respondBy),
      resolveBy: iso(lead.resolveBy),
      helpers: helpers.length ? helpers : undefined,
      acknowledged: lead.status === 'acknowledged',
    };
  }
  if (r.hasAssignee)
    return {
      kind: 'person',
      name: (seesPerson ? r.assigneeName : undefined) ?? '工作人员',
      since: (r.assignedAt ?? r.levelSince).toISOString(),
      respondBy: iso(r.assigneeRespondBy),
      resolveBy: iso(r.assigneeResolveBy),
    };
  return {
    kind: r.level,
    name: REQUEST_LEVEL_LABELS[r.level],
    since: r.levelSince.toISOString(),
    respondBy: iso(r.levelRespondBy ?? r.respondBy),
    resolveBy: iso(r.levelResolveBy ?? r.resolveBy),
  };
}

/**
 * 督办: a request still open, not flagged yet, handed off more than `threshold` times or past its resolution
 * deadline (the request's own, from submission) is flagged to street staff, once.
 */
export function needsSupervision(
  r: { status: RequestStatus; handOffCount: number; resolveBy: Date; supervisedAt?: Date | null },
  threshold: number,
  now: Date,
): 'hand_offs' | 'overdue' | null {
  if (r.supervisedAt || !OPEN_STATUSES.includes(r.status)) return null;
  if (r.handOffCount > threshold) return 'hand_offs';
  if (now.getTime() > r.resolveBy.getTime()) return 'overdue';
  return null;
}

/** A dispatch's deadlines: its resolution date from the dispatcher (a date, or days from now), else the default. */
export function dispatchResolveBy(now: Date, input: { resolveDays?: number; resolveBy?: string }, fallback: Date): Date {
  if (input.resolveBy) return new Date(input.resolveBy);
  if (input.resolveDays) return new Date(now.getTime() + input.resolveDays * 86_400_000);
  return fallback;
}

/** A dispatch of the request as the offers need it: its summary entry, rated or not. */
export type OfferedDispatch = DispatchEntry & { rated?: boolean };

/**
 * The 吹哨报到 moves to offer on a request's view: those the permission table allows the caller (`permitted`) that
 * the request's state allows now (the actions' names are the API's, as `availableRequestActions`' are).
 */
export function dispatchActionsOffered(
  r: Omit<DispatchRequestState, 'dispatches'> & { dispatches: readonly OfferedDispatch[] },
  permitted: (action: 'dispatch' | 'send_back' | 'reject_send_back' | 'recall_dispatch' | 'rate_unit') => boolean,
): ('dispatch' | 'send_back' | 'reject_send_back' | 'recall_dispatch' | 'rate_unit')[] {
  const possible = {
    dispatch: requestDispatchTransition(r, 'dispatch').ok,
    send_back: requestDispatchTransition(r, 'send_back_person').ok,
    reject_send_back: requestDispatchTransition(r, 'reject_send_back').ok,
    recall_dispatch: requestDispatchTransition(r, 'recall_dispatch').ok,
    rate_unit: r.dispatches.some((d) => dispatchTransition(d, 'rate').ok),
  };
  return (Object.keys(possible) as (keyof typeof possible)[]).filter((a) => possible[a] && permitted(a));
}
