import { displayName } from '../communities/community-context';
import { isDuplicateKey } from '../lib/errors';
import { Types, type PipelineStage } from 'mongoose';
import { ANONYMOUS_VOLUNTEER, api, hasAnyRole, roundHours, starsFor, startOfShanghaiMonth, startOfShanghaiYear } from '@linli/shared';
import { apiHandler, route } from '../api';
import { conflict, forbidden, notFound, validationFailed } from '../lib/errors';
import { MembershipModel } from '../communities/community.model';
import { InsufficientBalance, post } from './ledger';
import { LedgerEntryModel, ServicePostModel, StarAwardModel, VolunteerModel, type ServicePostDoc, type StarAwardDoc } from './volunteer.model';
import { awardState, entryView, meView, myVolunteer, starLevels, volunteerView } from './volunteer.view';
import type { CommunityContext } from '../communities/community-context';
import type { UserDoc } from '../auth/user.model';


const register = route(api.volunteers.register, async ({ user, community, body, now }) => {
  if (!community.membership?.household) throw forbidden('请先登记住址（加入社区时填写楼栋和房号）再注册志愿者');
  try {
    const v = await community.scope.create(VolunteerModel, {
      userId: user._id,
      name: displayName(user, community),
      status: 'pending',
      skills: body.skills,
      availability: body.availability,
      partyMember: body.partyMember ?? false,
      anonymous: body.anonymous ?? false,
      hours: 0,
      balance: 0,
      pointsEarned: 0,
      seq: 0,
      createdAt: now,
    });
    return meView(v, community, now);
  } catch (err) {
    if (isDuplicateKey(err)) throw conflict('您已经注册过志愿者');
    throw err;
  }
});

const me = route(api.volunteers.me, async ({ user, community, now }) => meView(await myVolunteer(user._id, community), community, now));

const updateMe = route(api.volunteers.updateMe, async ({ user, community, body, now }) => {
  const v = await myVolunteer(user._id, community);
  const updated = await community.scope.findOneAndUpdate(VolunteerModel, { _id: v._id }, { $set: body });
  return meView(updated!, community, now);
});

const list = route(api.volunteers.list, async ({ community, query }) => {
  const filter: Record<string, unknown> = {};
  if (query.status) filter.status = query.status;
  let docs;
  if (query.sort === 'hours') {
    // The star roster: active volunteers by hours. Its cursor carries the rank reached (24 hex digits like an id).
    const skip = query.cursor ? parseInt(query.cursor.slice(-8), 16) : 0;
    docs = await community.scope.find(VolunteerModel, { ...filter, status: query.status ?? 'active' }).sort({ hours: -1, _id: 1 }).skip(skip).limit(query.limit + 1);
    const items = docs.slice(0, query.limit).map((v) => volunteerView(v, starLevels(community)));
    const next = docs.length > query.limit ? `${'0'.repeat(16)}${(skip + query.limit).toString(16).padStart(8, '0')}` : null;
    return { items, nextCursor: next };
  }
  if (query.cursor) filter._id = { $lt: new Types.ObjectId(query.cursor) };
  docs = await community.scope.find(VolunteerModel, filter).sort({ _id: -1 }).limit(query.limit + 1);
  const pageDocs = docs.slice(0, query.limit);
  return {
    items: pageDocs.map((v) => volunteerView(v, starLevels(community))),
    nextCursor: docs.length > query.limit ? pageDocs[pageDocs.length - 1]!._id.toHexString() : null,
  };
});

const review = route(api.volunteers.review, async ({ community, params, body }) => {
  if (!body.approve && !body.reason) throw validationFailed([{ path: 'reason', message: '请说明不通过的理由' }]);
  const v = await community.scope.findOneAndUpdate(
    VolunteerModel,
    { _id: new Types.ObjectId(params.volunteerId), status: 'pending' },
    { $set: { status: body.approve ? 'active' : 'rejected', note: body.reason } },
  );
  if (!v) {
    const exists = await community.scope.findById(VolunteerModel, params.volunteerId);
    if (!exists) throw notFound('志愿者不存在');
    throw conflict('该注册已审核');
  }
  // An approved volunteer holds the volunteer role in the community (the app shows volunteer screens by it).
  if (body.approve) await community.scope.updateOne(MembershipModel, { userId: v.userId }, { $addToSet: { roles: 'volunteer' } });
  return volunteerView(v, starLevels(community));
});

async function awardView(a: StarAwardDoc, community: CommunityContext, now: Date) {
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
  };
}

const awards = route(api.volunteers.awards, async ({ community, query, now }) => {
  const filter: Record<string, unknown> = {};
  if (query.cursor) filter._id = { $lt: new Types.ObjectId(query.cursor) };
  const docs = await community.scope.find(StarAwardModel, filter).sort({ _id: -1 }).limit(query.limit + 1);
  const pageDocs = docs.slice(0, query.limit);
  return {
    items: await Promise.all(pageDocs.map((a) => awardView(a, community, now))),
    nextCursor: docs.length > query.limit ? pageDocs[pageDocs.length - 1]!._id.toHexString() : null,
  };
});

const award = route(api.volunteers.award, async ({ community, params, now }) => {
  const a = await community.scope.findById(StarAwardModel, params.awardId);
  if (!a) throw notFound('星级记录不存在');
  return awardView(a, community, now);
});

const withhold = route(api.volunteers.withhold, async ({ user, community, params, body, now }) => {
  // Only during the announcement: once granted, a star stands.
  const a = await community.scope.findOneAndUpdate(
    StarAwardModel,
    { _id: new Types.ObjectId(params.awardId), withheld: null, publicUntil: { $gt: now } },
    { $set: { withheld: { reason: body.reason, by: user._id, at: now } } },
  );
  if (!a) {
    const exists = await community.scope.findById(StarAwardModel, params.awardId);
    if (!exists) throw notFound('星级记录不存在');
    throw conflict(exists.withheld ? '已暂缓授予' : '公示期已过，星级已授予');
  }
  return awardView(a, community, now);
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
  const v = await community.scope.findById(VolunteerModel, body.volunteerId);
  if (!v) throw validationFailed([{ path: 'volunteerId', message: '请选择本社区的志愿者' }]);
  audit.target = { volunteerId: body.volunteerId };
  audit.before = { name: v.name, balance: v.balance };
  if (v.userId.equals(user._id)) throw forbidden('不能调整自己的积分');
  try {
    // A retry with the same Idempotency-Key is replayed by the pipeline; keying the entry on it too keeps a retry
    // after a first attempt that died mid-way one movement. Without a key each call is its own movement. Never the
    // gateway's request id: serverless-offline gives every call the same one.
    const { entry } = await post({
      communityId: community.communityId,
      volunteerId: v._id,
      kind: 'adjust',
      amount: body.amount,
      key: idempotencyKey ? `adjust:${user._id.toHexString()}:${idempotencyKey}` : `adjust:${new Types.ObjectId().toHexString()}`,
      note: `管理员调整：${body.reason}`,
      actorId: user._id,
    });
    return entryView(entry);
  } catch (err) {
    if (err instanceof InsufficientBalance) throw conflict(`扣减后积分将为负数（当前结余${err.balance}）`);
    throw err;
  }
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

function postView(p: ServicePostDoc, userId: Types.ObjectId, isStaff: boolean, names?: Map<string, string>) {
  return {
    id: p._id.toHexString(),
    title: p.title,
    description: p.description,
    slots: p.slots,
    claimed: p.claims.length,
    claimedByMe: p.claims.some((c) => c.equals(userId)),
    claimants: isStaff && names ? p.claims.map((c) => names.get(c.toHexString()) ?? '') : undefined,
  };
}

const posts = route(api.volunteers.posts, async ({ user, community }) => {
  const isStaff = hasAnyRole(community.roles, ['staff']);
  const docs = await community.scope.find(ServicePostModel, {}).sort({ _id: -1 }).limit(100).lean();
  const names = new Map<string, string>();
  if (isStaff) {
    const ids = docs.flatMap((d) => d.claims);
    for (const m of await community.scope.find(MembershipModel, { userId: { $in: ids } }).lean()) names.set(m.userId.toHexString(), m.name);
  }
  return { items: docs.map((p) => postView(p as ServicePostDoc, user._id, isStaff, names)) };
});

const createPost = route(api.volunteers.createPost, async ({ user, community, body, now }) => {
  const p = await community.scope.create(ServicePostModel, { ...body, claims: [], createdAt: now });
  return postView(p, user._id, true, new Map());
});

const claimPost = route(api.volunteers.claimPost, async ({ user, community, params }) => {
  const v = await myVolunteer(user._id, community);
  if (v.status !== 'active' || !v.partyMember) throw forbidden('服务岗位由已认证的党员志愿者（双报到）认领');
  const post = await community.scope.findById(ServicePostModel, params.postId);
  if (!post) throw notFound('服务岗位不存在');
  // One conditional $push: not yet a claimant and a free slot (the element at index slots − 1 does not exist).
  const updated = await community.scope.findOneAndUpdate(
    ServicePostModel,
    { _id: post._id, claims: { $ne: user._id }, [`claims.${post.slots - 1}`]: { $exists: false } },
    { $push: { claims: user._id } },
  );
  if (!updated) throw conflict(post.claims.some((c) => c.equals(user._id)) ? '您已认领该岗位' : '该岗位已被认领满');
  return postView(updated, user._id, false);
});

export const handler = apiHandler([register, me, updateMe, list, review, awards, award, withhold, ledger, adjust, leaderboard, posts, createPost, claimPost]);
