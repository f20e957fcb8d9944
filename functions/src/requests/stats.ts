import { Types, type PipelineStage } from 'mongoose';
import {
  REQUEST_CATEGORY_LABELS,
  REQUEST_STATUS_LABELS,
  REQUEST_LEVEL_LABELS,
  URGENCY_LABELS,
  api,
  computeRates,
  shanghaiDate,
  type RateCounts,
  type RequestCategory,
  type RequestStatus,
  type StatsBucket,
} from '@linli/shared';
import { apiHandler, route } from '../lib/http';
import { validationFailed } from '../lib/errors';
import type { CommunityContext } from '../lib/community-context';
import { GridModel, BuildingModel } from '../communities/community.model';
import { RequestModel } from './request.model';
import { markOverdueResponses } from './deadlines';

const DAY = 86_400_000;
const SHANGHAI = 8 * 3_600_000;

/** Period from Shanghai calendar days (inclusive); defaults to the last 180 days. */
function period(query: { from?: string; to?: string }, now: Date) {
  const toDay = query.to ?? shanghaiDate(now);
  const fromDay = query.from ?? shanghaiDate(new Date(now.getTime() - 179 * DAY));
  const from = new Date(Date.parse(`${fromDay}T00:00:00Z`) - SHANGHAI);
  const to = new Date(Date.parse(`${toDay}T00:00:00Z`) - SHANGHAI + DAY);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw validationFailed([{ path: 'query.from', message: '日期不正确' }]);
  if (from >= to) throw validationFailed([{ path: 'query.from', message: '开始日期不能晚于结束日期' }]);
  if (to.getTime() - from.getTime() > 732 * DAY) throw validationFailed([{ path: 'query.from', message: '统计区间最长两年' }]);
  return { from, to, fromDay, toDay };
}

interface CountRow {
  _id: { category: RequestCategory; gridId?: Types.ObjectId; month: string; status: RequestStatus; outcome: string };
  n: number;
}
interface SumRow {
  _id: { category: RequestCategory; gridId?: Types.ObjectId; month: string };
  v: number;
}

const emptyCounts = (): RateCounts & { total: number } => ({ total: 0, respondedOnTime: 0, respondedLate: 0, overdueUnresponded: 0, resolved: 0, eligible: 0, satisfied: 0, ratings: 0 });

/**
 * 三率 for a community and period. Only $match, $group and $sum with one accumulator per aggregation (what every
 * supported engine computes), on the {communityId, createdAt} index; the per-request fields they sum are kept
 * up to date by the same updates that change the request.
 */
async function computeStats(community: CommunityContext, from: Date, to: Date) {
  const match: PipelineStage = { $match: { createdAt: { $gte: from, $lt: to } } };
  const key = { category: '$category', gridId: '$gridId', month: '$month' };
  const sum = (field: string) =>
    community.scope.aggregate(RequestModel, [match, { $group: { _id: key, v: { $sum: `$${field}` } } }]) as Promise<SumRow[]>;
  const [counts, ratings, satisfied, responseHours, resolveHours, responded, resolvedTimed] = await Promise.all([
    community.scope.aggregate(RequestModel, [
      match,
      { $group: { _id: { ...key, status: '$status', outcome: '$responseOutcome' }, n: { $sum: 1 } } },
    ]) as Promise<CountRow[]>,
    sum('ratingCount'),
    sum('satisfiedCount'),
    sum('firstResponseHours'),
    sum('resolveHours'),
    community.scope.countDocuments(RequestModel, { createdAt: { $gte: from, $lt: to }, firstResponseHours: { $exists: true } }),
    community.scope.countDocuments(RequestModel, { createdAt: { $gte: from, $lt: to }, resolveHours: { $exists: true } }),
  ]);

  const buckets = { all: new Map<string, ReturnType<typeof emptyCounts>>(), category: new Map(), grid: new Map(), month: new Map() } as Record<
    'all' | 'category' | 'grid' | 'month',
    Map<string, ReturnType<typeof emptyCounts>>
  >;
  const keysOf = (id: { category: string; gridId?: Types.ObjectId; month: string }) =>
    [
      ['all', 'all'],
      ['category', id.category],
      ['grid', id.gridId ? String(id.gridId) : 'none'],
      ['month', id.month],
    ] as const;
  const bucket = (kind: keyof typeof buckets, k: string) => {
    if (!buckets[kind].has(k)) buckets[kind].set(k, emptyCounts());
    return buckets[kind].get(k)!;
  };
  for (const row of counts) {
    for (const [kind, k] of keysOf(row._id)) {
      const b = bucket(kind, k);
      b.total += row.n;
      if (row._id.status !== 'rejected' && row._id.status !== 'withdrawn') b.eligible += row.n;
      if (row._id.status === 'resolved' || row._id.status === 'closed') b.resolved += row.n;
      if (row._id.outcome === 'on_time') b.respondedOnTime += row.n;
      else if (row._id.outcome === 'late') b.respondedLate += row.n;
      else if (row._id.outcome === 'overdue') b.overdueUnresponded += row.n;
    }
  }
  for (const row of ratings) for (const [kind, k] of keysOf(row._id)) bucket(kind, k).ratings += row.v;
  for (const row of satisfied) for (const [kind, k] of keysOf(row._id)) bucket(kind, k).satisfied += row.v;
  const totalOf = (rows: SumRow[]) => rows.reduce((s, r) => s + r.v, 0);
  return {
    buckets,
    avgFirstResponseHours: responded ? Math.round((totalOf(responseHours) / responded) * 10) / 10 : null,
    avgResolveHours: resolvedTimed ? Math.round((totalOf(resolveHours) / resolvedTimed) * 10) / 10 : null,
  };
}

const requestStats = route(api.stats.requests, async ({ community, query, now }) => {
  const { from, to, fromDay, toDay } = period(query, now);
  await markOverdueResponses(now, community.communityId);
  const { buckets, avgFirstResponseHours, avgResolveHours } = await computeStats(community, from, to);
  const grids = await community.scope.find(GridModel).lean();
  const gridName = new Map(grids.map((g) => [String(g._id), g.name]));
  const toBuckets = (kind: 'category' | 'grid' | 'month', label: (k: string) => string): StatsBucket[] =>
    [...buckets[kind].entries()]
      .map(([k, c]) => ({ key: k, label: label(k), total: c.total, ...computeRates(c) }))
      .sort((a, b) => (kind === 'month' ? a.key.localeCompare(b.key) : b.total - a.total));
  const all = buckets.all.get('all') ?? emptyCounts();
  return {
    from: fromDay,
    to: toDay,
    total: all.total,
    ...computeRates(all),
    avgFirstResponseHours,
    avgResolveHours,
    byCategory: toBuckets('category', (k) => REQUEST_CATEGORY_LABELS[k as RequestCategory] ?? k),
    byGrid: toBuckets('grid', (k) => gridName.get(k) ?? '未分网格'),
    byMonth: toBuckets('month', (k) => `${k.slice(0, 4)}年${Number(k.slice(5))}月`),
  };
});

/** A CSV field: quoted, quotes doubled, and formula-looking text defused for Excel. */
function csv(value: unknown): string {
  let s = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}
const fmt = (d?: Date) => (d ? new Date(d.getTime() + SHANGHAI).toISOString().slice(0, 16).replace('T', ' ') : '');

const exportRequests = route(api.stats.exportRequests, async ({ community, query, now }) => {
  const { from, to } = period(query, now);
  const filter: Record<string, unknown> = { createdAt: { $gte: from, $lt: to } };
  if (query.status) filter.status = query.status;
  if (query.category) filter.category = query.category;
  if (query.gridId) filter.gridId = new Types.ObjectId(query.gridId);
  const [docs, grids, buildings] = await Promise.all([
    community.scope.find(RequestModel, filter).sort({ createdAt: -1 }).limit(50_000).select({ timeline: 0, outbox: 0, followers: 0 }).lean(),
    community.scope.find(GridModel).lean(),
    community.scope.find(BuildingModel).lean(),
  ]);
  const gridName = new Map(grids.map((g) => [String(g._id), g.name]));
  const buildingName = new Map(buildings.map((b) => [String(b._id), b.name]));
  const header = ['编号', '提交时间', '类别', '标题', '描述', '状态', '层级', '紧急程度', '网格', '楼栋', '首次响应时间', '响应', '办结时间', '满意度', '评分', '我也遇到'];
  const outcome = { pending: '待响应', on_time: '按时', late: '超时', overdue: '超时未响应' } as Record<string, string>;
  const rows = docs.map((d) => {
    const last = d.ratings[d.ratings.length - 1];
    return [
      String(d._id),
      fmt(d.createdAt),
      REQUEST_CATEGORY_LABELS[d.category],
      d.title ?? '',
      d.description,
      REQUEST_STATUS_LABELS[d.status],
      REQUEST_LEVEL_LABELS[d.level],
      URGENCY_LABELS[d.urgency],
      d.gridId ? gridName.get(String(d.gridId)) ?? '' : '',
      d.buildingId ? buildingName.get(String(d.buildingId)) ?? '' : '',
      fmt(d.firstResponseAt),
      outcome[d.responseOutcome] ?? '',
      fmt(d.resolvedAt),
      last ? (last.satisfied ? '满意' : '不满意') : '',
      last?.score ?? '',
      d.meTooCount,
    ]
      .map(csv)
      .join(',');
  });
  // The BOM makes Excel read the file as UTF-8 (Chinese would be garbled otherwise); CRLF as Excel expects.
  return '\uFEFF' + [header.map(csv).join(','), ...rows].join('\r\n') + '\r\n';
});

export const handler = apiHandler([requestStats, exportRequests]);
