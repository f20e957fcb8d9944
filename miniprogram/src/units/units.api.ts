/**
 * Calls of units (单位): joining one, the street's 单位管理, and a unit's 工作台 — the requests dispatched to it and
 * its moves on them (吹哨报到; the requests feature's endpoints, called from here as this feature's own).
 */
import { api, type BodyOf, type QueryOf, type UnitActionInput, type UnitRequestItem } from '@linli/shared'
import { call, type CallOptions } from '../services/http'

export const joinUnit = (body: BodyOf<typeof api.units.join>, opts?: CallOptions) => call(api.units.join, { body }, opts)

export const myUnitsDetail = (opts?: CallOptions) => call(api.units.mine, {}, opts)

export type StreetUnitsQuery = Partial<QueryOf<typeof api.units.streetList>>

/** The street's units, with the caller's streets (their communities, and whether they administer them). */
export const listStreetUnits = (query: StreetUnitsQuery, opts?: CallOptions) => call(api.units.streetList, { query }, opts)

export const getStreetUnit = (unitId: string, opts?: CallOptions) => call(api.units.streetGet, { params: { unitId } }, opts)

export const createUnit = (body: BodyOf<typeof api.units.create>, opts?: CallOptions) => call(api.units.create, { body }, opts)

export const updateUnit = (unitId: string, body: BodyOf<typeof api.units.update>, opts?: CallOptions) => call(api.units.update, { params: { unitId }, body }, opts)

export const createUnitInvite = (unitId: string, body: BodyOf<typeof api.units.createInvite>, opts?: CallOptions) =>
  call(api.units.createInvite, { params: { unitId }, body }, opts)

export const removeUnitMember = (unitId: string, userId: string, opts?: CallOptions) => call(api.units.removeMember, { params: { unitId, userId } }, opts)

// ---------------------------------------------------------------- the unit's 工作台 (吹哨报到, the requests feature's endpoints)

export type UnitQueueItem = UnitRequestItem
export type UnitQueueStatus = 'dispatched' | 'acknowledged' | 'sent_back' | 'resolved'

/** The caller's units' dispatches in one state, as a single page (a unit's queue holds at most 100 at a time). */
export const listUnitRequests = (status: UnitQueueStatus, opts?: CallOptions) =>
  call(api.requests.unitList, { query: { status, limit: 100 } }, opts).then((r) => ({ items: r.items, nextCursor: null }))

export const getUnitRequest = (requestId: string, opts?: CallOptions) => call(api.requests.unitGet, { params: { requestId } }, opts)

/** 签收, 回复, 办结 / 协办完成, 退单, 申请延期: answers the request as the unit sees it now. */
export const actOnUnitRequest = (requestId: string, body: UnitActionInput | { action: 'request_extension'; reason: string; proposedResolveBy: string }, opts?: CallOptions) =>
  call(api.requests.unitAct, { params: { requestId }, body: body as UnitActionInput }, opts)

/** 待签收 and 办理中 together (首页's figures). */
export const listActiveUnitRequests = (opts?: CallOptions) => call(api.requests.unitList, { query: { status: 'active', limit: 100 } }, opts)

/**
 * A photo for the unit's 办结, granted on this request (the unit's people belong to no community, so the community's
 * upload endpoint is not theirs): components/usePhotoUploads' `grant`.
 */
export const grantUnitPhoto = (requestId: string) => (ask: { contentType: 'image/jpeg' | 'image/png' | 'image/webp'; size: number }) =>
  call(api.requests.unitPhotoUpload, { params: { requestId }, body: ask }, { silent: true })

// ---------------------------------------------------------------- 单位消息 (the messages feature's unit inbox)

/** The caller's units' notices (新派单, 驳回退单, 收回派单, 签收提醒), newest first, with the unread count. */
export const listUnitMessages = (cursor?: string, opts?: CallOptions) => call(api.messages.unitList, { query: { cursor, limit: 20 } }, opts)

/** Marks these notices read (none: all of them); answers the unread count left. */
export const markUnitMessagesRead = (ids?: string[], opts?: CallOptions) => call(api.messages.unitMarkRead, { body: ids ? { ids } : {} }, opts)

/** Just the unread count (工作台 card, queue header): the first page carries it. */
export const unitUnreadCount = (opts?: CallOptions) => call(api.messages.unitList, { query: { limit: 1 } }, opts).then((r) => r.unread)
