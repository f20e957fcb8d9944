import { api } from '@linli/shared';
import { apiHandler, route } from '../api';
import { conflict, forbidden, notFound, validationFailed, type ApiError } from '../lib/errors';
import { orRefuse } from '../lib/outcome';
import { ActivityModel, VolunteerModel } from '../volunteers/volunteer.model';
import { entryView } from '../volunteers/volunteer.view';
import { activityView, activityViews } from './activity.view';
import { confirmHours, type ConfirmHoursRefusal } from './confirm-hours';
import { issueCheckinCode, publishActivity, roster } from './organising';
import { checkIn, signUp, withdraw, type CheckInRefusal, type NotParticipant, type SignUpRefusal, type WithdrawRefusal } from './participation';

// The routes of volunteer activities; each use case is a named function (participation.ts, organising.ts,
// confirm-hours.ts) and every refusal gets its answer here.

type Answers<R extends string> = { [K in R]: () => ApiError };

const NOT_PARTICIPANT: Answers<NotParticipant | 'not_found'> = {
  no_volunteer: () => forbidden('请先注册成为志愿者'),
  volunteer_pending: () => forbidden('您的志愿者注册正在审核中'),
  volunteer_rejected: () => forbidden('您的志愿者注册未通过'),
  not_found: () => notFound('活动不存在'),
};
const CHECKIN_CLOSED = () => conflict('活动已结束，不能再签到');
const SIGN_UP: Answers<SignUpRefusal> = { ...NOT_PARTICIPANT, started: () => conflict('活动已开始，不能报名'), already_signed_up: () => conflict('您已报名该活动') };
const WITHDRAW: Answers<WithdrawRefusal> = {
  ...NOT_PARTICIPANT,
  started: () => conflict('活动已开始，不能取消报名'),
  checked_in: () => conflict('您已签到，不能取消报名'),
  not_signed_up: () => conflict('您没有报名该活动'),
};
const CHECK_IN: Answers<CheckInRefusal> = {
  ...NOT_PARTICIPANT,
  checkin_not_open: () => conflict('活动开始前一小时才能签到'),
  checkin_closed: CHECKIN_CLOSED,
  bad_code: () => validationFailed([{ path: 'code', message: '签到码无效或已过期，请使用最新的签到码' }]),
  already_checked_in: () => conflict('您已签到'),
  already_checked_out: () => conflict('您已签退'),
  not_checked_in: () => conflict('请先签到'),
};
const CONFIRM_HOURS: Answers<ConfirmHoursRefusal> = {
  not_found: NOT_PARTICIPANT.not_found,
  not_started: () => conflict('活动尚未开始，不能确认时长'),
  unknown_volunteer: () => validationFailed([{ path: 'volunteerId', message: '请选择本社区的志愿者' }]),
  own_hours: () => forbidden('不能确认自己的服务时长'),
  no_hours: () => validationFailed([{ path: 'hours', message: '时长须大于0' }]),
};

/** Offset cursors for lists sorted by time (24 hex digits, like an id). */
const offsetOf = (cursor?: string) => (cursor ? parseInt(cursor.slice(-8), 16) : 0);
const cursorAt = (offset: number) => `${'0'.repeat(16)}${offset.toString(16).padStart(8, '0')}`;

const create = route(api.activities.create, async ({ user, community, body, now }) => {
  const a = orRefuse(await publishActivity(user, community, body, now), { request_not_found: () => validationFailed([{ path: 'requestId', message: '关联的诉求不存在' }]) });
  return activityView(a, user, community, now);
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
  return { items: await activityViews(docs.slice(0, query.limit), user, community, now), nextCursor: docs.length > query.limit ? cursorAt(offset + query.limit) : null };
});

const get = route(api.activities.get, async ({ user, community, params, now }) => {
  const a = await community.scope.findById(ActivityModel, params.activityId);
  if (!a) throw NOT_PARTICIPANT.not_found();
  return activityView(a, user, community, now);
});

const signup = route(api.activities.signup, async ({ user, community, params, now }) =>
  activityView(orRefuse(await signUp(user, community, params.activityId, now), SIGN_UP), user, community, now),
);

const cancel = route(api.activities.cancel, async ({ user, community, params, now }) =>
  activityView(orRefuse(await withdraw(user, community, params.activityId, now), WITHDRAW), user, community, now),
);

const rosterRoute = route(api.activities.roster, async ({ community, params }) => orRefuse(await roster(community, params.activityId), { not_found: NOT_PARTICIPANT.not_found }));

const code = route(api.activities.code, async ({ community, params, now }) => {
  const c = orRefuse(await issueCheckinCode(community, params.activityId, now), { not_found: NOT_PARTICIPANT.not_found, checkin_closed: CHECKIN_CLOSED });
  return { code: c.code, qr: `linli-checkin:${c.activityId}:${c.code}`, expiresAt: c.expiresAt.toISOString(), refreshInSeconds: c.refreshInSeconds };
});

const checkin = route(api.activities.checkin, async ({ user, community, params, body, now }) =>
  activityView(orRefuse(await checkIn(user, community, params.activityId, body, now), CHECK_IN), user, community, now),
);

const attendance = route(api.activities.attendance, async ({ user, community, params, body, now }) => {
  const c = orRefuse(await confirmHours(user, community, params.activityId, body, now), CONFIRM_HOURS);
  return { volunteerId: c.volunteerId.toHexString(), hours: c.hours, points: c.entry.amount, credited: c.credited, entry: entryView(c.entry) };
});

export const handler = apiHandler([create, list, get, signup, cancel, rosterRoute, code, checkin, attendance]);
