import { ratesOfSums } from './request.rules';
import type { RankingKey, RankingRow } from './ranking.schema';

/**
 * The sums 考核排名 reads for a community or a grid: the 三率 counters (request-stats, 居民反映 only, as the board)
 * plus resolutions by the deadline, requests sent back at least once (退单) and requests given at least one extension.
 */
export interface RequestRankingSums {
  total: number;
  eligible: number;
  resolved: number;
  onTime: number;
  late: number;
  overdue: number;
  ratings: number;
  satisfied: number;
  resolvedOnTime: number;
  sentBack: number;
  extended: number;
}

/**
 * The sums for a unit, over its dispatches of the month (recalled ones left out: taking a dispatch back is the
 * dispatcher's doing): acknowledged in time, resolved (lead) and by the deadline, sent back, extended, and the
 * communities' ratings of its handling (their number, their scores' sum, how many were 4 or 5).
 */
export interface UnitRankingSums {
  dispatches: number;
  ackOnTime: number;
  resolved: number;
  resolvedOnTime: number;
  sentBack: number;
  extended: number;
  rated: number;
  ratingScore: number;
  /** Ratings of 4 or 5 (满意). */
  satisfiedRatings: number;
}

type Figures = Omit<RankingRow, 'key' | 'label' | 'detail' | 'rank'>;

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);

/**
 * A community's or grid's figures: the 三率 as the board computes them; 按期办结率 = resolved by the deadline ÷
 * resolved; 退单率 and 延期率 = requests sent back / extended ÷ valid requests (有效诉求).
 */
export function requestRankingFigures(s: RequestRankingSums): Figures {
  const rates = ratesOfSums(s);
  return {
    total: s.total,
    ...rates,
    onTimeRate: ratio(s.resolvedOnTime, s.resolved),
    sendBackRate: ratio(s.sentBack, s.eligible),
    extensionRate: ratio(s.extended, s.eligible),
    ratingAverage: null,
    counts: {
      responded: s.onTime,
      due: s.onTime + s.late + s.overdue,
      resolved: s.resolved,
      eligible: s.eligible,
      satisfied: s.satisfied,
      ratings: s.ratings,
      resolvedOnTime: s.resolvedOnTime,
      sentBack: s.sentBack,
      extended: s.extended,
      unitRatings: 0,
    },
  };
}

/**
 * A unit's figures over its dispatches: 响应率 = acknowledged (签收) in time ÷ dispatches; 解决率 = resolved ÷
 * dispatches; 按期办结率 = resolved by the deadline ÷ resolved; 退单率, 延期率 ÷ dispatches; 满意率 = the
 * communities' ratings of 4–5 ÷ ratings; 社区评价 their average, one decimal.
 */
export function unitRankingFigures(s: UnitRankingSums): Figures {
  return {
    total: s.dispatches,
    responseRate: ratio(s.ackOnTime, s.dispatches),
    resolutionRate: ratio(s.resolved, s.dispatches),
    satisfactionRate: ratio(s.satisfiedRatings, s.rated),
    onTimeRate: ratio(s.resolvedOnTime, s.resolved),
    sendBackRate: ratio(s.sentBack, s.dispatches),
    extensionRate: ratio(s.extended, s.dispatches),
    ratingAverage: s.rated > 0 ? Math.round((s.ratingScore / s.rated) * 10) / 10 : null,
    counts: {
      responded: s.ackOnTime,
      due: s.dispatches,
      resolved: s.resolved,
      eligible: s.dispatches,
      satisfied: s.satisfiedRatings,
      ratings: s.rated,
      resolvedOnTime: s.resolvedOnTime,
      sentBack: s.sentBack,
      extended: s.extended,
      unitRatings: s.rated,
    },
  };
}

/** 退单率 and 延期率 are better low; every other figure better high. */
const RANKING_LOWER_IS_BETTER: Readonly<Record<RankingKey, boolean>> = {
  responseRate: false,
  resolutionRate: false,
  satisfactionRate: false,
  onTimeRate: false,
  sendBackRate: true,
  extensionRate: true,
  ratingAverage: false,
};

/**
 * Orders rows by one figure, best first, and gives each its place: equal figures share a place and the next
 * one skips (1, 1, 3 — 并列); rows without the figure (nothing to count yet) come last, unranked. Among equals,
 * the one with more requests first, then by name, so the order is stable.
 */
export function rankRows<R extends Omit<RankingRow, 'rank'>>(rows: readonly R[], key: RankingKey): (R & { rank: number | null })[] {
  const lower = RANKING_LOWER_IS_BETTER[key];
  const value = (r: R) => r[key];
  const sorted = [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null && vb === null) return b.total - a.total || a.label.localeCompare(b.label, 'zh');
    if (va === null) return 1;
    if (vb === null) return -1;
    if (va !== vb) return lower ? va - vb : vb - va;
    return b.total - a.total || a.label.localeCompare(b.label, 'zh');
  });
  let place = 0;
  let previous: number | null = null;
  return sorted.map((r, i) => {
    const v = value(r);
    if (v === null) return { ...r, rank: null };
    if (previous === null || v !== previous) place = i + 1;
    previous = v;
    return { ...r, rank: place };
  });
}

/** The month before `month` (`YYYY-MM`). */
export function previousMonthOf(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** How a cluster moved since last month: new (none then), up, down or the same. */
export function hotspotTrend(count: number, previousCount: number): 'up' | 'down' | 'same' | 'new' {
  if (previousCount === 0) return 'new';
  return count > previousCount ? 'up' : count < previousCount ? 'down' : 'same';
}

/** Requests at one spot in a month that make a recurring problem (每月一题 lists no single complaints). */
export const HOTSPOT_MIN_REQUESTS = 2;

/** The key of a 每月一题 cluster: category × building, or × the marked place when there is no building. */
export function hotspotKey(category: string, buildingId?: string | null, place?: string | null): string {
  if (buildingId) return `${category}~b:${buildingId}`;
  const spot = place?.trim();
  return spot ? `${category}~p:${spot}` : `${category}~none`;
}

/** A figure of a ranking for people: rates as percentages (one decimal), 社区评价 as x.x分, — when there is none. */
export function formatRankingValue(key: RankingKey, value: number | null): string {
  if (value === null) return '—';
  if (key === 'ratingAverage') return `${value.toFixed(1)}分`;
  return `${Math.round(value * 1000) / 10}%`;
}
