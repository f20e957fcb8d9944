import * as z from 'zod';
import { endpoint } from '../common/api';
import { Id } from '../common/ids';
import { page } from '../common/pagination.schema';
import { ROLES } from '../common/roles';
import { multilineText } from '../common/text';
import {
  ActivityInput,
  ActivityView,
  AdjustInput,
  AttendanceInput,
  CheckinCode,
  CheckinInput,
  LeaderboardQuery,
  LeaderboardView,
  LedgerEntryView,
  RedemptionCodeParams,
  RedemptionView,
  RegisterVolunteerInput,
  RewardInput,
  RewardView,
  RosterEntry,
  ServicePostInput,
  ServicePostView,
  StarAwardView,
  VolunteerMe,
  VolunteerStatus,
  VolunteerView,
} from './volunteer.schema';

const MEMBERS = ['resident', 'volunteer', 'grid_worker', 'staff'] as const;
const STAFF = ['staff'] as const;
const Cursor = z.string().regex(/^[0-9a-f]{24}$/).optional();
const Limit = z.coerce.number().int().min(1).max(100).default(20);

export const volunteerEndpoints = {
  register: endpoint({ id: 'volunteers.register', method: 'POST', path: '/api/volunteers', summary: '注册志愿者（社区审核）', access: MEMBERS, body: RegisterVolunteerInput, output: VolunteerMe, creates: true }),
  me: endpoint({ id: 'volunteers.me', method: 'GET', path: '/api/volunteers/me', summary: '我的志愿服务：时长、积分、星级、下一星级', access: ROLES, output: VolunteerMe }),
  updateMe: endpoint({ id: 'volunteers.updateMe', method: 'PATCH', path: '/api/volunteers/me', summary: '修改技能、服务时间、排行榜匿名', access: ROLES, body: RegisterVolunteerInput.partial().strict(), output: VolunteerMe }),
  list: endpoint({
    id: 'volunteers.list',
    method: 'GET',
    path: '/api/volunteers',
    summary: '志愿者名单（审核、星级名册）',
    access: STAFF,
    query: z.object({ status: VolunteerStatus.optional(), sort: z.enum(['newest', 'hours']).default('newest'), cursor: Cursor, limit: Limit }).strict(),
    output: page(VolunteerView),
  }),
  review: endpoint({
    id: 'volunteers.review',
    method: 'POST',
    path: '/api/volunteers/{volunteerId}/review',
    summary: '审核志愿者注册',
    access: STAFF,
    params: z.object({ volunteerId: Id }).strict(),
    body: z.object({ approve: z.boolean(), reason: multilineText('理由').min(2).max(200).optional() }).strict(),
    output: VolunteerView,
  }),
  awards: endpoint({
    id: 'volunteers.awards',
    method: 'GET',
    path: '/api/star-awards',
    summary: '星级志愿者公示',
    access: ROLES,
    query: z.object({ cursor: Cursor, limit: Limit }).strict(),
    output: page(StarAwardView),
  }),
  award: endpoint({ id: 'volunteers.award', method: 'GET', path: '/api/star-awards/{awardId}', summary: '星级证书', access: ROLES, params: z.object({ awardId: Id }).strict(), output: StarAwardView }),
  withhold: endpoint({
    id: 'volunteers.withhold',
    method: 'POST',
    path: '/api/star-awards/{awardId}/withhold',
    summary: '公示期内暂缓授予星级（需说明理由）',
    access: STAFF,
    params: z.object({ awardId: Id }).strict(),
    body: z.object({ reason: multilineText('理由').min(2, '请说明理由').max(200) }).strict(),
    output: StarAwardView,
  }),
  ledger: endpoint({
    id: 'volunteers.ledger',
    method: 'GET',
    path: '/api/points/ledger',
    summary: '积分存折（存入、取出、结余）',
    access: ROLES,
    query: z.object({ cursor: Cursor, limit: Limit }).strict(),
    output: page(LedgerEntryView),
  }),
  adjust: endpoint({ id: 'volunteers.adjust', method: 'POST', path: '/api/points/adjustments', summary: '管理员调整积分（需说明原因）', access: ['admin'], body: AdjustInput, output: LedgerEntryView, creates: true }),
  leaderboard: endpoint({ id: 'volunteers.leaderboard', method: 'GET', path: '/api/leaderboard', summary: '志愿服务排行榜', access: ROLES, query: LeaderboardQuery, output: LeaderboardView }),
  posts: endpoint({ id: 'volunteers.posts', method: 'GET', path: '/api/service-posts', summary: '服务岗位（双报到党员认领）', access: ROLES, output: z.object({ items: z.array(ServicePostView) }) }),
  createPost: endpoint({ id: 'volunteers.createPost', method: 'POST', path: '/api/service-posts', summary: '发布服务岗位', access: STAFF, body: ServicePostInput, output: ServicePostView, creates: true }),
  claimPost: endpoint({
    id: 'volunteers.claimPost',
    method: 'POST',
    path: '/api/service-posts/{postId}/claims',
    summary: '认领服务岗位（党员志愿者）',
    access: ROLES,
    params: z.object({ postId: Id }).strict(),
    output: ServicePostView,
    creates: true,
    idempotent: false,
  }),
};

const ActivityParams = z.object({ activityId: Id }).strict();

export const activityEndpoints = {
  create: endpoint({ id: 'activities.create', method: 'POST', path: '/api/activities', summary: '发布志愿活动（也可补录已结束的活动；可关联诉求）', access: STAFF, body: ActivityInput, output: ActivityView, creates: true }),
  list: endpoint({
    id: 'activities.list',
    method: 'GET',
    path: '/api/activities',
    summary: '志愿活动列表',
    access: ROLES,
    query: z.object({ when: z.enum(['upcoming', 'past', 'mine']).default('upcoming'), cursor: Cursor, limit: Limit }).strict(),
    output: page(ActivityView),
  }),
  get: endpoint({ id: 'activities.get', method: 'GET', path: '/api/activities/{activityId}', summary: '活动详情', access: ROLES, params: ActivityParams, output: ActivityView }),
  signup: endpoint({ id: 'activities.signup', method: 'POST', path: '/api/activities/{activityId}/signups', summary: '报名（满员进入候补）', access: ROLES, params: ActivityParams, output: ActivityView, creates: true }),
  cancel: endpoint({ id: 'activities.cancel', method: 'DELETE', path: '/api/activities/{activityId}/signups/me', summary: '取消报名（候补按顺序递补）', access: ROLES, params: ActivityParams, output: ActivityView }),
  roster: endpoint({ id: 'activities.roster', method: 'GET', path: '/api/activities/{activityId}/signups', summary: '报名与签到名单', access: STAFF, params: ActivityParams, output: z.object({ items: z.array(RosterEntry) }) }),
  code: endpoint({ id: 'activities.code', method: 'POST', path: '/api/activities/{activityId}/checkin-codes', summary: '生成签到码（约60秒轮换）', access: STAFF, params: ActivityParams, output: CheckinCode }),
  checkin: endpoint({ id: 'activities.checkin', method: 'POST', path: '/api/activities/{activityId}/checkins', summary: '扫码或输入签到码签到、签退', access: ROLES, params: ActivityParams, body: CheckinInput, output: ActivityView, creates: true }),
  attendance: endpoint({
    id: 'activities.attendance',
    method: 'POST',
    path: '/api/activities/{activityId}/attendance',
    summary: '确认服务时长并发放积分（重复确认只记一次）',
    access: STAFF,
    params: ActivityParams,
    body: AttendanceInput,
    output: z.object({ volunteerId: Id, hours: z.number(), points: z.number().int(), credited: z.boolean(), entry: LedgerEntryView }),
    idempotent: true,
  }),
};

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
