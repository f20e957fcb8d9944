import { Types } from 'mongoose';
import {
  DEFAULT_COMMUNITY_SETTINGS,
  LEDGER_KIND_LABELS,
  nextStar,
  roundHours,
  starProgress,
  starsFor,
  type VolunteerMe,
  type VolunteerView,
} from '@linli/shared';
import type { CommunityContext } from '../communities/community-context';
import { notFound } from '../lib/errors';
import { StarAwardModel, VolunteerModel, type LedgerEntryDoc, type StarAwardDoc, type VolunteerDoc } from './volunteer.model';

export function starLevels(community: CommunityContext): number[] {
  return community.community.settings?.starLevels ?? DEFAULT_COMMUNITY_SETTINGS.starLevels;
}

export type AwardState = 'announced' | 'withheld' | 'granted';
export function awardState(a: StarAwardDoc, now: Date): AwardState {
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
    stars: granted.length ? Math.max(...granted) : 0,
    starsByHours: starsFor(hours, levels),
    nextStar: nextStar(hours, levels),
    starProgress: starProgress(hours, levels),
    announcing: announcing ? { stars: announcing.stars, until: announcing.publicUntil.toISOString(), awardId: announcing._id.toHexString() } : undefined,
  };
}

export function volunteerView(v: VolunteerDoc, levels: number[]): VolunteerView {
  const hours = roundHours(v.hours);
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
    createdAt: e.createdAt.toISOString(),
  };
}
