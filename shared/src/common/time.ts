/**
 * China Standard Time has no daylight saving: a fixed +08:00 offset. The one copy: servers and phones shift by hand
 * rather than rely on Intl time zones, which some WeChat JS engines lack.
 */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** Start of the Asia/Shanghai calendar day containing `at`, as a UTC instant. */
export function startOfShanghaiDay(at: Date): Date {
  const local = at.getTime() + SHANGHAI_OFFSET_MS;
  const dayStart = local - (((local % 86_400_000) + 86_400_000) % 86_400_000);
  return new Date(dayStart - SHANGHAI_OFFSET_MS);
}

/** Start of the Asia/Shanghai calendar month containing `at`, as a UTC instant. */
export function startOfShanghaiMonth(at: Date): Date {
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), 1) - SHANGHAI_OFFSET_MS);
}

/** `YYYY-MM-DD` of `at` in Asia/Shanghai. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:mm` of `at` in Asia/Shanghai (notices, exports). */
export function shanghaiMinute(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** Start of the Asia/Shanghai calendar year containing `at`, as a UTC instant. */
export function startOfShanghaiYear(at: Date): Date {
  return new Date(Date.UTC(new Date(at.getTime() + SHANGHAI_OFFSET_MS).getUTCFullYear(), 0, 1) - SHANGHAI_OFFSET_MS);
}

/** `YYYY-MM` of `at` in Asia/Shanghai. */
export function shanghaiMonth(at: Date): string {
  return shanghaiDate(at).slice(0, 7);
}

/** A deadline `hours` calendar hours after `from` (nights and weekends count). */
export function addCalendarHours(from: Date, hours: number): Date {
  return new Date(from.getTime() + hours * HOUR_MS);
}

const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

/**
 * The ISO week of `at` in Asia/Shanghai, `YYYY-Www`: weeks start on Monday, and week 1 is the one holding the
 * year's first Thursday (so 2026-12-31 may be in 2026-W53 and 2027-01-01 in 2026-W53 too).
 */
export function shanghaiIsoWeek(at: Date): string {
  // Midnight UTC of the Shanghai calendar day: the day's own weekday and year.
  const day = new Date(startOfShanghaiDay(at).getTime() + SHANGHAI_OFFSET_MS);
  const thursday = new Date(day.getTime() + (3 - ((day.getUTCDay() + 6) % 7)) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Start of the ISO week `YYYY-Www` in Asia/Shanghai (Monday 00:00) as a UTC instant; null when there is no such week. */
export function shanghaiIsoWeekStart(week: string): Date | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1) return null;
  const jan4 = Date.UTC(year, 0, 4);
  const firstMonday = jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
  const start = new Date(firstMonday + (n - 1) * WEEK_MS - SHANGHAI_OFFSET_MS);
  // W53 of a year with 52 weeks is the next year's W01: not this week.
  return shanghaiIsoWeek(start) === week ? start : null;
}

/** The ISO weeks (Asia/Shanghai) from the one holding `from` to the one holding `to`, both included, oldest first. */
export function shanghaiIsoWeeksBetween(from: Date, to: Date): string[] {
  const weeks: string[] = [];
  let start = shanghaiIsoWeekStart(shanghaiIsoWeek(from))!;
  while (start <= to) {
    weeks.push(shanghaiIsoWeek(start));
    start = new Date(start.getTime() + WEEK_MS);
  }
  return weeks;
}
