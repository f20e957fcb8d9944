import { Schema, model, models, type Model } from 'mongoose';
import { FOLLOW_UP_STATUSES, MET_CONSENTS, VISIT_TOPICS } from '@linli/shared';
import { registerAuditTarget } from '../lib/audit';
import type { DocOf, Timestamps } from '../lib/doc-type';

const MET_KINDS = ['occupant', 'other'] as const;

/**
 * One person met on a visit. Why each field is kept (PIPL, README 走访): `occupantId`, whom on the register the
 * notes are about (the name is read from the register, so erasing the occupant's entry takes their name off every
 * visit); `userId`, an occupant with an account, so their export and the deletion of their account find the visit;
 * `name` and `relation`, only for someone not on the register who agreed to be named; `consent` with `consentAt`,
 * that an occupant without an account agreed at the door (the visit's recorder recorded it). A refusal keeps none of
 * the identifying fields: the entry only counts a person met. `anonymised`: the account of the person was deleted.
 */
const metDefinition = {
  occupantId: Schema.Types.ObjectId,
  userId: Schema.Types.ObjectId,
  name: String,
  relation: String,
  consent: { type: String, required: true, enum: MET_CONSENTS },
  consentAt: Date,
  /** `occupant` (on the register) or `other` (a relative, a carer): how a refusal or an anonymised entry reads. */
  kind: { type: String, required: true, enum: MET_KINDS },
  anonymised: Boolean,
};
export type MetDoc = Omit<DocOf<typeof metDefinition>, '_id'>;

/** What is stored of a visit (走访): a household of a grid, on a day, by a grid worker or staff member. */
const visitDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  householdId: { type: Schema.Types.ObjectId, required: true },
  buildingId: { type: Schema.Types.ObjectId, required: true },
  /** The grid of the household's building when visited: the grid's lists and coverage read by it. */
  gridId: Schema.Types.ObjectId,
  /** The day (Asia/Shanghai, `YYYY-MM-DD`) and the instant it counts at (shared `visitedAtOf`). */
  visitedOn: { type: String, required: true },
  visitedAt: { type: Date, required: true },
  /** Who recorded it; after their account is deleted the id names an anonymised user and the name is 已注销网格员. */
  recordedBy: { type: Schema.Types.ObjectId, required: true },
  recorderName: { type: String, required: true },
  topics: { type: [{ type: String, enum: VISIT_TOPICS }], default: [] },
  notes: String,
  met: { type: [new Schema<MetDoc>(metDefinition, { _id: false })], default: [] },
  /** The accounts among the people met, flat: export and erasure find a person's visits through an index. */
  metUserIds: { type: [Schema.Types.ObjectId], default: [] },
};
export type VisitDoc = DocOf<typeof visitDefinition, { met: MetDoc[] }> & Timestamps;
const VisitSchema = new Schema<VisitDoc>(visitDefinition, { timestamps: true, collection: 'visits' });

// 民情日记 of one household, newest first; a grid's visits; the community's.
VisitSchema.index({ communityId: 1, householdId: 1, _id: -1 });
VisitSchema.index({ communityId: 1, gridId: 1, _id: -1 });
VisitSchema.index({ communityId: 1, _id: -1 });
// Coverage: the visits of a quarter.
VisitSchema.index({ communityId: 1, visitedAt: 1 });
// Retention (functions/src/system/retention.ts): the visits of every community past three years, oldest first.
VisitSchema.index({ visitedAt: 1 });
// Export and erasure of an account: the visits that met them, the visits they recorded.
VisitSchema.index({ metUserIds: 1 });
VisitSchema.index({ recordedBy: 1 });

export const VisitModel = (models.Visit as Model<VisitDoc>) ?? model<VisitDoc>('Visit', VisitSchema);

/**
 * A follow-up item of a visit (待办): what was promised, by when, and whether it was done. A collection of its own,
 * so the open items of a grid are one indexed, sorted read. Written before its visit (with the visit's id): a crash
 * in between leaves an item naming no visit, which the lists skip, never a visit missing one of its items.
 */
const followUpDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  visitId: { type: Schema.Types.ObjectId, required: true },
  householdId: { type: Schema.Types.ObjectId, required: true },
  gridId: Schema.Types.ObjectId,
  text: { type: String, required: true },
  dueOn: { type: String, required: true },
  /** shared `followUpDueKey`: `<due day ms>_<id>`, what the open list sorts and pages by. */
  dueKey: { type: String, required: true },
  status: { type: String, required: true, enum: FOLLOW_UP_STATUSES },
  doneAt: Date,
  doneBy: Schema.Types.ObjectId,
  doneByName: String,
  doneNote: String,
};
export type FollowUpDoc = DocOf<typeof followUpDefinition> & Timestamps;
const FollowUpSchema = new Schema<FollowUpDoc>(followUpDefinition, { timestamps: true, collection: 'visit_follow_ups' });

// A visit's items; the open items of a grid or of the community by due day (overdue first).
FollowUpSchema.index({ communityId: 1, visitId: 1, _id: 1 });
FollowUpSchema.index({ communityId: 1, status: 1, gridId: 1, dueKey: 1 });
FollowUpSchema.index({ communityId: 1, status: 1, dueKey: 1 });
// Erasure of a household record: its items go with it.
FollowUpSchema.index({ communityId: 1, householdId: 1 });
// Erasure of an account: the items they marked done.
FollowUpSchema.index({ doneBy: 1 });

export const FollowUpModel = (models.VisitFollowUp as Model<FollowUpDoc>) ?? model<FollowUpDoc>('VisitFollowUp', FollowUpSchema);

// The audit log records these fields before a grid worker's or staff member's action changes them.
registerAuditTarget('visitId', VisitModel, 'householdId gridId visitedOn recordedBy topics');
registerAuditTarget('followUpId', FollowUpModel, 'visitId householdId status dueOn doneBy doneAt');
