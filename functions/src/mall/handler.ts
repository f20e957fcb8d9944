import { Types } from 'mongoose';
import { api, orderRewards } from '@linli/shared';
import { apiHandler, route } from '../api';
import type { UserDoc } from '../auth/user.model';
import type { CommunityContext } from '../communities/community-context';
import { conflict, forbidden, notFound, validationFailed } from '../lib/errors';
import { orRefuse } from '../lib/outcome';
import { VolunteerModel } from '../volunteers/volunteer.model';
import { actsAsMerchant, canOnVolunteering } from '../volunteers/volunteering.permissions';
import { fulfil as fulfilCode, fulfillable } from './fulfil';
import { RedemptionModel, RewardModel, type RedemptionDoc, type RewardDoc } from './mall.model';
import { redemptionView, rewardView, shownStatus, type MallViewer } from './mall.view';
import { cancelRedemption, redeem as redeemReward } from './redeem';
import { stockReward } from './stock-reward';

// The routes of the points mall (积分超市); the use cases are stock-reward.ts, redeem.ts and fulfil.ts, and every
// refusal gets its answer here.

const NOT_FOUND = () => notFound('兑换码不存在');
const FULFILLABLE = { not_found: NOT_FOUND, not_yours: () => forbidden('该兑换码不属于您的商品') };

const actor = (user: UserDoc, community: CommunityContext) => ({ userId: user._id, roles: community.roles });
async function viewer(user: UserDoc, community: CommunityContext): Promise<MallViewer> {
  const volunteer = await community.scope.findOne(VolunteerModel, { userId: user._id }).select({ status: 1, partyMember: 1, balance: 1 }).lean();
  return { ...actor(user, community), volunteer };
}

const createReward = route(api.mall.createReward, async ({ user, community, body, now }) => {
  const r = orRefuse(await stockReward(user, community, body, now), { bad_photo: () => validationFailed([{ path: 'photoKey', message: '照片未上传成功或不属于您，请重新上传' }]) });
  return rewardView(r, await viewer(user, community));
});

const rewards = route(api.mall.rewards, async ({ user, community }) => {
  const [docs, me] = await Promise.all([community.scope.find(RewardModel, {}).sort({ _id: -1 }).limit(100).lean(), viewer(user, community)]);
  // In stock first, cheapest first, sold out last (newest first within equal keys).
  return { items: await Promise.all(orderRewards(docs).map((r) => rewardView(r as RewardDoc, me))) };
});

const redeem = route(api.mall.redeem, async ({ user, community, params, now }) => {
  const r = orRefuse(await redeemReward(user, community, params.rewardId), {
    no_account: () => forbidden('您还没有积分：参加志愿服务或随手拍有奖获得积分后即可兑换'),
    not_found: () => notFound('商品不存在'),
    sold_out: () => conflict('该商品已兑完'),
    balance: (d) => conflict(d.cost !== undefined ? `积分不足（需要${d.cost}，结余${d.balance}）` : '积分不足'),
  });
  return redemptionView(r, false, actor(user, community), now);
});

const redemptions = route(api.mall.redemptions, async ({ user, community, query, now }) => {
  const filter: Record<string, unknown> = {};
  const me = actor(user, community);
  if (query.role === 'merchant') {
    if (!canOnVolunteering('list_to_fulfil', me)) throw forbidden('仅商家和社区工作者可查看待核销的兑换');
    // A merchant sees the codes of their own rewards; staff those of the community's 积分超市.
    filter.merchantId = actsAsMerchant(me) ? user._id : null;
  } else filter.volunteerUserId = user._id;
  if (query.cursor) filter._id = { $lt: new Types.ObjectId(query.cursor) };
  const docs = await community.scope.find(RedemptionModel, filter).sort({ _id: -1 }).limit(query.limit + 1).lean();
  const pageDocs = docs.slice(0, query.limit) as RedemptionDoc[];
  return {
    items: pageDocs.map((r) => redemptionView(r, query.role === 'merchant', me, now)),
    nextCursor: docs.length > query.limit ? pageDocs[pageDocs.length - 1]!._id.toHexString() : null,
  };
});

/** What a code is for, before using it up: the item, who redeemed it (display name) and its state. */
const lookup = route(api.mall.lookup, async ({ user, community, params, now }) => {
  const r = orRefuse(await fulfillable(user, community, params.code), FULFILLABLE);
  return { ...redemptionView(r, true, actor(user, community), now), status: shownStatus(r, now) };
});

const fulfil = route(api.mall.fulfil, async ({ user, community, params, now }) => {
  const r = orRefuse(await fulfilCode(user, community, params.code, now), {
    ...FULFILLABLE,
    fulfilled: () => conflict('该兑换码已核销'),
    cancelled: () => conflict('该兑换码已取消'),
    expired: () => conflict('该兑换码已过期'),
  });
  return redemptionView(r, true, actor(user, community), now);
});

const cancel = route(api.mall.cancel, async ({ user, community, params, now }) => {
  const r = orRefuse(await cancelRedemption(user, community, params.code), {
    not_found: NOT_FOUND,
    fulfilled: () => conflict('已核销的兑换不能取消'),
    gone: () => conflict('该兑换已取消或过期'),
  });
  return redemptionView(r, false, actor(user, community), now);
});

export const handler = apiHandler([createReward, rewards, redeem, redemptions, lookup, fulfil, cancel]);
