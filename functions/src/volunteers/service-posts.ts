import type * as z from 'zod';
import type { ServicePostInput } from '@linli/shared';
import type { UserDoc } from '../auth/user.model';
import type { CommunityContext } from '../communities/community-context';
import { done, refused, type Outcome } from '../lib/outcome';
import { ServicePostModel, VolunteerModel, newServicePostDoc, type ServicePostDoc } from './volunteer.model';
import { canOnVolunteering } from './volunteering.permissions';

/** 发布服务岗位 (staff). */
export async function publishPost(community: CommunityContext, body: z.output<typeof ServicePostInput>, now: Date): Promise<ServicePostDoc> {
  return community.scope.create(ServicePostModel, newServicePostDoc({ communityId: community.communityId, ...body, createdAt: now }));
}

/** 认领服务岗位: approved party-member volunteers (双报到), once each, while a slot is free. */
export async function claimPost(user: UserDoc, community: CommunityContext, postId: string): Promise<Outcome<ServicePostDoc, 'no_volunteer' | 'not_party_member' | 'not_found' | 'already_claimed' | 'full'>> {
  const v = await community.scope.findOne(VolunteerModel, { userId: user._id });
  if (!v) return refused('no_volunteer');
  if (!canOnVolunteering('claim_post', { userId: user._id, roles: community.roles, volunteer: v })) return refused('not_party_member');
  const post = await community.scope.findById(ServicePostModel, postId);
  if (!post) return refused('not_found');
  // One conditional $push: not yet a claimant and a free slot (the element at index slots − 1 does not exist).
  const updated = await community.scope.findOneAndUpdate(
    ServicePostModel,
    { _id: post._id, claims: { $ne: user._id }, [`claims.${post.slots - 1}`]: { $exists: false } },
    { $push: { claims: user._id } },
  );
  if (!updated) return refused(post.claims.some((c) => c.equals(user._id)) ? 'already_claimed' : 'full');
  return done(updated);
}
