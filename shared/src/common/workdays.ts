import { SHANGHAI_OFFSET_MS, shanghaiDate, shanghaiMinute } from './time';

/**
 * Working days (工作日) in mainland China: Monday–Friday, except the public holidays of the State Council's yearly
 * notice (国务院办公厅关于X年部分节假日安排的通知), plus the weekend days that notice makes working days (调休上班).
 * Platform operators keep one calendar per year (collection `holiday_calendars`, `npm run admin -- set-holidays`);
 * a year nobody entered yet counts weekends only, and the callers report it (`missingYears`) so operators are warned
 * rather than deadlines silently landing in a holiday. All days are Asia/Shanghai calendar days, `YYYY-MM-DD`.
 */
export interface HolidayCalendar {
  year: number;
  /** Days off that would otherwise be working days (and those falling on weekends: harmless). */
  holidays: readonly string[];
  /** Weekend days worked instead (调休上班). */
  workdays: readonly string[];
  /** Where the dates come from (the notice's address). */
  source?: string;
}
export type HolidayCalendars = readonly HolidayCalendar[];

const DAY_MS = 86_400_000;
const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface YearIndex {
  holidays: Set<string>;
  workdays: Set<string>;
}
// The same calendars are asked about thousands of times (a deadline walks day by day): index them once per array.
const indexes = new WeakMap<HolidayCalendars, Map<number, YearIndex>>();
function indexOf(calendars: HolidayCalendars): Map<number, YearIndex> {
  let idx = indexes.get(calendars);
  if (!idx) {
    idx = new Map(calendars.map((c) => [c.year, { holidays: new Set(c.holidays), workdays: new Set(c.workdays) }]));
    indexes.set(calendars, idx);
  }
  return idx;
}

/** Whether `day` is a well-formed `YYYY-MM-DD` that exists in the calendar (no 2026-02-30). */
export function isCalendarDay(day: string): boolean {
  const m = DAY_RE.exec(day);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === day;
}

/** The Asia/Shanghai day of an instant, or the day itself. */
const dayOf = (day: string | Date): string => (typeof day === 'string' ? day : shanghaiDate(day));

/** Weekday of a `YYYY-MM-DD` (0 Sunday … 6 Saturday). */
function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

/** Whether a calendar for the year of `day` is there. */
export function hasCalendarFor(day: string | Date, calendars: HolidayCalendars): boolean {
  return indexOf(calendars).has(Number(dayOf(day).slice(0, 4)));
}

/**
 * Whether `day` (a `YYYY-MM-DD` or an instant, read in Asia/Shanghai) is a working day: a 调休 weekend day is one, a
 * public holiday is not, otherwise Monday–Friday. Without a calendar for the year: Monday–Friday.
 */
export function isWorkingDay(day: string | Date, calendars: HolidayCalendars): boolean {
  const d = dayOf(day);
  const year = indexOf(calendars).get(Number(d.slice(0, 4)));
  if (year?.workdays.has(d)) return true;
  if (year?.holidays.has(d)) return false;
  const w = weekdayOf(d);
  return w !== 0 && w !== 6;
}

/** The next calendar day, `YYYY-MM-DD`. */
function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** The instant 24:00 of a Shanghai day ends (00:00 of the next day). */
function endOfDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS - SHANGHAI_OFFSET_MS);
}

/**
 * The deadline `n` working days after `from`: the END (24:00 Beijing time) of the n-th working day after the day of
 * `from` — the day something arrives does not count, and a period ends at 24:00 of its last day, as periods are
 * counted in Chinese law (民法典 第二百零一条、第二百零三条) and by 12345 hotlines ("N个工作日内办结"). So a request
 * filed on Monday at 10:00 with 2 working days is due by Wednesday 24:00, and one filed on a Saturday, a holiday or
 * at 23:59 on a Friday starts counting on the next working day. n ≤ 0 gives `from` itself.
 */
export function addWorkingDays(from: Date, n: number, calendars: HolidayCalendars = []): Date {
  if (n <= 0) return from;
  let day = shanghaiDate(from);
  let left = Math.ceil(n);
  // A year has ~250 working days; 10 years bounds any setting (max 60 working days) many times over.
  for (let guard = 0; left > 0 && guard < 3660; guard++) {
    day = nextDay(day);
    if (isWorkingDay(day, calendars)) left--;
  }
  return endOfDay(day);
}

/**
 * Working days after the day of `from` up to and including the day of `to` (both read in Asia/Shanghai); 0 when
 * `to` is not after `from`'s day. The inverse of addWorkingDays: `workingDaysBetween(f, addWorkingDays(f, n) - 1 ms) = n`.
 */
export function workingDaysBetween(from: Date, to: Date, calendars: HolidayCalendars = []): number {
  const last = shanghaiDate(to);
  let day = shanghaiDate(from);
  let count = 0;
  for (let guard = 0; day < last && guard < 36600; guard++) {
    day = nextDay(day);
    if (isWorkingDay(day, calendars)) count++;
  }
  return count;
}

/**
 * The years between the days of `from` and `to` (both included) that have no calendar: counting through them
 * skipped weekends only, so the deadline may land on a holiday. Callers pass it on to operators (`missingYears`).
 */
export function missingCalendarYears(from: Date, to: Date, calendars: HolidayCalendars): number[] {
  const first = Number(shanghaiDate(from).slice(0, 4));
  const last = Number(shanghaiDate(to < from ? from : to).slice(0, 4));
  const idx = indexOf(calendars);
  const missing: number[] = [];
  for (let y = first; y <= last; y++) if (!idx.has(y)) missing.push(y);
  return missing;
}

/**
 * `YYYY-MM-DD HH:mm` of a deadline in Asia/Shanghai, a midnight one as `24:00` of the day it ends (what residents
 * read in notes and notices: 办结时限 2026-12-09 24:00, not 2026-12-10 00:00).
 */
export function shanghaiDeadline(at: Date): string {
  const minute = shanghaiMinute(at);
  return minute.endsWith(' 00:00') ? `${shanghaiDate(new Date(at.getTime() - 60_000))} 24:00` : minute;
}

/** The operator's warning for years without a calendar, e.g. `2027 年节假日安排未录入，工作日仅按周末计算`. */
export function missingCalendarWarning(years: readonly number[]): string | null {
  return years.length ? `${years.join('、')} 年节假日安排未录入，工作日仅按周末计算` : null;
}

/**
 * The years an operator should have entered by `now`: this year and, from November on (the State Council publishes
 * the next year's notice around then), the next.
 */
export function expectedCalendarYears(now: Date): number[] {
  const d = shanghaiDate(now);
  const year = Number(d.slice(0, 4));
  return Number(d.slice(5, 7)) >= 11 ? [year, year + 1] : [year];
}

export interface HolidayCalendarProblem {
  path: string;
  message: string;
}

/**
 * Checks a calendar an operator enters: every day well-formed and of its year, no day both off and worked, and each
 * 调休 day a weekend day (a working weekday needs no entry). Returns the problems, empty when it is fine.
 */
export function checkHolidayCalendar(c: { year: number; holidays: readonly string[]; workdays: readonly string[] }): HolidayCalendarProblem[] {
  const problems: HolidayCalendarProblem[] = [];
  if (!Number.isInteger(c.year) || c.year < 2000 || c.year > 2100) problems.push({ path: 'year', message: '年份须在2000至2100之间' });
  const check = (list: readonly string[], key: 'holidays' | 'workdays') =>
    list.forEach((d, i) => {
      if (!isCalendarDay(d)) problems.push({ path: `${key}.${i}`, message: `日期格式应为YYYY-MM-DD：${d}` });
      else if (Number(d.slice(0, 4)) !== c.year) problems.push({ path: `${key}.${i}`, message: `${d} 不属于${c.year}年` });
    });
  check(c.holidays, 'holidays');
  check(c.workdays, 'workdays');
  const off = new Set(c.holidays);
  c.workdays.forEach((d, i) => {
    if (off.has(d)) problems.push({ path: `workdays.${i}`, message: `${d} 不能既放假又上班` });
    else if (isCalendarDay(d) && ![0, 6].includes(weekdayOf(d))) problems.push({ path: `workdays.${i}`, message: `${d} 是工作日，调休上班日应为周末` });
  });
  return problems;
}
