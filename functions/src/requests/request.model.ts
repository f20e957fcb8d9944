import { Schema, model, models, type Model } from 'mongoose';
import { trackOutbox, type OutboxTracked } from '../lib/outbox-flag';
import { registerAuditTarget } from '../lib/audit';
import { householdSchema } from '../communities/community.model';
import type { DocOf, Narrow, Present, RawDoc, Timestamps, Unsettable } from '../lib/doc-type';
import { DISPATCH_ROLES, DISPATCH_STATUSES, SEND_BACK_REASONS, type DispatchRole, type DispatchStatus, type SendBackReason } from '@linli/shared';
import { NOTE_AUDIENCES, REPORT_REWARD_STATUSES, REQUEST_CATEGORIES, REQUEST_LEVELS, REQUEST_SOURCES, REQUEST_STATUSES, Urgency, REQUEST_TYPES } from '@linli/shared';

const timelineEntryDefinition = {
  type: { type: String, required: true },
  actorId: { type: Schema.Types.ObjectId, required: true },
  /** The role the actor acted in (resident, grid_worker, staff, street_staff, system). */
  actorRole: { type: String, required: true },
  at: { type: Date, required: true },
  note: String,
  /** Who the note is for (request.visibility.ts); absent on notes from before audiences: the filer. */
  audience: { type: String, enum: NOTE_AUDIENCES },
  /** Text held for review by content security: shown to staff only until approved. */
  hidden: Boolean,
  photoKeys: { type: [String], default: undefined },
  /** A reply by voice (uploads record of kind voice). */
  voiceKey: String,
};
export type TimelineEntryDoc = DocOf<typeof timelineEntryDefinition>;
const TimelineSchema = new Schema<TimelineEntryDoc>(timelineEntryDefinition, { _id: true });

/** The timeline note of a 代办 filing: who filed it is in the entry's role; the resident's contact is not in it. */
export const ON_BEHALF_NOTE = '代居民提交';

const outboxEntryDefinition = { kind: String, audience: String, title: String, body: String, exclude: Schema.Types.ObjectId, to: Schema.Types.ObjectId, unitId: Schema.Types.ObjectId, createdAt: Date };
/**
 * A notice waiting in `outbox`. followers: the filer and everyone who said 我也遇到; handlers: who handles the
 * request at its level, and its assignee; assignee: only the person it was just dispatched to; street: the street
 * staff of the community's street (a second extension to decide); staff: the community's staff; user: the one person named in `to` (who asked
 * for an extension, told of the decision).
 */
export type OutboxEntryDoc = Narrow<
  Present<DocOf<typeof outboxEntryDefinition>, 'kind' | 'title' | 'body' | 'createdAt'>,
  { audience: 'followers' | 'handlers' | 'assignee' | 'street' | 'staff' | 'user' }
>;

/**
 * 随手拍奖励 (report-reward.ts), decided at the request's first resolution where the community rewards reports:
 * declined, or pending with the points offered and the monthly cap then in force, until the posting to the
 * reporter's passbook (key `report_reward:<request>`) sets credited or capped and the points credited.
 */
const rewardDefinition = {
  status: { type: String, required: true, enum: REPORT_REWARD_STATUSES },
  valid: { type: Boolean, required: true },
  offered: Number,
  monthlyCap: Number,
  points: { type: Number, default: 0 },
  decidedBy: { type: Schema.Types.ObjectId, required: true },
  decidedAt: { type: Date, required: true },
  creditedAt: Date,
};
export type ReportRewardDoc = RawDoc<typeof rewardDefinition>;

const ratingDefinition = { satisfied: Boolean, score: Number, comment: String, at: Date };
/** One rating per resolution; the last one is the request's rating. */
export type RatingDoc = Present<RawDoc<typeof ratingDefinition>, 'satisfied' | 'score' | 'at'>;

/**
 * 延期申请 (requests/extensions.ts): the latest extension asked for. Who asked (a person holding the request, or a
 * member of its lead unit, with the dispatch), why, and the date proposed; the decision once made. Approval moved
 * the request's `resolveBy` to `proposedResolveBy` and counted it in `extensionCount`.
 */
const extensionDefinition = {
  status: { type: String, required: true, enum: ['requested', 'approved', 'refused'] },
  reason: { type: String, required: true },
  proposedResolveBy: { type: Date, required: true },
  requestedBy: { type: Schema.Types.ObjectId, required: true },
  requesterKind: { type: String, required: true, enum: ['person', 'unit'] },
  /** The person's name or the unit's, as the handlers see who asked. */
  requesterName: String,
  dispatchId: Schema.Types.ObjectId,
  at: { type: Date, required: true },
  decidedBy: Schema.Types.ObjectId,
  decidedAt: Date,
  decisionNote: String,
  /** An approval that moves a lead unit's dispatch too: its pending operation (extensions.ts). */
  opId: Schema.Types.ObjectId,
};
export type ExtensionDoc = Narrow<Present<RawDoc<typeof extensionDefinition>, 'status' | 'reason' | 'proposedResolveBy' | 'requestedBy' | 'requesterKind' | 'at'>, { status: 'requested' | 'approved' | 'refused'; requesterKind: 'person' | 'unit' }>;

/** 回访 (requests/call-backs.ts): the latest call-back. The result and note are the handlers'; the filer learns only that a call was made. */
const callBackDefinition = {
  reached: { type: Boolean, required: true },
  result: { type: String, enum: ['satisfied', 'basically', 'unsatisfied'] },
  note: String,
  by: { type: Schema.Types.ObjectId, required: true },
  byName: String,
  at: { type: Date, required: true },
};
export type CallBackDoc = Narrow<Present<RawDoc<typeof callBackDefinition>, 'reached' | 'by' | 'at'>, { result?: 'satisfied' | 'basically' | 'unsatisfied' }>;

/** One dispatch of the request, as the request carries it (the dispatch's record: dispatch.model.ts). */
const dispatchEntryDefinition = {
  dispatchId: { type: Schema.Types.ObjectId, required: true },
  unitId: { type: Schema.Types.ObjectId, required: true },
  unitName: { type: String, required: true },
  unitType: { type: String, required: true },
  role: { type: String, required: true, enum: DISPATCH_ROLES },
  status: { type: String, required: true, enum: DISPATCH_STATUSES },
  /** Dispatched (or restored by 驳回退单) at, and the unit's own deadlines from then. */
  since: Date,
  respondBy: Date,
  resolveBy: Date,
  /** The community rated the unit's handling. */
  rated: Boolean,
};
export type DispatchEntryDoc = Narrow<
  Present<RawDoc<typeof dispatchEntryDefinition>, 'dispatchId' | 'unitId' | 'unitName' | 'unitType' | 'role' | 'status'>,
  { role: DispatchRole; status: DispatchStatus }
>;

/** A send-back waiting for the dispatcher: by a unit (its dispatch) or a person assignee. */
const sendBackDefinition = {
  kind: { type: String, required: true, enum: ['unit', 'person'] },
  by: { type: Schema.Types.ObjectId, required: true },
  byName: { type: String, required: true },
  reason: { type: String, required: true, enum: SEND_BACK_REASONS },
  note: String,
  duplicateOf: Schema.Types.ObjectId,
  dispatchId: Schema.Types.ObjectId,
  /** A person's send-back: whom 驳回退单 gives it back to. */
  assigneeId: Schema.Types.ObjectId,
  assigneeName: String,
  at: { type: Date, required: true },
};
export type SendBackDoc = Narrow<
  Present<RawDoc<typeof sendBackDefinition>, 'kind' | 'by' | 'byName' | 'reason' | 'at'>,
  { kind: 'unit' | 'person'; reason: SendBackReason }
>;

/** What is stored of a request: the paths of RequestSchema. */
const requestDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  category: { type: String, required: true, enum: REQUEST_CATEGORIES },
  title: String,
  // Empty when the resident spoke instead (voiceKey); mongoose's `required` would refuse an empty string.
  description: { type: String, default: '' },
  buildingId: Schema.Types.ObjectId,
  gridId: Schema.Types.ObjectId,
  address: String,
  /** The place marked on the map (name and address); like `address`, filer, handlers and 12345 only. */
  place: String,
  /** The marked point, WGS-84. */
  lat: Number,
  lng: Number,
  photoKeys: { type: [String], default: [] },
  /** The voice note filed with the request (uploads record of kind voice): the filer and the handlers hear it. */
  voiceKey: String,
  anonymous: { type: Boolean, default: false },
  urgency: { type: String, default: 'normal' as const, enum: Urgency.options },
  /** The resident the request is for (for 代办, the person who filed it is in filedBy). */
  filerId: Schema.Types.ObjectId,
  filerName: { type: String, required: true },
  household: { type: householdSchema() },
  filedBy: { type: Schema.Types.ObjectId, required: true },
  onBehalf: { type: Boolean, default: false },
  /**
   * The phone handlers may call: the 代办 contact, or the filer's membership phone when they agreed to be called
   * (同意工作人员电话联系我) when filing. Handlers only, never in a timeline note; absent without consent.
   */
  contactPhone: String,
  /** Whether the filer agreed to be called (always for 代办). */
  phoneConsent: Boolean,
  status: { type: String, required: true, enum: REQUEST_STATUSES },
  /**
   * Who brought it in (shared REQUEST_SOURCES): a resident's demand, a finding on patrol, a 流动网格员's report.
   * Requests from before sources have none stored and read as a resident's (the default here; raw reads and the
   * 三率 counters treat a missing one the same), so nothing needs writing on upgrade.
   */
  source: { type: String, enum: REQUEST_SOURCES, default: 'resident' as const },
  /**
   * 咨询, 求助, 投诉 or 建议 (shared REQUEST_TYPES): sets the deadlines (request-deadlines.ts). Requests from before
   * types read as 求助 (the default here and in reads); `npm run upgrade` stores it on them for the type filter.
   */
  type: { type: String, enum: REQUEST_TYPES, default: 'help' as const },
  /** The patrol a finding was filed on (its finder's own; the patrol lists it among its findings). */
  patrolId: Schema.Types.ObjectId,
  /** 就地办结: the finding was accepted and resolved by its finder in the filing itself. */
  resolvedOnSpot: Boolean,
  /**
   * 走访转代办: the visit a 代办 was filed from. Only the request names the link; the visit lists its requests by this
   * field (one write, so no crash leaves it half made).
   */
  visitId: Schema.Types.ObjectId,
  /**
   * 主动治理 (source proactive): the requests of the month's recurring problem (每月一题, hotspots.ts) the task was
   * opened from. Only the task names the link, so one write makes it.
   */
  fromRequestIds: { type: [Schema.Types.ObjectId], default: undefined },
  /**
   * 重复: the original this request duplicates (status `duplicate`). Only the duplicate names the link; the
   * original's side is read by this field (one write, so no crash can leave the link half made).
   */
  duplicateOf: Schema.Types.ObjectId,
  /**
   * 已转调解: the dispute case this 邻里纠纷 request was handed to (mediation/request-link.ts). Set with the request
   * moved to in progress in one write; the request resolves when the case concludes. Only the id: no case contents.
   */
  mediationCaseId: Schema.Types.ObjectId,
  /**
   * 吹哨报到 (requests/dispatch.ts): every dispatch of the request to a unit, a summary of its record in `dispatches`
   * (dispatch.model.ts). The request is the arbiter of what spans it and a dispatch: each move changes the entry here
   * in the request's conditional write, and the dispatch record follows (a pending operation finishes it). A unit
   * sees the request only while its unit appears here (request.permissions.ts).
   */
  dispatches: { type: [new Schema<DispatchEntryDoc>(dispatchEntryDefinition, { _id: false })], default: [] },
  /**
   * Set in the same write as a request ending otherwise than by its lead unit (staff resolve, reject, duplicate,
   * withdraw...) closes entries of `dispatches`: their records are closed in a second write, and this flag is
   * cleared after it; should that write die, the repair sweeper (dispatch.ts `followClosedDispatches`) finishes it.
   */
  dispatchesDirty: Boolean,
  /** Hand-offs so far: every dispatch, send-back, assignment and escalation (督办 past the community's threshold). */
  handOffCount: { type: Number, default: 0 },
  lastHandOffAt: Date,
  /** 督办: when the request was flagged to street staff (once: too many hand-offs, or past its resolution deadline). */
  supervisedAt: Date,
  /** A send-back (退单) waiting for the dispatcher to re-dispatch or reject it (驳回退单). */
  sendBack: { type: new Schema<SendBackDoc>(sendBackDefinition, { _id: false }) },
  /** A person assignee's own deadlines, from their assignment (the request's own run from the filing). */
  assignedAt: Date,
  assigneeRespondBy: Date,
  assigneeResolveBy: Date,
  /** The level's own deadlines, from the escalation to it (or the filing): the deadline job escalates by these. */
  levelRespondBy: Date,
  levelResolveBy: Date,
  level: { type: String, required: true, enum: REQUEST_LEVELS },
  levelSince: { type: Date, required: true },
  reopenCount: { type: Number, default: 0 },
  assigneeId: Schema.Types.ObjectId,
  /** The assignee's name in this community when assigned, so showing a request reads no membership. */
  assigneeName: String,
  respondBy: { type: Date, required: true },
  resolveBy: { type: Date, required: true },
  firstResponseAt: Date,
  /** on_time | late once someone responded; overdue when the response deadline passed unanswered. */
  responseOutcome: { type: String, default: 'pending' as const },
  resolvedAt: Date,
  closedAt: Date,
  /** One rating per resolution; the last one is the request's rating. */
  ratings: { type: [new Schema<RatingDoc>(ratingDefinition, { _id: false })], default: [] },
  /** 随手拍奖励 of its filer, once a resolution decided it (absent where no reward applied). */
  reward: { type: new Schema<ReportRewardDoc>(rewardDefinition, { _id: false }) },
  /** 延期申请: the latest one, and how many were approved (延期率 counts requests with at least one). */
  extension: { type: new Schema<ExtensionDoc>(extensionDefinition, { _id: false }) },
  extensionCount: { type: Number, default: 0 },
  /**
   * 退单: how many times the request was sent back by whoever held it (a unit or a person, dispatch.ts); 考核排名's
   * 退单率 counts requests with at least one (request-stats `sentBack`).
   */
  sendBackCount: { type: Number, default: 0 },
  /** 回访: the latest call-back. */
  callBack: { type: new Schema<CallBackDoc>(callBackDefinition, { _id: false }) },
  /**
   * 待回访: a resident's demand resolved and not yet rated in the app nor called back with the resident reached. Set
   * by the resolution, unset by a rating, a call-back that reached the resident, or a reopening, in the same writes.
   */
  callBackDue: Boolean,
  /** Incremented by every change: updates are conditional on it (optimistic concurrency). */
  rev: { type: Number, default: 0 },
  /**
   * Notifications written in the same atomic update as the change they announce, then delivered to the
   * message list and pulled; the repair routine delivers any left behind by a crash.
   */
  outbox: { type: [new Schema<OutboxEntryDoc>(outboxEntryDefinition, { _id: true })], default: [] },
  /** When the “about to go overdue” notice went out for the current deadline. */
  overdueWarnedAt: Date,
  // Statistics fields, kept in the same update as the change, so 三率 are sums over requests ($group/$sum).
  /** Asia/Shanghai month of filing, `YYYY-MM`. */
  month: { type: String, required: true },
  firstResponseHours: Number,
  /** Hours from filing to the latest resolution. */
  resolveHours: Number,
  ratingCount: { type: Number, default: 0 },
  satisfiedCount: { type: Number, default: 0 },
  /** Set by every change to a counted field (and on filing) until the 三率 counters include it (request-stats). */
  statsDirty: { type: Boolean, default: true },
  followers: { type: [Schema.Types.ObjectId], default: [] },
  meTooCount: { type: Number, default: 0 },
  public: { type: Boolean, default: false },
  contentStatus: { type: String, default: 'pass' as const },
  timeline: { type: [TimelineSchema], default: [] },
};
/**
 * A request as stored, inferred from requestDefinition; narrowed: the two unions no shared constant names.
 * `statsDirty` is set on filing and by every counted change and `$unset` once the 三率 counters include it.
 */
export type RequestDoc = Unsettable<
  DocOf<typeof requestDefinition, { responseOutcome: 'pending' | 'on_time' | 'late' | 'overdue'; contentStatus: 'pass' | 'review' }>,
  'statsDirty'
> &
  OutboxTracked &
  Timestamps;
const RequestSchema = new Schema<RequestDoc>(requestDefinition, { timestamps: true, collection: 'requests' });

// Lists: newest first within a community, by filer, assignee, grid, status, category; duplicates by building.
RequestSchema.index({ communityId: 1, _id: -1 });
RequestSchema.index({ communityId: 1, filerId: 1, _id: -1 });
RequestSchema.index({ communityId: 1, assigneeId: 1, _id: -1 });
RequestSchema.index({ communityId: 1, gridId: 1, _id: -1 });
RequestSchema.index({ communityId: 1, status: 1, _id: -1 });
// Work queues by source (巡查发现, 流动网格员上报); the duplicates of an original (its count, their filers' notices).
RequestSchema.index({ communityId: 1, source: 1, _id: -1 });
// Lists by type (咨询, 求助, 投诉, 建议).
RequestSchema.index({ communityId: 1, type: 1, _id: -1 });
RequestSchema.index({ communityId: 1, duplicateOf: 1, _id: -1 });
// The requests filed from a visit (its page lists them).
RequestSchema.index({ communityId: 1, visitId: 1, _id: -1 });
// The originals a handler may name for a duplicate: the same category, newest first.
RequestSchema.index({ communityId: 1, category: 1, _id: -1 });
RequestSchema.index({ communityId: 1, buildingId: 1, category: 1, createdAt: -1 });
// Statistics over a period.
RequestSchema.index({ communityId: 1, createdAt: 1 });
// 待回访: the community's resolved demands waiting for a call-back, oldest resolution first.
RequestSchema.index({ communityId: 1, callBackDue: 1, resolvedAt: 1, _id: 1 });
// Account erasure: a person's send-back waiting for the dispatcher names them (communities/account.ts).
RequestSchema.index({ 'sendBack.by': 1 });
// The escalation job: open requests by deadline.
// (and by the level's own deadline, since escalation no longer moves the request's: deadlines.ts)
RequestSchema.index({ status: 1, levelResolveBy: 1 });
RequestSchema.index({ status: 1, resolveBy: 1 });
RequestSchema.index({ status: 1, respondBy: 1 });
// The repair routine: requests with undelivered notifications, and requests the 三率 counters do not include yet.
trackOutbox(RequestSchema);
RequestSchema.index({ statsDirty: 1, updatedAt: 1 });
// The repair routine: rewards decided but not yet in the reporter's passbook (a crash between the two writes).
RequestSchema.index({ 'reward.status': 1, 'reward.decidedAt': 1 });
// The repair sweeper: requests whose closed dispatches' records may not have followed yet.
RequestSchema.index({ dispatchesDirty: 1, updatedAt: 1 });

/** The fields the 三率 counters are computed from (request-stats `contribution`), with what keys them. */
const COUNTED_FIELDS = ['category', 'gridId', 'source', 'status', 'responseOutcome', 'ratingCount', 'satisfiedCount', 'firstResponseHours', 'resolveHours', 'resolvedOnSpot', 'callBack', 'extensionCount', 'resolvedAt', 'resolveBy', 'sendBackCount'];
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

registerAuditTarget('requestId', RequestModel, 'status level assigneeId public contentStatus gridId resolveBy extension extensionCount callBack');
