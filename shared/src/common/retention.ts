import { SHANGHAI_OFFSET_MS, shanghaiDate } from './time';

/**
 * How long a visit (走访) and its follow-ups are kept after the visit's day, even while the household stays on the
 * register (README 走访, Retention): notes about people's lives are needed for the next visits, not for ever.
 */
export const VISIT_RETENTION_YEARS = 3;
/** How long an audit log entry is kept (README, Security): long enough to answer for any action or read, then deleted. */
export const AUDIT_RETENTION_YEARS = 3;

/**
 * The start (a UTC instant) of the Asia/Shanghai day `years` calendar years before `now`'s Shanghai day: a record
 * of an earlier day is past its retention, one of that day or later is kept. Counted in whole days so a visit's
 * day (`visitedOn`) and its stored instant (`visitedAt`, always within that day) agree on which side it falls.
 * 29 February goes back to 28 February in a year without one (kept a day longer rather than a day shorter).
 */
export function retentionCutoff(now: Date, years: number): Date {
  if (!Number.isInteger(years) || years < 1) throw new RangeError(`retention must be a whole number of years ≥ 1, not ${years}`);
  const [y, m, d] = shanghaiDate(now).split('-').map(Number) as [number, number, number];
  const year = y - years;
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate(); // day 0 of the next month: this month's last
  return new Date(Date.UTC(year, m - 1, Math.min(d, lastDay)) - SHANGHAI_OFFSET_MS);
}

/** Whether a record of instant `at` is past a retention of `years` at `now` (`retentionCutoff`). */
export function isPastRetention(at: Date, now: Date, years: number): boolean {
  return at.getTime() < retentionCutoff(now, years).getTime();
}
