/** Display helpers and routes of visits (走访, 民情日记); general formatting: services/format.ts. */
import { CARE_FLAG_LABELS, shanghaiDate, type HouseholdRecordView, type VisitState } from '@linli/shared'

/** 走访任务: flagged households due for a visit, and the open follow-ups. */
export const DUE_PAGE = '/visits/pages/due/index'
/** The follow-ups tab of 走访任务. */
export const FOLLOW_UPS_PAGE = `${DUE_PAGE}?tab=followups`

/** 记录走访 for a household. */
export const newVisitPage = (householdId: string) => `/visits/pages/new/index?householdId=${householdId}`

/** 记录走访 at a household not on the register yet (the visit puts it there). */
export const UNREGISTERED_VISIT_PAGE = '/visits/pages/new/index'

/** One visit's page. */
export const visitPage = (visitId: string) => `/visits/pages/detail/index?id=${visitId}`

/** NutUI Tag type of where a household stands for its next visit: overdue and never visited stand out. */
export const visitStateTag = (s: VisitState) => (s === 'overdue' || s === 'never_visited' ? 'danger' : s === 'due_soon' ? 'warning' : 'success')

/** Due now or soon (everything but 未到期): what 只看到期 keeps. */
export const isDue = (s: VisitState) => s !== 'ok'

/** The household's flags in words: 独居老人、高龄. */
export const flagNames = (h: Pick<HouseholdRecordView, 'careFlags'>) => (h.careFlags ?? []).map((f) => CARE_FLAG_LABELS[f.flag]).join('、')

/**
 * When the household was last visited and is next due, in a line beside its state's tag: 上次走访 12-01 · 应于 12-08
 * 走访 (每7天); never visited: 从未走访，请尽快安排.
 */
export function dueLine(v: NonNullable<HouseholdRecordView['visit']>): string {
  if (!v.lastVisitAt) return `从未走访，请尽快安排（每${v.intervalDays}天）`
  const due = v.dueAt ? ` · 应于 ${shanghaiDate(new Date(v.dueAt)).slice(5)} 走访` : ''
  return `上次走访 ${shanghaiDate(new Date(v.lastVisitAt)).slice(5)}${due}（每${v.intervalDays}天）`
}

/** The filing form set for 代办 from a visit (it reads the visit and its household to fill itself). */
export const behalfForm = (visitId: string) => `/requests/pages/new/index?visitId=${visitId}`

/** Today in Asia/Shanghai, YYYY-MM-DD: a visit's default date, and the latest one may pick. */
export const today = () => shanghaiDate(new Date())

/** YYYY-MM-DD `days` from today (Shanghai). */
export const dayFromToday = (days: number) => shanghaiDate(new Date(Date.now() + days * 86_400_000))
