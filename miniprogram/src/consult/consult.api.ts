/** Calls of the consultations feature (议事协商), the vote receipts kept on the device, and its subscribe message. */
import Taro from '@tarojs/taro'
import {
  VoteReceipt,
  api,
  uploadEndpoints,
  type BodyOf,
  type ConsultationActionInput,
  type QueryOf,
} from '@linli/shared'
import { call, type CallOptions } from '../services/http'
import { IS_WEAPP } from '../services/config'

export type CreateConsultationBody = BodyOf<typeof api.consultations.create>
export type ConsultationListQuery = Partial<QueryOf<typeof api.consultations.list>>
export type CommentBody = BodyOf<typeof api.consultations.comment>
export type ModerateBody = BodyOf<typeof api.consultations.moderate>

export const createConsultation = (body: CreateConsultationBody, opts?: CallOptions) => call(api.consultations.create, { body }, opts)

export const listConsultations = (query: ConsultationListQuery, opts?: CallOptions) =>
  call(api.consultations.list, { query: { limit: 20, ...query } }, opts)

export const getConsultation = (consultationId: string, opts?: CallOptions) =>
  call(api.consultations.get, { params: { consultationId } }, opts)

export const editConsultation = (consultationId: string, body: BodyOf<typeof api.consultations.edit>, opts?: CallOptions) =>
  call(api.consultations.edit, { params: { consultationId }, body }, opts)

export const supportConsultation = (consultationId: string, opts?: CallOptions) =>
  call(api.consultations.support, { params: { consultationId } }, opts)

export const listComments = (consultationId: string, cursor?: string, opts?: CallOptions) =>
  call(api.consultations.comments, { params: { consultationId }, query: { cursor, limit: 100 } }, opts)

export const postComment = (consultationId: string, body: CommentBody, opts?: CallOptions) =>
  call(api.consultations.comment, { params: { consultationId }, body }, opts)

export const reportComment = (consultationId: string, commentId: string, opts?: CallOptions) =>
  call(api.consultations.report, { params: { consultationId, commentId } }, opts)

export const moderateComment = (consultationId: string, commentId: string, body: ModerateBody, opts?: CallOptions) =>
  call(api.consultations.moderate, { params: { consultationId, commentId }, body }, opts)

export const actOnConsultation = (consultationId: string, body: ConsultationActionInput, opts?: CallOptions) =>
  call(api.consultations.act, { params: { consultationId }, body }, opts)

export const castVote = (consultationId: string, optionIds: string[], opts?: CallOptions) =>
  call(api.consultations.vote, { params: { consultationId }, body: { optionIds } }, opts)

// ---------------------------------------------------------------- receipts on the device

/**
 * The receipt of a ballot is shown once by the API and never stored next to the voter: the device keeps it,
 * so the voter can find it in the published results. (On weapp, storage is per WeChat account.)
 */
const receiptKey = (consultationId: string) => `linli.receipt.${consultationId}`

export function saveReceipt(consultationId: string, receipt: VoteReceipt): void {
  try {
    Taro.setStorageSync(receiptKey(consultationId), { receipt: receipt.receipt, optionIds: receipt.optionIds })
  } catch {
    // The receipt is on screen; losing the stored copy only loses the automatic check.
  }
}

export function readReceipt(consultationId: string): VoteReceipt | null {
  try {
    const parsed = VoteReceipt.safeParse(Taro.getStorageSync(receiptKey(consultationId)))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** Normalizes a typed receipt: upper case, dashes where the API puts them (XXXX-XXXX-XX). */
export function normalizeReceipt(input: string): string {
  const raw = input.toUpperCase().replace(/[^0-9A-Z]/g, '')
  if (raw.length !== 10) return input.trim().toUpperCase()
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`
}

// ---------------------------------------------------------------- subscribe message (weapp only)

let consultationTemplate: string | null | undefined

/** Loads the template id ahead of the tap (WeChat shows its dialog only right inside a tap). Quiet; weapp only. */
export async function prefetchConsultationTemplate(): Promise<void> {
  if (!IS_WEAPP || consultationTemplate !== undefined) return
  try {
    const ids = await call(uploadEndpoints.templates, {}, { silent: true })
    consultationTemplate = ids.consultation || null
  } catch {
    consultationTemplate = undefined
  }
}

/**
 * Call first thing in a tap (提醒我, 附议, 评论): asks for the 议事 template and registers the grant for this topic,
 * so the stage notices (voting opens, results out) also reach WeChat. Resolves true when granted; never throws,
 * and asks nothing on H5.
 */
export async function askConsultationSubscription(consultationId: string): Promise<boolean> {
  if (!IS_WEAPP || !consultationTemplate) return false
  const id = consultationTemplate
  try {
    const res = (await Taro.requestSubscribeMessage({ tmplIds: [id] } as unknown as Taro.requestSubscribeMessage.Option)) as unknown as Record<
      string,
      string
    >
    if (res[id] !== 'accept') return false
    await call(uploadEndpoints.subscribe, { body: { grants: [{ template: 'consultation', consultationId }] } }, { silent: true })
    return true
  } catch {
    return false
  }
}
