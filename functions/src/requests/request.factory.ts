import { Types } from 'mongoose';
import {
  DEFAULT_REQUEST_DEADLINES,
  deadlineFor,
  onSpotTransition,
  requestTypeOf,
  shanghaiMonth,
  type NoteAudience,
  type HolidayCalendars,
  type RequestDeadlineSettings,
  type RequestTypeDeadlines,
  type Role,
} from '@linli/shared';
import { ON_BEHALF_NOTE, type RequestDoc } from './request.model';
import { outboxEntry, summary } from './notify';

/** The stored fields a filing may give (the rest start at their defaults: status, deadlines, counters…). */
type FiledFields = 'title' | 'description' | 'buildingId' | 'gridId' | 'address' | 'place' | 'lat' | 'lng' | 'photoKeys' | 'voiceKey'
  | 'anonymous' | 'urgency' | 'filerId' | 'household' | 'onBehalf' | 'contactPhone' | 'phoneConsent' | 'level' | 'contentStatus'
  | 'source' | 'patrolId' | 'visitId' | 'type' | 'fromRequestIds';

/**
 * What is known when a request is filed, by a resident, by staff for a resident (代办), or by 12345 through Open311:
 * the stored fields it gives (typed from RequestDoc, so they cannot drift from the schema) and how to record it.
 */
export type RequestFiling = Pick<RequestDoc, 'communityId' | 'category' | 'filerName' | 'filedBy'> &
  Partial<Pick<RequestDoc, '_id' | FiledFields>> & {
    /** The role they filed in, as the timeline shows it. */
    filedAs: Role | 'system';
    deadlineSettings?: RequestDeadlineSettings;
    /** The community's deadlines per type (default: shared DEFAULT_REQUEST_TYPE_DEADLINES). */
    typeDeadlines?: RequestTypeDeadlines;
    /** Holiday calendars for working-day deadlines (system/holidays.ts); none: weekends only. */
    calendars?: HolidayCalendars;
    /** The note on the filing entry of the timeline (代办 filings get their own, written for the filer). */
    note?: string;
    /** The title of the notice that tells the handlers; none for history written by a seeder. */
    announce?: string;
    /**
     * 就地办结: the finder fixed it on the spot. The filing then also records its acceptance and resolution by the
     * finder (`filedBy`, holding it), with this note and these photos, as the state machine's accept and resolve
     * would (shared `onSpotTransition`): answered and resolved at once, closed, nobody asked to rate it.
     */
    onSpot?: { note: string; photoKeys?: string[]; assigneeName?: string; hidden?: boolean };
  };

/** A request as first stored: every field the schema keeps, without the timestamps mongoose adds. */
export type NewRequestDoc = Omit<RequestDoc, 'createdAt' | 'updatedAt'>;

/**
 * The one constructor of a request document: the handler, Open311, the seeders and the bench all file through it,
 * so a new field, default or counter is added once. Deadlines start at the filing level from `now`; the filer
 * follows their own request (a 代办 or 12345 filing has nobody to follow it yet). Keys left undefined are left out,
 * so a raw insert (seeders, bench) stores the same document mongoose would.
 */
export function newRequestDoc(f: RequestFiling, now: Date): NewRequestDoc {
  const onBehalf = f.onBehalf ?? false;
  const urgency = f.urgency ?? 'normal';
  const level = f.level ?? 'grid';
  const source = f.source ?? 'resident';
  const type = requestTypeOf(f.type);
  // 三率 clock: from the submission, by type and level (working days; urgent: hours), never restarted by hand-offs.
  const deadlines = deadlineFor({
    type,
    level,
    urgency,
    from: now,
    settings: { requestDeadlines: f.deadlineSettings ?? DEFAULT_REQUEST_DEADLINES, requestTypeDeadlines: f.typeDeadlines },
    calendars: f.calendars ?? [],
  });
  const onSpot = f.onSpot ? onSpotTransition(source) : undefined;
  // A caller that asks for an on-the-spot resolution of a resident's demand has a bug: the input schema refuses it.
  if (onSpot && !onSpot.ok) throw new Error(`request of source ${source} cannot be resolved on the spot`);
  const doc = {
    _id: f._id ?? new Types.ObjectId(),
    communityId: f.communityId,
    category: f.category,
    title: f.title,
    description: f.description ?? '',
    buildingId: f.buildingId,
    gridId: f.gridId,
    address: f.address,
    place: f.place,
    lat: f.lat,
    lng: f.lng,
    photoKeys: f.photoKeys ?? [],
    voiceKey: f.voiceKey,
    anonymous: f.anonymous ?? false,
    urgency,
    filerId: f.filerId,
    filerName: f.filerName,
    household: f.household,
    filedBy: f.filedBy,
    onBehalf,
    contactPhone: f.contactPhone,
    phoneConsent: f.phoneConsent,
    status: onSpot?.ok ? onSpot.to : ('submitted' as const),
    source,
    type,
    patrolId: f.patrolId,
    visitId: f.visitId,
    fromRequestIds: f.fromRequestIds,
    level,
    levelSince: now,
    reopenCount: 0,
    // 延期申请: none approved yet (延期率 counts requests with at least one).
    extensionCount: 0,
    respondBy: deadlines.respondBy,
    resolveBy: deadlines.resolveBy,
    responseOutcome: f.onSpot ? ('on_time' as const) : ('pending' as const),
    // 就地办结: the finder holds it, answered and resolved it the moment it was filed.
    ...(f.onSpot
      ? {
          resolvedOnSpot: true,
          assigneeId: f.filedBy,
          assigneeName: f.onSpot.assigneeName,
          firstResponseAt: now,
          firstResponseHours: 0,
          resolvedAt: now,
          resolveHours: 0,
          closedAt: onSpot?.ok && onSpot.to === 'closed' ? now : undefined,
        }
      : {}),
    followers: f.filerId && !onBehalf ? [f.filerId] : [],
    meTooCount: 0,
    public: false,
    contentStatus: f.contentStatus ?? 'pass',
    ratings: [],
    rev: 0,
    month: shanghaiMonth(now),
    ratingCount: 0,
    satisfiedCount: 0,
    sendBackCount: 0,
    // 吹哨报到 (dispatch.ts): no dispatch, no hand-off yet; the level's own deadlines are the request's at filing.
    dispatches: [],
    handOffCount: 0,
    levelRespondBy: deadlines.respondBy,
    levelResolveBy: deadlines.resolveBy,
    outbox: f.announce ? [outboxEntry('new_request', 'handlers', f.announce, summary(f), now, f.filedAs === 'system' ? undefined : f.filedBy)] : [],
    timeline: [
      {
        _id: new Types.ObjectId(),
        type: 'submitted',
        actorId: f.filedBy,
        actorRole: f.filedAs,
        at: now,
        note: f.note ?? (onBehalf ? ON_BEHALF_NOTE : undefined),
        // A 代办 note is for the filer; other filing notes have no audience, which reads as the filer's too.
        audience: onBehalf ? ('filer' as NoteAudience) : undefined,
      },
      ...(f.onSpot
        ? [
            { _id: new Types.ObjectId(), type: 'accept', actorId: f.filedBy, actorRole: f.filedAs, at: now },
            {
              _id: new Types.ObjectId(),
              type: 'resolve',
              actorId: f.filedBy,
              actorRole: f.filedAs,
              at: now,
              note: f.onSpot.note,
              audience: 'filer' as NoteAudience,
              photoKeys: f.onSpot.photoKeys?.length ? f.onSpot.photoKeys : undefined,
              hidden: f.onSpot.hidden || undefined,
            },
          ]
        : []),
    ],
  };
  return withoutUndefined(doc) as NewRequestDoc;
}

/** Drops undefined keys at the top level and in the timeline entry (the MongoDB driver would store them as null). */
function withoutUndefined<T extends Record<string, unknown>>(doc: T): T {
  const strip = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const out = strip(doc) as Record<string, unknown>;
  out.timeline = (doc.timeline as Record<string, unknown>[]).map(strip);
  out.outbox = (doc.outbox as Record<string, unknown>[]).map(strip);
  return out as T;
}
