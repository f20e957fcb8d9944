import type { Types } from 'mongoose';
import { availableRedemptionActions, availableRewardActions, redemptionStatusAt, type RedemptionAction } from '@linli/shared';
import { photoLink } from '../uploads/photos';
import type { VolunteerDoc } from '../volunteers/volunteer.model';
import { canOnVolunteering, type VolunteeringActor } from '../volunteers/volunteering.permissions';
import type { RedemptionDoc, RewardDoc } from './mall.model';

/** The caller as the mall sees them: roles, and their volunteer record (status and balance) if any. */
export type MallViewer = VolunteeringActor & { volunteer?: Pick<VolunteerDoc, 'status' | 'partyMember' | 'balance'> | null };

/**
 * A reward in the 积分超市. `actions` has `redeem` only when the caller holds points (a volunteer, or a resident's
 * points account) whose balance covers the cost and stock remains, so the page never subtracts a balance itself.
 */
export async function rewardView(r: RewardDoc, viewer: MallViewer) {
  return {
    id: r._id.toHexString(),
    name: r.name,
    cost: r.cost,
    stock: r.stock,
    description: r.description ?? undefined,
    // A read link only for a photo the server issued and attached, and that passed the media check (or that staff
    // approved); its uploader and staff see it before that.
    photoUrl: r.photoKey ? ((await photoLink(r.photoKey, { userId: viewer.userId, seesHeld: canOnVolunteering('see_held_photos', viewer) })) ?? undefined) : undefined,
    merchantName: r.merchantName ?? undefined,
    mine: !!r.merchantId?.equals(viewer.userId),
    actions: availableRewardActions(r, viewer.volunteer?.balance ?? null, () => canOnVolunteering('redeem', viewer)),
  };
}

/**
 * A redemption code; `showVolunteer` for the merchant and staff who fulfil it. `actions`: fulfil for the reward's
 * merchant (staff for the 积分超市) while it is issued and unexpired; cancel for who redeemed it while issued.
 */
export function redemptionView(r: RedemptionDoc, showVolunteer: boolean, viewer: VolunteeringActor, now: Date) {
  const subject = { merchantId: r.merchantId, redeemerUserId: r.volunteerUserId as Types.ObjectId };
  const permitted = (a: RedemptionAction) => canOnVolunteering(a === 'fulfil' ? 'fulfil' : 'cancel_redemption', viewer, subject);
  return {
    id: r._id.toHexString(),
    code: r.code,
    rewardId: r.rewardId.toHexString(),
    rewardName: r.rewardName,
    cost: r.cost,
    status: r.status,
    volunteerName: showVolunteer ? r.volunteerName : undefined,
    expiresAt: r.expiresAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    fulfilledAt: r.fulfilledAt?.toISOString(),
    actions: availableRedemptionActions(r, now, permitted),
  };
}

/** The status people see: an issued code past its expiry reads as expired even before the expiry job has run. */
export const shownStatus = (r: RedemptionDoc, now: Date) => redemptionStatusAt(r.status, r.expiresAt, now);
