/**
 * What the filing form holds and the body it sends: plain data and pure functions, so the page's components and
 * its hook share one shape (and the shape kept on the phone stays the one older versions saved).
 */
import type { CreateRequestInput, RequestCategory, RequestType, Urgency } from '@linli/shared'
import type { useForm } from '../../../components/useForm'
import type { PickedPhoto } from '../../../services/upload'
import type { CreateRequestBody } from '../../requests.api'
import type { VoiceDraft } from '../../components/Voice'

export interface Draft {
  category: RequestCategory | null
  title: string
  description: string
  buildingId: string | null
  address: string
  /** The point marked with 标注当前位置 (WGS-84, requests/location.ts) and the map's name for it, if any. */
  lat?: number
  lng?: number
  place?: string
  urgency: Urgency
  /**
   * 我想咨询 / 我需要帮助 / 我要投诉 / 我有建议: what the resident wants (sets the deadlines). Absent: 求助 (and in
   * drafts older than types). A resident's demand only: findings and 流动网格员's reports are problems to fix.
   */
  type?: RequestType
  anonymous: boolean
  /** 同意工作人员电话联系我: on by default; a 代办 request always gives its contact to the handlers. */
  phoneConsent: boolean
  onBehalf: boolean
  behalf: Behalf
  /** A grid worker's finding on their patrol (巡查发现) instead of a resident's demand; null for the latter. */
  finding: Finding | null
  /**
   * 流动网格员上报: a holder of that role reports a hazard where it is (a building, or a place marked or written),
   * in their name, never 代办. Absent in drafts older than the role.
   */
  mobileGrid?: boolean
  /**
   * 走访转代办: the visit a grid worker heard the problem on; the request is filed on behalf of the visited household
   * (always 代办) and listed on the visit. Absent otherwise.
   */
  visitId?: string
}

/**
 * What makes a filing a patrol finding: the patrol it was made on, and 就地办结 with what was done there (the photos
 * of the result are the page's second photo list). Kept with the draft, so a finding waiting for the network comes
 * back as a finding when edited.
 */
export interface Finding {
  patrolId: string
  onSpot: boolean
  note: string
}

/** The resident a grid worker or staff member files for (代办). */
export interface Behalf {
  name: string
  buildingId: string | null
  unit: string
  room: string
  phone: string
}

/** The form holding a draft, checked with the create endpoint's schema. */
export type DraftForm = ReturnType<typeof useForm<Draft, typeof CreateRequestInput>>

export const EMPTY_DRAFT: Draft = {
  category: null,
  title: '',
  description: '',
  buildingId: null,
  address: '',
  lat: undefined,
  lng: undefined,
  place: undefined,
  urgency: 'normal',
  anonymous: false,
  phoneConsent: true,
  onBehalf: false,
  behalf: { name: '', buildingId: null, unit: '', room: '', phone: '' },
  finding: null,
}

/** A finding of this patrol, at the building the worker was at (if they chose one on the patrol page). */
export const findingDraft = (patrolId: string, buildingId: string | null): Draft => ({ ...EMPTY_DRAFT, buildingId, finding: { patrolId, onSpot: false, note: '' } })

/**
 * What the form holds, kept on the phone (requests/drafts.ts) as it is typed: leaving to check something, a
 * failed submit, WeChat closing the app, never loses what an elderly user typed. Cleared after filing.
 */
export interface FormSnapshot {
  draft: Draft
  photos: PickedPhoto[]
  voice: VoiceDraft | null
}

/** Nothing typed, marked or added: no need to keep a copy on the phone. */
export const isBlank = (draft: Draft, photos: readonly PickedPhoto[], voice: VoiceDraft | null) =>
  JSON.stringify(draft) === JSON.stringify(EMPTY_DRAFT) && photos.length === 0 && !voice

const uploadedKeys = (photos: readonly PickedPhoto[]) => photos.filter((p) => p.status === 'done' && p.key).map((p) => p.key!)

/**
 * The create body from what the form holds: trimmed, empty parts left out; null until a category is chosen. A
 * finding is the finder's own (never anonymous, no call-back consent, never 代办) and names its patrol; fixed on the
 * spot, it carries the note and the photos of the result (`onSpotPhotos`), and the one call files and closes it. A
 * 流动网格员's report is theirs too (never anonymous, never 代办), with their consent to be called.
 */
export function requestBody(draft: Draft, photos: readonly PickedPhoto[], voice: VoiceDraft | null, onSpotPhotos: readonly PickedPhoto[] = []): CreateRequestBody | null {
  if (!draft.category) return null
  const f = draft.finding
  const b: CreateRequestBody = {
    category: draft.category,
    description: draft.description.trim(),
    urgency: draft.urgency,
  }
  const mobileGrid = !f && !!draft.mobileGrid
  if (f) {
    b.source = 'patrol'
    b.patrolId = f.patrolId
    if (f.onSpot) {
      b.resolvedOnSpot = { note: f.note.trim() }
      const keys = uploadedKeys(onSpotPhotos)
      if (keys.length) b.resolvedOnSpot.photoKeys = keys
    }
  } else if (mobileGrid) {
    b.source = 'mobile_grid'
    b.phoneConsent = draft.phoneConsent
  } else {
    if (draft.type) b.type = draft.type
    b.anonymous = draft.anonymous
    if (!draft.onBehalf) b.phoneConsent = draft.phoneConsent
  }
  if (draft.title.trim()) b.title = draft.title.trim()
  const location: NonNullable<CreateRequestBody['location']> = {}
  const onBehalf = draft.onBehalf && !f && !mobileGrid
  if (!onBehalf && draft.buildingId) location.buildingId = draft.buildingId
  if (draft.address.trim()) location.address = draft.address.trim()
  if (draft.lat != null && draft.lng != null) {
    location.lat = draft.lat
    location.lng = draft.lng
    if (draft.place) location.place = draft.place
  }
  if (Object.keys(location).length) b.location = location
  const keys = uploadedKeys(photos)
  if (keys.length) b.photoKeys = keys
  if (voice?.status === 'done' && voice.key) b.voiceKey = voice.key
  if (onBehalf) {
    b.onBehalfOf = {
      name: draft.behalf.name.trim(),
      buildingId: draft.behalf.buildingId ?? '',
      unit: draft.behalf.unit.trim(),
      room: draft.behalf.room.trim(),
    }
    if (draft.behalf.phone.trim()) b.onBehalfOf.phone = draft.behalf.phone.trim()
    if (draft.visitId) b.visitId = draft.visitId
  }
  return b
}

/**
 * The body as the schema should judge it before sending: a voice note still to be uploaded (no network) counts as
 * said, since it goes up before the request does.
 */
export const bodyToCheck = (body: CreateRequestBody, voice: VoiceDraft | null): CreateRequestBody =>
  voice && !voice.key && voice.status === 'waiting' ? { ...body, voiceKey: 'voice/waiting' } : body

/** A photo or voice note whose upload was cut off by leaving the page: retried at submit (or with the waiting request). */
export const settleUpload = <T extends { status: string; key?: string }>(m: T): T =>
  m.status === 'uploading' || m.status === 'error' ? { ...m, status: m.key ? 'done' : 'waiting' } : m
