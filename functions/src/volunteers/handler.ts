import { Types, type PipelineStage } from 'mongoose';
import { ANONYMOUS_VOLUNTEER, RegistrationStatus, api, roundHours, starsFor, startOfShanghaiMonth, startOfShanghaiYear } from '@linli/shared';
import { apiHandler, route } from '../api';
import type { UserDoc } from '../auth/user.model';
import { MembershipModel } from '../communities/community.model';
import type { CommunityContext } from '../communities/community-context';
import { conflict, forbidden, notFound, validationFailed } from '../lib/errors';
import { orRefuse } from '../lib/outcome';
import { adjustPoints } from './points';
import { register as registerVolunteer, reviewRegistration } from './registration';
import { claimPost, publishPost } from './service-posts';
import { withholdStar } from './star-awards';
import { LedgerEntryModel, ServicePostModel, StarAwardModel, VolunteerModel, type ServicePostDoc } from './volunteer.model';
import { awardView, entryView, meView, myVolunteer, postView, starLevels, volunteerView } from './volunteer.view';
import { canOnVolunteering, type VolunteeringActor } from './volunteering.permissions';

// The routes of volunteers, stars, the points ledger and service posts; the use cases are registration.ts,
// points.ts, star-awards.ts and service-posts.ts, and every refusal gets its answer here.

const actorOf = (user: UserDoc, community: CommunityContext): VolunteeringActor => ({ userId: user._id, roles: community.roles });
const AWARD_NOT_FOUND = () => notFound('星级记录不存在');

const register = route(api.volunteers.register, async ({ user, community, body, now }) => {
  const v = orRefuse(await registerVolunteer(user, community, body, now), {
    no_household: () => forbidden('请先登记住址（加入社区时填写楼栋和房号）再注册志愿者'),
    already_registered: () => conflict('您已经注册过志愿者'),
  });
  return meView(v, community, now);
});

const me = route(api.volunteers.me, async ({ user, community, now }) => meView(await myVolunteer(user._id, community), community, now));

const updateMe = route(api.volunteers.updateMe, async ({ user, community, body, now }) => {
  const v = await myVolunteer(user._id, community);
  const updated = await community.scope.findOneAndUpdate(VolunteerModel, { _id: v._id }, { $set: body });
  return meView(updated!, community, now);
});

const list = route(api.volunteers.list, async ({ user, community, query }) => {
  const viewer = actorOf(user, community);
  // Registrations only: a points account (随手拍奖励 without volunteering) is nobody's volunteer.
  const filter: Record<string, unknown> = { status: query.status ?? { $in: RegistrationStatus.options } };
  let docs;
  if (query.sort === 'hours') {
    // The star roster: active volunteers by hours. Its cursor carries the rank reached (24 hex digits like an id).
    const skip = query.cursor ? parseInt(query.cursor.slice(-8), 16) : 0;
    docs = await community.scope.find(VolunteerModel, { status: query.status ?? 'active' }).sort({ hours: -1, _id: 1 }).skip(skip).limit(query.limit + 1);
    const items = docs.slice(0, query.limit).map((v) => volunteerView(v, starLevels(community), viewer));
    const next = docs.length > query.limit ? `${'0'.repeat(16)}${(skip + query.limit).toString(16).padStart(8, '0')}` : null;
    return { items, nextCursor: next };
  }
  if (query.cursor) filter._id = { $lt: new Types.ObjectId(query.cursor) };
  docs = await community.scope.find(VolunteerModel, filter).sort({ _id: -1 }).limit(query.limit + 1);
  const pageDocs = docs.slice(0, query.limit);
  return {
    items: pageDocs.map((v) => volunteerView(v, starLevels(community), viewer)),
    nextCursor: docs.length > query.limit ? pageDocs[pageDocs.length - 1]!._id.toHexString() : null,
  };
});

const review = route(api.volunteers.review, async ({ user, community, params, body }) => {
  const v = orRefuse(await reviewRegistration(community, params.volunteerId, body), {
    no_reason: () => validationFailed([{ path: 'reason', message: '请说明不通过的理由' }]),
    not_found: () => notFound('志愿者不存在'),
    already_reviewed: () => conflict('该注册已审核'),
  });
  return volunteerView(v, starLevels(community), actorOf(user, community));
});

const awards = route(api.volunteers.awards, async ({ user, community, query, now }) => {
  const filter: Record<string, unknown> = {};
  if (query.cursor) filter._id = { $lt: new Types.ObjectId(query.cursor) };
  const docs = await community.scope.find(StarAwardModel, filter).sort({ _id: -1 }).limit(query.limit + 1);
  const pageDocs = docs.slice(0, query.limit);
  return {
    items: pageDocs.map((a) => awardView(a, community, actorOf(user, community), now)),
    nextCursor: docs.length > query.limit ? pageDocs[pageDocs.length - 1]!._id.toHexString() : null,
  };
});

const award = route(api.volunteers.award, async ({ user, community, params, now }) => {
  const a = await community.scope.findById(StarAwardModel, params.awardId);
  if (!a) throw AWARD_NOT_FOUND();
  return awardView(a, community, actorOf(user, community), now);
});

const withhold = route(api.volunteers.withhold, async ({ user, community, params, body, now }) => {
  const a = orRefuse(await withholdStar(user, community, params.awardId, body.reason, now), {
    not_found: AWARD_NOT_FOUND,
    withheld: () => conflict('已暂缓授予'),
    granted: () => conflict('公示期已过，星级已授予'),
  });
  return awardView(a, community, actorOf(user, community), now);
});

const ledger = route(api.volunteers.ledger, async ({ user, community, query }) => {
  const v = await myVolunteer(user._id, community);
  const filter: Record<string, unknown> = { volunteerId: v._id };
  if (query.cursor) filter._id = { $lt: new Types.ObjectId(query.cursor) };
  const docs = await LedgerEntryModel.find(filter).sort({ _id: -1 }).limit(query.limit + 1).lean();
  const pageDocs = docs.slice(0, query.limit);
  return { items: pageDocs.map((e) => entryView(e)), nextCursor: docs.length > query.limit ? pageDocs[pageDocs.length - 1]!._id.toHexString() : null };
});

const adjust = route(api.volunteers.adjust, async ({ user, community, body, idempotencyKey, audit }) => {
  const entry = orRefuse(await adjustPoints(user, community, body, idempotencyKey, audit), {
    unknown_volunteer: () => validationFailed([{ path: 'volunteerId', message: '请选择本社区的志愿者' }]),
    own_points: () => forbidden('不能调整自己的积分'),
    balance: (d) => conflict(`扣减后积分将为负数（当前结余${d.balance}）`),
  });
  return entryView(entry);
});

const leaderboard = route(api.volunteers.leaderboard, async ({ user, community, query, now }) => {
  const levels = starLevels(community);
  let rows: { volunteerId: Types.ObjectId; value: number }[];
  if (query.period === 'all') {
    const field = query.by === 'hours' ? 'hours' : 'pointsEarned';
    const docs = await community.scope.find(VolunteerModel, { status: 'active' }).sort({ [field]: -1, _id: 1 }).limit(50).lean();
    rows = docs.filter((d) => (d[field] ?? 0) > 0).map((d) => ({ volunteerId: d._id, value: d[field] }));
  } else {
    const from = query.period === 'month' ? startOfShanghaiMonth(now) : startOfShanghaiYear(now);
    // Earned in the period, summed from the ledger ($group with one $sum: runs on MongoDB and FerretDB alike).
    const pipeline: PipelineStage[] = [
      { $match: { kind: 'earn', createdAt: { $gte: from } } },
      { $group: { _id: '$volunteerId', value: { $sum: query.by === 'hours' ? '$hours' : '$amount' } } },
    ];
    const grouped = (await community.scope.aggregate(LedgerEntryModel, pipeline)) as { _id: Types.ObjectId; value: number }[];
    rows = grouped.filter((g) => g.value > 0).sort((a, b) => b.value - a.value).slice(0, 50).map((g) => ({ volunteerId: g._id, value: g.value }));
  }
  const vols = await VolunteerModel.find({ _id: { $in: rows.map((r) => r.volunteerId) } }).lean();
  return {
    by: query.by,
    period: query.period,
    items: rows.map((r, i) => {
      const v = vols.find((x) => x._id.equals(r.volunteerId));
      const mine = !!v?.userId.equals(user._id);
      return {
        rank: i + 1,
        name: v && (!v.anonymous || mine) ? v.name : ANONYMOUS_VOLUNTEER,
        value: query.by === 'hours' ? roundHours(r.value) : r.value,
        stars: v ? starsFor(roundHours(v.hours), levels) : 0,
        me: mine,
      };
    }),
  };
});

/** The caller with their volunteer record: a post's `claim` depends on it (an approved party member). */
async function postViewer(user: UserDoc, community: CommunityContext): Promise<VolunteeringActor> {
  const volunteer = await community.scope.findOne(VolunteerModel, { userId: user._id }).select({ status: 1, partyMember: 1 }).lean();
  return { ...actorOf(user, community), volunteer };
}

const posts = route(api.volunteers.posts, async ({ user, community }) => {
  const viewer = await postViewer(user, community);
  const docs = await community.scope.find(ServicePostModel, {}).sort({ _id: -1 }).limit(100).lean();
  const names = new Map<string, string>();
  if (canOnVolunteering('see_claimants', viewer)) {
    const ids = docs.flatMap((d) => d.claims);
    for (const m of await community.scope.find(MembershipModel, { userId: { $in: ids } }).lean()) names.set(m.userId.toHexString(), m.name);
  }
  return { items: docs.map((p) => postView(p as ServicePostDoc, viewer, names)) };
});

const createPost = route(api.volunteers.createPost, async ({ user, community, body, now }) =>
  postView(await publishPost(community, body, now), await postViewer(user, community), new Map()),
);

const claimPostRoute = route(api.volunteers.claimPost, async ({ user, community, params }) => {
  const p = orRefuse(await claimPost(user, community, params.postId), {
    no_volunteer: () => notFound('您还不是志愿者，请先注册'),
    not_party_member: () => forbidden('服务岗位由已认证的党员志愿者（双报到）认领'),
    not_found: () => notFound('服务岗位不存在'),
    already_claimed: () => conflict('您已认领该岗位'),
    full: () => conflict('该岗位已被认领满'),
  });
  return postView(p, await postViewer(user, community));
});

export const handler = apiHandler([register, me, updateMe, list, review, awards, award, withhold, ledger, adjust, leaderboard, posts, createPost, claimPostRoute]);
