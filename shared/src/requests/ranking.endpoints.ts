import * as z from 'zod';
import { endpoint } from '../common/api';
import { HotspotActInput, HotspotActResult, HotspotQuery, Hotspots, RankingQuery, Rankings } from './ranking.schema';

// 考核排名 and 每月一题 are for whoever answers for the requests: community staff (their community) and street
// staff (every community of their street; the community of the call names the street).
const LEADERS = ['staff', 'street_staff'] as const;

export const rankingEndpoints = {
  rankings: endpoint({
    id: 'stats.rankings',
    method: 'GET',
    path: '/api/stats/rankings',
    summary: '考核排名：社区、网格、单位按响应率、解决率、满意率、按期办结率、退单率、延期率排名（按月）',
    access: LEADERS,
    query: RankingQuery,
    output: Rankings,
  }),
  exportRankings: endpoint({
    id: 'stats.exportRankings',
    method: 'GET',
    path: '/api/stats/rankings.csv',
    summary: '导出考核排名（CSV，UTF-8 带 BOM）',
    access: LEADERS,
    query: RankingQuery,
    output: z.string(),
    contentType: 'text/csv; charset=utf-8',
  }),
  hotspots: endpoint({
    id: 'stats.hotspots',
    method: 'GET',
    path: '/api/stats/hotspots',
    summary: '每月一题：本月同类问题在同一楼栋（地点）反复出现的诉求聚类，附上月对比',
    access: LEADERS,
    query: HotspotQuery,
    output: Hotspots,
  }),
  hotspotAct: endpoint({
    id: 'stats.hotspotAct',
    method: 'POST',
    path: '/api/stats/hotspots/act',
    summary: '每月一题一键转为议事议题或主动治理任务（关联来源诉求）',
    access: LEADERS,
    body: HotspotActInput,
    output: HotspotActResult,
    creates: true,
  }),
};
