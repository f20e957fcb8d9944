import * as z from 'zod';
import { endpoint } from '../common/api';
import { Id } from '../common/ids';
import { page } from '../common/pagination.schema';
import { ROLES } from '../common/roles';
import { multilineText } from '../common/text';
import {
  AdjustInput,
  LeaderboardQuery,
  LeaderboardView,
  LedgerEntryView,
  RegisterVolunteerInput,
  ServicePostInput,
  ServicePostView,
  StarAwardView,
  RegistrationStatus,
  VolunteerMe,
  VolunteerView,
} from './volunteer.schema';

// Volunteering is one feature with three endpoint maps: volunteers (this file), activities (activity.endpoints.ts)
// and the points mall (mall.endpoints.ts).
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
    query: z.object({ status: RegistrationStatus.optional(), sort: z.enum(['newest', 'hours']).default('newest'), cursor: Cursor, limit: Limit }).strict(),
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
