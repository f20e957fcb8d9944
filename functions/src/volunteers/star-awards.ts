import { Types } from 'mongoose';
import type { UserDoc } from '../auth/user.model';
import type { CommunityContext } from '../communities/community-context';
import { done, refused, type Outcome } from '../lib/outcome';
import { StarAwardModel, type StarAwardDoc } from './volunteer.model';

/** 暂缓授予: staff stop a star during its 公示 (with a reason); once granted, a star stands. */
export async function withholdStar(user: UserDoc, community: CommunityContext, awardId: string, reason: string, now: Date): Promise<Outcome<StarAwardDoc, 'not_found' | 'withheld' | 'granted'>> {
  const a = await community.scope.findOneAndUpdate(
    StarAwardModel,
    { _id: new Types.ObjectId(awardId), withheld: null, publicUntil: { $gt: now } },
    { $set: { withheld: { reason, by: user._id, at: now } } },
  );
  if (a) return done(a);
  const exists = await community.scope.findById(StarAwardModel, awardId);
  return refused(!exists ? 'not_found' : exists.withheld ? 'withheld' : 'granted');
}
