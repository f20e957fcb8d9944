import * as z from 'zod';
import { endpoint } from '../common/api';
import { page } from '../common/pagination.schema';
import { ROLES } from '../common/roles';
import {
  CreateRequestInput,
  RateRequestInput,
  RequestActionInput,
  RequestCategory,
  RequestIdParams,
  RequestListQuery,
  RequestStatus,
  RequestView,
} from './request.schema';
import { Id } from '../common/ids';
import { CallBackDueItem, CallBackDueQuery } from './call-back.schema';
import { dispatchEndpoints } from './dispatch.endpoints';

// Filing is for people with a household in the community (and staff or grid workers filing 代办), and for
// 流动网格员 reporting with `source: 'mobile_grid'` (the only source they may name; the use case checks it);
// reading is for every member, each seeing what the permission table allows.
export const FILERS = ['resident', 'volunteer', 'grid_worker', 'staff'] as const;

export const SimilarRequest = z.object({
  id: Id,
  category: RequestCategory,
  buildingId: Id.optional(),
  /**
   * First 30 characters of the description, only where staff made the request public (or the caller may see it
   * anyway): another resident never reads a private request's words, names or household.
   */
  excerpt: z.string().optional(),
  createdAt: z.string(),
  status: RequestStatus,
  meTooCount: z.number().int(),
  /** Whether the caller may say 我也遇到 (public requests, and their own or handled ones): otherwise me-too is 404. */
  joinable: z.boolean(),
});

/** A request a handler may name as the original of a duplicate: what they need to recognise the same problem. */
export const DuplicateCandidate = z.object({
  id: Id,
  title: z.string().optional(),
  excerpt: z.string(),
  status: RequestStatus,
  buildingName: z.string().optional(),
  sameBuilding: z.boolean(),
  createdAt: z.string(),
});
export type DuplicateCandidate = z.infer<typeof DuplicateCandidate>;

export const requestEndpoints = {
  create: endpoint({
    id: 'requests.create',
    method: 'POST',
    path: '/api/requests',
    summary: '反映急难愁盼诉求（可代办；流动网格员上报）',
    access: [...FILERS, 'mobile_grid'],
    body: CreateRequestInput,
    output: RequestView,
    creates: true,
  }),
  list: endpoint({
    id: 'requests.list',
    method: 'GET',
    path: '/api/requests',
    summary: '诉求列表：我的、分派给我的、社区的',
    access: ROLES,
    query: RequestListQuery,
    output: page(RequestView),
  }),
  similar: endpoint({
    id: 'requests.similar',
    method: 'GET',
    path: '/api/requests/similar',
    summary: '同楼栋同类别30天内未办结的诉求（提交前提示“我也遇到”）',
    access: FILERS,
    query: z.object({ category: RequestCategory, buildingId: Id.optional() }).strict(),
    output: z.object({ items: z.array(SimilarRequest) }),
  }),
  replyTemplates: endpoint({
    id: 'requests.replyTemplates',
    method: 'GET',
    path: '/api/requests/reply-templates',
    summary: '常用回复（网格员、社区工作者、街道工作人员可读；管理员在社区设置中修改）',
    access: ['staff', 'grid_worker', 'street_staff'],
    output: z.object({ items: z.array(z.string()) }),
  }),
  get: endpoint({
    id: 'requests.get',
    method: 'GET',
    path: '/api/requests/{requestId}',
    summary: '诉求详情与办理时间线',
    access: ROLES,
    params: RequestIdParams,
    output: RequestView,
  }),
  act: endpoint({
    id: 'requests.act',
    method: 'POST',
    path: '/api/requests/{requestId}/actions',
    summary: '受理、分派、回复、办结、上报、不予受理、标记为重复、重新办理、撤回、申请延期、延期审批、电话回访',
    access: ROLES,
    params: RequestIdParams,
    body: RequestActionInput,
    output: RequestView,
    idempotent: true,
  }),
  rate: endpoint({
    id: 'requests.rate',
    method: 'POST',
    path: '/api/requests/{requestId}/rating',
    summary: '评价办理结果（满意/不满意，1–5分）',
    access: ROLES,
    params: RequestIdParams,
    body: RateRequestInput,
    output: RequestView,
    creates: true,
  }),
  meToo: endpoint({
    id: 'requests.meToo',
    method: 'POST',
    path: '/api/requests/{requestId}/me-too',
    summary: '“我也遇到”：附议并关注该诉求',
    access: FILERS,
    params: RequestIdParams,
    output: z.object({ meTooCount: z.number().int(), following: z.literal(true) }),
    idempotent: true,
  }),
  approveContent: endpoint({
    id: 'requests.approveContent',
    method: 'POST',
    path: '/api/requests/{requestId}/approve-content',
    summary: '审核通过待审文字（微信内容安全建议人工复核的描述和回复）',
    access: ['staff', 'grid_worker', 'street_staff'],
    params: RequestIdParams,
    output: RequestView,
  }),
  approvePhoto: endpoint({
    id: 'requests.approvePhoto',
    method: 'POST',
    path: '/api/requests/{requestId}/photos/approve',
    summary: '审核通过照片（微信图片检测未通过或未返回时由工作人员确认）',
    access: ['staff', 'grid_worker', 'street_staff'],
    params: RequestIdParams,
    body: z.object({ key: z.string().min(1).max(200) }).strict(),
    output: RequestView,
  }),
  duplicateCandidates: endpoint({
    id: 'requests.duplicateCandidates',
    method: 'GET',
    path: '/api/requests/{requestId}/duplicate-candidates',
    summary: '标记为重复时可选的原诉求：同类别60天内未结束、办理人可查看的诉求（同楼栋在前）',
    access: ['staff', 'grid_worker', 'street_staff'],
    params: RequestIdParams,
    output: z.object({ items: z.array(DuplicateCandidate) }),
  }),
  setPublic: endpoint({
    id: 'requests.setPublic',
    method: 'POST',
    path: '/api/requests/{requestId}/visibility',
    summary: '设置是否向其他居民公开（不含个人信息）',
    access: ['staff', 'grid_worker', 'street_staff'],
    params: RequestIdParams,
    body: z.object({ public: z.boolean() }).strict(),
    output: RequestView,
  }),
  callBacksDue: endpoint({
    id: 'requests.callBacksDue',
    method: 'GET',
    path: '/api/requests/call-backs-due',
    summary: '待回访：已办结、居民未在线评价且尚未电话回访的居民诉求（办结早的在前）',
    access: ['staff'],
    query: CallBackDueQuery,
    output: z.object({ items: z.array(CallBackDueItem), nextCursor: z.string().nullable() }),
  }),
  // 吹哨报到: the dispatch picker and the units' side (dispatch.endpoints.ts).
  ...dispatchEndpoints,
};
