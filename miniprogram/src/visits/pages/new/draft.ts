/**
 * What the visit form holds and the body it sends: plain data and pure functions, shared by the page's parts.
 */
import type { CreateVisitInput, VisitTopic } from '@linli/shared'
import { newIdempotencyKey } from '../../../services/http'
import { today } from '../../format'

/** Consent of a person without an account: agreed at the door to be named (given), or not (refused). */
export type Consent = 'given' | 'refused'

/** Someone met who is not on the register (a daughter visiting, a carer), added by name. */
export interface Guest {
  /** Local key of the row (rows come and go). */
  key: string
  name: string
  relation: string
  consent: Consent
}

/** A follow-up item being written: what was promised, and by when. */
export interface FollowUpDraft {
  key: string
  text: string
  dueOn: string
}

/** The address of a household not on the register yet (created by the visit). */
export interface AddressDraft {
  buildingId: string | null
  unit: string
  room: string
}

export interface VisitDraft {
  /** Only for a household not on the register (the form opened without one): where the visit was. */
  address: AddressDraft
  date: string
  /** Occupants of the register met, by id. */
  met: string[]
  /**
   * Per occupant without an account: whether they agreed to be named. Not agreed until the grid worker says so:
   * a forgotten toggle then stores no name (一位住户（未同意登记）), the safe way round.
   */
  consent: Record<string, Consent>
  guests: Guest[]
  topics: VisitTopic[]
  notes: string
  followUps: FollowUpDraft[]
  /**
   * The key of this visit's create: kept with the draft, so a send whose reply was lost and is sent again (or
   * tapped again) records one visit. A new one after it is recorded.
   */
  idempotencyKey: string
}

let rowSeq = 0
export const rowKey = () => `r${Date.now().toString(36)}${(rowSeq++).toString(36)}`

export const emptyDraft = (): VisitDraft => ({
  address: { buildingId: null, unit: '', room: '' },
  date: today(),
  met: [],
  consent: {},
  guests: [],
  topics: [],
  notes: '',
  followUps: [],
  idempotencyKey: newIdempotencyKey(),
})

/**
 * Drafts by household (NEW_HOUSEHOLD for one not on the register), for the life of the app: a refused submit, a look at the household's page, a phone call in
 * between lose nothing. Kept in memory only, not in the phone's storage: visit notes are sensitive (PIPL) and a
 * grid worker's phone is often passed around; the requests form keeps its drafts on the phone, this one must not.
 */
const drafts = new Map<string, VisitDraft>()
/** The draft key of a visit to a household not on the register yet. */
export const NEW_HOUSEHOLD = 'new'
export const loadDraft = (householdId: string): VisitDraft => drafts.get(householdId) ?? emptyDraft()
export const keepDraft = (householdId: string, d: VisitDraft) => void drafts.set(householdId, d)
export const dropDraft = (householdId: string) => void drafts.delete(householdId)

/**
 * The create body: occupants met (met.0… in the order tapped) with their consent where they have no account
 * (`noAccount`), then guests (by name only with consent); empty notes left out. Checked with the endpoint's schema
 * before sending.
 */
export function visitBody(householdId: string | null, d: VisitDraft, noAccount: ReadonlySet<string>): CreateVisitInput {
  return {
    // A household not on the register by its address: the server creates it (or finds it, when someone just did).
    ...(householdId ? { householdId } : { address: { buildingId: d.address.buildingId ?? '', unit: d.address.unit.trim(), room: d.address.room.trim() } }),
    date: d.date,
    met: [
      ...d.met.map((occupantId) => (noAccount.has(occupantId) ? { kind: 'occupant' as const, occupantId, consent: d.consent[occupantId] ?? 'refused' } : { kind: 'occupant' as const, occupantId })),
      ...d.guests.map((g) =>
        g.consent === 'given'
          ? { kind: 'other' as const, consent: 'given' as const, name: g.name.trim(), ...(g.relation.trim() ? { relation: g.relation.trim() } : {}) }
          : { kind: 'other' as const, consent: 'refused' as const },
      ),
    ],
    topics: d.topics,
    ...(d.notes.trim() ? { notes: d.notes.trim() } : {}),
    // Every row, even an empty one: its error then shows on that row (row N is followUps.N).
    followUps: d.followUps.map((f) => ({ text: f.text.trim(), dueOn: f.dueOn })),
  }
}
