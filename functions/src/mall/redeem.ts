import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { RECEIPT_ALPHABET, redemptionMove, rewardMove } from '@linli/shared';
import type { UserDoc } from '../auth/user.model';
import type { CommunityContext } from '../communities/community-context';
import { done, refused, type Outcome } from '../lib/outcome';
import { runOperation } from '../lib/operations';
import { VolunteerModel } from '../volunteers/volunteer.model';
import { canOnVolunteering } from '../volunteers/volunteering.permissions';
import { RedemptionModel, RewardModel, type RedemptionDoc } from './mall.model';
import { redeemOperation, release } from './redemptions';

// A points holder's moves in the 积分超市 (a volunteer, or a resident with a points account): redeem points for a code, cancel an unused code (points back).

function newCode(): string {
  const bytes = randomBytes(8);
  return [...bytes].map((b) => RECEIPT_ALPHABET[b % RECEIPT_ALPHABET.length]).join('');
}

export type RedeemRefusal = 'no_account' | 'not_found' | 'sold_out' | 'balance';

/**
 * 积分兑换: debit, one unit of stock and a code, as one repairable operation (redemptions.ts). The checks before it
 * give the precise answer; the operation re-checks both atomically (a concurrent redemption may win).
 */
export async function redeem(user: UserDoc, community: CommunityContext, rewardId: string): Promise<Outcome<RedemptionDoc, RedeemRefusal>> {
  const v = await community.scope.findOne(VolunteerModel, { userId: user._id });
  if (!canOnVolunteering('redeem', { userId: user._id, roles: community.roles, volunteer: v })) return refused('no_account');
  const reward = await community.scope.findById(RewardModel, rewardId);
  if (!reward) return refused('not_found');
  const move = rewardMove(reward, v!.balance);
  if (!move.ok) return refused(move.reason, move.reason === 'balance' ? { cost: reward.cost, balance: v!.balance } : undefined);
  const redemptionId = new Types.ObjectId();
  const outcome = await runOperation(redeemOperation, {
    redemptionId: redemptionId.toHexString(),
    rewardId: reward._id.toHexString(),
    volunteerId: v!._id.toHexString(),
    communityId: community.communityId.toHexString(),
    code: newCode(),
  });
  if (!outcome.ok) return refused(outcome.reason === 'balance' ? 'balance' : outcome.reason === 'stock' ? 'sold_out' : 'not_found');
  return done((await RedemptionModel.findById(redemptionId).lean())!);
}

export type CancelRedemptionRefusal = 'not_found' | 'fulfilled' | 'gone';

/** 取消兑换: only who redeemed a code, while it is issued; the points and the unit go back. */
export async function cancelRedemption(user: UserDoc, community: CommunityContext, code: string): Promise<Outcome<RedemptionDoc, CancelRedemptionRefusal>> {
  const why = (r: RedemptionDoc | null): CancelRedemptionRefusal => {
    // Someone else's code is not there as far as this caller can tell.
    if (!r || !canOnVolunteering('cancel_redemption', { userId: user._id, roles: community.roles }, { redeemerUserId: r.volunteerUserId })) return 'not_found';
    const move = redemptionMove(r, 'cancel', new Date());
    return !move.ok && move.reason === 'fulfilled' ? 'fulfilled' : 'gone';
  };
  const r = await community.scope.findOneAndUpdate(RedemptionModel, { code, volunteerUserId: user._id, status: 'issued' }, { $set: { status: 'cancelled' } });
  if (!r) return refused(why(await community.scope.findOne(RedemptionModel, { code })));
  await release(r);
  return done((await RedemptionModel.findById(r._id).lean())!);
}
