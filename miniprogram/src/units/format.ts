/** Routes and display helpers of units (单位): the unit 工作台, joining a unit, and the street's 单位管理. */

/** 单位工作台: the requests dispatched to the caller's units. */
export const UNIT_QUEUE_PAGE = '/units/pages/queue/index'

/** 单位消息: the notices addressed to the caller as a member of their units. */
export const UNIT_MESSAGES_PAGE = '/units/pages/messages/index'

/** One dispatched request as its unit sees and works it. */
export const unitRequestPage = (requestId: string) => `/units/pages/request/index?id=${requestId}`

/** 加入单位 with a join code (typed, scanned, or carried by the link `?code=`). */
export const UNIT_JOIN_PAGE = '/units/pages/join/index'

/** 单位管理: the street's units, by type. */
export const UNITS_ADMIN_PAGE = '/units/pages/manage/index'

/** One unit for street staff: its facts, members and (street admins) join codes. */
export const unitAdminPage = (unitId: string) => `/units/pages/unit/index?id=${unitId}`

/** The create (no id) or edit form of a unit. */
export const editUnitPage = (unitId?: string) => `/units/pages/edit/index${unitId ? `?id=${unitId}` : ''}`

/**
 * What a join code's QR code says: a prefix naming what it is (a phone's own scanner shows it as text), then the
 * code. The join page's scanner takes the code back from the end.
 */
export const joinQrText = (code: string) => `linli-unit-join:${code}`

/** The code out of a scanned text (the QR above, or a bare code); null when it holds none. */
export function codeFromScan(text: string): string | null {
  const m = /([A-Za-z0-9]{8})\s*$/.exec(text.trim())
  return m ? m[1]!.toUpperCase() : null
}

const HOUR_MS = 60 * 60 * 1000

/** Time left before an instant, as a badge: 剩余X小时 (天 beyond two days, 分钟 in the last hour) or 已超时. */
export function timeLeft(iso: string, now = Date.now()): { label: string; overdue: boolean } {
  const ms = new Date(iso).getTime() - now
  if (ms <= 0) return { label: '已超时', overdue: true }
  const hours = ms / HOUR_MS
  if (hours < 1) return { label: `剩余${Math.max(1, Math.floor(ms / 60000))}分钟`, overdue: false }
  if (hours >= 48) return { label: `剩余${Math.floor(hours / 24)}天`, overdue: false }
  return { label: `剩余${Math.floor(hours)}小时`, overdue: false }
}
