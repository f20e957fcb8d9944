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
