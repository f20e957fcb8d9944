import type { StarProgress } from './volunteer.schema';
import { SHANGHAI_OFFSET_MS } from '../common/time';

/** National practice: cumulative hours for 1★ … 5★ (communities may set lower local levels). */
export const DEFAULT_STAR_LEVELS = [100, 300, 600, 1000, 1500] as const;

/** Stars reached with `hours` of confirmed service: the number of levels at or below the hours. */
export function starsFor(hours: number, levels: readonly number[] = DEFAULT_STAR_LEVELS): number {
  let stars = 0;
  for (const need of levels) if (hours + 1e-9 >= need) stars++;
  return stars;
}

/** The next star and the hours still needed; null at the top level. */
export function nextStar(hours: number, levels: readonly number[] = DEFAULT_STAR_LEVELS): { stars: number; hoursNeeded: number } | null {
  const stars = starsFor(hours, levels);
  if (stars >= levels.length) return null;
  return { stars: stars + 1, hoursNeeded: roundHours(levels[stars]! - hours) };
}

/** Progress toward the next star: the hours between the level reached and the next one, and how much is done. */
export function starProgress(hours: number, levels: readonly number[] = DEFAULT_STAR_LEVELS): StarProgress {
  const stars = starsFor(hours, levels);
  const fromHours = stars > 0 ? levels[stars - 1]! : 0;
  if (stars >= levels.length) return { stars, fromHours, next: null, fraction: 1 };
  const atHours = levels[stars]!;
  // Rounded like the hours shown, so the bar and "还差 N 小时" never disagree; never quite full below the level.
  const done = Math.min(1, Math.max(0, (hours - fromHours) / (atHours - fromHours)));
  const fraction = Math.min(Math.round(done * 1000) / 1000, 0.999);
  return { stars, fromHours, next: { stars: stars + 1, atHours, hoursNeeded: roundHours(atHours - hours) }, fraction };
}

/** Hours are kept to 0.1 h. */
export function roundHours(h: number): number {
  return Math.round(h * 10) / 10;
}

/** An activity's duration in hours (0.1 h), the most anyone can be credited for it. */
export function activityHours(startAt: Date, endAt: Date): number {
  return Math.max(0, Math.floor(((endAt.getTime() - startAt.getTime()) / 3_600_000) * 10 + 1e-9) / 10);
}

/** Hours to credit: rounded to 0.1 h and capped at the activity's duration; null when not positive. */
export function creditedHours(requested: number, startAt: Date, endAt: Date): number | null {
  const h = Math.min(roundHours(requested), activityHours(startAt, endAt));
  return h > 0 ? h : null;
}

/** Points for hours: floor(hours × points per hour), an integer (computed in tenths to avoid 0.1 float drift). */
export function pointsFor(hours: number, pointsPerHour: number): number {
  return Math.floor((Math.round(hours * 10) * pointsPerHour) / 10 + 1e-9);
}

/** Suggested hours from check-in and check-out times (0.1 h, capped at the duration). */
export function suggestedHours(inAt: Date | undefined, outAt: Date | undefined, startAt: Date, endAt: Date): number | null {
  if (!inAt || !outAt || outAt <= inAt) return null;
  const from = Math.max(inAt.getTime(), startAt.getTime());
  const to = Math.min(outAt.getTime(), endAt.getTime());
  if (to <= from) return null;
  return creditedHours(Math.floor(((to - from) / 3_600_000) * 10) / 10, startAt, endAt);
}

/**
 * `days` working days after `from` (Monday–Friday in Asia/Shanghai; public holidays and their make-up days are
 * not modelled — a longer 公示 is the safe side).
 */
export function addWorkingDays(from: Date, days: number): Date {
  let t = from.getTime();
  let left = days;
  while (left > 0) {
    t += 86_400_000;
    const weekday = new Date(t + SHANGHAI_OFFSET_MS).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return new Date(t);
}

/** Days of public announcement (公示) before a new star is granted. */
export const STAR_PUBLICITY_WORKING_DAYS = 5;

/** Check-in codes rotate every window; a code is accepted in its window and the next (valid 30–60 s). */
export const CHECKIN_WINDOW_MS = 30_000;
export function checkinWindow(at: Date): number {
  return Math.floor(at.getTime() / CHECKIN_WINDOW_MS);
}
/** Windows whose code is accepted at `at`: the current one and the one before. */
export function acceptedWindows(at: Date): number[] {
  const w = checkinWindow(at);
  return [w, w - 1];
}
/** When the code of window `w` stops being accepted. */
export function windowExpiry(w: number): Date {
  return new Date((w + 2) * CHECKIN_WINDOW_MS);
}

/** Redemption codes expire after this many days unfulfilled (points refunded). */
export const REDEMPTION_DAYS = 30;

/** A volunteer shown anonymously on the leaderboard. */
export const ANONYMOUS_VOLUNTEER = '志愿者***';

/**
 * The order of the 积分超市: items in stock first, cheapest first — so what a person can afford comes before what
 * they cannot, whatever their balance — and sold-out items last. Stable for equal keys (newest first as listed).
 */
export function orderRewards<R extends { stock: number; cost: number }>(rewards: readonly R[]): R[] {
  return rewards
    .map((r, i) => ({ r, i }))
    .sort((a, b) => Number(a.r.stock <= 0) - Number(b.r.stock <= 0) || a.r.cost - b.r.cost || a.i - b.i)
    .map(({ r }) => r);
}
