import type { NoteAudience } from '@linli/shared';
import { handles, isFiler, unitRole, type RequestActor } from './request.permissions';

/**
 * The one visibility rule of requests: who is looking decides which fields they get. Every output of a request —
 * the app's views and lists, `similar`, the me-too answer, notifications and Open311 — asks this module, so a
 * field cannot leak through a side door that forgot a check.
 *
 * Audiences, from most to least trusted:
 * - handler: staff of the community, the grid's workers, street staff once escalated, and the assignee whatever
 *   their grid. They see everything, anonymous filers included (as in FixMyStreet), and 代办 contact details.
 * - filer: the resident the request is for. Their own words, household and the notes written to them.
 * - unit: a member of a unit the request was dispatched to (吹哨报到), on the unit side. Like a handler for the work
 *   — the words, the place, the household, the filer's name (not of an anonymous request) — but the filer's phone
 *   only where the filer agreed to be called (`phoneConsent`), notes to the filer and public ones (never the
 *   community's internal notes), and nothing of the community's own records (patrol, visit, reward, mediation).
 * - partner: a 12345 platform calling Open311 with the community's key. The request and its place, notes to the
 *   filer and public notes; never names, phone numbers or households.
 * - public: anyone else who may see the request at all — only once staff made it public and its text passed
 *   review. Other residents (followers through 我也遇到 included: following grants nothing) and keyless
 *   Open311. Place no finer than the building, public notes only.
 * - none: everything else; the request does not exist for them (404).
 */
export type RequestAudience = 'handler' | 'filer' | 'unit' | 'partner' | 'public' | 'none';

export type RequestViewer = { kind: 'member'; actor: RequestActor } | { kind: 'open311'; partner: boolean };

/** What the rule needs to know of a request. */
export interface VisibilitySubject {
  filerId?: { equals(id: unknown): boolean } | null;
  assigneeId?: { equals(id: unknown): boolean } | null;
  gridId?: RequestActor['gridIds'][number] | null;
  level: 'grid' | 'community' | 'street';
  public: boolean;
  contentStatus: 'pass' | 'review';
  /** The units it was dispatched to: their members are its unit audience. */
  dispatches?: readonly { unitId: RequestActor['gridIds'][number]; role: string; status: string }[] | null;
  /** Whether the filer agreed to be called (the unit audience gets the phone only then). */
  phoneConsent?: boolean | null;
  anonymous?: boolean | null;
  /** A second extension waiting for the street makes street staff its handlers (request.permissions.ts). */
  extension?: { status: string } | null;
  extensionCount?: number | null;
}

/** Whether anyone outside the request's handlers and filer may see it at all. */
export const isPubliclyVisible = (r: Pick<VisibilitySubject, 'public' | 'contentStatus'>) => r.public && r.contentStatus === 'pass';

/** The audience a viewer belongs to for one request. */
export function audienceOf(viewer: RequestViewer, r: VisibilitySubject): RequestAudience {
  if (viewer.kind === 'open311') return viewer.partner ? 'partner' : isPubliclyVisible(r) ? 'public' : 'none';
  // Field by field: `r` may be a mongoose document, whose fields a spread would not copy.
  const subject = {
    filerId: r.filerId ?? undefined,
    assigneeId: r.assigneeId ?? undefined,
    gridId: r.gridId ?? undefined,
    level: r.level,
    public: r.public,
    contentStatus: r.contentStatus,
    extension: r.extension ? { status: r.extension.status } : undefined,
    extensionCount: r.extensionCount ?? 0,
  } as Parameters<typeof handles>[1];
  if (handles(viewer.actor, subject)) return 'handler';
  if (isFiler(viewer.actor, subject)) return 'filer';
  if (unitRole(viewer.actor, { ...subject, dispatches: r.dispatches ?? [] })) return 'unit';
  return isPubliclyVisible(r) ? 'public' : 'none';
}

/** Fields beyond the request's category, status, deadlines and counts (which every audience but none sees). */
export type RequestField =
  | 'text' // title and description
  | 'filerName'
  | 'household' // building, unit and room of the filer
  | 'address' // free-text address, the place marked on the map and exact coordinates
  | 'contact' // whom to call: the filer's phone if they agreed when filing, or the 代办 contact
  | 'assignee' // who holds the request, and their work phone
  | 'rating'
  | 'actorIds' // who acted, by id (the app marks the viewer's own entries)
  | 'voice' // voice notes (filed with the request or replied): a voice identifies a person, so never public
  | 'patrol' // the patrol a finding was made on: work records of the finder and the community, not the public's
  | 'visit' // 来自走访: the visit a 代办 was filed from (its id; never its notes): the handlers' work record
  | 'reward' // 随手拍奖励: the reporter's points (their passbook's business), and the handler's judgement of the report
  | 'duplicates' // 重复: the original a duplicate was merged into (its id and status) and how many were merged into one
  | 'mediation' // 已转调解: the dispute case's id only (the filer is its party; the case opens by its own rules)
  | 'extension' // 延期申请 in full: who asked, why, the date proposed, the decision and its note (the handlers' business)
  | 'extensionOutcome' // that an extension was approved and the new deadline (the filer waits for it): never the reason or note
  | 'callBack' // 回访 in full: reached, the resident's verdict, the caller's note
  | 'callBackMade' // that a call-back was made, and when
  | 'handling' // 吹哨报到 in full: the pending send-back (who, why), 督办, the dispatches' own records
  | 'heldContent'; // photos and notes waiting for review

/** The table: which audience sees which field. Tested as a table in request.visibility.test.ts. */
export const REQUEST_FIELD_ACCESS: Record<RequestField, readonly RequestAudience[]> = {
  text: ['handler', 'filer', 'unit', 'partner', 'public'],
  filerName: ['handler', 'filer', 'unit'],
  household: ['handler', 'filer', 'unit'],
  address: ['handler', 'filer', 'unit', 'partner'],
  contact: ['handler', 'unit'],
  assignee: ['handler', 'filer', 'unit'],
  rating: ['handler', 'filer'],
  actorIds: ['handler', 'filer'],
  voice: ['handler', 'filer', 'unit'],
  patrol: ['handler', 'filer'],
  visit: ['handler'],
  reward: ['handler', 'filer'],
  duplicates: ['handler', 'filer'],
  mediation: ['handler', 'filer'],
  // The lead unit asked for it (or may ask next): it sees the extension as the handlers do.
  extension: ['handler', 'unit'],
  extensionOutcome: ['handler', 'filer', 'unit'],
  callBack: ['handler'],
  callBackMade: ['handler', 'filer'],
  handling: ['handler', 'unit'],
  heldContent: ['handler'],
};

/** Which note audiences each viewer audience reads. */
const NOTES_SEEN: Record<RequestAudience, readonly NoteAudience[]> = {
  handler: ['internal', 'filer', 'public'],
  filer: ['filer', 'public'],
  unit: ['filer', 'public'],
  partner: ['filer', 'public'],
  public: ['public'],
  none: [],
};

export const sees = (audience: RequestAudience, field: RequestField) => REQUEST_FIELD_ACCESS[field].includes(audience);

/** A note's audience; notes from before audiences existed were written to the filer. */
export const noteAudience = (e: { audience?: NoteAudience | null }): NoteAudience => e.audience ?? 'filer';

export const seesNote = (audience: RequestAudience, e: { audience?: NoteAudience | null }) => NOTES_SEEN[audience].includes(noteAudience(e));

/**
 * Whom to call, as this audience may have it: handlers the 代办 contact or the consenting filer's phone; a unit the
 * same only where the filer agreed to be called (a 代办's contact agreed by being given); nobody else anything.
 */
export function contactFor(audience: RequestAudience, r: { onBehalf?: boolean | null; contactPhone?: string | null; phoneConsent?: boolean | null; filerName: string }): { name: string; phone?: string } | undefined {
  if (!sees(audience, 'contact') || !(r.onBehalf || r.contactPhone)) return undefined;
  if (audience === 'unit' && !(r.onBehalf || r.phoneConsent)) return undefined;
  return { name: r.filerName, phone: r.contactPhone ?? undefined };
}

/** The filer's name: a unit does not learn who filed an anonymous request (the community's handlers do, to call back). */
export const seesFilerName = (audience: RequestAudience, r: { anonymous?: boolean | null }) => sees(audience, 'filerName') && !(audience === 'unit' && r.anonymous);

/** About 100 m: coordinates given to the public are rounded to three decimals (0.001° of latitude ≈ 111 m). */
export const roundCoordinate = (v: number | null | undefined): number | null => (v == null ? null : Math.round(v * 1000) / 1000);

/**
 * The marked point as this audience may have it, for the app and Open311 alike: exact with the 'address' row;
 * rounded to about 100 m for the public (no finer than the building, which they see anyway: a point gains them
 * nothing a keyless Open311 call would not give); nothing for anyone else, or when no point was marked.
 */
export function coordinatesFor(audience: RequestAudience, r: { lat?: number | null; lng?: number | null }): { lat: number; lng: number; rounded: boolean } | null {
  if (r.lat == null || r.lng == null) return null;
  if (sees(audience, 'address')) return { lat: r.lat, lng: r.lng, rounded: false };
  if (audience === 'public') return { lat: roundCoordinate(r.lat)!, lng: roundCoordinate(r.lng)!, rounded: true };
  return null;
}
