import {
  BUILT_IN_HOLIDAY_CALENDARS,
  checkHolidayCalendar,
  expectedCalendarYears,
  missingCalendarWarning,
  type HolidayCalendar,
  type HolidayCalendarProblem,
  type HolidayCalendars,
} from '@linli/shared';
import { log } from '../lib/logger';
import { HolidayCalendarModel } from './holidays.model';

/**
 * The holiday calendars working-day deadlines count with (shared common/workdays.ts), read once per process and kept
 * for CACHE_MS: they change once a year, by an operator, and a warm Lambda picks a new year up within minutes. The
 * request factory (filing, 改类型), dispatch and the deadline job all ask here.
 */
const CACHE_MS = 10 * 60_000;
let cached: { at: number; calendars: HolidayCalendars } | undefined;

export async function holidayCalendars(now = new Date()): Promise<HolidayCalendars> {
  if (cached && now.getTime() - cached.at < CACHE_MS && now.getTime() >= cached.at) return cached.calendars;
  const docs = await HolidayCalendarModel.find({}, { year: 1, holidays: 1, workdays: 1, source: 1 }).sort({ year: 1 }).lean();
  const calendars: HolidayCalendar[] = docs.map((d) => ({ year: d.year, holidays: d.holidays, workdays: d.workdays, source: d.source }));
  cached = { at: now.getTime(), calendars };
  return calendars;
}

/** Forgets the cached calendars (after an operator's change in this process, and in tests). */
export function forgetHolidayCalendars(): void {
  cached = undefined;
}

/**
 * Logs (once per cache period) that a deadline was counted through years without a calendar: the operators' log
 * alarm and `npm run admin -- show-holidays` say which year to enter.
 */
let warnedAt = 0;
export function warnMissingCalendars(years: readonly number[], now = new Date()): void {
  const warning = missingCalendarWarning(years);
  if (!warning || now.getTime() - warnedAt < CACHE_MS) return;
  warnedAt = now.getTime();
  log('warn', warning, { missingYears: years.join(',') });
}

/** The years operators should have entered by now (this one; from November the next too) that are missing. */
export async function missingExpectedYears(now = new Date()): Promise<number[]> {
  const have = new Set((await holidayCalendars(now)).map((c) => c.year));
  return expectedCalendarYears(now).filter((y) => !have.has(y));
}

export type SetHolidaysOutcome = { ok: true; created: boolean; calendar: HolidayCalendar } | { ok: false; problems: HolidayCalendarProblem[] };

/**
 * An operator enters (or corrects) a year's calendar from its notice: checked (shared `checkHolidayCalendar`), then
 * stored whole. Requests filed before keep the deadlines they were given; new deadlines count with it at once here
 * and within the cache period in other processes.
 */
export async function setHolidayCalendar(c: { year: number; holidays: string[]; workdays: string[]; source: string }): Promise<SetHolidaysOutcome> {
  const problems = checkHolidayCalendar(c);
  if (!c.source.trim()) problems.push({ path: 'source', message: '请注明来源（通知的网址或标题）' });
  if (problems.length) return { ok: false, problems };
  const holidays = [...new Set(c.holidays)].sort();
  const workdays = [...new Set(c.workdays)].sort();
  const r = await HolidayCalendarModel.updateOne({ year: c.year }, { $set: { holidays, workdays, source: c.source.trim() } }, { upsert: true });
  forgetHolidayCalendars();
  return { ok: true, created: r.upsertedCount > 0, calendar: { year: c.year, holidays, workdays, source: c.source.trim() } };
}

/**
 * Installs the calendars the platform ships (2026 from the State Council's notice) where the year has none: the seed
 * and `npm run upgrade` run it, so a production database gets them too. An operator's own entry for the year wins.
 */
export async function installBuiltInCalendars(): Promise<number[]> {
  const installed: number[] = [];
  for (const c of BUILT_IN_HOLIDAY_CALENDARS) {
    const r = await HolidayCalendarModel.updateOne(
      { year: c.year },
      { $setOnInsert: { year: c.year, holidays: [...c.holidays], workdays: [...c.workdays], source: c.source ?? '' } },
      { upsert: true },
    );
    if (r.upsertedCount > 0) installed.push(c.year);
  }
  if (installed.length) forgetHolidayCalendars();
  return installed;
}
