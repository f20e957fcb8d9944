import type { Types } from 'mongoose';
import { hasAnyRole, type MembershipAction, type Role } from '@linli/shared';

/** Everything someone can do with a community and its memberships. */
export type CommunityPermission =
  | 'view_settings'
  | 'change_settings'
  | 'list_members'
  | 'see_every_household'
  | 'view_member'
  | 'view_member_history'
  | 'approve_member'
  | 'reject_member'
  | 'remove_member'
  | 'move_member'
  | 'grant_role'
  | 'revoke_role'
  | 'manage_invite_codes'
  | 'read_audit_log'
  | 'rotate_open311_key'
  | 'leave';

export interface CommunityActor {
  userId: Types.ObjectId;
  /** Effective roles in the community (admin includes staff; street staff through their street). */
  roles: readonly Role[];
}

/** The membership acted on. */
export interface MembershipSubject {
  userId: Types.ObjectId;
  roles: readonly Role[];
}

const STAFF: readonly CommunityPermission[] = ['view_settings', 'view_member', 'view_member_history', 'approve_member', 'reject_member', 'move_member', 'manage_invite_codes'];
const ADMIN: readonly CommunityPermission[] = ['change_settings', 'grant_role', 'revoke_role', 'read_audit_log', 'rotate_open311_key'];

/**
 * The one permission table of communities.
 * - Staff (and admins) see the settings, every member and their history, approve, reject, move and remove
 *   members, and manage invite codes; only an admin removes another admin.
 * - Admins change the settings, grant and revoke roles, read the audit log and replace the Open311 key.
 * - Grid workers list the members of their own grids' buildings; staff and street staff see every household.
 * - A member leaves their own membership. (A community always keeps one admin: a rule on the data, checked by
 *   the use cases, not a permission.)
 * The endpoint definitions (shared/src/communities/community.endpoints.ts) gate by role first; this table is
 * what handlers and the membership views' `actions` ask (community.permissions.test.ts checks they agree).
 */
export function canOnCommunity(permission: CommunityPermission, actor: CommunityActor, target?: MembershipSubject): boolean {
  if (STAFF.includes(permission)) return hasAnyRole(actor.roles, ['staff']);
  if (ADMIN.includes(permission)) return hasAnyRole(actor.roles, ['admin']);
  switch (permission) {
    case 'list_members':
      return hasAnyRole(actor.roles, ['staff', 'grid_worker']);
    case 'see_every_household':
      return hasAnyRole(actor.roles, ['staff', 'street_staff']);
    case 'remove_member':
      return hasAnyRole(actor.roles, ['staff']) && (!target?.roles.includes('admin') || hasAnyRole(actor.roles, ['admin']));
    case 'leave':
      // Their own membership, once it gives them a role here (the leave endpoint acts in the community).
      return !!target && target.userId.equals(actor.userId) && actor.roles.length > 0;
    default:
      return false;
  }
}

/** The permission behind each move of the membership state machine (`join` starts a membership: no one's move on it). */
const MEMBERSHIP_ACTION_PERMISSION: Record<Exclude<MembershipAction, 'join'>, CommunityPermission> = {
  approve: 'approve_member',
  reject: 'reject_member',
  remove: 'remove_member',
  move: 'move_member',
  grant_role: 'grant_role',
  revoke_role: 'revoke_role',
  leave: 'leave',
};

/** Asks the table for one move on a membership (the shape availableMembershipActions takes). */
export const permittedOnMembership = (actor: CommunityActor, target: MembershipSubject) => (action: MembershipAction) =>
  action !== 'join' && canOnCommunity(MEMBERSHIP_ACTION_PERMISSION[action], actor, target);
