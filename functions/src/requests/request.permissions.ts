import type { Types } from 'mongoose';
import { hasAnyRole, type RequestViewAction, type Role } from '@linli/shared';

/**
 * Everything someone can do with a request: see it (and its personal data), and every move the API offers as
 * `actions` (shared `REQUEST_VIEW_ACTIONS`: accept, assign, reply, resolve, escalate, reject, mark_duplicate, reopen, withdraw, rate,
 * set_public, approve_content), so a button is offered exactly when this table and the state machine both allow it.
 */
export type RequestPermission = 'view' | 'view_personal' | 'unit_act' | RequestViewAction;

export interface RequestActor {
  userId: Types.ObjectId;
  roles: readonly Role[];
  gridIds: readonly Types.ObjectId[];
  /** The units the caller works for (unit-side calls only: requests/dispatch-handler.ts); none in a community's calls. */
  unitIds?: readonly Types.ObjectId[];
}

export interface RequestSubject {
  filerId?: Types.ObjectId;
  assigneeId?: Types.ObjectId;
  gridId?: Types.ObjectId;
  level: 'grid' | 'community' | 'street';
  public: boolean;
  contentStatus: 'pass' | 'review';
  followers?: readonly Types.ObjectId[];
  /** 延期申请: the latest extension's status, and how many were approved (a second one is the street's to decide). */
  extension?: { status: string } | null;
  extensionCount?: number | null;
  /** The units a request was dispatched to (requests/dispatch*: the lead unit holds it while its dispatch is active). */
  dispatches?: readonly { unitId: Types.ObjectId; role: string; status: string }[] | null;
}

/**
 * Staff handle every request of their community; grid workers those of their grids; street staff those escalated
 * to the street; and whoever a request was dispatched to handles it, whatever their grid.
 */
export function handles(actor: RequestActor, r: RequestSubject): boolean {
  if (hasAnyRole(actor.roles, ['staff'])) return true;
  if (r.assigneeId && r.assigneeId.equals(actor.userId) && hasAnyRole(actor.roles, ['grid_worker', 'street_staff'])) return true;
  if (actor.roles.includes('grid_worker') && r.gridId && actor.gridIds.some((g) => g.equals(r.gridId!))) return true;
  if (actor.roles.includes('street_staff') && r.level === 'street') return true;
  // A second extension is the street's to decide (extension.rules.ts): while it waits, street staff handle the request.
  if (actor.roles.includes('street_staff') && secondExtensionPending(r)) return true;
  return false;
}

const secondExtensionPending = (r: RequestSubject) => r.extension?.status === 'requested' && (r.extensionCount ?? 0) >= 1;

/** Dispatch statuses in which the unit holds its part of the request. */
const ACTIVE_DISPATCH = ['dispatched', 'acknowledged'];

/** The lead unit's dispatch while active: it then holds the request (谁在办), not a person assignee. */
const activeLead = (r: RequestSubject) => r.dispatches?.find((d) => d.role === 'lead' && ACTIVE_DISPATCH.includes(d.status));

/**
 * Who holds the request and so may ask for more time (延期申请): a member of the lead unit while its dispatch is
 * active; otherwise the person it is assigned to, acting in a handler's role.
 */
export function holdsRequest(actor: RequestActor, r: RequestSubject): 'person' | 'unit' | null {
  const lead = activeLead(r);
  if (lead) return actor.unitIds?.some((u) => u.equals(lead.unitId)) ? 'unit' : null;
  return r.assigneeId && r.assigneeId.equals(actor.userId) && handles(actor, r) ? 'person' : null;
}

/**
 * Who decides an extension: the dispatcher's side — community staff, street staff on a street-level request — and
 * only street staff for a second extension (不得二次延期，除非街道审批).
 */
function decidesExtension(actor: RequestActor, r: RequestSubject): boolean {
  // Keyed on the pending one: once decided, a second decision is refused by the rules (nothing pending), not here.
  const second = r.extension?.status === 'requested' && (r.extensionCount ?? 0) >= 1;
  if (r.level === 'street' || second) return actor.roles.includes('street_staff');
  return hasAnyRole(actor.roles, ['staff']);
}

/**
 * 吹哨报到: the caller's unit's part in the request — 'lead' or 'helper' — where one of their units appears among its
 * dispatches (the active dispatch first; else the latest); null otherwise. A unit sees only what was dispatched to it.
 */
export function unitRole(actor: RequestActor, r: RequestSubject): 'lead' | 'helper' | null {
  const mine = (r.dispatches ?? []).filter((d) => actor.unitIds?.some((u) => u.equals(d.unitId)));
  const d = mine.find((x) => ACTIVE_DISPATCH.includes(x.status)) ?? mine[mine.length - 1];
  return d ? (d.role as 'lead' | 'helper') : null;
}

/**
 * Who dispatches, restores a send-back, recalls and rates units: the community's staff, and street staff on a
 * request escalated to the street (the dispatcher side of 吹哨报到).
 */
const dispatches = (actor: RequestActor, r: RequestSubject) => hasAnyRole(actor.roles, ['staff']) || (actor.roles.includes('street_staff') && r.level === 'street');

export const isFiler = (actor: RequestActor, r: RequestSubject) => !!r.filerId && r.filerId.equals(actor.userId);

const HANDLER_ACTIONS: RequestPermission[] = ['accept', 'assign', 'resolve', 'escalate', 'reject', 'mark_duplicate', 'set_public', 'approve_content', 'set_type'];
const FILER_ACTIONS: RequestPermission[] = ['reopen', 'withdraw', 'rate'];

/**
 * The one permission table of requests. The resident withdraws, replies to, reopens and rates their own;
 * handlers (see `handles`) do the rest; other residents only see public requests, without personal data
 * (which fields each of them sees: request.visibility.ts).
 */
export function canOnRequest(permission: RequestPermission, actor: RequestActor, r: RequestSubject): boolean {
  const filer = isFiler(actor, r);
  const handler = handles(actor, r);
  switch (permission) {
    case 'view':
      // Following (我也遇到) grants nothing: another resident sees a request only once staff made it public. A unit
      // sees what was dispatched to it (its fields: request.visibility.ts, audience unit).
      return filer || handler || (r.public && r.contentStatus === 'pass') || unitRole(actor, r) !== null;
    case 'view_personal':
      return filer || handler;
    case 'reply':
      return filer || handler;
    case 'request_extension':
      return holdsRequest(actor, r) !== null;
    case 'decide_extension':
      return decidesExtension(actor, r);
    // 回访 is the community staff's call to the resident (the use case checks it is a resident's demand).
    case 'dispatch':
    case 'reject_send_back':
    case 'recall_dispatch':
    case 'rate_unit':
      return dispatches(actor, r);
    // 退单 by a person: the grid worker or staff member the request is assigned to (a unit sends back on its side).
    case 'send_back':
      return !!r.assigneeId && r.assigneeId.equals(actor.userId) && handler;
    // The unit side: a member of a unit the request was dispatched to (the dispatch rules decide which move).
    case 'unit_act':
      return unitRole(actor, r) !== null;
    case 'call_back':
      return hasAnyRole(actor.roles, ['staff']) && handler;
    default:
      if (HANDLER_ACTIONS.includes(permission)) return handler;
      if (FILER_ACTIONS.includes(permission)) return filer;
      return false;
  }
}
