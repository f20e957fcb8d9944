/** Display helpers of the requests feature: deadlines and status colours (general formatting: services/format.ts). */
import { OPEN_STATUSES, REQUEST_STATUS_LABELS, type RequestStatus, type RequestView } from '@linli/shared'

const HOUR_MS = 60 * 60 * 1000

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

