import * as z from 'zod';
import { endpoint } from '../common/api';
import { Id } from '../common/ids';
import { page } from '../common/pagination.schema';
import { ROLES } from '../common/roles';
import { RedemptionCodeParams, RedemptionView, RewardInput, RewardView } from './volunteer.schema';

const Cursor = z.string().regex(/^[0-9a-f]{24}$/).optional();
const Limit = z.coerce.number().int().min(1).max(100).default(20);

export const mallEndpoints = {
  createReward: endpoint({ id: 'mall.createReward', method: 'POST', path: '/api/rewards', summary: '上架积分兑换商品或服务', access: ['merchant', 'staff'], body: RewardInput, output: RewardView, creates: true }),
  rewards: endpoint({ id: 'mall.rewards', method: 'GET', path: '/api/rewards', summary: '积分超市', access: ROLES, output: z.object({ items: z.array(RewardView) }) }),
  redeem: endpoint({ id: 'mall.redeem', method: 'POST', path: '/api/rewards/{rewardId}/redemptions', summary: '积分兑换（返回兑换码）', access: ROLES, params: z.object({ rewardId: Id }).strict(), output: RedemptionView, creates: true }),
  redemptions: endpoint({
    id: 'mall.redemptions',
    method: 'GET',
    path: '/api/redemptions',
    summary: '我的兑换码；商家或工作人员：待核销的兑换',
    access: ROLES,
    query: z.object({ role: z.enum(['mine', 'merchant']).default('mine'), cursor: Cursor, limit: Limit }).strict(),
    output: page(RedemptionView),
  }),
  lookup: endpoint({
    id: 'mall.lookup',
    method: 'GET',
    path: '/api/redemptions/{code}',
    summary: '核销前查看兑换码：商品、兑换人和状态（商家或工作人员）',
    access: ['merchant', 'staff'],
    params: RedemptionCodeParams,
    output: RedemptionView,
  }),
  fulfil: endpoint({ id: 'mall.fulfil', method: 'POST', path: '/api/redemptions/{code}/fulfil', summary: '核销兑换码', access: ['merchant', 'staff'], params: RedemptionCodeParams, output: RedemptionView }),
  cancel: endpoint({ id: 'mall.cancel', method: 'DELETE', path: '/api/redemptions/{code}', summary: '取消未核销的兑换（积分退回）', access: ROLES, params: RedemptionCodeParams, output: RedemptionView }),
};
