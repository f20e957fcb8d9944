import * as z from 'zod';
import { endpoint } from '../common/api';
import { ExportQuery, RequestStats, StatsQuery } from './stats.schema';
import { rankingEndpoints } from './ranking.endpoints';

// 三率 are for whoever answers for the requests: community staff, and street staff for their communities.
const LEADERS = ['staff', 'street_staff'] as const;

export const statsEndpoints = {
  requests: endpoint({
    id: 'stats.requests',
    method: 'GET',
    path: '/api/stats/requests',
    summary: '三率统计：响应率、解决率、满意率（按类别、网格、月份）',
    access: LEADERS,
    query: StatsQuery,
    output: RequestStats,
  }),
  exportRequests: endpoint({
    id: 'stats.exportRequests',
    method: 'GET',
    path: '/api/stats/requests/export.csv',
    summary: '导出诉求清单（CSV，UTF-8 带 BOM，Excel 可直接打开）',
    access: LEADERS,
    query: ExportQuery,
    output: z.string(),
    contentType: 'text/csv; charset=utf-8',
  }),
  // Issue 19: 考核排名 and 每月一题 (ranking.endpoints.ts), served by the same function.
  ...rankingEndpoints,
};
