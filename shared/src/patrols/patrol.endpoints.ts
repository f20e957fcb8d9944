import { endpoint } from '../common/api';
import { page } from '../common/pagination.schema';
import { CheckBuildingsInput, CoverageQuery, PatrolCoverage, PatrolIdParams, PatrolListQuery, PatrolView, StartPatrolInput } from './patrol.schema';

// Patrols are grid workers' work and staff's to oversee: residents, merchants and street staff have none of it
// (street staff see coverage on the 三率 board). Who does what to which patrol: functions/src/patrols/patrol.permissions.ts.
const WORKERS = ['grid_worker', 'staff'] as const;

export const patrolEndpoints = {
  start: endpoint({
    id: 'patrols.start',
    method: 'POST',
    path: '/api/patrols',
    summary: '开始巡查（负责多个网格的网格员选择网格；同一时间只能有一次进行中的巡查）',
    access: ['grid_worker'],
    body: StartPatrolInput,
    output: PatrolView,
    creates: true,
  }),
  list: endpoint({
    id: 'patrols.list',
    method: 'GET',
    path: '/api/patrols',
    summary: '巡查记录：网格员看自己的，社区工作者看全社区的（可按网格、网格员、周筛选）',
    access: WORKERS,
    query: PatrolListQuery,
    output: page(PatrolView),
  }),
  coverage: endpoint({
    id: 'patrols.coverage',
    method: 'GET',
    path: '/api/patrols/coverage',
    summary: '本周（或指定一周）各网格已巡查和尚未巡查的楼栋',
    access: WORKERS,
    query: CoverageQuery,
    output: PatrolCoverage,
  }),
  get: endpoint({
    id: 'patrols.get',
    method: 'GET',
    path: '/api/patrols/{patrolId}',
    summary: '巡查详情：打卡的楼栋和上报的问题',
    access: WORKERS,
    params: PatrolIdParams,
    output: PatrolView,
  }),
  check: endpoint({
    id: 'patrols.check',
    method: 'POST',
    path: '/api/patrols/{patrolId}/checks',
    summary: '楼栋打卡（只限本网格的楼栋，巡查进行中）',
    access: ['grid_worker'],
    params: PatrolIdParams,
    body: CheckBuildingsInput,
    output: PatrolView,
    idempotent: true,
  }),
  end: endpoint({
    id: 'patrols.end',
    method: 'POST',
    path: '/api/patrols/{patrolId}/end',
    summary: '结束巡查（已结束的再次结束不变）',
    access: WORKERS,
    params: PatrolIdParams,
    output: PatrolView,
    idempotent: true,
  }),
};
