import { Types } from 'mongoose';
import { activityMove, addWorkingDays, creditedHours, pointsFor, roundHours, STAR_PUBLICITY_WORKING_DAYS, starsFor } from '@linli/shared';
import type { UserDoc } from '../auth/user.model';
import type { CommunityContext } from '../communities/community-context';
import { isDuplicateKey } from '../lib/errors';
import { done, refused, type Outcome } from '../lib/outcome';
import { MessageModel, newMessageDoc } from '../messages/message.model';
import { RequestModel } from '../requests/request.model';
import { post } from '../volunteers/ledger';
import { ActivityModel, AttendanceModel, StarAwardModel, VolunteerModel, newStarAwardDoc, type LedgerEntryDoc, type VolunteerDoc } from '../volunteers/volunteer.model';
import { canOnVolunteering } from '../volunteers/volunteering.permissions';
import { starLevels } from '../volunteers/volunteer.view';
import { holidayCalendars } from '../system/holidays';

/**
 * Newly reached stars go into 公示 for 5 working days of the holiday calendar, to 24:00 of the fifth (unique per
 * volunteer and level, so a retry adds none).
 */
async function announceStars(v: VolunteerDoc, hoursBefore: number, hoursAfter: number, community: CommunityContext, now: Date) {
  const levels = starLevels(community);
  const before = starsFor(roundHours(hoursBefore), levels);
  const after = starsFor(roundHours(hoursAfter), levels);
  const calendars = after > before ? await holidayCalendars(now) : [];
  for (let stars = before + 1; stars <= after; stars++) {
    try {
      await community.scope.create(
        StarAwardModel,
        newStarAwardDoc({ communityId: community.communityId, volunteerId: v._id, volunteerName: v.name, stars, hours: roundHours(hoursAfter), reachedAt: now, publicUntil: addWorkingDays(now, STAR_PUBLICITY_WORKING_DAYS, calendars) }),
      );
      await MessageModel.create(
        newMessageDoc({ communityId: community.communityId, userId: v.userId, kind: 'star_announced', title: `恭喜达到${stars}星级志愿者，公示中`, body: `累计服务${roundHours(hoursAfter)}小时`, createdAt: now }),
      );
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
}

export type ConfirmHoursRefusal = 'not_found' | 'not_started' | 'unknown_volunteer' | 'own_hours' | 'no_hours';

export interface Confirmation {
  volunteerId: Types.ObjectId;
  hours: number;
  entry: LedgerEntryDoc;
  /** False when this confirmation was already credited (a retry or a concurrent one): nothing moved. */
  credited: boolean;
}

/**
 * 确认服务时长: hours (capped at the activity's length) and points credited through the ledger, once per
 * volunteer and activity however often it is confirmed; new stars go into 公示.
 */
export async function confirmHours(
  user: UserDoc,
  community: CommunityContext,
  activityId: string,
  input: { volunteerId: string; hours: number },
  now: Date,
): Promise<Outcome<Confirmation, ConfirmHoursRefusal>> {
  const a = await community.scope.findById(ActivityModel, activityId);
  if (!a) return refused('not_found');
  if (!activityMove({ startAt: a.startAt, endAt: a.endAt, now, place: 'none', checkedIn: false, checkedOut: false }, 'confirm_hours').ok) return refused('not_started');
  const v = await community.scope.findById(VolunteerModel, input.volunteerId);
  // A points account (积分账户, 随手拍奖励 only) is no volunteer: it serves no hours.
  if (!v || v.status === 'points') return refused('unknown_volunteer');
  if (!canOnVolunteering('confirm_hours', { userId: user._id, roles: community.roles }, { volunteerUserId: v.userId })) return refused('own_hours');
  const hours = creditedHours(input.hours, a.startAt, a.endAt);
  if (hours === null) return refused('no_hours');
  // The key (activity + volunteer) makes a retried or concurrent confirmation one credit.
  const { entry, created } = await post({
    communityId: community.communityId,
    volunteerId: v._id,
    kind: 'earn',
    amount: pointsFor(hours, a.pointsPerHour),
    hours,
    key: `earn:${a._id.toHexString()}:${v._id.toHexString()}`,
    note: `志愿服务：${a.title}（${hours}小时）`,
    activityId: a._id,
    actorId: user._id,
  });
  await AttendanceModel.updateOne(
    { activityId: a._id, volunteerId: v._id },
    { $set: { confirmedHours: entry.hours, points: entry.amount, confirmedBy: user._id }, $setOnInsert: { communityId: community.communityId } },
    { upsert: true },
  ).catch((err) => {
    if (!isDuplicateKey(err)) throw err;
  });
  if (created) {
    const after = (await VolunteerModel.findById(v._id, { hours: 1 }).lean())!.hours;
    await announceStars(v, after - (entry.hours ?? 0), after, community, now);
    if (a.requestId)
      await RequestModel.updateOne(
        { _id: a.requestId },
        { $push: { timeline: { _id: new Types.ObjectId(), type: 'volunteer_service', actorId: user._id, actorRole: 'staff', at: now, note: `志愿者 ${v.name} 完成志愿服务 ${entry.hours} 小时` } }, $inc: { rev: 1 } },
      );
  }
  return done({ volunteerId: v._id, hours: entry.hours ?? hours, entry, credited: created });
}
