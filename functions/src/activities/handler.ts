import { displayName } from '../communities/community-context';
import { isDuplicateKey } from '../lib/errors';
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import {
  addWorkingDays,
  api,
  creditedHours,
  pointsFor,
  roundHours,
  STAR_PUBLICITY_WORKING_DAYS,
  starsFor,
  suggestedHours,
  type ActivityView,
} from '@linli/shared';
import { apiHandler, route } from '../api';
import { conflict, forbidden, notFound, validationFailed } from '../lib/errors';
import type { CommunityContext } from '../communities/community-context';
import type { UserDoc } from '../auth/user.model';
import { RequestModel } from '../requests/request.model';
import { MessageModel } from '../messages/message.model';
import { post } from '../volunteers/ledger';
import { ActivityModel, AttendanceModel, StarAwardModel, VolunteerModel, type ActivityDoc, type VolunteerDoc } from '../volunteers/volunteer.model';
import { entryView, starLevels } from '../volunteers/volunteer.view';
import { codeIsValid, currentCode } from './checkin-code';

/** Check-in opens an hour before the start and closes two hours after the end. */
const CHECKIN_BEFORE_MS = 3_600_000;
const CHECKIN_AFTER_MS = 2 * 3_600_000;

async function activeVolunteer(user: UserDoc, community: CommunityContext): Promise<VolunteerDoc> {
  const v = await community.scope.findOne(VolunteerModel, { userId: user._id });
  if (!v) throw forbidden('请先注册成为志愿者');
  if (v.status !== 'active') throw forbidden(v.status === 'pending' ? '您的志愿者注册正在审核中' : '您的志愿者注册未通过');
  return v;
}

async function loadActivity(community: CommunityContext, id: string): Promise<ActivityDoc> {
  const a = await community.scope.findById(ActivityModel, id);
  if (!a) throw notFound('活动不存在');
  return a;
}

async function views(docs: ActivityDoc[], user: UserDoc, community: CommunityContext, now: Date): Promise<ActivityView[]> {
  const v = await community.scope.findOne(VolunteerModel, { userId: user._id }).lean();
  const attendance = v ? await AttendanceModel.find({ volunteerId: v._id, activityId: { $in: docs.map((d) => d._id) } }).lean() : [];
  return docs.map((a) => {
    const seat = v ? a.seats.some((s) => s.equals(v._id)) : false;
    const wait = v ? a.waitlist.findIndex((s) => s.equals(v._id)) : -1;
    const att = attendance.find((x) => x.activityId.equals(a._id));
    return {
      id: a._id.toHexString(),
      title: a.title,
      description: a.description,
      category: a.category,
      startAt: a.startAt.toISOString(),
      endAt: a.endAt.toISOString(),
      location: a.location,
      capacity: a.capacity,
      pointsPerHour: a.pointsPerHour,
      skills: a.skills,
      requestId: a.requestId?.toHexString(),
      status: now < a.startAt ? 'upcoming' : now < a.endAt ? 'ongoing' : 'ended',
      signedUp: a.seats.length,
      waitlisted: a.waitlist.length,
      mine: {
        status: seat ? 'confirmed' : wait >= 0 ? 'waitlisted' : 'none',
        position: wait >= 0 ? wait + 1 : undefined,
        checkedIn: !!att?.checkedInAt,
        checkedOut: !!att?.checkedOutAt,
        confirmedHours: att?.confirmedHours,
      },
      createdByName: a.createdByName,
    };
  });
}
const view = async (a: ActivityDoc, user: UserDoc, community: CommunityContext, now: Date) => (await views([a], user, community, now))[0]!;

/** Offset cursors for lists sorted by time (24 hex digits, like an id). */
const offsetOf = (cursor?: string) => (cursor ? parseInt(cursor.slice(-8), 16) : 0);
const cursorAt = (offset: number) => `${'0'.repeat(16)}${offset.toString(16).padStart(8, '0')}`;

const create = route(api.activities.create, async ({ user, community, body, now }) => {
  if (body.requestId) {
    const r = await community.scope.findById(RequestModel, body.requestId);
    if (!r) throw validationFailed([{ path: 'requestId', message: '关联的诉求不存在' }]);
  }
  const a = await community.scope.create(ActivityModel, {
    title: body.title,
    description: body.description,
    category: body.category,
    startAt: new Date(body.startAt),
    endAt: new Date(body.endAt),
    location: body.location,
    // 服务供需对接: a task for one request takes one volunteer.
    capacity: body.requestId ? 1 : body.capacity,
    pointsPerHour: body.pointsPerHour,
    skills: body.skills ?? [],
    requestId: body.requestId ? new Types.ObjectId(body.requestId) : undefined,
    createdBy: user._id,
    createdByName: displayName(user, community),
    seats: [],
    waitlist: [],
    codeSecret: randomBytes(16).toString('hex'),
    createdAt: now,
  });
  if (body.requestId)
    await RequestModel.updateOne(
      { _id: a.requestId },
      { $push: { timeline: { _id: new Types.ObjectId(), type: 'volunteer_task', actorId: user._id, actorRole: 'staff', at: now, note: `发布志愿服务：${a.title}` } }, $inc: { rev: 1 } },
    );
  return view(a, user, community, now);
});

const list = route(api.activities.list, async ({ user, community, query, now }) => {
  const offset = offsetOf(query.cursor);
  let filter: Record<string, unknown>;
  let sort: Record<string, 1 | -1>;
  if (query.when === 'mine') {
    const v = await community.scope.findOne(VolunteerModel, { userId: user._id });
    if (!v) return { items: [], nextCursor: null };
    filter = { $or: [{ seats: v._id }, { waitlist: v._id }] };
    sort = { startAt: -1 };
  } else if (query.when === 'upcoming') {
    filter = { endAt: { $gte: now } };
    sort = { endAt: 1 };
  } else {
    filter = { endAt: { $lt: now } };
    sort = { endAt: -1 };
  }
  const docs = await community.scope.find(ActivityModel, filter).sort({ ...sort, _id: 1 }).skip(offset).limit(query.limit + 1);
  return { items: await views(docs.slice(0, query.limit), user, community, now), nextCursor: docs.length > query.limit ? cursorAt(offset + query.limit) : null };
});

const get = route(api.activities.get, async ({ user, community, params, now }) => view(await loadActivity(community, params.activityId), user, community, now));

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
      if (v)
        await MessageModel.create({ communityId: a.communityId, userId: v.userId, sourceId: new Types.ObjectId(), kind: 'activity_promoted', title: '候补转为正式报名', body: `【志愿活动】${a.title}`, read: false, createdAt: now });
    }
  }
}

const signup = route(api.activities.signup, async ({ user, community, params, now }) => {
  const v = await activeVolunteer(user, community);
  const a = await loadActivity(community, params.activityId);
  if (now >= a.startAt) throw conflict('活动已开始，不能报名');
  const notYet = { _id: a._id, seats: { $ne: v._id }, waitlist: { $ne: v._id }, startAt: { $gt: now } };
  // A seat only while the seat at index capacity − 1 is still empty: one conditional $push, never over capacity.
  let updated = await ActivityModel.findOneAndUpdate({ ...notYet, [`seats.${a.capacity - 1}`]: { $exists: false } }, { $push: { seats: v._id } }, { new: true });
  if (!updated) {
    updated = await ActivityModel.findOneAndUpdate(notYet, { $push: { waitlist: v._id } }, { new: true });
    if (!updated) throw conflict('您已报名该活动');
    // A seat may have freed up between the two updates.
    await promoteWaitlist(a._id, now);
    updated = await ActivityModel.findById(a._id);
  }
  return view(updated!, user, community, now);
});

const cancel = route(api.activities.cancel, async ({ user, community, params, now }) => {
  const v = await activeVolunteer(user, community);
  const a = await loadActivity(community, params.activityId);
  if (now >= a.startAt) throw conflict('活动已开始，不能取消报名');
  // Someone already checked in is at the activity: their place (and the record of it) stays.
  if (await AttendanceModel.exists({ activityId: a._id, volunteerId: v._id, checkedInAt: { $ne: null } })) throw conflict('您已签到，不能取消报名');
  const fromSeat = await ActivityModel.updateOne({ _id: a._id, seats: v._id }, { $pull: { seats: v._id } });
  if (fromSeat.modifiedCount) await promoteWaitlist(a._id, now);
  else {
    const fromWait = await ActivityModel.updateOne({ _id: a._id, waitlist: v._id }, { $pull: { waitlist: v._id } });
    if (!fromWait.modifiedCount) throw conflict('您没有报名该活动');
  }
  return view((await ActivityModel.findById(a._id))!, user, community, now);
});

const roster = route(api.activities.roster, async ({ community, params }) => {
  const a = await loadActivity(community, params.activityId);
  const attendance = await AttendanceModel.find({ activityId: a._id }).lean();
  const ids = [...a.seats, ...a.waitlist, ...attendance.map((x) => x.volunteerId)];
  const vols = await VolunteerModel.find({ _id: { $in: ids } }, { name: 1 }).lean();
  const seen = new Set<string>();
  const items = [];
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
      suggestedHours: suggestedHours(att?.checkedInAt, att?.checkedOutAt, a.startAt, a.endAt),
      confirmedHours: att?.confirmedHours,
      points: att?.points,
    });
  }
  return { items };
});

const code = route(api.activities.code, async ({ community, params, now }) => {
  const a = await loadActivity(community, params.activityId);
  if (now.getTime() > a.endAt.getTime() + CHECKIN_AFTER_MS) throw conflict('活动已结束，不能再签到');
  const c = currentCode(a.codeSecret, now);
  return { code: c.code, qr: `linli-checkin:${a._id.toHexString()}:${c.code}`, expiresAt: c.expiresAt.toISOString(), refreshInSeconds: c.refreshInSeconds };
});

const checkin = route(api.activities.checkin, async ({ user, community, params, body, now }) => {
  const v = await activeVolunteer(user, community);
  const a = await loadActivity(community, params.activityId);
  if (now.getTime() < a.startAt.getTime() - CHECKIN_BEFORE_MS) throw conflict('活动开始前一小时才能签到');
  if (now.getTime() > a.endAt.getTime() + CHECKIN_AFTER_MS) throw conflict('活动已结束，不能再签到');
  if (!codeIsValid(a.codeSecret, body.code, now)) throw validationFailed([{ path: 'code', message: '签到码无效或已过期，请使用最新的签到码' }]);
  if (body.kind === 'in') {
    try {
      // Walk-ins may check in too; staff confirm their hours like anyone's.
      const r = await AttendanceModel.findOneAndUpdate(
        { activityId: a._id, volunteerId: v._id, checkedInAt: null },
        { $set: { checkedInAt: now }, $setOnInsert: { communityId: community.communityId } },
        { upsert: true, new: true },
      );
      if (!r) throw conflict('您已签到');
    } catch (err) {
      if (isDuplicateKey(err)) throw conflict('您已签到');
      throw err;
    }
  } else {
    const r = await AttendanceModel.findOneAndUpdate({ activityId: a._id, volunteerId: v._id, checkedInAt: { $ne: null }, checkedOutAt: null }, { $set: { checkedOutAt: now } });
    if (!r) {
      const att = await AttendanceModel.findOne({ activityId: a._id, volunteerId: v._id }).lean();
      throw conflict(att?.checkedInAt ? '您已签退' : '请先签到');
    }
  }
  return view(a, user, community, now);
});

/** Newly reached stars go into 公示 for 5 working days (unique per volunteer and level, so a retry adds none). */
async function announceStars(v: VolunteerDoc, hoursBefore: number, hoursAfter: number, community: CommunityContext, now: Date) {
  const levels = starLevels(community);
  const before = starsFor(roundHours(hoursBefore), levels);
  const after = starsFor(roundHours(hoursAfter), levels);
  for (let stars = before + 1; stars <= after; stars++) {
    try {
      await community.scope.create(StarAwardModel, {
        volunteerId: v._id,
        volunteerName: v.name,
        stars,
        hours: roundHours(hoursAfter),
        reachedAt: now,
        publicUntil: addWorkingDays(now, STAR_PUBLICITY_WORKING_DAYS),
      });
      await MessageModel.create({ communityId: community.communityId, userId: v.userId, sourceId: new Types.ObjectId(), kind: 'star_announced', title: `恭喜达到${stars}星级志愿者，公示中`, body: `累计服务${roundHours(hoursAfter)}小时`, read: false, createdAt: now });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
}

const attendance = route(api.activities.attendance, async ({ user, community, params, body, now }) => {
  const a = await loadActivity(community, params.activityId);
  if (now < a.startAt) throw conflict('活动尚未开始，不能确认时长');
  const v = await community.scope.findById(VolunteerModel, body.volunteerId);
  if (!v) throw validationFailed([{ path: 'volunteerId', message: '请选择本社区的志愿者' }]);
  if (v.userId.equals(user._id)) throw forbidden('不能确认自己的服务时长');
  const hours = creditedHours(body.hours, a.startAt, a.endAt);
  if (hours === null) throw validationFailed([{ path: 'hours', message: '时长须大于0' }]);
  const points = pointsFor(hours, a.pointsPerHour);
  // The key (activity + volunteer) makes a retried or concurrent confirmation one credit.
  const { entry, created } = await post({
    communityId: community.communityId,
    volunteerId: v._id,
    kind: 'earn',
    amount: points,
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
  return { volunteerId: v._id.toHexString(), hours: entry.hours ?? hours, points: entry.amount, credited: created, entry: entryView(entry) };
});

export const handler = apiHandler([create, list, get, signup, cancel, roster, code, checkin, attendance]);
