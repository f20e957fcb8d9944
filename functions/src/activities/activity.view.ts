import { activityPhase, availableActivityActions, type ActivityAction, type ActivityView } from '@linli/shared';
import type { UserDoc } from '../auth/user.model';
import type { CommunityContext } from '../communities/community-context';
import { AttendanceModel, VolunteerModel, type ActivityDoc, type AttendanceDoc, type VolunteerDoc } from '../volunteers/volunteer.model';
import { canOnVolunteering, type VolunteeringActor, type VolunteeringPermission } from '../volunteers/volunteering.permissions';

/** The permission behind each move on an activity. */
const PERMISSION: Record<ActivityAction, VolunteeringPermission> = {
  sign_up: 'sign_up',
  withdraw: 'withdraw',
  check_in: 'check_in',
  check_out: 'check_in',
  issue_code: 'issue_checkin_code',
  view_roster: 'view_roster',
  confirm_hours: 'confirm_hours',
};

/** The caller's place at an activity: seat, waitlist position, attendance. */
export function placeAt(a: Pick<ActivityDoc, 'seats' | 'waitlist'>, v: Pick<VolunteerDoc, '_id'> | null, att?: Pick<AttendanceDoc, 'checkedInAt' | 'checkedOutAt'> | null) {
  const seat = v ? a.seats.some((s) => s.equals(v._id)) : false;
  const wait = v ? a.waitlist.findIndex((s) => s.equals(v._id)) : -1;
  return {
    place: seat ? ('confirmed' as const) : wait >= 0 ? ('waitlisted' as const) : ('none' as const),
    position: wait >= 0 ? wait + 1 : undefined,
    checkedIn: !!att?.checkedInAt,
    checkedOut: !!att?.checkedOutAt,
  };
}

/** Activities as the caller sees them, with their place and the moves they may make now (`actions`). */
export async function activityViews(docs: ActivityDoc[], user: UserDoc, community: CommunityContext, now: Date): Promise<ActivityView[]> {
  const v = await community.scope.findOne(VolunteerModel, { userId: user._id }).lean();
  const attendance = v ? await AttendanceModel.find({ volunteerId: v._id, activityId: { $in: docs.map((d) => d._id) } }).lean() : [];
  const actor: VolunteeringActor = { userId: user._id, roles: community.roles, volunteer: v };
  const permitted = (action: ActivityAction) => canOnVolunteering(PERMISSION[action], actor);
  return docs.map((a) => {
    const att = attendance.find((x) => x.activityId.equals(a._id));
    const mine = placeAt(a, v, att);
    return {
      id: a._id.toHexString(),
      title: a.title,
      description: a.description,
      category: a.category ?? undefined,
      startAt: a.startAt.toISOString(),
      endAt: a.endAt.toISOString(),
      location: a.location,
      capacity: a.capacity,
      pointsPerHour: a.pointsPerHour,
      skills: a.skills,
      requestId: a.requestId?.toHexString(),
      status: activityPhase(a.startAt, a.endAt, now),
      signedUp: a.seats.length,
      waitlisted: a.waitlist.length,
      mine: { status: mine.place, position: mine.position, checkedIn: mine.checkedIn, checkedOut: mine.checkedOut, confirmedHours: att?.confirmedHours ?? undefined },
      createdByName: a.createdByName,
      actions: availableActivityActions({ startAt: a.startAt, endAt: a.endAt, now, ...mine }, permitted),
    };
  });
}

export const activityView = async (a: ActivityDoc, user: UserDoc, community: CommunityContext, now: Date) => (await activityViews([a], user, community, now))[0]!;
