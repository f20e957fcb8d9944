import type { Types } from 'mongoose';
import { hasAnyRole, type Role, type VolunteerStatus } from '@linli/shared';

/** Everything someone can do in volunteering: registrations, activities, stars, service posts and the points mall. */
export type VolunteeringPermission =
  // volunteers
  | 'register'
  | 'list_volunteers'
  | 'review_volunteer'
  | 'adjust_points'
  | 'withhold_star'
  | 'publish_post'
  | 'see_claimants'
  | 'claim_post'
  // activities
  | 'publish_activity'
  | 'sign_up'
  | 'withdraw'
  | 'check_in'
  | 'issue_checkin_code'
  | 'view_roster'
  | 'confirm_hours'
  // the points mall
  | 'stock_reward'
  | 'see_held_photos'
  | 'redeem'
  | 'cancel_redemption'
  | 'list_to_fulfil'
  | 'fulfil';

export interface VolunteeringActor {
  userId: Types.ObjectId;
  /** Effective roles in the community (admin includes staff). */
  roles: readonly Role[];
  /** The caller's own volunteer record here, if any: taking part needs an approved one. */
  volunteer?: { status: VolunteerStatus; partyMember: boolean } | null;
}

export interface VolunteeringSubject {
  /** Whose volunteer record a move credits or debits (confirm hours, adjust points). */
  volunteerUserId?: Types.ObjectId;
  /** The 爱心商家 behind a reward or a redemption code; null or absent for the community's own 积分超市. */
  merchantId?: Types.ObjectId | null;
  /** Who redeemed a code. */
  redeemerUserId?: Types.ObjectId;
}

const STAFF_ONLY: readonly VolunteeringPermission[] = ['list_volunteers', 'review_volunteer', 'withhold_star', 'publish_post', 'see_claimants', 'publish_activity', 'issue_checkin_code', 'view_roster', 'see_held_photos'];
/** Taking part is for approved volunteers, whatever their roles (staff may volunteer too). */
const ACTIVE_VOLUNTEER: readonly VolunteeringPermission[] = ['sign_up', 'withdraw', 'check_in'];

const isStaff = (a: VolunteeringActor) => hasAnyRole(a.roles, ['staff']);
const isSelf = (a: VolunteeringActor, userId?: Types.ObjectId) => !!userId && userId.equals(a.userId);

/**
 * The one permission table of volunteering.
 * - Residents, volunteers, grid workers and staff register; staff review registrations, list volunteers,
 *   withhold a star during its 公示, publish activities and service posts, show check-in codes and read rosters.
 * - Approved volunteers sign up, withdraw, check in and out; approved party members (双报到) claim service posts.
 * - Anyone holding points redeems them: a volunteer, or a resident with a points account (随手拍奖励).
 * - Staff confirm hours and admins adjust points, never for themselves (no one credits their own account).
 * - Merchants and staff stock rewards; a code is fulfilled by the merchant offering the reward, or by staff when
 *   it is the community's own; only who redeemed a code cancels it.
 * The endpoint definitions (shared/src/volunteers/*.endpoints.ts) gate by role first; this table is what the
 * handlers and the views' `actions` ask after that (volunteering.permissions.test.ts checks they agree).
 */
export function canOnVolunteering(permission: VolunteeringPermission, actor: VolunteeringActor, subject: VolunteeringSubject = {}): boolean {
  if (STAFF_ONLY.includes(permission)) return isStaff(actor);
  if (ACTIVE_VOLUNTEER.includes(permission)) return actor.volunteer?.status === 'active';
  switch (permission) {
    case 'register':
      return hasAnyRole(actor.roles, ['resident', 'volunteer', 'grid_worker', 'staff']);
    case 'claim_post':
      return actor.volunteer?.status === 'active' && actor.volunteer.partyMember;
    case 'redeem':
      // Points are spent by whoever holds them: any account, a volunteer's whatever their registration's status, or
      // a resident's points account (随手拍奖励). The balance decides the rest.
      return !!actor.volunteer;
    case 'confirm_hours':
      return isStaff(actor) && !isSelf(actor, subject.volunteerUserId);
    case 'adjust_points':
      return hasAnyRole(actor.roles, ['admin']) && !isSelf(actor, subject.volunteerUserId);
    case 'stock_reward':
    case 'list_to_fulfil':
      return hasAnyRole(actor.roles, ['merchant', 'staff']);
    case 'fulfil':
      // The merchant's own code (while they may fulfil at all), or staff for the 积分超市.
      return subject.merchantId ? subject.merchantId.equals(actor.userId) && hasAnyRole(actor.roles, ['merchant', 'staff']) : isStaff(actor);
    case 'cancel_redemption':
      return isSelf(actor, subject.redeemerUserId);
    default:
      return false;
  }
}

/**
 * A merchant (who is not also staff) offers rewards as their shop and sees the codes of their own rewards; staff
 * act for the community's 积分超市, even when they are merchants too.
 */
export const actsAsMerchant = (actor: Pick<VolunteeringActor, 'roles'>) => actor.roles.includes('merchant') && !hasAnyRole(actor.roles, ['staff']);
