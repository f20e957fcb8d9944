import { Types } from 'mongoose';
import {
  REQUEST_CATEGORY_LABELS,
  REQUEST_SOURCES,
  REQUEST_SOURCE_LABELS,
  REQUEST_STATUS_LABELS,
  REQUEST_LEVEL_LABELS,
  URGENCY_LABELS,
  api,
  computeRates,
  emptySourceCounts,
  proactiveRate,
  SHANGHAI_OFFSET_MS,
  shanghaiDate,
  shanghaiIsoWeeksBetween,
  shanghaiMinute,
  statsFigures,
  type RequestCategory,
  type RequestSource,
  type SourceCounts,
  type StatsBucket,
} from '@linli/shared';
import { apiHandler, route } from '../api';
import { validationFailed } from '../lib/errors';
import { GridModel, BuildingModel } from '../communities/community.model';
import { RequestModel } from './request.model';
import { audienceOf, sees } from './request.visibility';
import { RequestStatsModel, addCounters, cellParts, emptyCounters, statsKey, type Counters } from './request-stats';
import { coverageByWeek } from '../patrols/coverage';
import { rankingRoutes } from './rankings';
import { hotspotRoutes } from './hotspots';

const DAY = 86_400_000;

/** Period from Shanghai calendar days (inclusive); defaults to this month and the five before it. */
function period(query: { from?: string; to?: string }, now: Date) {
  const toDay = query.to ?? shanghaiDate(now);
  const fromDay = query.from ?? monthsBefore(shanghaiDate(now), 5);
  const from = new Date(Date.parse(`${fromDay}T00:00:00Z`) - SHANGHAI_OFFSET_MS);
  const to = new Date(Date.parse(`${toDay}T00:00:00Z`) - SHANGHAI_OFFSET_MS + DAY);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw validationFailed([{ path: 'query.from', message: '日期不正确' }]);
  if (from >= to) throw validationFailed([{ path: 'query.from', message: '开始日期不能晚于结束日期' }]);
  if (to.getTime() - from.getTime() > 732 * DAY) throw validationFailed([{ path: 'query.from', message: '统计区间最长两年' }]);
  return { from, to, fromDay, toDay };
}

/** The first day of the month `n` months before the month of `day`. */
function monthsBefore(day: string, n: number): string {
  const d = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1 - n, 1));
  return d.toISOString().slice(0, 10);
}

/** `YYYY-MM` months from the month of `fromDay` to the month of `toDay`, both included. */
function monthsBetween(fromDay: string, toDay: string): string[] {
  const months: string[] = [];
  let y = Number(fromDay.slice(0, 4));
  let m = Number(fromDay.slice(5, 7));
  const last = toDay.slice(0, 7);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    months.push(month);
    if (month >= last) return months;
    if (++m > 12) [y, m] = [y + 1, 1];
  }
}

const lastDayOf = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

const ratesOf = (c: Counters) =>
  computeRates({
    respondedOnTime: c.onTime,
    respondedLate: c.late,
    overdueUnresponded: c.overdue,
    resolved: c.resolved,
    eligible: c.eligible,
    satisfied: c.satisfied,
    ratings: c.ratings,
  });

/** The counters of one breakdown row: residents' requests (its rates) and every source's number. */
interface BucketSums {
  resident: Counters;
  sources: SourceCounts;
}
const emptyBucket = (): BucketSums => ({ resident: emptyCounters(), sources: emptySourceCounts() });

/** Weeks of patrol coverage the board shows at most (a year). */
const MAX_COVERAGE_WEEKS = 53;

/**
 * 三率 for a community over whole months (a request counts in the month it was filed, Asia/Shanghai): the
 * counters of request-stats, one document per month read by `_id` — the cost does not depend on how many
 * requests there are. A missed first-response deadline counts from the next run of the deadline job.
 * The headline and the breakdowns' rates are residents' requests (居民反映), as leaders are judged by them; each
 * cell's source (request-stats `cellKey`) adds every source's number, 主动发现率 and the figures per source.
 * Patrol coverage comes from the patrols of the period's weeks (one indexed read by week).
 */
const requestStats = route(api.stats.requests, async ({ community, query, now }) => {
  const { fromDay, toDay } = period(query, now);
  const months = monthsBetween(fromDay, toDay);
  // The weeks of the same whole months, begun by now.
  const from = new Date(Date.parse(`${months[0]}-01T00:00:00Z`) - SHANGHAI_OFFSET_MS);
  const to = new Date(Date.parse(`${lastDayOf(months[months.length - 1]!)}T00:00:00Z`) - SHANGHAI_OFFSET_MS + DAY);
  const weeks = from < now ? shanghaiIsoWeeksBetween(from, new Date(Math.min(to.getTime() - 1, now.getTime()))).slice(-MAX_COVERAGE_WEEKS) : [];
  // One lookup by _id per month, in parallel: the only filter every engine answers from its key.
  const gridsRead = community.scope.find(GridModel).select({ name: 1 }).lean().exec();
  const [docs, grids, coverage] = await Promise.all([
    Promise.all(months.map((m) => RequestStatsModel.findById(statsKey(community.communityId, m), { cells: 1, month: 1 }).lean())),
    gridsRead,
    coverageByWeek(community.scope, weeks, gridsRead),
  ]);
  const gridName = new Map(grids.map((g) => [String(g._id), g.name]));
  const all = emptyBucket();
  const bySource = new Map<RequestSource, Counters>(REQUEST_SOURCES.map((s) => [s, emptyCounters()]));
  const byCategory = new Map<string, BucketSums>();
  const byGrid = new Map<string, BucketSums>();
  const byMonth = new Map<string, BucketSums>();
  const into = (map: Map<string, BucketSums>, k: string) => map.get(k) ?? map.set(k, emptyBucket()).get(k)!;
  const add = (b: BucketSums, source: RequestSource, c: Partial<Counters>) => {
    b.sources[source] += c.total ?? 0;
    if (source === 'resident') addCounters(b.resident, c);
  };
  for (const doc of docs) {
    if (!doc) continue;
    for (const [cell, c] of Object.entries(doc.cells ?? {})) {
      if (!c.total) continue; // a cell every request left (its grid or category changed)
      const { category, grid, source } = cellParts(cell);
      if (!bySource.has(source)) continue; // a source this release does not know
      addCounters(bySource.get(source)!, c);
      add(all, source, c);
      add(into(byCategory, category), source, c);
      add(into(byGrid, grid), source, c);
      add(into(byMonth, doc.month), source, c);
    }
  }
  const toBuckets = (map: Map<string, BucketSums>, label: (k: string) => string, byKey = false): StatsBucket[] =>
    [...map.entries()]
      .map(([k, b]) => ({ key: k, label: label(k), total: b.resident.total, ...ratesOf(b.resident), sources: b.sources, proactiveRate: proactiveRate(b.sources) }))
      .sort((a, b) => (byKey ? a.key.localeCompare(b.key) : b.total - a.total || sum(b.sources) - sum(a.sources)));
  const avg = (total: number, n: number) => (n ? Math.round((total / n) * 10) / 10 : null);
  const headline = all.resident;
  const figures = statsFigures(headline);
  return {
    from: `${months[0]}-01`,
    to: lastDayOf(months[months.length - 1]!),
    total: headline.total,
    responseRate: figures.responseRate,
    resolutionRate: figures.resolutionRate,
    satisfactionRate: figures.satisfactionRate,
    avgFirstResponseHours: avg(headline.respHours, headline.respCount),
    avgResolveHours: avg(headline.resolveHours, headline.resolveCount),
    // Issue 19: 延期率, and how many of the ratings came from 回访 (additive fields).
    extensionRate: figures.extensionRate,
    callBackRatings: figures.counts.callBackRatings,
    // Issue 15: what each rate counts and what is pending, and averages in minutes (additive fields).
    counts: figures.counts,
    avgFirstResponseMinutes: figures.avgFirstResponseMinutes,
    avgResolveMinutes: figures.avgResolveMinutes,
    byCategory: toBuckets(byCategory, (k) => REQUEST_CATEGORY_LABELS[k as RequestCategory] ?? k),
    byGrid: toBuckets(byGrid, (k) => gridName.get(k) ?? '未分网格'),
    byMonth: toBuckets(byMonth, (k) => `${k.slice(0, 4)}年${Number(k.slice(5))}月`, true),
    // Issue 18: every source, 主动发现率, each source's own figures, and patrol coverage (additive fields).
    sources: all.sources,
    proactiveRate: proactiveRate(all.sources),
    bySource: REQUEST_SOURCES.map((key) => {
      const c = bySource.get(key)!;
      const f = statsFigures(c);
      return { key, label: REQUEST_SOURCE_LABELS[key], total: c.total, responseRate: f.responseRate, resolutionRate: f.resolutionRate, satisfactionRate: f.satisfactionRate, counts: f.counts, resolvedOnSpot: c.onSpot };
    }),
    patrolCoverage: coverage,
  };
});

const sum = (s: SourceCounts) => REQUEST_SOURCES.reduce((n, k) => n + s[k], 0);

/** A CSV field: quoted, quotes doubled, and formula-looking text defused for Excel. */
function csv(value: unknown): string {
  let s = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}
const fmt = (d?: Date) => (d ? shanghaiMinute(d) : '');

const exportRequests = route(api.stats.exportRequests, async ({ user, community, query, now }) => {
  // The words of a request through the visibility rule too: street staff export the community's figures, but read
  // the text only of the requests they handle (those escalated to the street).
  const actor = { userId: user._id, roles: community.roles, gridIds: community.membership?.gridIds ?? [] };
  const { from, to } = period(query, now);
  const filter: Record<string, unknown> = { createdAt: { $gte: from, $lt: to } };
  if (query.status) filter.status = query.status;
  if (query.category) filter.category = query.category;
  if (query.gridId) filter.gridId = new Types.ObjectId(query.gridId);
  // Requests from before sources have none stored: they are residents'.
  if (query.source) filter.source = query.source === 'resident' ? { $in: ['resident', null] } : query.source;
  const [docs, grids, buildings] = await Promise.all([
    community.scope.find(RequestModel, filter).sort({ createdAt: -1 }).limit(50_000).select({ timeline: 0, outbox: 0, followers: 0 }).lean(),
    community.scope.find(GridModel).lean(),
    community.scope.find(BuildingModel).lean(),
  ]);
  const gridName = new Map(grids.map((g) => [String(g._id), g.name]));
  const buildingName = new Map(buildings.map((b) => [String(b._id), b.name]));
  const header = ['编号', '提交时间', '类别', '标题', '描述', '状态', '层级', '紧急程度', '网格', '楼栋', '首次响应时间', '响应', '办结时间', '满意度', '评分', '我也遇到', '来源', '就地办结'];
  const outcome = { pending: '待响应', on_time: '按时', late: '超时', overdue: '超时未响应' } as Record<string, string>;
  const rows = docs.map((d) => {
    const last = d.ratings[d.ratings.length - 1];
    const text = sees(audienceOf({ kind: 'member', actor }, d), 'text');
    return [
      String(d._id),
      fmt(d.createdAt),
      REQUEST_CATEGORY_LABELS[d.category],
      text ? (d.title ?? '') : '',
      text ? d.description || (d.voiceKey ? '（语音诉求，请在小程序中收听）' : '') : '（不公开）',
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
      REQUEST_SOURCE_LABELS[d.source ?? 'resident'],
      d.resolvedOnSpot ? '是' : '',
    ]
      .map(csv)
      .join(',');
  });
  // The BOM makes Excel read the file as UTF-8 (Chinese would be garbled otherwise); CRLF as Excel expects.
  return '\uFEFF' + [header.map(csv).join(','), ...rows].join('\r\n') + '\r\n';
});

// Issue 19: 考核排名 and 每月一题 are served by the same function (their routes are in rankings.ts and hotspots.ts).
export const handler = apiHandler([requestStats, exportRequests, ...rankingRoutes, ...hotspotRoutes]);
