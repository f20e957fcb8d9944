import { ratesOfSums, type Rates } from './request.rules';
import { REQUEST_SOURCES, type RequestSource } from './request.schema';
import type { SourceCounts, StatsCounts } from './stats.schema';

/**
 * The sums the 三率 counters keep (functions/src/requests/request-stats.ts, one field each), over any set of
 * requests: the board's figures are computed from these alone.
 */
export interface StatsSums {
  total: number;
  /** All but rejected, withdrawn and duplicates. */
  eligible: number;
  /** Resolved or closed. */
  resolved: number;
  /** First staff action within the response deadline. */
  onTime: number;
  /** First staff action after it. */
  late: number;
  /** Response deadline passed (as the deadline job found) with no staff action. */
  overdue: number;
  ratings: number;
  satisfied: number;
  respHours: number;
  respCount: number;
  resolveHours: number;
  resolveCount: number;
  /** Finished with no staff action ever (withdrawn before an answer): never waits for one. */
  closedUnanswered: number;
  /** Resolved and not rated since (a rating closes or reopens the request). */
  awaitingRating: number;
  /** 就地办结: findings accepted and resolved by their finder when filed. */
  onSpot: number;
  /** 回访 counted for 满意率 (no in-app rating): how many of `ratings`, and of `satisfied`. */
  callBackRatings?: number;
  callBackSatisfied?: number;
  /** Requests with at least one approved extension (延期). */
  extended?: number;
}

export interface StatsFigures extends Rates {
  /** 延期率: requests with at least one approved extension ÷ eligible requests. */
  extensionRate: number | null;
  counts: StatsCounts;
  avgFirstResponseMinutes: number | null;
  avgResolveMinutes: number | null;
}

const nonNegative = (n: number) => Math.max(0, n);
const minutesOf = (hours: number, n: number) => (n > 0 ? Math.round(((hours * 60) / n) * 10) / 10 : null);

/**
 * The board's figures from the sums: the 三率, what each counts and what is pending, average times in minutes.
 * Pending answers are derived (total − answered − overdue − closed unanswered), never below zero.
 */
export function statsFigures(s: StatsSums): StatsFigures {
  const rates = ratesOfSums(s);
  return {
    ...rates,
    extensionRate: s.eligible > 0 ? (s.extended ?? 0) / s.eligible : null,
    counts: {
      respondedOnTime: s.onTime,
      respondedLate: s.late,
      overdueUnresponded: s.overdue,
      pendingResponse: nonNegative(s.total - s.onTime - s.late - s.overdue - s.closedUnanswered),
      resolved: s.resolved,
      eligible: s.eligible,
      unresolved: nonNegative(s.eligible - s.resolved),
      satisfied: s.satisfied,
      ratings: s.ratings,
      awaitingRating: s.awaitingRating,
      callBackRatings: s.callBackRatings ?? 0,
      extended: s.extended ?? 0,
    },
    avgFirstResponseMinutes: minutesOf(s.respHours, s.respCount),
    avgResolveMinutes: minutesOf(s.resolveHours, s.resolveCount),
  };
}

/** The sources whose requests were found by the community's own people (主动发现), not brought by residents. */
export const PROACTIVE_SOURCES: readonly RequestSource[] = ['patrol', 'mobile_grid'];

/** Nothing of any source yet. */
export const emptySourceCounts = (): SourceCounts => ({ resident: 0, patrol: 0, mobile_grid: 0, proactive: 0 });

/**
 * 主动发现率 (the seeds' "over 60% found and reported by grid workers at the front line"): requests found by grid
 * workers on patrol and by 流动网格员 ÷ all requests; null when there are none. 主动治理 tasks (issue 19) are left out of
 * both: each is opened from residents' requests already counted, not a problem found.
 */
export function proactiveRate(sources: SourceCounts): number | null {
  const all = REQUEST_SOURCES.reduce((n, s) => n + (s === 'proactive' ? 0 : sources[s]), 0);
  return all > 0 ? PROACTIVE_SOURCES.reduce((n, s) => n + sources[s], 0) / all : null;
}

/** A rate as a percentage with at most one decimal; — when there is nothing to count yet. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}

/** A duration for people: 不到1分钟, N分钟 under an hour, else hours with one decimal; — when there is none. */
export function formatDuration(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes < 1) return '不到1分钟';
  const whole = Math.round(minutes);
  if (whole < 60) return `${whole}分钟`;
  return `${Math.round(minutes / 6) / 10}小时`;
}

/** One rate of the board with what it counts (basis, detail) and what is pending; null when there is nothing to say. */
export interface RateExplanation {
  key: 'responseRate' | 'resolutionRate' | 'satisfactionRate';
  name: string;
  value: string;
  basis: string;
  detail: string | null;
  pending: string | null;
}

/** The words beside each of the 三率: what it counts and what is not counted yet. */
export function rateExplanations(f: Pick<StatsFigures, 'responseRate' | 'resolutionRate' | 'satisfactionRate' | 'counts'>): RateExplanation[] {
  const c = f.counts;
  const due = c.respondedOnTime + c.respondedLate + c.overdueUnresponded;
  const lateParts = [c.respondedLate ? `超时响应 ${c.respondedLate}` : '', c.overdueUnresponded ? `超时未响应 ${c.overdueUnresponded}` : ''].filter(Boolean);
  return [
    {
      key: 'responseRate',
      name: '响应率',
      value: formatRate(f.responseRate),
      basis: `按时响应 ${c.respondedOnTime} / 应响应 ${due}`,
      detail: lateParts.length ? lateParts.join('，') : null,
      pending: c.pendingResponse ? `待响应 ${c.pendingResponse}，未超时` : null,
    },
    {
      key: 'resolutionRate',
      name: '解决率',
      value: formatRate(f.resolutionRate),
      basis: `已办结 ${c.resolved} / 有效诉求 ${c.eligible}`,
      detail: '不含不予受理和撤回',
      pending: c.unresolved ? `办理中 ${c.unresolved}` : null,
    },
    {
      key: 'satisfactionRate',
      name: '满意率',
      value: formatRate(f.satisfactionRate),
      basis: `满意 ${c.satisfied} / 评价 ${c.ratings}`,
      detail: c.callBackRatings ? `满意和基本满意都计入，含电话回访 ${c.callBackRatings} 条` : '满意和基本满意都计入',
      pending: c.awaitingRating ? `待评价 ${c.awaitingRating}` : null,
    },
  ];
}
