import * as z from 'zod';
import { RequestCategory, RequestStatus } from './request.schema';
import { Id } from '../common/ids';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** Period of a statistics query: Asia/Shanghai calendar days, both inclusive. */
export const StatsQuery = z
  .object({ from: Day.optional(), to: Day.optional() })
  .strict();

const Rate = z.number().min(0).max(1).nullable();

export const StatsBucket = z.object({
  key: z.string(),
  label: z.string(),
  total: z.number().int(),
  responseRate: Rate,
  resolutionRate: Rate,
  satisfactionRate: Rate,
});
export type StatsBucket = z.infer<typeof StatsBucket>;

const Count = z.number().int();

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
});
export type StatsCounts = z.infer<typeof StatsCounts>;

export const RequestStats = z.object({
  from: z.string(),
  to: z.string(),
  total: z.number().int(),
  responseRate: Rate,
  resolutionRate: Rate,
  satisfactionRate: Rate,
  avgFirstResponseHours: z.number().nullable(),
  avgResolveHours: z.number().nullable(),
  counts: StatsCounts,
  /** Averages in minutes (one decimal), so figures under an hour are not shown as 0 hours. */
  avgFirstResponseMinutes: z.number().nullable(),
  avgResolveMinutes: z.number().nullable(),
  byCategory: z.array(StatsBucket),
  byGrid: z.array(StatsBucket),
  byMonth: z.array(StatsBucket),
});
export type RequestStats = z.infer<typeof RequestStats>;

export const ExportQuery = z
  .object({
    from: Day.optional(),
    to: Day.optional(),
    status: RequestStatus.optional(),
    category: RequestCategory.optional(),
    gridId: Id.optional(),
  })
  .strict();
