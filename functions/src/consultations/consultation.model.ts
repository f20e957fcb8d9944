import { Schema, model, models, type Model } from 'mongoose';
import { trackOutbox, type OutboxTracked } from '../lib/outbox-flag';
import { registerAuditTarget } from '../lib/audit';
import type { DocOf, Narrow, Present, RawDoc, Timestamps } from '../lib/doc-type';
import { CONSULTATION_STATUSES, SCOPE_LEVELS, Stance, VoteRule, type ConsultationResults } from '@linli/shared';

const eventDefinition = { type: { type: String, required: true }, actorId: Schema.Types.ObjectId, actorName: String, at: Date, note: String };
export type ConsultationEventDoc = Present<DocOf<typeof eventDefinition>, 'actorId' | 'at'>;
const EventSchema = new Schema<ConsultationEventDoc>(eventDefinition, { _id: true });

const updateDefinition = {
  note: String,
  progress: Number,
  at: Date,
  authorId: Schema.Types.ObjectId,
  authorName: String,
  photoKeys: { type: [String], default: [] },
};
export type ConsultationUpdateDoc = Present<DocOf<typeof updateDefinition>, 'note' | 'progress' | 'at' | 'authorId'>;
const UpdateSchema = new Schema<ConsultationUpdateDoc>(updateDefinition, { _id: true });

const outboxEntryDefinition = { kind: String, audience: String, title: String, body: String, createdAt: Date };
/** A notice waiting to be delivered: stage notices to everyone in scope, outcomes to the author. */
export type TopicOutboxEntryDoc = Narrow<
  Present<DocOf<typeof outboxEntryDefinition>, 'kind' | 'title' | 'body' | 'createdAt'>,
  { audience: 'scope' | 'author' }
>;
const OutboxSchema = new Schema<TopicOutboxEntryDoc>(outboxEntryDefinition, { _id: true });

const scopeDefinition = { level: { type: String, enum: SCOPE_LEVELS }, id: Schema.Types.ObjectId };
export type TopicScopeDoc = Present<RawDoc<typeof scopeDefinition>, 'level' | 'id'>;

const optionDefinition = { label: String };
export type OptionDoc = Present<DocOf<typeof optionDefinition>, 'label'>;

/** What is stored: the paths of ConsultationSchema. */
const consultationDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  title: { type: String, required: true },
  body: { type: String, required: true },
  status: { type: String, required: true, enum: CONSULTATION_STATUSES },
  scope: { type: new Schema<TopicScopeDoc>(scopeDefinition, { _id: false }), required: true },
  authorId: { type: Schema.Types.ObjectId, required: true },
  authorName: { type: String, required: true },
  byStaff: { type: Boolean, default: false },
  contentStatus: { type: String, required: true },
  /** Recomputed from the support records on every support, so it cannot drift from them. */
  supportCount: { type: Number, default: 0 },
  supportThreshold: { type: Number, default: 0 },
  collectUntil: Date,
  /** Set as soon as someone starts to support: from then on the author cannot edit the text. */
  textLocked: { type: Boolean, default: false },
  voteRule: { type: String, default: 'per_resident' as const, enum: VoteRule.options },
  options: { type: [new Schema<OptionDoc>(optionDefinition, { _id: true })], default: [] },
  maxChoices: { type: Number, default: 1 },
  quorum: Number,
  votingStartsAt: Date,
  votingEndsAt: Date,
  /** While voting is being opened (the frozen list written); a stale value is taken over after a minute. */
  openingSince: Date,
  /** Distinct residents or households on the frozen list. */
  eligibleCount: Number,
  /**
   * Vote operations in flight. Closing waits until this is empty (and new votes cannot enter once
   * votingEndsAt has passed), so the results are computed from a sealed ballot box.
   */
  openBallots: { type: [Schema.Types.ObjectId], default: [] },
  results: Schema.Types.Mixed,
  resultsAt: Date,
  progress: { type: Number, default: 0 },
  updates: { type: [UpdateSchema], default: [] },
  timeline: { type: [EventSchema], default: [] },
  commentCounts: { type: Schema.Types.Mixed, default: () => ({ for: 0, against: 0, neutral: 0 }) },
  mergedInto: Schema.Types.ObjectId,
  reason: String,
  /**
   * 每月一题 (requests/hotspots.ts): the residents' requests a topic staff opened from the month's recurring problem
   * came from. Only ids; the topic never copies what the requests say.
   */
  fromRequestIds: { type: [Schema.Types.ObjectId], default: undefined },
  /** Why staff sent the topic to review before its support reached the threshold. */
  reviewReason: String,
  outbox: { type: [OutboxSchema], default: [] },
  /** Revision for conditional writes. */
  rev: { type: Number, default: 0 },
};
/** A topic as stored, inferred from consultationDefinition; narrowed: the Mixed paths to their shared types, contentStatus. */
export type ConsultationDoc = DocOf<
  typeof consultationDefinition,
  { contentStatus: 'pass' | 'review'; results?: ConsultationResults; commentCounts: Record<Stance, number> }
> &
  OutboxTracked &
  Timestamps;
const ConsultationSchema = new Schema<ConsultationDoc>(consultationDefinition, { timestamps: true, collection: 'consultations', minimize: false });

// Lists: newest first, by stage and by scope.
ConsultationSchema.index({ communityId: 1, _id: -1 });
ConsultationSchema.index({ communityId: 1, status: 1, _id: -1 });
ConsultationSchema.index({ communityId: 1, 'scope.level': 1, 'scope.id': 1, _id: -1 });
// The scheduled job: voting past its end, collections past their deadline.
ConsultationSchema.index({ status: 1, votingEndsAt: 1 });
ConsultationSchema.index({ status: 1, collectUntil: 1 });
// Repair: notices written but not delivered.
trackOutbox(ConsultationSchema);
export const ConsultationModel =
  (models.Consultation as Model<ConsultationDoc>) ?? model<ConsultationDoc>('Consultation', ConsultationSchema);

/** 附议: one per resident per topic (the unique index answers a repeat with 409). */
const supportDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  consultationId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  createdAt: { type: Date, required: true },
};
export type SupportDoc = DocOf<typeof supportDefinition>;
const SupportSchema = new Schema<SupportDoc>(supportDefinition, { collection: 'consultation_supports' });
SupportSchema.index({ consultationId: 1, userId: 1 }, { unique: true });
export const SupportModel = (models.ConsultationSupport as Model<SupportDoc>) ?? model<SupportDoc>('ConsultationSupport', SupportSchema);

const hiddenDefinition = { reason: String, by: Schema.Types.ObjectId, at: Date };
/** Who hid a comment, when and why: all three always written. */
export type HiddenDoc = Present<RawDoc<typeof hiddenDefinition>, 'reason' | 'by' | 'at'>;

/** What is stored: the paths of CommentSchema. */
const commentDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  consultationId: { type: Schema.Types.ObjectId, required: true },
  parentId: Schema.Types.ObjectId,
  authorId: { type: Schema.Types.ObjectId, required: true },
  authorName: { type: String, required: true },
  byStaff: { type: Boolean, default: false },
  stance: { type: String, required: true, enum: Stance.options },
  body: { type: String, required: true },
  contentStatus: { type: String, required: true },
  hidden: { type: new Schema<HiddenDoc>(hiddenDefinition, { _id: false }) },
  reporters: { type: [Schema.Types.ObjectId], default: [] },
  createdAt: { type: Date, required: true },
};
export type CommentDoc = DocOf<typeof commentDefinition, { contentStatus: 'pass' | 'review' }>;
const CommentSchema = new Schema<CommentDoc>(commentDefinition, { collection: 'consultation_comments' });
CommentSchema.index({ consultationId: 1, _id: 1 });
CommentSchema.index({ consultationId: 1, stance: 1, contentStatus: 1, parentId: 1, hidden: 1 });
export const CommentModel = (models.ConsultationComment as Model<CommentDoc>) ?? model<CommentDoc>('ConsultationComment', CommentSchema);

/**
 * The frozen list of who may vote, written when voting opens: one record per person, keyed
 * `<consultationId>:<userId>` so the check at voting time is an _id lookup. `ballotKey` is the person (per
 * resident) or their household (per household): the one-vote rule is on it.
 */
const electorDefinition = {
  _id: { type: String, required: true },
  consultationId: { type: Schema.Types.ObjectId, required: true },
  ballotKey: { type: String, required: true },
};
export type ElectorDoc = DocOf<typeof electorDefinition>;
const ElectorSchema = new Schema<ElectorDoc>(electorDefinition, { collection: 'consultation_electors' });
ElectorSchema.index({ consultationId: 1, ballotKey: 1 });
export const ElectorModel = (models.ConsultationElector as Model<ElectorDoc>) ?? model<ElectorDoc>('ConsultationElector', ElectorSchema);

/**
 * Who took part: `<consultationId>:<ballotKey>` as _id, so a second vote of the same resident or household is
 * a duplicate key, however many arrive at once. Holds nothing about the choice.
 */
const participationDefinition = {
  _id: { type: String, required: true },
  consultationId: { type: Schema.Types.ObjectId, required: true },
  /** The vote operation that wrote it, so a repaired operation recognises its own record. */
  opId: { type: Schema.Types.ObjectId, required: true },
};
export type ParticipationDoc = DocOf<typeof participationDefinition>;
const ParticipationSchema = new Schema<ParticipationDoc>(participationDefinition, { collection: 'consultation_participations' });
ParticipationSchema.index({ consultationId: 1 });
export const ParticipationModel =
  (models.ConsultationParticipation as Model<ParticipationDoc>) ?? model<ParticipationDoc>('ConsultationParticipation', ParticipationSchema);

/**
 * A secret ballot: the choice and the receipt, keyed `<consultationId>:<receipt>`. No voter, no household, no
 * time, no operation id: nothing links it to a participation record.
 */
const ballotDefinition = {
  _id: { type: String, required: true },
  consultationId: { type: Schema.Types.ObjectId, required: true },
  optionIds: { type: [String], required: true },
  receipt: { type: String, required: true },
};
export type BallotDoc = DocOf<typeof ballotDefinition>;
const BallotSchema = new Schema<BallotDoc>(ballotDefinition, { collection: 'consultation_ballots', versionKey: false });
BallotSchema.index({ consultationId: 1 });
export const BallotModel = (models.ConsultationBallot as Model<BallotDoc>) ?? model<BallotDoc>('ConsultationBallot', BallotSchema);

registerAuditTarget('consultationId', ConsultationModel, 'status progress votingEndsAt eligibleCount mergedInto reason reviewReason supportThreshold');
registerAuditTarget('commentId', CommentModel, 'hidden contentStatus stance');
