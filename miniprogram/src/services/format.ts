/**
 * Display formatting every feature uses: instants as Asia/Shanghai wall-clock dates and times (whatever the
 * phone's time zone), months, percentages. Feature-specific labels (a request's status colour, star levels)
 * stay in the feature's own format.ts.
 */
import { SHANGHAI_OFFSET_MS, shanghaiIsoWeek, shanghaiIsoWeekStart } from '@linli/shared'

const shanghaiIso = (at: Date | string | number) => new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS).toISOString()

/** Wall-clock date and time in Asia/Shanghai of an instant: { date: 'YYYY-MM-DD', time: 'HH:mm' }. */
export function shanghaiParts(at: Date | string | number): { date: string; time: string } {
  const iso = shanghaiIso(at)
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) }
}

/** The instant of a Shanghai wall-clock date and time, as the API's ISO string with offset. */
export const shanghaiInstant = (date: string, time: string) => `${date}T${time}:00+08:00`

/** `MM-DD HH:mm` (or with the year when not this year) in Asia/Shanghai. */
export function formatTime(iso: string, withYear = false): string {
  const local = shanghaiIso(iso)
  const thisYear = shanghaiIso(Date.now()).slice(0, 4)
  const date = withYear || local.slice(0, 4) !== thisYear ? local.slice(0, 10) : local.slice(5, 10)
  return `${date} ${local.slice(11, 16)}`
}

/**
 * A deadline: as formatTime, except that one ending at midnight (working-day deadlines end at 24:00 of their last
 * day, shared common/workdays.ts) reads `12-09 24:00`, the day it belongs to, never `12-10 00:00`.
 */
export function formatDeadline(iso: string, withYear = false): string {
  const local = shanghaiIso(iso)
  if (local.slice(11, 16) !== '00:00') return formatTime(iso, withYear)
  return `${formatTime(new Date(new Date(iso).getTime() - 60_000).toISOString(), withYear).slice(0, -5)}24:00`
}

/** `YYYY-MM-DD` in Asia/Shanghai. */
export const formatDate = (iso: string): string => shanghaiIso(iso).slice(0, 10)

/** Date and time of an instant for lists: `YYYY-MM-DD HH:mm`. */
export function dateTime(iso: string): string {
  const p = shanghaiParts(iso)
  return `${p.date} ${p.time}`
}

/** Today in Asia/Shanghai as YYYY-MM-DD, or `offsetDays` from it. */
function shanghaiDay(offsetDays = 0): string {
  return shanghaiIso(Date.now() + offsetDays * 86_400_000).slice(0, 10)
}

/** `YYYY-MM` in Asia/Shanghai, `offsetMonths` from this month. */
export function shanghaiMonthOf(offsetMonths = 0): string {
  const [y, m] = shanghaiDay().split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m - 1 + offsetMonths, 1)).toISOString().slice(0, 7)
}

/** The last calendar day of a `YYYY-MM` month, `YYYY-MM-DD`. */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10)
}

/** `2026-06` → `2026年6月`. */
export function monthLabel(month: string): string {
  return `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`
}

/** A rate as a percentage, — when there is nothing to count yet. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`
}

/** A share as a whole percentage, capped at 100 (for progress bars). */
export function share(part: number, whole: number): number {
  if (whole <= 0) return 0
  return Math.max(0, Math.min(100, Math.round((part / whole) * 100)))
}

/** The ISO week (Asia/Shanghai, `2026-W05`) `offsetWeeks` from this one: the week a patrol counts in. */
export const shanghaiWeekOf = (offsetWeeks = 0, now = Date.now()): string => shanghaiIsoWeek(new Date(now + offsetWeeks * 7 * 86_400_000))

/** A week as people say it: 本周, 上周, else the Monday it starts on (`2月2日起`); leaders do not count ISO week numbers. */
export function weekLabel(week: string, now = Date.now()): string {
  if (week === shanghaiWeekOf(0, now)) return '本周'
  if (week === shanghaiWeekOf(-1, now)) return '上周'
  const start = shanghaiIsoWeekStart(week)
  if (!start) return week
  const day = shanghaiIso(start).slice(5, 10)
  return `${Number(day.slice(0, 2))}月${Number(day.slice(3, 5))}日起`
}
