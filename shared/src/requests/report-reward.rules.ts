import type { RequestSource } from './request.schema';
import type { ReportRewardSettings } from './report-reward.schema';

/**
 * The sources whose reporter may earn 随手拍奖励: a resident's own report and a 流动网格员's. Never a patrol finding
 * (finding problems is the grid worker's job, not a favour to the community).
 */
export const REWARDED_SOURCES: readonly RequestSource[] = ['resident', 'mobile_grid'];

/** What decides whether resolving a request decides a reward. */
export interface ReportRewardCase {
  /** Who brought it in; absent on requests from before sources (居民反映). */
  source?: RequestSource | null;
  /**
   * The reporter has an account the points can go to. Not so for 代办 (filed for a resident without the app, by
   * someone who was doing their job). Anonymous reporters do have one: anonymity hides their name from neighbours,
   * not from their own passbook.
   */
  hasFiler: boolean;
  /** Filed on someone's behalf (代办). */
  onBehalf: boolean;
  /** Who resolves it filed it (a staff member or grid worker who reported as a resident): nobody rewards themselves. */
  resolverIsFiler: boolean;
  /** An earlier resolution already decided the reward: a request earns once, whatever happens to it afterwards. */
  decided: boolean;
}

/**
 * Whether resolving this request now decides a reward (the handler is shown the toggle). Only the filer earns: a
 * neighbour who said 我也遇到 follows the request and earns nothing (the first reporter only), and a request closed
 * as a duplicate or rejected is never resolved, so it never earns either.
 */
export function reportRewardApplies(settings: ReportRewardSettings, c: ReportRewardCase): boolean {
  return settings.enabled && REWARDED_SOURCES.includes(c.source ?? 'resident') && c.hasFiler && !c.onBehalf && !c.resolverIsFiler && !c.decided;
}

/** What a resolution records of the reward: nothing to decide, declined by the handler, or valid with what it offers. */
export type ReportRewardDecision = null | { valid: false } | { valid: true; offered: number; monthlyCap: number };

/**
 * The handler's answer to 有效举报 (on unless they turn it off) recorded with the resolution: the points per report
 * and the monthly cap in force now go with it, so a reward credited later (repair) is the one the handler saw.
 */
export function reportRewardDecision(settings: ReportRewardSettings, c: ReportRewardCase, valid = true): ReportRewardDecision {
  if (!reportRewardApplies(settings, c)) return null;
  return valid ? { valid: true, offered: settings.pointsPerReport, monthlyCap: settings.monthlyCap } : { valid: false };
}

/**
 * Points a valid report earns when the reporter already received `earnedThisMonth` this calendar month: the full
 * reward within the cap, the remainder up to the cap when it would go over (the cap is reached exactly, and the
 * report that reaches it is not worth less than nothing), 0 once the cap is reached.
 */
export function reportRewardPoints(pointsPerReport: number, monthlyCap: number, earnedThisMonth: number): number {
  return Math.max(0, Math.min(pointsPerReport, monthlyCap - Math.max(0, earnedThisMonth)));
}

/** Points for one report under `settings`: 0 when rewards are off, the source never earns or the report is not valid. */
export function reportReward(settings: ReportRewardSettings, source: RequestSource | null | undefined, earnedThisMonth: number, valid: boolean): number {
  if (!settings.enabled || !valid || !REWARDED_SOURCES.includes(source ?? 'resident')) return 0;
  return reportRewardPoints(settings.pointsPerReport, settings.monthlyCap, earnedThisMonth);
}
