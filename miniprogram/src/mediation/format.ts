/** Display helpers, routes and request bodies of dispute mediation (general formatting: services/format.ts). */
import {
  CASE_STATUS_LABELS,
  MEDIATION_TYPE_LABELS,
  RISK_LEVEL_LABELS,
  type CasePartyInput,
  type CasePartyView,
  type CaseSessionInput,
  type CaseStatus,
  type CaseView,
  type MediationType,
  type RiskLevel,
} from '@linli/shared'
import { formatTime, shanghaiInstant } from '../services/format'

/** One case's page (it shows the caller what the server lets them see). */
export const casePage = (caseId: string) => `/mediation/pages/detail/index?id=${caseId}`
/** The case list: `party` is a resident's 我的调解, `mediator` the cases I mediate, `community` staff's register. */
export const casesPage = (scope?: 'community' | 'mediator' | 'party') => `/mediation/pages/list/index${scope ? `?scope=${scope}` : ''}`
/** Opening a case: from a 邻里纠纷 request (转调解), or directly. */
export const newCasePage = (requestId?: string) => `/mediation/pages/new/index${requestId ? `?requestId=${requestId}` : ''}`
/** Opening a case from a household visit where a dispute came up (走访发现). */
export const newCaseFromVisit = (visitId: string) => `/mediation/pages/new/index?visitId=${visitId}`

/** What a 409 means on a case: someone else moved it first (another mediator concluded it, say). */
export const CONFLICT_MESSAGE = '已被他人处理，请刷新'

type TagType = 'default' | 'primary' | 'success' | 'warning' | 'danger'

/** NutUI Tag type of a case's state: waiting on someone stands out, done reads as done, a failure as one. */
export function caseTagType(s: CaseStatus): TagType {
  switch (s) {
    case 'open':
    case 'agreed':
      return 'warning'
    case 'mediating':
      return 'primary'
    case 'confirmed':
    case 'closed':
      return 'success'
    case 'failed':
      return 'danger'
    default:
      return 'default'
  }
}

/** 重大 in red, 较大 in orange: the level a leader looks for first. */
export const riskTagType = (r: RiskLevel): TagType => (r === 'serious' ? 'danger' : r === 'major' ? 'warning' : 'default')

/** `邻里纠纷 · 风险一般` */
export const caseKind = (c: Pick<CaseView, 'type' | 'risk'>) => `${MEDIATION_TYPE_LABELS[c.type]} · 风险${RISK_LEVEL_LABELS[c.risk]}`

/** The state in words, with the street's hand when it holds the case (调解中 · 街道受理). */
export const caseState = (c: Pick<CaseView, 'status' | 'level'>) => `${CASE_STATUS_LABELS[c.status]}${c.level === 'street' && c.status === 'mediating' ? ' · 街道受理' : ''}`

/** Who mediates: 刘网格（网格员）、钱调解（人民调解员）, or 未指定. */
export const mediatorNames = (c: Pick<CaseView, 'mediators'>) => c.mediators.map((m) => `${m.name}（${m.roleLabel}）`).join('、') || '未指定'

/** A party's confirmation of the agreement: 已确认 (on their phone), 已签字 (paper, recorded by a mediator), 待确认. */
export function confirmationText(p: Pick<CasePartyView, 'confirmation' | 'hasAccount'>): string {
  if (!p.confirmation) return p.hasAccount ? '待确认' : '待签字'
  return p.confirmation.by === 'self' ? `已确认 ${formatTime(p.confirmation.at)}` : `已纸质签字 ${formatTime(p.confirmation.at)}`
}

/** How many parties still have to confirm (or sign) the agreement. */
export const unconfirmedCount = (parties: readonly Pick<CasePartyView, 'confirmation'>[]) => parties.filter((p) => !p.confirmation).length

// ---- opening a case -------------------------------------------------------------------------------------------

/** A party as the form holds it: what to send, and how to show it (a resident by name and address, an outsider by name and contact). */
export interface PartyEntry {
  key: string
  label: string
  input: CasePartyInput
}

export interface CaseForm {
  type: MediationType | ''
  risk: RiskLevel
  place: string
  summary: string
  parties: PartyEntry[]
}

export const EMPTY_CASE: CaseForm = { type: '', risk: 'ordinary', place: '', summary: '', parties: [] }

/** Where a case comes from: a request (转调解), a visit (走访发现), or neither (直接登记). */
export interface CaseOriginIds {
  requestId?: string
  visitId?: string
}

/** The create body: trimmed, with the request or visit the case comes from when there is one. */
export const caseBody = (v: CaseForm, from: CaseOriginIds = {}) => ({
  type: v.type || undefined,
  risk: v.risk,
  place: v.place.trim(),
  summary: v.summary.trim(),
  parties: v.parties.map((p) => p.input),
  ...(from.requestId ? { requestId: from.requestId } : from.visitId ? { visitId: from.visitId } : {}),
})

/** A resident found by name, as a party. */
export const residentParty = (c: { membershipId: string; name: string; address?: string }): PartyEntry => ({
  key: `m:${c.membershipId}`,
  label: c.address ? `${c.name}（${c.address}）` : c.name,
  input: { membershipId: c.membershipId },
})

/** Someone who does not use the app (a tenant, a relative from elsewhere), by name and an optional contact. */
export const outsiderParty = (name: string, phone: string): PartyEntry => ({
  key: `o:${name.trim()}:${phone.trim()}`,
  label: phone.trim() ? `${name.trim()}（${phone.trim()}，未使用小程序）` : `${name.trim()}（未使用小程序）`,
  input: phone.trim() ? { name: name.trim(), phone: phone.trim() } : { name: name.trim() },
})

/** The parties with one more, unless already named. */
export const withParty = (parties: readonly PartyEntry[], p: PartyEntry): PartyEntry[] => (parties.some((q) => q.key === p.key) ? [...parties] : [...parties, p])


// ---- a session -------------------------------------------------------------------------------------------------

export interface SessionForm {
  date: string
  time: string
  place: string
  /** Names tapped among the case's people, and others written in (separated by 、 or commas). */
  attendees: string[]
  others: string
  said: string
  nextStep: string
}

/** The names written in a line: 、，, and spaces separate them. */
export const splitNames = (line: string) => line.split(/[、，,\s]+/).map((s) => s.trim()).filter(Boolean)

/** The session body: the instant in Asia/Shanghai, everyone who attended once, an empty next step left out. */
export const sessionBody = (v: SessionForm): Partial<CaseSessionInput> => ({
  at: v.date && v.time ? shanghaiInstant(v.date, v.time) : '',
  place: v.place.trim(),
  attendees: [...new Set([...v.attendees, ...splitNames(v.others)])],
  said: v.said.trim(),
  nextStep: v.nextStep.trim() || undefined,
})
