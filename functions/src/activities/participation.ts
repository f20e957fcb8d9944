import { Types } from 'mongoose';
import { activityMove, checkinWindowState } from '@linli/shared';
import type { UserDoc } from '../auth/user.model';
import type { CommunityContext } from '../communities/community-context';
import { isDuplicateKey } from '../lib/errors';
import { done, refused, type Outcome } from '../lib/outcome';
import { MessageModel, newMessageDoc } from '../messages/message.model';
import { ActivityModel, AttendanceModel, VolunteerModel, type ActivityDoc, type VolunteerDoc } from '../volunteers/volunteer.model';
import { canOnVolunteering, type VolunteeringPermission } from '../volunteers/volunteering.permissions';
import { codeIsValid } from './checkin-code';
import { placeAt } from './activity.view';

// A volunteer's own moves on an activity: sign up (a seat, else the waitlist), withdraw, check in and out. Each
// returns its outcome; the route maps refusals to HTTP answers (handler.ts).

export type NotParticipant = 'no_volunteer' | 'volunteer_pending' | 'volunteer_rejected';

/** The caller's volunteer record when the permission table lets them take part, else why not. */
async function participant(user: UserDoc, community: CommunityContext, permission: VolunteeringPermission): Promise<Outcome<VolunteerDoc, NotParticipant>> {
  const v = await community.scope.findOne(VolunteerModel, { userId: user._id });
  if (canOnVolunteering(permission, { userId: user._id, roles: community.roles, volunteer: v })) return done(v!);
  return refused(!v ? 'no_volunteer' : v.status === 'pending' ? 'volunteer_pending' : 'volunteer_rejected');
}

/** Moves the head of the waitlist into free seats, in order, one conditional update each. */
async function promoteWaitlist(activityId: Types.ObjectId, now: Date) {
  for (let i = 0; i < 100; i++) {
    const a = await ActivityModel.findById(activityId).lean();
    if (!a || a.seats.length >= a.capacity || !a.waitlist.length || now >= a.startAt) return;
    const head = a.waitlist[0]!;
    const moved = await ActivityModel.findOneAndUpdate(
      { _id: a._id, 'waitlist.0': head, seats: { $ne: head }, [`seats.${a.capacity - 1}`]: { $exists: false } },
      { $pop: { waitlist: -1 }, $push: { seats: head } },
    );
    if (moved) {
      const v = await VolunteerModel.findById(head, { userId: 1 }).lean();
      if (v) await MessageModel.create(newMessageDoc({ communityId: a.communityId, userId: v.userId, kind: 'activity_promoted', title: '候补转为正式报名', body: `【志愿活动】${a.title}`, createdAt: now }));
    }
  }
}

export type SignUpRefusal = NotParticipant | 'not_found' | 'started' | 'already_signed_up';

/** 报名: a seat while one is free, else the waitlist (候补). */
export async function signUp(user: UserDoc, community: CommunityContext, activityId: string, now: Date): Promise<Outcome<ActivityDoc, SignUpRefusal>> {
  const who = await participant(user, community, 'sign_up');
  if (!who.ok) return who;
  const v = who.value;
  const a = await community.scope.findById(ActivityModel, activityId);
  if (!a) return refused('not_found');
  const move = activityMove({ startAt: a.startAt, endAt: a.endAt, now, ...placeAt(a, v) }, 'sign_up');
  if (!move.ok) return refused(move.reason as 'started' | 'already_signed_up');
  const notYet = { _id: a._id, seats: { $ne: v._id }, waitlist: { $ne: v._id }, startAt: { $gt: now } };
  // A seat only while the seat at index capacity − 1 is still empty: one conditional $push, never over capacity.
  let updated = await ActivityModel.findOneAndUpdate({ ...notYet, [`seats.${a.capacity - 1}`]: { $exists: false } }, { $push: { seats: v._id } }, { new: true });
  if (!updated) {
    updated = await ActivityModel.findOneAndUpdate(notYet, { $push: { waitlist: v._id } }, { new: true });
    if (!updated) return refused('already_signed_up');
    // A seat may have freed up between the two updates.
    await promoteWaitlist(a._id, now);
    updated = await ActivityModel.findById(a._id);
  }
  return done(updated!);
}

export type WithdrawRefusal = NotParticipant | 'not_found' | 'started' | 'checked_in' | 'not_signed_up';

/** 取消报名: the seat goes to the head of the waitlist (候补按顺序递补). */
export async function withdraw(user: UserDoc, community: CommunityContext, activityId: string, now: Date): Promise<Outcome<ActivityDoc, WithdrawRefusal>> {
  const who = await participant(user, community, 'withdraw');
  if (!who.ok) return who;
  const v = who.value;
  const a = await community.scope.findById(ActivityModel, activityId);
  if (!a) return refused('not_found');
  const checkedIn = !!(await AttendanceModel.exists({ activityId: a._id, volunteerId: v._id, checkedInAt: { $ne: null } }));
  const move = activityMove({ startAt: a.startAt, endAt: a.endAt, now, ...placeAt(a, v), checkedIn }, 'withdraw');
  if (!move.ok) return refused(move.reason as 'started' | 'checked_in' | 'not_signed_up');
  const fromSeat = await ActivityModel.updateOne({ _id: a._id, seats: v._id }, { $pull: { seats: v._id } });
  if (fromSeat.modifiedCount) await promoteWaitlist(a._id, now);
  else {
    const fromWait = await ActivityModel.updateOne({ _id: a._id, waitlist: v._id }, { $pull: { waitlist: v._id } });
    if (!fromWait.modifiedCount) return refused('not_signed_up');
  }
  return done((await ActivityModel.findById(a._id))!);
}

export type CheckInRefusal = NotParticipant | 'not_found' | 'checkin_not_open' | 'checkin_closed' | 'bad_code' | 'already_checked_in' | 'already_checked_out' | 'not_checked_in';

/** 签到 / 签退 with the rotating code staff show; walk-ins (not signed up) may check in too. */
export async function checkIn(
  user: UserDoc,
  community: CommunityContext,
  activityId: string,
  input: { code: string; kind: 'in' | 'out' },
  now: Date,
): Promise<Outcome<ActivityDoc, CheckInRefusal>> {
  const who = await participant(user, community, 'check_in');
  if (!who.ok) return who;
  const v = who.value;
  const a = await community.scope.findById(ActivityModel, activityId);
  if (!a) return refused('not_found');
  const window = checkinWindowState(a.startAt, a.endAt, now);
  if (window !== 'open') return refused(window === 'not_open' ? 'checkin_not_open' : 'checkin_closed');
  if (!codeIsValid(a.codeSecret, input.code, now)) return refused('bad_code');
  if (input.kind === 'in') {
    try {
      // Staff confirm a walk-in's hours like anyone's.
      const r = await AttendanceModel.findOneAndUpdate(
        { activityId: a._id, volunteerId: v._id, checkedInAt: null },
        { $set: { checkedInAt: now }, $setOnInsert: { communityId: community.communityId } },
        { upsert: true, new: true },
      );
      if (!r) return refused('already_checked_in');
    } catch (err) {
      if (isDuplicateKey(err)) return refused('already_checked_in');
      throw err;
    }
  } else {
    const r = await AttendanceModel.findOneAndUpdate({ activityId: a._id, volunteerId: v._id, checkedInAt: { $ne: null }, checkedOutAt: null }, { $set: { checkedOutAt: now } });
    if (!r) {
      const att = await AttendanceModel.findOne({ activityId: a._id, volunteerId: v._id }).lean();
      return refused(att?.checkedInAt ? 'already_checked_out' : 'not_checked_in');
    }
  }
  return done(a);
}
