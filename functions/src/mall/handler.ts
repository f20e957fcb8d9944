import { displayName } from '../communities/community-context';
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { RECEIPT_ALPHABET, api, hasAnyRole, orderRewards } from '@linli/shared';
import { apiHandler, route } from '../api';
import { conflict, forbidden, notFound, validationFailed } from '../lib/errors';
import { runOperation } from '../lib/operations';
import { attachPhotos, photoLink } from '../uploads/photos';
import type { CommunityContext } from '../communities/community-context';
import type { UserDoc } from '../auth/user.model';
import { VolunteerModel } from '../volunteers/volunteer.model';
import { RedemptionModel, RewardModel, type RedemptionDoc, type RewardDoc } from './mall.model';
import { redeemOperation, release } from './redemptions';


function newCode(): string {
  const bytes = randomBytes(8);
  return [...bytes].map((b) => RECEIPT_ALPHABET[b % RECEIPT_ALPHABET.length]).join('');
}

async function rewardView(r: RewardDoc, userId: Types.ObjectId, community: CommunityContext) {
  return {
    id: r._id.toHexString(),
    name: r.name,
    cost: r.cost,
    stock: r.stock,
    description: r.description,
    // A read link only for a photo the server issued and attached, and that passed the media check (or that staff
    // approved); its uploader and staff see it before that.
    photoUrl: r.photoKey ? ((await photoLink(r.photoKey, { userId, seesHeld: hasAnyRole(community.roles, ['staff']) })) ?? undefined) : undefined,
    merchantName: r.merchantName,
    mine: !!r.merchantId?.equals(userId),
  };
}

function redemptionView(r: RedemptionDoc, showVolunteer: boolean) {
  return {
    id: r._id.toHexString(),
    code: r.code,
    rewardId: r.rewardId.toHexString(),
    rewardName: r.rewardName,
    cost: r.cost,
    status: r.status,
    volunteerName: showVolunteer ? r.volunteerName : undefined,
    expiresAt: r.expiresAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    fulfilledAt: r.fulfilledAt?.toISOString(),
  };
}

const createReward = route(api.mall.createReward, async ({ user, community, body, now }) => {
  // A merchant offers their own reward; staff stock the community's 积分超市.
  const asMerchant = community.roles.includes('merchant') && !hasAnyRole(community.roles, ['staff']);
  const rewardId = new Types.ObjectId();
  if (body.photoKey) {
    const bad = await attachPhotos([body.photoKey], community.communityId, user._id, rewardId, user.openid, !asMerchant, 'reward');
    if (bad !== null) throw validationFailed([{ path: 'photoKey', message: '照片未上传成功或不属于您，请重新上传' }]);
  }
  const r = await community.scope.create(RewardModel, {
    _id: rewardId,
    ...body,
    merchantId: asMerchant ? user._id : undefined,
    merchantName: asMerchant ? displayName(user, community) : undefined,
    takenBy: [],
    returnedBy: [],
    createdAt: now,
  });
  return rewardView(r, user._id, community);
});

const rewards = route(api.mall.rewards, async ({ user, community }) => {
  const docs = await community.scope.find(RewardModel, {}).sort({ _id: -1 }).limit(100).lean();
  // In stock first, cheapest first, sold out last (newest first within equal keys).
  return { items: await Promise.all(orderRewards(docs).map((r) => rewardView(r as RewardDoc, user._id, community))) };
});

const redeem = route(api.mall.redeem, async ({ user, community, params }) => {
  const v = await community.scope.findOne(VolunteerModel, { userId: user._id });
  if (!v || v.status !== 'active') throw forbidden('积分兑换仅限已认证的志愿者');
  const reward = await community.scope.findById(RewardModel, params.rewardId);
  if (!reward) throw notFound('商品不存在');
  if (reward.stock <= 0) throw conflict('该商品已兑完');
  if (v.balance < reward.cost) throw conflict(`积分不足（需要${reward.cost}，结余${v.balance}）`);
  const redemptionId = new Types.ObjectId();
  const outcome = await runOperation(redeemOperation, {
    redemptionId: redemptionId.toHexString(),
    rewardId: reward._id.toHexString(),
    volunteerId: v._id.toHexString(),
    communityId: community.communityId.toHexString(),
    code: newCode(),
  });
  if (!outcome.ok) {
    if (outcome.reason === 'balance') throw conflict('积分不足');
    if (outcome.reason === 'stock') throw conflict('该商品已兑完');
    throw notFound('商品不存在');
  }
  return redemptionView((await RedemptionModel.findById(redemptionId).lean())!, false);
});

const redemptions = route(api.mall.redemptions, async ({ user, community, query }) => {
  const filter: Record<string, unknown> = {};
  if (query.role === 'merchant') {
    if (community.roles.includes('merchant') && !hasAnyRole(community.roles, ['staff'])) filter.merchantId = user._id;
    else if (hasAnyRole(community.roles, ['staff'])) filter.merchantId = null;
    else throw forbidden('仅商家和社区工作者可查看待核销的兑换');
  } else filter.volunteerUserId = user._id;
  if (query.cursor) filter._id = { $lt: new Types.ObjectId(query.cursor) };
  const docs = await community.scope.find(RedemptionModel, filter).sort({ _id: -1 }).limit(query.limit + 1).lean();
  const pageDocs = docs.slice(0, query.limit) as RedemptionDoc[];
  return { items: pageDocs.map((r) => redemptionView(r, query.role === 'merchant')), nextCursor: docs.length > query.limit ? pageDocs[pageDocs.length - 1]!._id.toHexString() : null };
});

/** A code this merchant (or staff, for the community's own rewards) may fulfil; 404 / 403 otherwise. */
async function fulfillable(user: UserDoc, community: CommunityContext, code: string) {
  const r = await community.scope.findOne(RedemptionModel, { code });
  if (!r) throw notFound('兑换码不存在');
  // The merchant who offers the reward fulfils it; staff fulfil the community's own rewards.
  const mayFulfil = r.merchantId ? r.merchantId.equals(user._id) : hasAnyRole(community.roles, ['staff']);
  if (!mayFulfil) throw forbidden('该兑换码不属于您的商品');
  return r;
}

/** What a code is for, before using it up: the item, who redeemed it (display name) and its state. */
const lookup = route(api.mall.lookup, async ({ user, community, params, now }) => {
  const r = await fulfillable(user, community, params.code);
  // An issued code past its expiry is shown as expired even before the expiry job has run.
  const view = redemptionView(r, true);
  return r.status === 'issued' && r.expiresAt <= now ? { ...view, status: 'expired' as const } : view;
});

const fulfil = route(api.mall.fulfil, async ({ user, community, params, now }) => {
  const r = await fulfillable(user, community, params.code);
  const updated = await community.scope.findOneAndUpdate(
    RedemptionModel,
    { _id: r._id, status: 'issued', expiresAt: { $gt: now } },
    { $set: { status: 'fulfilled', fulfilledAt: now, fulfilledBy: user._id } },
  );
  if (!updated) {
    const cur = (await RedemptionModel.findById(r._id).lean())!;
    throw conflict(cur.status === 'fulfilled' ? '该兑换码已核销' : cur.status === 'cancelled' ? '该兑换码已取消' : '该兑换码已过期');
  }
  return redemptionView(updated, true);
});

const cancel = route(api.mall.cancel, async ({ user, community, params }) => {
  const r = await community.scope.findOneAndUpdate(
    RedemptionModel,
    { code: params.code, volunteerUserId: user._id, status: 'issued' },
    { $set: { status: 'cancelled' } },
  );
  if (!r) {
    const cur = await community.scope.findOne(RedemptionModel, { code: params.code, volunteerUserId: user._id });
    if (!cur) throw notFound('兑换码不存在');
    throw conflict(cur.status === 'fulfilled' ? '已核销的兑换不能取消' : '该兑换已取消或过期');
  }
  await release(r);
  return redemptionView((await RedemptionModel.findById(r._id).lean())!, false);
});

export const handler = apiHandler([createReward, rewards, redeem, redemptions, lookup, fulfil, cancel]);
