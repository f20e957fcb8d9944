import type { Types } from 'mongoose';
import { hasAnyRole, type MobileGridAction, type Role } from '@linli/shared';

/**
 * Everything someone can do with 流动网格员 applications: apply (any signed-in person, member of the community or
 * not), see one, list a community's, and the moves the API offers as `actions` (approve, reject).
 */
export type MobileGridPermission = 'apply' | 'view' | 'list' | MobileGridAction;

export interface MobileGridActor {
  userId: Types.ObjectId;
  /** Effective roles in the community of the application (none for someone who is not a member). */
  roles: readonly Role[];
}

/** The application acted on: whose it is. */
export interface ApplicationSubject {
  userId: Types.ObjectId;
}

const own = (actor: MobileGridActor, s?: ApplicationSubject) => !!s && s.userId.equals(actor.userId);
const staff = (actor: MobileGridActor) => hasAnyRole(actor.roles, ['staff']);

/**
 * The one permission table of 流动网格员 applications. Anyone signed in applies; an application (with its phone) is
 * seen by its applicant and the community's staff (admins included), nobody else; staff list them and decide,
 * except on their own (nobody approves themselves). Revoking the role is 撤销角色 (community.permissions.ts, admins).
 */
export function canOnMobileGrid(permission: MobileGridPermission, actor: MobileGridActor, s?: ApplicationSubject): boolean {
  switch (permission) {
    case 'apply':
      return true;
    case 'view':
      return own(actor, s) || staff(actor);
    case 'list':
      return staff(actor);
    case 'approve':
    case 'reject':
      return staff(actor) && !own(actor, s);
  }
}
