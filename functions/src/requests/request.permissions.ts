import type { Types } from 'mongoose';
import { hasAnyRole, type RequestViewAction, type Role } from '@linli/shared';

/**
 * Everything someone can do with a request: see it (and its personal data), and every move the API offers as
 * `actions` (shared `REQUEST_VIEW_ACTIONS`: accept, assign, reply, resolve, escalate, reject, mark_duplicate, reopen, withdraw, rate,
 * set_public, approve_content), so a button is offered exactly when this table and the state machine both allow it.
 */
export type RequestPermission = 'view' | 'view_personal' | RequestViewAction;

export interface RequestActor {
  userId: Types.ObjectId;
  roles: readonly Role[];
  gridIds: readonly Types.ObjectId[];
}

export interface RequestSubject {
  filerId?: Types.ObjectId;
  assigneeId?: Types.ObjectId;
  gridId?: Types.ObjectId;
  level: 'grid' | 'community' | 'street';
  public: boolean;
  contentStatus: 'pass' | 'review';
  followers?: readonly Types.ObjectId[];
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
  return false;
}

export const isFiler = (actor: RequestActor, r: RequestSubject) => !!r.filerId && r.filerId.equals(actor.userId);

const HANDLER_ACTIONS: RequestPermission[] = ['accept', 'assign', 'resolve', 'escalate', 'reject', 'mark_duplicate', 'set_public', 'approve_content'];
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
      // Following (我也遇到) grants nothing: another resident sees a request only once staff made it public.
      return filer || handler || (r.public && r.contentStatus === 'pass');
    case 'view_personal':
      return filer || handler;
    case 'reply':
      return filer || handler;
    default:
      if (HANDLER_ACTIONS.includes(permission)) return handler;
      if (FILER_ACTIONS.includes(permission)) return filer;
      return false;
  }
}
