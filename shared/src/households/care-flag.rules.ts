import { startOfShanghaiDay } from '../common/time';
import type { CareFlag, CareVisitIntervals, VisitState } from './care-flag.schema';

// When a flagged household is due for its next visit (关爱探访), in Asia/Shanghai calendar days.

const DAY_MS = 86_400_000;
/** A visit is "due soon" from this many days before its due day. */
export const DUE_SOON_DAYS = 2;

/** Days between visits of a household: the shortest interval among its flags; null without flags. */
export function visitInterval(flags: readonly CareFlag[], intervals: CareVisitIntervals): number | null {
  return flags.length ? Math.min(...flags.map((f) => intervals[f])) : null;
}

/**
 * The next visit: due on the Shanghai day `interval` days after the day of the last visit (`dueAt` is that day's
 * start). Overdue once that day has passed; due soon from DUE_SOON_DAYS before it through the day itself. Never
 * visited: due at once (no `dueAt`).
 */
export function visitDue(lastVisitAt: Date | undefined, interval: number, now: Date): { dueAt?: Date; state: VisitState } {
  if (!lastVisitAt) return { state: 'never_visited' };
  const dueAt = new Date(startOfShanghaiDay(lastVisitAt).getTime() + interval * DAY_MS);
  const today = startOfShanghaiDay(now).getTime();
  if (today > dueAt.getTime()) return { dueAt, state: 'overdue' };
  if (today >= dueAt.getTime() - DUE_SOON_DAYS * DAY_MS) return { dueAt, state: 'due_soon' };
  return { dueAt, state: 'ok' };
}

/**
 * The instant the due list sorts a flagged household by (ascending: the longest waiting first): the due day of the
 * next visit, or for a household never visited the time it was first flagged (waiting since then).
 */
export function careSortKey(lastVisitAt: Date | undefined, interval: number, flaggedSince: Date): Date {
  return lastVisitAt ? visitDue(lastVisitAt, interval, lastVisitAt).dueAt! : flaggedSince;
}
