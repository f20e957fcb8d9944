import { Types } from 'mongoose';
import {
  DEFAULT_COMMUNITY_SETTINGS,
  LEDGER_KIND_LABELS,
  availableServicePostActions,
  availableStarAwardActions,
  availableVolunteerActions,
  nextStar,
  roundHours,
  starProgress,
  starsFor,
  type StarAwardStatus,
  type VolunteerMe,
  type VolunteerView,
} from '@linli/shared';
import type { CommunityContext } from '../communities/community-context';
import { notFound } from '../lib/errors';
import { StarAwardModel, VolunteerModel, type LedgerEntryDoc, type ServicePostDoc, type StarAwardDoc, type VolunteerDoc } from './volunteer.model';
import { canOnVolunteering, type VolunteeringActor } from './volunteering.permissions';

export function starLevels(community: CommunityContext): number[] {
  return community.community.settings?.starLevels ?? DEFAULT_COMMUNITY_SETTINGS.starLevels;
}

export type AwardState = StarAwardStatus;
function awardState(a: Pick<StarAwardDoc, 'withheld' | 'publicUntil'>, now: Date): AwardState {
  if (a.withheld) return 'withheld';
  return now >= a.publicUntil ? 'granted' : 'announced';
}

/** The caller's volunteer record in this community (404 when they have not registered). */
export async function myVolunteer(userId: Types.ObjectId, community: CommunityContext): Promise<VolunteerDoc> {
  const v = await community.scope.findOne(VolunteerModel, { userId });
  if (!v) throw notFound('您还不是志愿者，请先注册');
  return v;
}

export async function meView(v: VolunteerDoc, community: CommunityContext, now: Date): Promise<VolunteerMe> {
  const levels = starLevels(community);
  const awards = await StarAwardModel.find({ volunteerId: v._id }).lean();
  const granted = awards.filter((a) => awardState(a as StarAwardDoc, now) === 'granted').map((a) => a.stars);
  const announcing = awards.filter((a) => awardState(a as StarAwardDoc, now) === 'announced').sort((a, b) => b.stars - a.stars)[0];
  const hours = roundHours(v.hours);
  return {
    volunteerId: v._id.toHexString(),
    status: v.status,
    name: v.name,
    skills: v.skills,
    availability: v.availability,
    partyMember: v.partyMember,
    anonymous: v.anonymous,
    hours,
    balance: v.balance,
    pointsEarned: v.pointsEarned,
    rewardPoints: v.rewardPoints ?? 0,
    stars: granted.length ? Math.max(...granted) : 0,
    starsByHours: starsFor(hours, levels),
    nextStar: nextStar(hours, levels),
    starProgress: starProgress(hours, levels),
    announcing: announcing ? { stars: announcing.stars, until: announcing.publicUntil.toISOString(), awardId: announcing._id.toHexString() } : undefined,
  };
}

/** A registration as staff see it; `actions`: approve or reject while pending (staff), adjust points (admin, not their own). */
export function volunteerView(v: VolunteerDoc, levels: number[], viewer: VolunteeringActor): VolunteerView {
  const hours = roundHours(v.hours);
  const subject = { volunteerUserId: v.userId };
  return {
    id: v._id.toHexString(),
    userId: v.userId.toHexString(),
    name: v.name,
    status: v.status,
    skills: v.skills,
    availability: v.availability,
    partyMember: v.partyMember,
    hours,
    balance: v.balance,
    stars: starsFor(hours, levels),
    createdAt: v.createdAt.toISOString(),
    actions: availableVolunteerActions(v.status, (a) => canOnVolunteering(a === 'adjust_points' ? 'adjust_points' : 'review_volunteer', viewer, subject)),
  };
}

/** A star award (公示 and certificate); `actions`: staff may withhold it while it is announced. */
export function awardView(a: StarAwardDoc, community: CommunityContext, viewer: VolunteeringActor, now: Date) {
  const state = awardState(a, now);
  return {
    id: a._id.toHexString(),
    volunteerName: a.volunteerName,
    stars: a.stars,
    hours: roundHours(a.hours),
    reachedAt: a.reachedAt.toISOString(),
    publicUntil: a.publicUntil.toISOString(),
    status: state,
    reason: a.withheld?.reason,
    certificateNo: state === 'granted' ? `${community.community.code.toUpperCase()}-${a.reachedAt.getUTCFullYear()}-${a._id.toHexString().slice(-6).toUpperCase()}` : undefined,
    communityName: community.community.name,
    actions: availableStarAwardActions(state, () => canOnVolunteering('withhold_star', viewer)),
  };
}

/** A service post; staff see who claimed it (`names`); `actions`: claim, for an approved party member while a slot is free. */
export function postView(p: ServicePostDoc, viewer: VolunteeringActor, names?: Map<string, string>) {
  const claimedByMe = p.claims.some((c) => c.equals(viewer.userId));
  return {
    id: p._id.toHexString(),
    title: p.title,
    description: p.description,
    slots: p.slots,
    claimed: p.claims.length,
    claimedByMe,
    claimants: canOnVolunteering('see_claimants', viewer) && names ? p.claims.map((c) => names.get(c.toHexString()) ?? '') : undefined,
    actions: availableServicePostActions({ slots: p.slots, claimed: p.claims.length, claimedByMe }, () => canOnVolunteering('claim_post', viewer)),
  };
}

export function entryView(e: LedgerEntryDoc) {
  return {
    id: e._id.toHexString(),
    kind: e.kind,
    amount: e.amount,
    balanceAfter: e.balanceAfter,
    hours: e.hours,
    note: e.note || LEDGER_KIND_LABELS[e.kind],
    requestId: e.requestId?.toHexString(),
    createdAt: e.createdAt.toISOString(),
  };
}
