import type { UserDoc } from '../auth/user.model';
import type { CommunityContext } from '../communities/community-context';
import { done, refused, type Outcome } from '../lib/outcome';
import { redemptionMove, type RedemptionRefusal } from '@linli/shared';
import { canOnVolunteering } from '../volunteers/volunteering.permissions';
import { RedemptionModel, type RedemptionDoc } from './mall.model';

// The merchant's (or, for the 积分超市, staff's) side of a code: look it up, then use it up.

export type FulfillableRefusal = 'not_found' | 'not_yours';

/** A code this caller may fulfil: the merchant offering the reward, or staff for the community's own rewards. */
export async function fulfillable(user: UserDoc, community: CommunityContext, code: string): Promise<Outcome<RedemptionDoc, FulfillableRefusal>> {
  const r = await community.scope.findOne(RedemptionModel, { code });
  if (!r) return refused('not_found');
  if (!canOnVolunteering('fulfil', { userId: user._id, roles: community.roles }, { merchantId: r.merchantId })) return refused('not_yours');
  return done(r);
}

/** 核销: issued and unexpired codes only, one conditional update (two scans of the same code fulfil it once). */
export async function fulfil(user: UserDoc, community: CommunityContext, code: string, now: Date): Promise<Outcome<RedemptionDoc, FulfillableRefusal | RedemptionRefusal>> {
  const found = await fulfillable(user, community, code);
  if (!found.ok) return found;
  const updated = await community.scope.findOneAndUpdate(
    RedemptionModel,
    { _id: found.value._id, status: 'issued', expiresAt: { $gt: now } },
    { $set: { status: 'fulfilled', fulfilledAt: now, fulfilledBy: user._id } },
  );
  if (updated) return done(updated);
  const move = redemptionMove((await RedemptionModel.findById(found.value._id).lean())!, 'fulfil', now);
  return refused(move.ok ? 'expired' : move.reason);
}
