import { Types } from 'mongoose';
import type * as z from 'zod';
import type { RewardInput } from '@linli/shared';
import type { UserDoc } from '../auth/user.model';
import { displayName, type CommunityContext } from '../communities/community-context';
import { done, refused, type Outcome } from '../lib/outcome';
import { attachPhotos } from '../uploads/photos';
import { actsAsMerchant } from '../volunteers/volunteering.permissions';
import { RewardModel, newRewardDoc, type RewardDoc } from './mall.model';

/**
 * 上架: a merchant offers their own reward (its photo goes through the media check); staff stock the community's
 * 积分超市 (their photo needs none).
 */
export async function stockReward(user: UserDoc, community: CommunityContext, body: z.output<typeof RewardInput>, now: Date): Promise<Outcome<RewardDoc, 'bad_photo'>> {
  const asMerchant = actsAsMerchant(community);
  const rewardId = new Types.ObjectId();
  if (body.photoKey && (await attachPhotos([body.photoKey], community.communityId, user._id, rewardId, user.openid, !asMerchant, 'reward')) !== null) return refused('bad_photo');
  const r = await community.scope.create(
    RewardModel,
    newRewardDoc({
      _id: rewardId,
      communityId: community.communityId,
      ...body,
      merchantId: asMerchant ? user._id : undefined,
      merchantName: asMerchant ? displayName(user, community) : undefined,
      createdAt: now,
    }),
  );
  return done(r);
}
