import * as z from 'zod';

/**
 * 随手拍有奖, per community (社区设置): whether valid first reports earn points, how many each, and how many one
 * reporter may receive in a calendar month (Asia/Shanghai). Off by default; communities whose settings predate the
 * key read DEFAULT_REPORT_REWARDS.
 */
export const ReportRewardSettings = z
  .object({
    enabled: z.boolean(),
    pointsPerReport: z.number().int('积分须为整数').min(1, '每条奖励至少1积分').max(1000, '每条奖励最多1000积分'),
    monthlyCap: z.number().int('积分须为整数').min(1, '每月上限至少1积分').max(100000, '每月上限最多100000积分'),
  })
  .strict()
  // A cap below one reward would pay every report short: say so instead.
  .refine((s) => s.monthlyCap >= s.pointsPerReport, { path: ['monthlyCap'], message: '每月上限不能少于每条奖励的积分' });
export type ReportRewardSettings = z.infer<typeof ReportRewardSettings>;

/** Modest numbers, as in the cities that do it (10 points a valid report, at most 10 a month). */
export const DEFAULT_REPORT_REWARDS: ReportRewardSettings = { enabled: false, pointsPerReport: 10, monthlyCap: 100 };

/**
 * Where a request's reward stands, decided at its first resolution: `declined` (the handler judged it not a valid
 * report), `pending` (valid, the points not yet in the reporter's passbook: a moment, or until repair finishes a
 * posting a crash interrupted), `credited` (in the passbook; possibly fewer points than offered, up to the monthly
 * cap), `capped` (valid, but the reporter had already received the month's cap: nothing credited).
 */
export const REPORT_REWARD_STATUSES = ['pending', 'credited', 'capped', 'declined'] as const;
export const ReportRewardStatus = z.enum(REPORT_REWARD_STATUSES);
export type ReportRewardStatus = z.infer<typeof ReportRewardStatus>;

export const REPORT_REWARD_STATUS_LABELS: Record<ReportRewardStatus, string> = {
  pending: '奖励发放中',
  credited: '已发放',
  capped: '本月奖励已达上限',
  declined: '未给予奖励',
};

/** The reward of a request as its filer and handlers see it. */
export const ReportRewardView = z.object({
  status: ReportRewardStatus,
  /** Whether the handler confirmed it a valid report (有效举报). */
  valid: z.boolean(),
  /** Points credited (credited), or offered while the posting is pending; 0 when declined or capped. */
  points: z.number().int(),
});
export type ReportRewardView = z.infer<typeof ReportRewardView>;

/** To a handler who may resolve the request now: resolving it decides a reward of this many points (the toggle). */
export const ReportRewardOffer = z.object({ points: z.number().int() });
export type ReportRewardOffer = z.infer<typeof ReportRewardOffer>;
