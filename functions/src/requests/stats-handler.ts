import { Types } from 'mongoose';
import {
  REQUEST_CATEGORY_LABELS,
  REQUEST_STATUS_LABELS,
  REQUEST_LEVEL_LABELS,
  URGENCY_LABELS,
  api,
  computeRates,
  SHANGHAI_OFFSET_MS,
  shanghaiDate,
  shanghaiMinute,
  statsFigures,
  type RequestCategory,
  type StatsBucket,
} from '@linli/shared';
import { apiHandler, route } from '../api';
import { validationFailed } from '../lib/errors';
import { GridModel, BuildingModel } from '../communities/community.model';
import { RequestModel } from './request.model';
import { audienceOf, sees } from './request.visibility';
import { RequestStatsModel, addCounters, emptyCounters, statsKey, type Counters } from './request-stats';

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

/**
 * 三率 for a community over whole months (a request counts in the month it was filed, Asia/Shanghai): the
 * counters of request-stats, one document per month read by `_id` — the cost does not depend on how many
 * requests there are. A missed first-response deadline counts from the next run of the deadline job.
 */
const requestStats = route(api.stats.requests, async ({ community, query, now }) => {
  const { fromDay, toDay } = period(query, now);
  const months = monthsBetween(fromDay, toDay);
  // One lookup by _id per month, in parallel: the only filter every engine answers from its key.
  const [docs, grids] = await Promise.all([
    Promise.all(months.map((m) => RequestStatsModel.findById(statsKey(community.communityId, m), { cells: 1, month: 1 }).lean())),
    community.scope.find(GridModel).select({ name: 1 }).lean(),
  ]);
  const gridName = new Map(grids.map((g) => [String(g._id), g.name]));
  const all = emptyCounters();
  const byCategory = new Map<string, Counters>();
  const byGrid = new Map<string, Counters>();
  const byMonth = new Map<string, Counters>();
  const into = (map: Map<string, Counters>, k: string) => map.get(k) ?? map.set(k, emptyCounters()).get(k)!;
  for (const doc of docs) {
    if (!doc) continue;
    for (const [cell, c] of Object.entries(doc.cells ?? {})) {
      if (!c.total) continue; // a cell every request left (its grid or category changed)
      const [category, grid] = cell.split('~') as [string, string];
      addCounters(all, c);
      addCounters(into(byCategory, category), c);
      addCounters(into(byGrid, grid), c);
      addCounters(into(byMonth, doc.month), c);
    }
  }
  const toBuckets = (map: Map<string, Counters>, label: (k: string) => string, byKey = false): StatsBucket[] =>
    [...map.entries()]
      .map(([k, c]) => ({ key: k, label: label(k), total: c.total, ...ratesOf(c) }))
      .sort((a, b) => (byKey ? a.key.localeCompare(b.key) : b.total - a.total));
  const avg = (sum: number, n: number) => (n ? Math.round((sum / n) * 10) / 10 : null);
  const figures = statsFigures(all);
  return {
    from: `${months[0]}-01`,
    to: lastDayOf(months[months.length - 1]!),
    total: all.total,
    responseRate: figures.responseRate,
    resolutionRate: figures.resolutionRate,
    satisfactionRate: figures.satisfactionRate,
    avgFirstResponseHours: avg(all.respHours, all.respCount),
    avgResolveHours: avg(all.resolveHours, all.resolveCount),
    // Issue 15: what each rate counts and what is pending, and averages in minutes (additive fields).
    counts: figures.counts,
    avgFirstResponseMinutes: figures.avgFirstResponseMinutes,
    avgResolveMinutes: figures.avgResolveMinutes,
    byCategory: toBuckets(byCategory, (k) => REQUEST_CATEGORY_LABELS[k as RequestCategory] ?? k),
    byGrid: toBuckets(byGrid, (k) => gridName.get(k) ?? '未分网格'),
    byMonth: toBuckets(byMonth, (k) => `${k.slice(0, 4)}年${Number(k.slice(5))}月`, true),
  };
});

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
    ]
      .map(csv)
      .join(',');
  });
  // The BOM makes Excel read the file as UTF-8 (Chinese would be garbled otherwise); CRLF as Excel expects.
  return '\uFEFF' + [header.map(csv).join(','), ...rows].join('\r\n') + '\r\n';
});

export const handler = apiHandler([requestStats, exportRequests]);
