/** Display helpers of the requests feature: times in Asia/Shanghai, deadlines, status colours. */
import { OPEN_STATUSES, REQUEST_STATUS_LABELS, SHANGHAI_OFFSET_MS, type RequestStatus, type RequestView } from '@linli/shared'

const HOUR_MS = 60 * 60 * 1000

/** `MM-DD HH:mm` (or with the year when not this year) in Asia/Shanghai, whatever the phone's time zone. */
export function formatTime(iso: string, withYear = false): string {
  const local = new Date(new Date(iso).getTime() + SHANGHAI_OFFSET_MS).toISOString()
  const thisYear = new Date(Date.now() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 4)
  const date = withYear || local.slice(0, 4) !== thisYear ? local.slice(0, 10) : local.slice(5, 10)
  return `${date} ${local.slice(11, 16)}`
}

export function formatDate(iso: string): string {
  return new Date(new Date(iso).getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10)
}

/** NutUI Tag type for a status: open ones stand out, finished ones fade. */
export function statusTagType(status: RequestStatus): 'primary' | 'success' | 'warning' | 'danger' | 'default' {
  switch (status) {
    case 'submitted':
    case 'reopened':
      return 'warning'
    case 'accepted':
    case 'in_progress':
      return 'primary'
    case 'resolved':
    case 'closed':
      return 'success'
    case 'rejected':
      return 'danger'
    default:
      return 'default'
  }
}

export const statusLabel = (s: RequestStatus) => REQUEST_STATUS_LABELS[s]

export interface Deadline {
  label: string
  overdue: boolean
}

/** Time left before an instant: 剩余X小时 (or 分钟 in the last hour, 天 beyond two days), or 已超时. */
export function timeLeft(iso: string, now = Date.now()): Deadline {
  const ms = new Date(iso).getTime() - now
  if (ms <= 0) return { label: '已超时', overdue: true }
  const hours = ms / HOUR_MS
  if (hours < 1) return { label: `剩余${Math.max(1, Math.floor(ms / 60000))}分钟`, overdue: false }
  if (hours >= 48) return { label: `剩余${Math.floor(hours / 24)}天`, overdue: false }
  return { label: `剩余${Math.floor(hours)}小时`, overdue: false }
}

/**
 * The deadline that matters now: before the first staff action it is the response deadline, after it the
 * resolution deadline; finished requests have none.
 */
export function currentDeadline(r: Pick<RequestView, 'status' | 'respondBy' | 'resolveBy'>): (Deadline & { kind: string }) | null {
  if (!OPEN_STATUSES.includes(r.status)) return null
  if (r.status === 'submitted') return { kind: '响应', ...timeLeft(r.respondBy) }
  return { kind: '办结', ...timeLeft(r.resolveBy) }
}

/** Today in Asia/Shanghai as YYYY-MM-DD, and a day `days` before it. */
export function shanghaiDay(offsetDays = 0): string {
  return new Date(Date.now() + SHANGHAI_OFFSET_MS + offsetDays * 86_400_000).toISOString().slice(0, 10)
}

/** `YYYY-MM` in Asia/Shanghai, `offsetMonths` from this month. */
export function shanghaiMonthOf(offsetMonths = 0): string {
  const [y, m] = shanghaiDay().split('-').map(Number) as [number, number]
  const d = new Date(Date.UTC(y, m - 1 + offsetMonths, 1))
  return d.toISOString().slice(0, 7)
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
