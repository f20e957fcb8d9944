import * as z from 'zod';
import { Id } from '../common/ids';
import { lineText } from '../common/text';

/**
 * 关爱标记: why staff put a household on the visit list. Sensitive personal information (PIPL art. 28: health,
 * age, income): only staff and the grid's workers see it, every read is audited (README 住户名册).
 */
export const CARE_FLAGS = ['living_alone', 'elderly', 'disabled', 'low_income', 'other'] as const;
export const CareFlag = z.enum(CARE_FLAGS);
export type CareFlag = z.infer<typeof CareFlag>;
export const CARE_FLAG_LABELS: Record<CareFlag, string> = {
  living_alone: '独居老人',
  elderly: '高龄',
  disabled: '残疾',
  low_income: '低保/困难',
  other: '其他',
};

/** Days between visits per flag, set by the community's admin (1–365 days). */
const days = z.number().int('请输入整数天数').min(1, '探访间隔至少1天').max(365, '探访间隔最多365天');
export const CareVisitIntervals = z.object({ living_alone: days, elderly: days, disabled: days, low_income: days, other: days }).strict();
export type CareVisitIntervals = z.infer<typeof CareVisitIntervals>;
export const DEFAULT_CARE_VISIT_INTERVALS: CareVisitIntervals = { living_alone: 7, elderly: 14, disabled: 14, low_income: 30, other: 30 };

/** Setting a flag: with an optional note on what the visitor should know (行动不便, 听力不好). */
export const SetCareFlagInput = z.object({ note: lineText('说明').min(1, '说明不能为空').max(30, '说明最多30个字').optional() }).strict();
export type SetCareFlagInput = z.infer<typeof SetCareFlagInput>;
export const CareFlagParams = z.object({ householdId: Id, flag: CareFlag }).strict();

export const CareFlagView = z.object({ flag: CareFlag, note: z.string().optional(), setAt: z.string() });
export type CareFlagView = z.infer<typeof CareFlagView>;

/**
 * Where a flagged household stands for its next visit: `never_visited` (due at once), `overdue` (the due day has
 * passed), `due_soon` (the due day is today or within DUE_SOON_DAYS), `ok`.
 */
export const VISIT_STATES = ['never_visited', 'overdue', 'due_soon', 'ok'] as const;
export const VisitState = z.enum(VISIT_STATES);
export type VisitState = z.infer<typeof VisitState>;
export const VISIT_STATE_LABELS: Record<VisitState, string> = { never_visited: '尚未探访', overdue: '已逾期', due_soon: '即将到期', ok: '未到期' };

export const CareVisitView = z.object({
  /** Days between visits: the shortest among the household's flags. */
  intervalDays: z.number().int(),
  lastVisitAt: z.string().optional(),
  /** Start of the Asia/Shanghai day the next visit is due (absent when never visited: due now). */
  dueAt: z.string().optional(),
  state: VisitState,
});
export type CareVisitView = z.infer<typeof CareVisitView>;

export const HouseholdDueQuery = z
  .object({
    gridId: Id.optional(),
    /** The due key (`<due ms, 15 digits>_<household id>`) of the last item of the previous page. */
    cursor: z.string().regex(/^\d{15}_[0-9a-f]{24}$/).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type HouseholdDueQuery = z.output<typeof HouseholdDueQuery>;
