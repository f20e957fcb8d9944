import { Schema, Types, model, models, type Model, type SchemaDefinition } from 'mongoose';
import { trackOutbox } from '../lib/outbox-flag';
import { registerAuditTarget } from '../lib/audit';
import type { Assert, SamePaths } from '../lib/schema-paths';
import type { ConsultationStatus, ConsultationResults, ScopeLevel, Stance, VoteRule } from '@linli/shared';

export interface ConsultationEventDoc {
  _id: Types.ObjectId;
  type: string;
  actorId: Types.ObjectId;
  actorName?: string;
  at: Date;
  note?: string;
}

export interface ConsultationUpdateDoc {
  _id: Types.ObjectId;
  note: string;
  progress: number;
  at: Date;
  authorId: Types.ObjectId;
  authorName?: string;
  photoKeys: string[];
}

/** A notice waiting to be delivered: stage notices to everyone in scope, outcomes to the author. */
export interface TopicOutboxEntryDoc {
  _id: Types.ObjectId;
  kind: string;
  audience: 'scope' | 'author';
  title: string;
  body: string;
  createdAt: Date;
}

export interface ConsultationDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  title: string;
  body: string;
  status: ConsultationStatus;
  scope: { level: ScopeLevel; id: Types.ObjectId };
  authorId: Types.ObjectId;
  authorName: string;
  byStaff: boolean;
  contentStatus: 'pass' | 'review';
  /** Recomputed from the support records on every support, so it cannot drift from them. */
  supportCount: number;
  supportThreshold: number;
  collectUntil?: Date;
  /** Set as soon as someone starts to support: from then on the author cannot edit the text. */
  textLocked: boolean;
  voteRule: VoteRule;
  options: { _id: Types.ObjectId; label: string }[];
  maxChoices: number;
  quorum?: number;
  votingStartsAt?: Date;
  votingEndsAt?: Date;
  /** While voting is being opened (the frozen list written); a stale value is taken over after a minute. */
  openingSince?: Date;
  /** Distinct residents or households on the frozen list. */
  eligibleCount?: number;
  /**
   * Vote operations in flight. Closing waits until this is empty (and new votes cannot enter once
   * votingEndsAt has passed), so the results are computed from a sealed ballot box.
   */
  openBallots: Types.ObjectId[];
  results?: ConsultationResults;
  resultsAt?: Date;
  progress: number;
  updates: ConsultationUpdateDoc[];
  timeline: ConsultationEventDoc[];
  commentCounts: Record<Stance, number>;
  mergedInto?: Types.ObjectId;
  reason?: string;
  /** Why staff sent the topic to review before its support reached the threshold. */
  reviewReason?: string;
  /** Undelivered notices in `outbox` (lib/outbox-flag). */
  outboxPending?: boolean;
  outbox: TopicOutboxEntryDoc[];
  /** Revision for conditional writes. */
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

const EventSchema = new Schema<ConsultationEventDoc>(
  { type: { type: String, required: true }, actorId: Schema.Types.ObjectId, actorName: String, at: Date, note: String },
  { _id: true },
);
const UpdateSchema = new Schema<ConsultationUpdateDoc>(
  { note: String, progress: Number, at: Date, authorId: Schema.Types.ObjectId, authorName: String, photoKeys: { type: [String], default: [] } },
  { _id: true },
);
const OutboxSchema = new Schema<TopicOutboxEntryDoc>({ kind: String, audience: String, title: String, body: String, createdAt: Date }, { _id: true });

/** What is stored: the paths of ConsultationSchema. */
const consultationPaths = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  title: { type: String, required: true },
  body: { type: String, required: true },
  status: { type: String, required: true },
  scope: { type: new Schema({ level: String, id: Schema.Types.ObjectId }, { _id: false }), required: true },
  authorId: { type: Schema.Types.ObjectId, required: true },
  authorName: { type: String, required: true },
  byStaff: { type: Boolean, default: false },
  contentStatus: { type: String, required: true },
  supportCount: { type: Number, default: 0 },
  supportThreshold: { type: Number, default: 0 },
  collectUntil: Date,
  textLocked: { type: Boolean, default: false },
  voteRule: { type: String, default: 'per_resident' },
  options: { type: [new Schema({ label: String }, { _id: true })], default: [] },
  maxChoices: { type: Number, default: 1 },
  quorum: Number,
  votingStartsAt: Date,
  votingEndsAt: Date,
  openingSince: Date,
  eligibleCount: Number,
  openBallots: { type: [Schema.Types.ObjectId], default: [] },
  results: Schema.Types.Mixed,
  resultsAt: Date,
  progress: { type: Number, default: 0 },
  updates: { type: [UpdateSchema], default: [] },
  timeline: { type: [EventSchema], default: [] },
  commentCounts: { type: Schema.Types.Mixed, default: () => ({ for: 0, against: 0, neutral: 0 }) },
  mergedInto: Schema.Types.ObjectId,
  reason: String,
  reviewReason: String,
  outbox: { type: [OutboxSchema], default: [] },
  rev: { type: Number, default: 0 },
} satisfies SchemaDefinition<ConsultationDoc>;
const ConsultationSchema = new Schema<ConsultationDoc>(consultationPaths, { timestamps: true, collection: 'consultations', minimize: false });

/*
 * Why ConsultationDoc is written out above rather than derived with `InferSchemaType`: mongoose infers optional paths
 * as `T | null | undefined`, string paths without an `enum` validator as `string` and the Mixed paths (results,
 * commentCounts) as `any`, while the use cases, the views and shared/ rely on `T | undefined`, the unions
 * (ConsultationStatus, VoteRule, …) and ConsultationResults; adding validators would change what a save accepts.
 * So the interface stays, and this line keeps it and the schema naming the same paths (`outboxPending` is added by
 * trackOutbox).
 */
export type ConsultationPathsMatch = Assert<SamePaths<typeof consultationPaths, ConsultationDoc, '_id' | 'createdAt' | 'updatedAt' | 'outboxPending'>>;

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
export interface SupportDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  consultationId: Types.ObjectId;
  userId: Types.ObjectId;
  createdAt: Date;
}
const SupportSchema = new Schema<SupportDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    consultationId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'consultation_supports' },
);
SupportSchema.index({ consultationId: 1, userId: 1 }, { unique: true });
export const SupportModel = (models.ConsultationSupport as Model<SupportDoc>) ?? model<SupportDoc>('ConsultationSupport', SupportSchema);

export interface CommentDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  consultationId: Types.ObjectId;
  parentId?: Types.ObjectId;
  authorId: Types.ObjectId;
  authorName: string;
  byStaff: boolean;
  stance: Stance;
  body: string;
  contentStatus: 'pass' | 'review';
  hidden?: { reason: string; by: Types.ObjectId; at: Date };
  reporters: Types.ObjectId[];
  createdAt: Date;
}
/** What is stored: the paths of CommentSchema. */
const commentPaths = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  consultationId: { type: Schema.Types.ObjectId, required: true },
  parentId: Schema.Types.ObjectId,
  authorId: { type: Schema.Types.ObjectId, required: true },
  authorName: { type: String, required: true },
  byStaff: { type: Boolean, default: false },
  stance: { type: String, required: true },
  body: { type: String, required: true },
  contentStatus: { type: String, required: true },
  hidden: { type: new Schema({ reason: String, by: Schema.Types.ObjectId, at: Date }, { _id: false }), required: false },
  reporters: { type: [Schema.Types.ObjectId], default: [] },
  createdAt: { type: Date, required: true },
} satisfies SchemaDefinition<CommentDoc>;
const CommentSchema = new Schema<CommentDoc>(commentPaths, { collection: 'consultation_comments' });
// CommentDoc is written out for the same reason as ConsultationDoc; this keeps it and the schema naming the same paths.
export type CommentPathsMatch = Assert<SamePaths<typeof commentPaths, CommentDoc>>;
CommentSchema.index({ consultationId: 1, _id: 1 });
CommentSchema.index({ consultationId: 1, stance: 1, contentStatus: 1, parentId: 1, hidden: 1 });
export const CommentModel = (models.ConsultationComment as Model<CommentDoc>) ?? model<CommentDoc>('ConsultationComment', CommentSchema);

/**
 * The frozen list of who may vote, written when voting opens: one record per person, keyed
 * `<consultationId>:<userId>` so the check at voting time is an _id lookup. `ballotKey` is the person (per
 * resident) or their household (per household): the one-vote rule is on it.
 */
export interface ElectorDoc {
  _id: string;
  consultationId: Types.ObjectId;
  ballotKey: string;
}
const ElectorSchema = new Schema<ElectorDoc>(
  { _id: { type: String, required: true }, consultationId: { type: Schema.Types.ObjectId, required: true }, ballotKey: { type: String, required: true } },
  { collection: 'consultation_electors' },
);
ElectorSchema.index({ consultationId: 1, ballotKey: 1 });
export const ElectorModel = (models.ConsultationElector as Model<ElectorDoc>) ?? model<ElectorDoc>('ConsultationElector', ElectorSchema);

/**
 * Who took part: `<consultationId>:<ballotKey>` as _id, so a second vote of the same resident or household is
 * a duplicate key, however many arrive at once. Holds nothing about the choice.
 */
export interface ParticipationDoc {
  _id: string;
  consultationId: Types.ObjectId;
  /** The vote operation that wrote it, so a repaired operation recognises its own record. */
  opId: Types.ObjectId;
}
const ParticipationSchema = new Schema<ParticipationDoc>(
  { _id: { type: String, required: true }, consultationId: { type: Schema.Types.ObjectId, required: true }, opId: { type: Schema.Types.ObjectId, required: true } },
  { collection: 'consultation_participations' },
);
ParticipationSchema.index({ consultationId: 1 });
export const ParticipationModel =
  (models.ConsultationParticipation as Model<ParticipationDoc>) ?? model<ParticipationDoc>('ConsultationParticipation', ParticipationSchema);

/**
 * A secret ballot: the choice and the receipt, keyed `<consultationId>:<receipt>`. No voter, no household, no
 * time, no operation id: nothing links it to a participation record.
 */
export interface BallotDoc {
  _id: string;
  consultationId: Types.ObjectId;
  optionIds: string[];
  receipt: string;
}
const BallotSchema = new Schema<BallotDoc>(
  {
    _id: { type: String, required: true },
    consultationId: { type: Schema.Types.ObjectId, required: true },
    optionIds: { type: [String], required: true },
    receipt: { type: String, required: true },
  },
  { collection: 'consultation_ballots', versionKey: false },
);
BallotSchema.index({ consultationId: 1 });
export const BallotModel = (models.ConsultationBallot as Model<BallotDoc>) ?? model<BallotDoc>('ConsultationBallot', BallotSchema);

registerAuditTarget('consultationId', ConsultationModel, 'status progress votingEndsAt eligibleCount mergedInto reason reviewReason supportThreshold');
registerAuditTarget('commentId', CommentModel, 'hidden contentStatus stance');
