/** Calls of the requests feature (急难愁盼), messages, 三率 statistics, voice notes and subscribe messages. */
import Taro from '@tarojs/taro'
import {
  api,
  uploadEndpoints,
  type BodyOf,
  type QueryOf,
  type RequestActionInput,
  type RequestCategory,
  type RankingKey,
  type RankingSubject,
} from '@linli/shared'
import { call, type CallOptions } from '../services/http'
import { sendToStorage } from '../services/upload'
import { IS_WEAPP } from '../services/config'
import { downloadCsv } from '../services/csv'
import type { Recording } from './voice'

export type CreateRequestBody = BodyOf<typeof api.requests.create>
export type ListQuery = Partial<QueryOf<typeof api.requests.list>>

export const createRequest = (body: CreateRequestBody, opts?: CallOptions) => call(api.requests.create, { body }, opts)

export const listRequests = (query: ListQuery, opts?: CallOptions) =>
  call(api.requests.list, { query: { limit: 20, scope: 'mine', ...query } }, opts)

/** 待回访: resolved residents' demands without an in-app rating or a call-back, oldest resolution first (staff). */
export const listCallBacksDue = (query: { cursor?: string }, opts?: CallOptions) =>
  call(api.requests.callBacksDue, { query: { limit: 20, ...query } }, opts)

export const getRequest = (requestId: string, opts?: CallOptions) => call(api.requests.get, { params: { requestId } }, opts)

export const actOnRequest = (requestId: string, body: RequestActionInput, opts?: CallOptions) =>
  call(api.requests.act, { params: { requestId }, body }, opts)

export const rateRequest = (requestId: string, body: BodyOf<typeof api.requests.rate>, opts?: CallOptions) =>
  call(api.requests.rate, { params: { requestId }, body }, opts)

export const setRequestPublic = (requestId: string, value: boolean) =>
  call(api.requests.setPublic, { params: { requestId }, body: { public: value } })

export const findSimilar = (category: RequestCategory, buildingId: string | undefined, opts?: CallOptions) =>
  call(api.requests.similar, { query: { category, buildingId } }, opts)

export const meToo = (requestId: string) => call(api.requests.meToo, { params: { requestId } })

/** 派发（吹哨）: the units of the street serving the request's community, by kind. */
export const getDispatchOptions = (requestId: string, opts?: CallOptions) => call(api.requests.dispatchOptions, { params: { requestId } }, opts)

export const getDuplicateCandidates = (requestId: string, opts?: CallOptions) => call(api.requests.duplicateCandidates, { params: { requestId } }, opts)

export const getReplyTemplates = (opts?: CallOptions) => call(api.requests.replyTemplates, {}, opts)

export const approveContent = (requestId: string) => call(api.requests.approveContent, { params: { requestId } })

export const approvePhoto = (requestId: string, key: string) => call(api.requests.approvePhoto, { params: { requestId }, body: { key } })

export const listMessages = (cursor?: string, opts?: CallOptions) => call(api.messages.list, { query: { cursor, limit: 20 } }, opts)

export const markMessagesRead = (ids?: string[], opts?: CallOptions) => call(api.messages.markRead, { body: ids ? { ids } : {} }, opts)

export const getStats = (from: string, to: string, opts?: CallOptions) => call(api.stats.requests, { query: { from, to } }, opts)

// ---------------------------------------------------------------- unread badge

/** Index of the 办事 tab, where the message entry lives: the badge there says "something new for you". */
const AFFAIRS_TAB = 1

/** Reads the unread count and puts it on the 办事 tab. Quiet: a badge is never worth an error toast. */
export async function refreshUnreadBadge(): Promise<number> {
  try {
    const page = await listMessages(undefined, { silent: true })
    showUnread(page.unread)
    return page.unread
  } catch {
    return 0
  }
}

export function showUnread(unread: number): void {
  // Only tab pages may change the tab bar; elsewhere WeChat answers fail, which changes nothing for the user.
  const done = () => undefined
  if (unread > 0) {
    Taro.setTabBarBadge({ index: AFFAIRS_TAB, text: unread > 99 ? '99+' : String(unread) }).catch(done)
  } else {
    Taro.removeTabBarBadge({ index: AFFAIRS_TAB }).catch(done)
  }
}

/** Uploads a voice note (for a request or a reply on one) and resolves with its key. */
export async function uploadVoice(recording: Recording, onProgress: (percent: number) => void = () => undefined): Promise<string> {
  const { contentType, size, seconds } = recording
  const grant = await call(uploadEndpoints.voiceUpload, { body: { purpose: 'request', contentType, size, seconds } }, { silent: true })
  await sendToStorage(grant, recording.path, onProgress, '语音')
  return grant.key
}

// ---------------------------------------------------------------- subscribe messages (weapp only)

/** Templates a resident is asked for when filing: at most three per ask, WeChat's limit. */
const FILING_TEMPLATES = ['accepted', 'replied', 'resolved'] as const

let templateIds: Record<string, string> | null = null

/**
 * Loads the template ids ahead of the tap: WeChat only shows the subscribe dialog when it is asked right
 * inside a tap handler, not after a network round trip. Quiet; weapp only.
 */
export async function prefetchTemplates(): Promise<void> {
  if (!IS_WEAPP || templateIds) return
  try {
    templateIds = await call(uploadEndpoints.templates, {}, { silent: true })
  } catch {
    templateIds = null
  }
}

/**
 * Call first thing in the submit tap: asks for the filing templates (skipping unconfigured ones) and resolves
 * with those the user accepted. Never throws: a refused or failed ask must not stop filing. H5 has no
 * subscribe messages, so it asks nothing.
 */
export async function askFilingSubscriptions(): Promise<string[]> {
  if (!IS_WEAPP || !templateIds) return []
  const ids = templateIds
  const wanted = FILING_TEMPLATES.map((t) => ({ template: t, id: ids[t] ?? '' })).filter((t) => t.id)
  if (wanted.length === 0) return []
  try {
    const res = (await Taro.requestSubscribeMessage({
      tmplIds: wanted.map((t) => t.id),
    } as unknown as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, string>
    return wanted.filter((t) => res[t.id] === 'accept').map((t) => t.template)
  } catch {
    return []
  }
}

/** Templates staff and grid workers grant from their 工作台: a new request in their grids, a deadline close. */
const HANDLER_TEMPLATES = ['new_request', 'due_soon'] as const

/**
 * The 工作台's 订阅提醒 tap: asks for the handler templates and registers the granted ones (each allows one
 * WeChat message; the in-app list and badge always show everything). Resolves with how many were granted.
 */
export async function askHandlerSubscriptions(): Promise<number> {
  if (!IS_WEAPP || !templateIds) return 0
  const ids = templateIds
  const wanted = HANDLER_TEMPLATES.map((t) => ({ template: t, id: ids[t] ?? '' })).filter((t) => t.id)
  if (wanted.length === 0) return 0
  try {
    const res = (await Taro.requestSubscribeMessage({ tmplIds: wanted.map((t) => t.id) } as unknown as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, string>
    const granted = wanted.filter((t) => res[t.id] === 'accept').map((t) => ({ template: t.template }))
    if (granted.length) await call(uploadEndpoints.subscribe, { body: { grants: granted } }, { silent: true })
    return granted.length
  } catch {
    return 0
  }
}

/** Tells the API which templates the user granted for this request; quiet and never throwing. */
export async function sendSubscriptions(templates: string[], requestId: string): Promise<void> {
  if (templates.length === 0) return
  try {
    await call(
      uploadEndpoints.subscribe,
      { body: { grants: templates.map((template) => ({ template: template as (typeof FILING_TEMPLATES)[number], requestId })) } },
      { silent: true },
    )
  } catch {
    // The in-app messages still tell the user; a lost grant only costs one WeChat message.
  }
}

// ---------------------------------------------------------------- CSV export

/** Exports the request list as CSV (H5: a file download; weapp: opened, or sent to a chat). */
export const exportCsv = (query: { from: string; to: string }) => downloadCsv(api.stats.exportRequests, query, `诉求清单_${query.from}_${query.to}.csv`)

// 考核排名 and 每月一题 (issue 19): street staff rank their street, staff their own community.
export type RankingQuery = { month: string; of: RankingSubject; sort?: RankingKey }
export const getRankings = (query: RankingQuery, opts?: CallOptions) => call(api.stats.rankings, { query }, opts)
export const exportRankings = (query: RankingQuery) =>
  downloadCsv(api.stats.exportRankings, { month: query.month, of: query.of, ...(query.sort ? { sort: query.sort } : {}) }, `考核排名_${query.of}_${query.month}.csv`)
export const getHotspots = (month: string, opts?: CallOptions) => call(api.stats.hotspots, { query: { month } }, opts)
export const actOnHotspot = (body: BodyOf<typeof api.stats.hotspotAct>) => call(api.stats.hotspotAct, { body })

// The 三率看板 shows other features' figures beside 三率 (counts only, never contents): fetched here, by the board's
// own feature, from the shared endpoint definitions.

/** 走访覆盖 of a quarter (the current one without it): per grid, households visited and flagged ones within interval. */
export const getVisitCoverage = (quarter: string | undefined, opts?: CallOptions) => call(api.visits.coverage, { query: quarter ? { quarter } : {} }, opts)

export type MediationStatsQuery = QueryOf<typeof api.mediation.stats>

/** 矛盾纠纷调处 figures for the months cases were opened in. */
export const getMediationStats = (query: MediationStatsQuery, opts?: CallOptions) => call(api.mediation.stats, { query }, opts)

/** 导出调解案件: the cases of the months as CSV (one row a case, no parties or contents). */
export const exportMediationCsv = (query: { from: string; to: string }) => downloadCsv(api.mediation.exportStats, query, `调解案件_${query.from}_${query.to}.csv`)

// 走访转代办: the filing form reads the visit and its household to fill itself (both audited reads on the server).

/** The visit a 代办 is filed from. */
export const getVisitForFiling = (visitId: string, opts?: CallOptions) => call(api.visits.get, { params: { visitId } }, opts)

/** The visited household: its address and occupants for the 代办's resident. */
export const getHouseholdForFiling = (householdId: string, opts?: CallOptions) => call(api.households.get, { params: { householdId } }, opts)
