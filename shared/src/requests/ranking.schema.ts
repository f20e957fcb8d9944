import * as z from 'zod';
import { lineText, multilineText } from '../common/text';
import { Id } from '../common/ids';
import { RequestCategory } from './request.schema';

/** A month of the Asia/Shanghai calendar, `YYYY-MM`. */
const RankingMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');

/** What 考核排名 ranks: the street's communities, grids, or the units (单位) serving it. */
export const RANKING_SUBJECTS = ['community', 'grid', 'unit'] as const;
export const RankingSubject = z.enum(RANKING_SUBJECTS);
export type RankingSubject = z.infer<typeof RankingSubject>;
export const RANKING_SUBJECT_LABELS: Record<RankingSubject, string> = { community: '社区', grid: '网格', unit: '单位' };

/**
 * The figures a ranking orders by. The first four are better higher, 退单率 and 延期率 lower; 单位评价 is the
 * communities' average rating (1–5) of a unit's handling (units only).
 */
const RANKING_KEYS = ['responseRate', 'resolutionRate', 'satisfactionRate', 'onTimeRate', 'sendBackRate', 'extensionRate', 'ratingAverage'] as const;
export const RankingKey = z.enum(RANKING_KEYS);
export type RankingKey = z.infer<typeof RankingKey>;
export const RANKING_KEY_LABELS: Record<RankingKey, string> = {
  responseRate: '响应率',
  resolutionRate: '解决率',
  satisfactionRate: '满意率',
  onTimeRate: '按期办结率',
  sendBackRate: '退单率',
  extensionRate: '延期率',
  ratingAverage: '社区评价',
};

export const RankingQuery = z
  .object({
    /** Default: this month. */
    month: RankingMonth.optional(),
    of: RankingSubject.default('community'),
    /** The figure rows are ranked by (default 解决率). */
    sort: RankingKey.optional(),
  })
  .strict();
export type RankingQuery = z.input<typeof RankingQuery>;

const Rate = z.number().min(0).max(1).nullable();
const Count = z.number().int();

/** One ranked community, grid or unit: its figures, what they count, and its place by the chosen figure. */
export const RankingRow = z.object({
  key: z.string(),
  label: z.string(),
  /** The community a grid belongs to, or the unit's type (物业, 城管…). */
  detail: z.string().optional(),
  /** 1 for the best; equal figures share a place; null when the row has nothing to rank by. */
  rank: z.number().int().nullable(),
  /** Requests (communities, grids: 居民反映 filed in the month) or dispatches (units: dispatched in the month). */
  total: Count,
  responseRate: Rate,
  resolutionRate: Rate,
  satisfactionRate: Rate,
  onTimeRate: Rate,
  sendBackRate: Rate,
  extensionRate: Rate,
  /** Units only: the communities' average rating of its handling (1–5, one decimal); null without ratings. */
  ratingAverage: z.number().nullable(),
  counts: z.object({
    responded: Count,
    due: Count,
    resolved: Count,
    eligible: Count,
    satisfied: Count,
    ratings: Count,
    resolvedOnTime: Count,
    sentBack: Count,
    extended: Count,
    unitRatings: Count,
  }),
});
export type RankingRow = z.infer<typeof RankingRow>;

export const Rankings = z.object({
  month: RankingMonth,
  of: RankingSubject,
  sort: RankingKey,
  /** 'street': every community of the caller's street (street staff); 'community': the caller's community (staff). */
  scope: z.enum(['street', 'community']),
  scopeName: z.string(),
  rows: z.array(RankingRow),
});
export type Rankings = z.infer<typeof Rankings>;

// ---- 每月一题 ----

export const HotspotQuery = z.object({ month: RankingMonth.optional() }).strict();

/**
 * A recurring problem of the month: the requests of one category at one building (or one marked place, for those
 * with no building), with last month's number at the same spot for the trend.
 */
export const Hotspot = z.object({
  key: z.string(),
  category: RequestCategory,
  categoryLabel: z.string(),
  buildingId: Id.optional(),
  place: z.string().optional(),
  /** The building's name or the place, 未注明地点 when neither is known. */
  where: z.string(),
  count: Count,
  previousCount: Count,
  trend: z.enum(['up', 'down', 'same', 'new']),
  requestIds: z.array(Id),
});
export type Hotspot = z.infer<typeof Hotspot>;

export const Hotspots = z.object({ month: RankingMonth, previousMonth: RankingMonth, items: z.array(Hotspot) });
export type Hotspots = z.infer<typeof Hotspots>;

const HOTSPOT_ACTIONS = ['consultation', 'proactive'] as const;
export const HOTSPOT_ACTION_LABELS: Record<(typeof HOTSPOT_ACTIONS)[number], string> = { consultation: '发起议事', proactive: '主动治理' };

/** Turn a cluster into a 议事 topic (community-wide discussion) or a 主动治理 task (a request of source proactive). */
export const HotspotActInput = z
  .object({
    month: RankingMonth,
    category: RequestCategory,
    buildingId: Id.optional(),
    place: lineText('地点').max(100).optional(),
    as: z.enum(HOTSPOT_ACTIONS),
    title: lineText('标题').min(4, '标题至少4个字').max(40, '标题最多40个字'),
    description: multilineText('说明').min(10, '说明至少10个字').max(1000, '说明最多1000个字'),
  })
  .strict()
  .refine((b) => !(b.buildingId && b.place), { message: '楼栋和地点只能选一个', path: ['place'] });
export type HotspotActInput = z.infer<typeof HotspotActInput>;

export const HotspotActResult = z.object({
  as: z.enum(HOTSPOT_ACTIONS),
  /** The topic (consultations) or the request created. */
  id: Id,
  /** The requests it was made from. */
  fromRequestIds: z.array(Id),
});
export type HotspotActResult = z.infer<typeof HotspotActResult>;
