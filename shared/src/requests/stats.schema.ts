import * as z from 'zod';
import { RequestCategory, RequestSource, RequestStatus } from './request.schema';
import { Id } from '../common/ids';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** Period of a statistics query: Asia/Shanghai calendar days, both inclusive. */
export const StatsQuery = z
  .object({ from: Day.optional(), to: Day.optional() })
  .strict();

const Rate = z.number().min(0).max(1).nullable();
const Count = z.number().int();

/** Requests by who brought them in (shared `REQUEST_SOURCES`), every source counted. */
export const SourceCounts = z.object({ resident: Count, patrol: Count, mobile_grid: Count, proactive: Count } satisfies Record<RequestSource, typeof Count>);
export type SourceCounts = z.infer<typeof SourceCounts>;

/**
 * One row of a breakdown (a category, a grid, a month). `total` and the 三率 count 居民反映 only, as the headline
 * does (findings resolved on the spot must not raise them); `sources` counts every source and `proactiveRate` is
 * 主动发现率 there: (巡查发现 + 流动网格员上报) ÷ all.
 */
export const StatsBucket = z.object({
  key: z.string(),
  label: z.string(),
  total: z.number().int(),
  responseRate: Rate,
  resolutionRate: Rate,
  satisfactionRate: Rate,
  sources: SourceCounts,
  proactiveRate: Rate,
});
export type StatsBucket = z.infer<typeof StatsBucket>;

/** What each rate counts and what is pending (issue 15): the words beside each rate come from these. */
export const StatsCounts = z.object({
  respondedOnTime: Count,
  respondedLate: Count,
  overdueUnresponded: Count,
  /** Not answered yet and not past the response deadline: not in 响应率 until either happens. */
  pendingResponse: Count,
  resolved: Count,
  eligible: Count,
  unresolved: Count,
  satisfied: Count,
  ratings: Count,
  /** Resolved, not rated yet. */
  awaitingRating: Count,
  /** Of `ratings` (and 满意率): call-backs counted where the resident gave no in-app rating (含电话回访 N 条). */
  callBackRatings: Count,
  /** Requests with at least one approved extension (延期率's numerator). */
  extended: Count,
});
export type StatsCounts = z.infer<typeof StatsCounts>;

/** The figures of one source on its own (巡查发现 are closed by their resolution and never rated: 满意率 —). */
export const SourceStats = z.object({
  key: RequestSource,
  label: z.string(),
  total: Count,
  responseRate: Rate,
  resolutionRate: Rate,
  satisfactionRate: Rate,
  counts: StatsCounts,
  /** 就地办结: accepted and resolved by the finder when filed. */
  resolvedOnSpot: Count,
});
export type SourceStats = z.infer<typeof SourceStats>;

/** Patrol coverage of one grid in one ISO week (Asia/Shanghai): buildings checked on its patrols ÷ its buildings. */
export const CoverageWeek = z.object({
  week: z.string(),
  gridId: Id,
  label: z.string(),
  checked: Count,
  buildings: Count,
  rate: Rate,
});
export type CoverageWeek = z.infer<typeof CoverageWeek>;

/**
 * The 三率 board. The headline (`total`, the rates, `counts`, the averages) and the breakdowns' rates count 居民反映
 * only: the demands residents brought, by which leaders are judged, not raised by findings resolved on the spot.
 * `sources`, `proactiveRate` and `bySource` give every source; `patrolCoverage` the buildings checked per week.
 */
export const RequestStats = z.object({
  from: z.string(),
  to: z.string(),
  total: z.number().int(),
  responseRate: Rate,
  resolutionRate: Rate,
  satisfactionRate: Rate,
  avgFirstResponseHours: z.number().nullable(),
  avgResolveHours: z.number().nullable(),
  /** 延期率: requests with at least one approved extension ÷ eligible requests (居民反映). */
  extensionRate: Rate,
  /** How many ratings came from 回访 (also `counts.callBackRatings`). */
  callBackRatings: Count,
  counts: StatsCounts,
  /** Averages in minutes (one decimal), so figures under an hour are not shown as 0 hours. */
  avgFirstResponseMinutes: z.number().nullable(),
  avgResolveMinutes: z.number().nullable(),
  byCategory: z.array(StatsBucket),
  byGrid: z.array(StatsBucket),
  byMonth: z.array(StatsBucket),
  /** Requests of every source in the period. */
  sources: SourceCounts,
  /** 主动发现率: (巡查发现 + 流动网格员上报) ÷ all requests. */
  proactiveRate: Rate,
  bySource: z.array(SourceStats),
  /** Per ISO week of the period begun so far (at most the last 53) and per grid. */
  patrolCoverage: z.array(CoverageWeek),
});
export type RequestStats = z.infer<typeof RequestStats>;

export const ExportQuery = z
  .object({
    from: Day.optional(),
    to: Day.optional(),
    status: RequestStatus.optional(),
    category: RequestCategory.optional(),
    gridId: Id.optional(),
    source: RequestSource.optional(),
  })
  .strict();
