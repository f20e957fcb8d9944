import { endpoint } from '../common/api';
import { page } from '../common/pagination.schema';
import {
  CompleteFollowUpInput,
  CreateVisitInput,
  CreateVisitResult,
  FollowUpListQuery,
  FollowUpParams,
  FollowUpView,
  VisitCoverage,
  VisitCoverageQuery,
  VisitIdParams,
  VisitListQuery,
  VisitView,
} from './visit.schema';

// 走访 (民情日记): grid workers visit the households of their grids, staff oversee. Visit notes and the people met are
// sensitive personal information: residents, merchants and street staff have none of it (not even their own
// household's visits; a person gets what concerns them through the data export). Who does what to which visit:
// functions/src/visits/visit.permissions.ts. Findings become requests through POST /api/requests with `onBehalfOf`
// and `visitId` (代办).
const WORKERS = ['grid_worker', 'staff'] as const;

export const visitEndpoints = {
  create: endpoint({
    id: 'visits.create',
    method: 'POST',
    path: '/api/visits',
    summary: '登记走访（本网格的住户；未登记的住户按楼栋、单元、房号在首次走访时建档）：见到的人（无账号的住户须确认是否同意登记）、事项、记录和待办',
    access: WORKERS,
    body: CreateVisitInput,
    output: CreateVisitResult,
    creates: true,
  }),
  list: endpoint({
    id: 'visits.list',
    method: 'GET',
    path: '/api/visits',
    summary: '走访记录（民情日记）：一户的（householdId），或网格员所负责网格的、社区全部的（可按网格筛选），新的在前',
    access: WORKERS,
    query: VisitListQuery,
    output: page(VisitView),
  }),
  followUps: endpoint({
    id: 'visits.followUps',
    method: 'GET',
    path: '/api/visits/follow-ups',
    summary: '未完成的走访待办：网格员看所负责网格的，社区工作者看全社区的（可按网格筛选），按完成日期排序（逾期的在前）',
    access: WORKERS,
    query: FollowUpListQuery,
    output: page(FollowUpView),
  }),
  coverage: endpoint({
    id: 'visits.coverage',
    method: 'GET',
    path: '/api/visits/coverage',
    summary: '走访覆盖率：本季度（或指定季度）各网格已走访的户数占比，有关爱标记的户在探访间隔内的占比（街道工作人员看所辖社区的数字，不含走访内容）',
    access: [...WORKERS, 'street_staff'],
    query: VisitCoverageQuery,
    output: VisitCoverage,
  }),
  get: endpoint({
    id: 'visits.get',
    method: 'GET',
    path: '/api/visits/{visitId}',
    summary: '一次走访：见到的人、事项、记录、待办和转出的代办诉求',
    access: WORKERS,
    params: VisitIdParams,
    output: VisitView,
  }),
  completeFollowUp: endpoint({
    id: 'visits.completeFollowUp',
    method: 'POST',
    path: '/api/visits/{visitId}/follow-ups/{followUpId}/done',
    summary: '待办事项标记完成（可写办理情况；已由他人标记完成时返回 409）',
    access: WORKERS,
    params: FollowUpParams,
    body: CompleteFollowUpInput,
    output: FollowUpView,
    idempotent: true,
  }),
};
