/** Display helpers and routes of patrols (general formatting: services/format.ts). */
import { REQUEST_CATEGORY_LABELS, formatDuration, type PatrolFinding, type PatrolStatus, type PatrolView } from '@linli/shared'
import { formatTime, shanghaiParts } from '../services/format'

/** How long a patrol lasted (or has lasted so far): 不到1分钟, 35分钟, 1.5小时. */
export function patrolDuration(p: Pick<PatrolView, 'startedAt' | 'endedAt'>, now = Date.now()): string {
  const end = p.endedAt ? new Date(p.endedAt).getTime() : now
  return formatDuration(Math.max(0, end - new Date(p.startedAt).getTime()) / 60_000)
}

/** NutUI Tag type of a patrol's state: under way stands out, ended reads as done. */
export const patrolTagType = (s: PatrolStatus) => (s === 'ongoing' ? 'warning' : 'success')

/** When a patrol ran: `12-07 14:46 开始 · 15:30 结束` (the end's date only when it ended on another day). */
export function patrolTimes(p: Pick<PatrolView, 'startedAt' | 'endedAt'>): string {
  const start = `${formatTime(p.startedAt)} 开始`
  if (!p.endedAt) return start
  const sameDay = shanghaiParts(p.startedAt).date === shanghaiParts(p.endedAt).date
  return `${start} · ${sameDay ? shanghaiParts(p.endedAt).time : formatTime(p.endedAt)} 结束`
}

/** One patrol's page: tiles to check in while under way, a summary once ended. */
export const patrolPage = (patrolId: string) => `/patrols/pages/detail/index?id=${patrolId}`

/** The patrol records (a grid worker's own; staff: the community's). */
export const RECORDS_PAGE = '/patrols/pages/records/index'

/** The filing form set for a finding of this patrol, at the building chosen on the patrol page if any. */
export const findingForm = (patrolId: string, buildingId?: string | null) =>
  `/requests/pages/new/index?patrolId=${patrolId}${buildingId ? `&buildingId=${buildingId}` : ''}`

/** The buildings checked on screen: what the server answered so far (checks only ever add) and the taps still on their way. */
export function shownChecked(server: readonly string[], confirmed: readonly string[], pending: readonly string[]): Set<string> {
  return new Set([...server, ...confirmed, ...pending])
}

/**
 * A finding's words under its category: the API names an untitled finding as its notices do (【环境卫生】楼道…), and
 * the list already says the category on the line above.
 */
export function findingTitle(f: Pick<PatrolFinding, 'title' | 'category'>): string {
  const prefix = `【${REQUEST_CATEGORY_LABELS[f.category]}】`
  return f.title.startsWith(prefix) ? f.title.slice(prefix.length) : f.title
}
