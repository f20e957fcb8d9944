import { Schema, Types, model, models, type Model, type SchemaDefinition } from 'mongoose';
import { trackOutbox } from '../lib/outbox-flag';
import { registerAuditTarget } from '../lib/audit';
import type { Assert, SamePaths } from '../lib/schema-paths';
import type { NoteAudience, RequestCategory, RequestLevel, RequestStatus, Urgency } from '@linli/shared';

export interface TimelineEntryDoc {
  _id: Types.ObjectId;
  type: string;
  actorId: Types.ObjectId;
  /** The role the actor acted in (resident, grid_worker, staff, street_staff, system). */
  actorRole: string;
  at: Date;
  note?: string;
  /** Who the note is for (request.visibility.ts); absent on notes from before audiences: the filer. */
  audience?: NoteAudience;
  /** Text held for review by content security: shown to staff only until approved. */
  hidden?: boolean;
  photoKeys?: string[];
  /** A reply by voice (uploads record of kind voice). */
  voiceKey?: string;
}

/** The timeline note of a 代办 filing: who filed it is in the entry's role; the resident's contact is not in it. */
export const ON_BEHALF_NOTE = '代居民提交';

export interface OutboxEntryDoc {
  _id: Types.ObjectId;
  kind: string;
  /**
   * followers: the filer and everyone who said 我也遇到; handlers: who handles the request at its level, and its
   * assignee; assignee: only the person it was just dispatched to.
   */
  audience: 'followers' | 'handlers' | 'assignee';
  title: string;
  body: string;
  exclude?: Types.ObjectId;
  createdAt: Date;
}

export interface RequestDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  category: RequestCategory;
  title?: string;
  description: string;
  buildingId?: Types.ObjectId;
  gridId?: Types.ObjectId;
  address?: string;
  /** The place marked on the map (name and address); like `address`, filer, handlers and 12345 only. */
  place?: string;
  /** The marked point, WGS-84. */
  lat?: number;
  lng?: number;
  photoKeys: string[];
  /** The voice note filed with the request (uploads record of kind voice): the filer and the handlers hear it. */
  voiceKey?: string;
  anonymous: boolean;
  urgency: Urgency;
  /** The resident the request is for (for 代办, the person who filed it is in filedBy). */
  filerId?: Types.ObjectId;
  filerName: string;
  household?: { buildingId: Types.ObjectId; unit: string; room: string };
  filedBy: Types.ObjectId;
  onBehalf: boolean;
  /**
   * The phone handlers may call: the 代办 contact, or the filer's membership phone when they agreed to be called
   * (同意工作人员电话联系我) when filing. Handlers only, never in a timeline note; absent without consent.
   */
  contactPhone?: string;
  /** Whether the filer agreed to be called (always for 代办). */
  phoneConsent?: boolean;
  status: RequestStatus;
  level: RequestLevel;
  levelSince: Date;
  reopenCount: number;
  assigneeId?: Types.ObjectId;
  /** The assignee's name in this community when assigned, so showing a request reads no membership. */
  assigneeName?: string;
  respondBy: Date;
  resolveBy: Date;
  firstResponseAt?: Date;
  /** on_time | late once someone responded; overdue when the response deadline passed unanswered. */
  responseOutcome: 'pending' | 'on_time' | 'late' | 'overdue';
  resolvedAt?: Date;
  closedAt?: Date;
  /** One rating per resolution; the last one is the request's rating. */
  ratings: { satisfied: boolean; score: number; comment?: string; at: Date }[];
  /** Incremented by every change: updates are conditional on it (optimistic concurrency). */
  rev: number;
  /**
   * Notifications written in the same atomic update as the change they announce, then delivered to the
   * message list and pulled; the repair routine delivers any left behind by a crash.
   */
  outbox: OutboxEntryDoc[];
  /** When the “about to go overdue” notice went out for the current deadline. */
  overdueWarnedAt?: Date;
  // Statistics fields, kept in the same update as the change, so 三率 are sums over requests ($group/$sum).
  /** Asia/Shanghai month of filing, `YYYY-MM`. */
  month: string;
  firstResponseHours?: number;
  /** Hours from filing to the latest resolution. */
  resolveHours?: number;
  ratingCount: number;
  satisfiedCount: number;
  /** Set by every change to a counted field (and on filing) until the 三率 counters include it (request-stats). */
  statsDirty?: boolean;
  /** Undelivered notices in `outbox` (lib/outbox-flag). */
  outboxPending?: boolean;
  followers: Types.ObjectId[];
  meTooCount: number;
  public: boolean;
  contentStatus: 'pass' | 'review';
  timeline: TimelineEntryDoc[];
  createdAt: Date;
  updatedAt: Date;
}

const TimelineSchema = new Schema<TimelineEntryDoc>(
  {
    type: { type: String, required: true },
    actorId: { type: Schema.Types.ObjectId, required: true },
    actorRole: { type: String, required: true },
    at: { type: Date, required: true },
    note: String,
    audience: String,
    hidden: Boolean,
    photoKeys: { type: [String], default: undefined },
    voiceKey: String,
  },
  { _id: true },
);

/** What is stored of a request: the paths of RequestSchema. */
const requestPaths = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  category: { type: String, required: true },
  title: String,
  // Empty when the resident spoke instead (voiceKey); mongoose's `required` would refuse an empty string.
  description: { type: String, default: '' },
  buildingId: Schema.Types.ObjectId,
  gridId: Schema.Types.ObjectId,
  address: String,
  place: String,
  lat: Number,
  lng: Number,
  photoKeys: { type: [String], default: [] },
  voiceKey: String,
  anonymous: { type: Boolean, default: false },
  urgency: { type: String, default: 'normal' },
  filerId: Schema.Types.ObjectId,
  filerName: { type: String, required: true },
  household: { type: new Schema({ buildingId: Schema.Types.ObjectId, unit: String, room: String }, { _id: false }) },
  filedBy: { type: Schema.Types.ObjectId, required: true },
  onBehalf: { type: Boolean, default: false },
  contactPhone: String,
  phoneConsent: Boolean,
  status: { type: String, required: true },
  level: { type: String, required: true },
  levelSince: { type: Date, required: true },
  reopenCount: { type: Number, default: 0 },
  assigneeId: Schema.Types.ObjectId,
  assigneeName: String,
  respondBy: { type: Date, required: true },
  resolveBy: { type: Date, required: true },
  firstResponseAt: Date,
  responseOutcome: { type: String, default: 'pending' },
  resolvedAt: Date,
  closedAt: Date,
  ratings: { type: [new Schema({ satisfied: Boolean, score: Number, comment: String, at: Date }, { _id: false })], default: [] },
  rev: { type: Number, default: 0 },
  outbox: {
    type: [
      new Schema(
        { kind: String, audience: String, title: String, body: String, exclude: Schema.Types.ObjectId, createdAt: Date },
        { _id: true },
      ),
    ],
    default: [],
  },
  overdueWarnedAt: Date,
  month: { type: String, required: true },
  firstResponseHours: Number,
  resolveHours: Number,
  ratingCount: { type: Number, default: 0 },
  satisfiedCount: { type: Number, default: 0 },
  statsDirty: { type: Boolean, default: true },
  followers: { type: [Schema.Types.ObjectId], default: [] },
  meTooCount: { type: Number, default: 0 },
  public: { type: Boolean, default: false },
  contentStatus: { type: String, default: 'pass' },
  timeline: { type: [TimelineSchema], default: [] },
} satisfies SchemaDefinition<RequestDoc>;
const RequestSchema = new Schema<RequestDoc>(requestPaths, { timestamps: true, collection: 'requests' });

/*
 * Why RequestDoc is written out above rather than derived with `InferSchemaType<typeof RequestSchema>`: mongoose
 * infers every optional path as `T | null | undefined` and every string path without an `enum` validator as plain
 * `string`, while the handlers, the views and the zod schemas of shared/ rely on `T | undefined` and on the unions
 * (RequestStatus, RequestLevel, …); adding `enum` validators would change what a save accepts, which this
 * restructuring must not. So the interface stays, and this line keeps it and the schema naming the same paths.
 */
// `outboxPending` is added to the schema by trackOutbox (lib/outbox-flag), not written here.
export type RequestPathsMatch = Assert<SamePaths<typeof requestPaths, RequestDoc, '_id' | 'createdAt' | 'updatedAt' | 'outboxPending'>>;
// Lists: newest first within a community, by filer, assignee, grid, status, category; duplicates by building.
RequestSchema.index({ communityId: 1, _id: -1 });
RequestSchema.index({ communityId: 1, filerId: 1, _id: -1 });
RequestSchema.index({ communityId: 1, assigneeId: 1, _id: -1 });
RequestSchema.index({ communityId: 1, gridId: 1, _id: -1 });
RequestSchema.index({ communityId: 1, status: 1, _id: -1 });
RequestSchema.index({ communityId: 1, buildingId: 1, category: 1, createdAt: -1 });
// Statistics over a period.
RequestSchema.index({ communityId: 1, createdAt: 1 });
// The escalation job: open requests by deadline.
RequestSchema.index({ status: 1, resolveBy: 1 });
RequestSchema.index({ status: 1, respondBy: 1 });
// The repair routine: requests with undelivered notifications, and requests the 三率 counters do not include yet.
trackOutbox(RequestSchema);
RequestSchema.index({ statsDirty: 1, updatedAt: 1 });

/** The fields the 三率 counters are computed from (request-stats `contribution`), with what keys them. */
const COUNTED_FIELDS = ['category', 'gridId', 'status', 'responseOutcome', 'ratingCount', 'satisfiedCount', 'firstResponseHours', 'resolveHours'];
export const STATS_FIELDS_OF_REQUEST = ['_id', 'communityId', 'month', 'rev', ...COUNTED_FIELDS].join(' ');

// Every update that changes a counted field marks the request in the same atomic write, wherever it is issued
// (handlers, the deadline job, scripts): the counters can then never silently miss a change — whoever wrote
// syncs the counters next, and the repair routine syncs what a crash left marked.
RequestSchema.pre(['updateOne', 'updateMany', 'findOneAndUpdate'], function markCountedChange() {
  const update = this.getUpdate() as Record<string, unknown> | null;
  if (!update || Array.isArray(update)) return;
  const touched = (ops: unknown) => !!ops && typeof ops === 'object' && Object.keys(ops).some((k) => COUNTED_FIELDS.includes(k));
  const counted = ['$set', '$inc', '$unset', '$min', '$max', '$mul'].some((op) => touched(update[op])) || touched(update);
  if (counted) update.$set = { ...(update.$set as Record<string, unknown> | undefined), statsDirty: true };
});

export const RequestModel = (models.Request as Model<RequestDoc>) ?? model<RequestDoc>('Request', RequestSchema);

registerAuditTarget('requestId', RequestModel, 'status level assigneeId public contentStatus gridId');
