import { Types } from 'mongoose';
import { activityMove, suggestedHours, type ActivityInput } from '@linli/shared';
import type * as z from 'zod';
import type { UserDoc } from '../auth/user.model';
import { displayName, type CommunityContext } from '../communities/community-context';
import { done, refused, type Outcome } from '../lib/outcome';
import { RequestModel } from '../requests/request.model';
import { ActivityModel, AttendanceModel, VolunteerModel, newActivityDoc, type ActivityDoc } from '../volunteers/volunteer.model';
import { currentCode } from './checkin-code';

// Staff's moves on activities: publish one, show its check-in code, read its roster.

/** 发布志愿活动 (or record one that already happened); a task for a request (服务供需对接) takes one volunteer. */
export async function publishActivity(
  user: UserDoc,
  community: CommunityContext,
  body: z.output<typeof ActivityInput>,
  now: Date,
): Promise<Outcome<ActivityDoc, 'request_not_found'>> {
  if (body.requestId && !(await community.scope.findById(RequestModel, body.requestId))) return refused('request_not_found');
  const a = await community.scope.create(
    ActivityModel,
    newActivityDoc({
      communityId: community.communityId,
      title: body.title,
      description: body.description,
      category: body.category,
      startAt: new Date(body.startAt),
      endAt: new Date(body.endAt),
      location: body.location,
      capacity: body.requestId ? 1 : body.capacity,
      pointsPerHour: body.pointsPerHour,
      skills: body.skills ?? [],
      requestId: body.requestId ? new Types.ObjectId(body.requestId) : undefined,
      createdBy: user._id,
      createdByName: displayName(user, community),
      createdAt: now,
    }),
  );
  if (body.requestId)
    await RequestModel.updateOne(
      { _id: a.requestId },
      { $push: { timeline: { _id: new Types.ObjectId(), type: 'volunteer_task', actorId: user._id, actorRole: 'staff', at: now, note: `发布志愿服务：${a.title}` } }, $inc: { rev: 1 } },
    );
  return done(a);
}

/** The code staff show now (rotates every 30 s), until check-in closes. */
export async function issueCheckinCode(community: CommunityContext, activityId: string, now: Date): Promise<Outcome<ReturnType<typeof currentCode> & { activityId: string }, 'not_found' | 'checkin_closed'>> {
  const a = await community.scope.findById(ActivityModel, activityId);
  if (!a) return refused('not_found');
  if (!activityMove({ startAt: a.startAt, endAt: a.endAt, now, place: 'none', checkedIn: false, checkedOut: false }, 'issue_code').ok) return refused('checkin_closed');
  return done({ ...currentCode(a.codeSecret, now), activityId: a._id.toHexString() });
}

/** 报名与签到名单: seats, then the waitlist, then walk-ins, each once, with check-in times and hours. */
export async function roster(community: CommunityContext, activityId: string): Promise<Outcome<{ items: RosterItem[] }, 'not_found'>> {
  const a = await community.scope.findById(ActivityModel, activityId);
  if (!a) return refused('not_found');
  const attendance = await AttendanceModel.find({ activityId: a._id }).lean();
  const ids = [...a.seats, ...a.waitlist, ...attendance.map((x) => x.volunteerId)];
  const vols = await VolunteerModel.find({ _id: { $in: ids } }, { name: 1 }).lean();
  const seen = new Set<string>();
  const items: RosterItem[] = [];
  for (const [id, status] of [...a.seats.map((s) => [s, 'confirmed'] as const), ...a.waitlist.map((s) => [s, 'waitlisted'] as const), ...attendance.map((x) => [x.volunteerId, 'walk_in'] as const)]) {
    const key = id.toHexString();
    if (seen.has(key)) continue;
    seen.add(key);
    const att = attendance.find((x) => x.volunteerId.equals(id));
    items.push({
      volunteerId: key,
      name: vols.find((x) => x._id.equals(id))?.name ?? '',
      status,
      checkedInAt: att?.checkedInAt?.toISOString(),
      checkedOutAt: att?.checkedOutAt?.toISOString(),
      suggestedHours: suggestedHours(att?.checkedInAt ?? undefined, att?.checkedOutAt ?? undefined, a.startAt, a.endAt),
      confirmedHours: att?.confirmedHours ?? undefined,
      points: att?.points ?? undefined,
    });
  }
  return done({ items });
}

interface RosterItem {
  volunteerId: string;
  name: string;
  status: 'confirmed' | 'waitlisted' | 'walk_in';
  checkedInAt?: string;
  checkedOutAt?: string;
  suggestedHours: number | null;
  confirmedHours?: number;
  points?: number;
}
