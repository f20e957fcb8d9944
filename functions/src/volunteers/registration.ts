import { Types } from 'mongoose';
import type * as z from 'zod';
import type { RegisterVolunteerInput } from '@linli/shared';
import type { UserDoc } from '../auth/user.model';
import { MembershipModel } from '../communities/community.model';
import { displayName, type CommunityContext } from '../communities/community-context';
import { isDuplicateKey } from '../lib/errors';
import { done, refused, type Outcome } from '../lib/outcome';
import { VolunteerModel, newVolunteerDoc, type VolunteerDoc } from './volunteer.model';

/**
 * 注册志愿者: residents with a registered address; staff review it (pending until then). Someone who already holds
 * a points account here (随手拍奖励) registers on that same record: it becomes the pending registration, its
 * balance and passbook kept (one account per person and community, unique).
 */
export async function register(user: UserDoc, community: CommunityContext, body: z.output<typeof RegisterVolunteerInput>, now: Date): Promise<Outcome<VolunteerDoc, 'no_household' | 'already_registered'>> {
  if (!community.membership?.household) return refused('no_household');
  const registration = {
    name: displayName(user, community),
    status: 'pending' as const,
    skills: body.skills,
    availability: body.availability,
    partyMember: body.partyMember ?? false,
    anonymous: body.anonymous ?? false,
  };
  try {
    const v = await community.scope.create(VolunteerModel, newVolunteerDoc({ communityId: community.communityId, userId: user._id, ...registration, createdAt: now }));
    return done(v);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  // Conditional on the points status: of two registrations at once, one converts and the other is told it is done.
  // The record's date becomes the registration's (staff review it as one made now).
  const converted = await community.scope.findOneAndUpdate(VolunteerModel, { userId: user._id, status: 'points' }, { $set: { ...registration, createdAt: now } });
  return converted ? done(converted) : refused('already_registered');
}

/**
 * 审核: a pending registration becomes active or rejected, once (volunteer.rules.ts volunteerMove; the update is
 * conditional on pending, so two reviewers cannot both decide). An approved volunteer holds the volunteer role.
 */
export async function reviewRegistration(
  community: CommunityContext,
  volunteerId: string,
  decision: { approve: boolean; reason?: string },
): Promise<Outcome<VolunteerDoc, 'no_reason' | 'not_found' | 'already_reviewed'>> {
  if (!decision.approve && !decision.reason) return refused('no_reason');
  // A points account (积分账户) is no registration: there is nothing of it to review.
  const found = await community.scope.findById(VolunteerModel, volunteerId);
  if (!found || found.status === 'points') return refused('not_found');
  const v = await community.scope.findOneAndUpdate(
    VolunteerModel,
    { _id: new Types.ObjectId(volunteerId), status: 'pending' },
    { $set: { status: decision.approve ? 'active' : 'rejected', note: decision.reason } },
  );
  if (!v) return refused('already_reviewed');
  // The app shows volunteer screens by the role.
  if (decision.approve) await community.scope.updateOne(MembershipModel, { userId: v.userId }, { $addToSet: { roles: 'volunteer' } });
  return done(v);
}
