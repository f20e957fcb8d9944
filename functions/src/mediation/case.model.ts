import { Schema, model, models, type Model } from 'mongoose';
import { CASE_LEVELS, CASE_ORIGINS, CASE_STATUSES, MEDIATION_TYPES, REFERRAL_CHANNELS, RISK_LEVELS } from '@linli/shared';
import { registerAuditTarget } from '../lib/audit';
import type { DocOf, RawDoc, Timestamps } from '../lib/doc-type';

/**
 * A party (当事人). Why each field is kept (README 矛盾纠纷调处): `name`, to know who is in the dispute; `userId` /
 * `membershipId`, so a member confirms the agreement on their phone and finds the case in 我的调解; `phone`, to reach
 * a named person who does not use the app (mediators only; a member's phone stays on their membership); the
 * confirmation, as the record that each party accepted the agreement (on the phone, or on paper as a mediator saw).
 * `erased`: the party's account was deleted; the entry stays (counts and the other party's case hold) without them.
 */
const partyDefinition = {
  name: { type: String, required: true },
  userId: Schema.Types.ObjectId,
  membershipId: Schema.Types.ObjectId,
  phone: String,
  confirmedAt: Date,
  confirmedBy: { type: String, enum: ['self', 'paper'] },
  /** For a paper signature: the mediator who recorded it. */
  signatureRecordedBy: Schema.Types.ObjectId,
  erased: Boolean,
};
export type CasePartyDoc = DocOf<typeof partyDefinition, { confirmedBy?: 'self' | 'paper' }>;

/** A mediator of the case: who, by what role (shown: 网格员, 社区工作者, 人民调解员, 街道工作人员), since when, added by whom. */
const mediatorDefinition = {
  userId: { type: Schema.Types.ObjectId, required: true },
  name: { type: String, required: true },
  role: { type: String, required: true },
  addedAt: { type: Date, required: true },
  addedBy: { type: Schema.Types.ObjectId, required: true },
};
export type CaseMediatorDoc = RawDoc<typeof mediatorDefinition>;

/** A session (调解记录): when, where, who attended, what was said, the next step, who recorded it and at which level. */
const sessionDefinition = {
  at: { type: Date, required: true },
  place: { type: String, required: true },
  attendees: { type: [String], default: [] },
  said: { type: String, required: true },
  nextStep: String,
  recordedBy: { type: Schema.Types.ObjectId, required: true },
  recordedByName: { type: String, required: true },
  level: { type: String, required: true, enum: CASE_LEVELS },
};
export type CaseSessionDoc = DocOf<typeof sessionDefinition>;

/** One thing that happened to the case (its own timeline; nothing of it goes to a request's). */
const eventDefinition = {
  type: { type: String, required: true },
  at: { type: Date, required: true },
  actorId: Schema.Types.ObjectId,
  actorName: { type: String, required: true },
  note: String,
};
export type CaseEventDoc = DocOf<typeof eventDefinition>;

const agreementDefinition = { text: { type: String, required: true }, at: { type: Date, required: true }, by: Schema.Types.ObjectId };
const followUpDefinition = { holds: { type: Boolean, required: true }, note: { type: String, required: true }, at: { type: Date, required: true }, by: Schema.Types.ObjectId, byName: { type: String, required: true } };
const referralDefinition = { channel: { type: String, required: true, enum: REFERRAL_CHANNELS }, note: { type: String, required: true }, at: { type: Date, required: true }, by: Schema.Types.ObjectId };

/** What is stored of a dispute case (调解案件). Its contents are confidential: mediation.view.ts decides who reads them. */
const caseDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  type: { type: String, required: true, enum: MEDIATION_TYPES },
  risk: { type: String, required: true, enum: RISK_LEVELS },
  status: { type: String, required: true, enum: CASE_STATUSES },
  level: { type: String, required: true, enum: CASE_LEVELS },
  origin: { type: String, required: true, enum: CASE_ORIGINS },
  /** The 邻里纠纷 request it came from (that request names the case back: `mediationCaseId`). */
  requestId: Schema.Types.ObjectId,
  /** The household visit it was found on. */
  visitId: Schema.Types.ObjectId,
  /** The grid of the request or visit it came from, or of the opener's grid (for 小事不出网格 and lists). */
  gridId: Schema.Types.ObjectId,
  place: { type: String, required: true },
  summary: { type: String, required: true },
  parties: { type: [new Schema<CasePartyDoc>(partyDefinition, { _id: true })], default: [] },
  /** The parties' accounts, beside them as a flat list: 我的调解, export and erasure find them through an index. */
  partyUserIds: { type: [Schema.Types.ObjectId], default: [] },
  mediators: { type: [new Schema<CaseMediatorDoc>(mediatorDefinition, { _id: false })], default: [] },
  /** The mediators' accounts as a flat list (我调解的, through an index). */
  mediatorIds: { type: [Schema.Types.ObjectId], default: [] },
  sessions: { type: [new Schema<CaseSessionDoc>(sessionDefinition, { _id: true })], default: [] },
  agreement: { type: new Schema(agreementDefinition, { _id: false }) },
  /** Agreements a 回访 found broken (the case was mediated again). */
  brokenAgreements: { type: [new Schema(agreementDefinition, { _id: false })], default: [] },
  referral: { type: new Schema(referralDefinition, { _id: false }) },
  followUps: { type: [new Schema(followUpDefinition, { _id: false })], default: [] },
  events: { type: [new Schema<CaseEventDoc>(eventDefinition, { _id: true })], default: [] },
  /**
   * Whether street staff read the contents and list it among theirs: held by the street (escalated) or graded 重大.
   * Stored so their list is one indexed query.
   */
  streetSees: { type: Boolean, required: true, default: false },
  /** Ever escalated to the street (大事不出镇街 counts it within the street; 小事不出网格 does not). */
  escalated: { type: Boolean, default: false },
  /** The current agreement was recorded at grid level (mediation.rules `CaseFacts.gridLevel`). */
  gridLevel: { type: Boolean, default: false },
  /** When it was last concluded (agreed, referred or ended), for the median days; unset when mediated again. */
  concludedAt: Date,
  followUpDueAt: Date,
  /**
   * When the deadline job told the mediators that the current agreement's 回访 is due (once per agreement: a new
   * agreement clears it). Unset while the notice is still to be sent, so the job reads only those.
   */
  followUpNoticedAt: Date,
  reopenCount: { type: Number, default: 0 },
  followUpsHeld: { type: Number, default: 0 },
  followUpsBroken: { type: Number, default: 0 },
  /** Asia/Shanghai month it was opened (`YYYY-MM`): the figures' period. */
  month: { type: String, required: true },
  openedBy: { type: Schema.Types.ObjectId, required: true },
  /** Bumped by every change: each change is conditional on the revision read, so of two at once one wins. */
  rev: { type: Number, required: true, default: 0 },
};
export type CaseDoc = DocOf<typeof caseDefinition, { parties: CasePartyDoc[]; mediators: CaseMediatorDoc[]; sessions: CaseSessionDoc[]; events: CaseEventDoc[] }> & Timestamps;
const CaseSchema = new Schema<CaseDoc>(caseDefinition, { timestamps: true, collection: 'mediation_cases' });

// Lists, newest first: the community's (staff), by state, the street's (escalated or 重大).
CaseSchema.index({ communityId: 1, _id: -1 });
CaseSchema.index({ communityId: 1, status: 1, _id: -1 });
CaseSchema.index({ communityId: 1, streetSees: 1, _id: -1 });
// 我调解的 and 我的调解; a person's cases for export and erasure (the same index, by its first key).
CaseSchema.index({ mediatorIds: 1, communityId: 1, _id: -1 });
CaseSchema.index({ partyUserIds: 1, communityId: 1, _id: -1 });
// The figures of a period.
CaseSchema.index({ communityId: 1, month: 1 });
// 回访 due lists (followUpDue=1): a mediator's, the community's or the street's agreements by due date, then id.
CaseSchema.index({ mediatorIds: 1, communityId: 1, status: 1, followUpDueAt: 1, _id: 1 });
CaseSchema.index({ communityId: 1, status: 1, followUpDueAt: 1, _id: 1 });
// The deadline job: confirmed agreements whose 回访 fell due and whose mediators were not told yet.
CaseSchema.index({ status: 1, followUpNoticedAt: 1, followUpDueAt: 1 });
// The cases found on a visit (the visit's page lists them; only the case stores the link).
CaseSchema.index({ communityId: 1, visitId: 1, _id: -1 });

export const CaseModel = (models.MediationCase as Model<CaseDoc>) ?? model<CaseDoc>('MediationCase', CaseSchema);

// The audit log records these fields before a mediator's action (never the contents: they stay in the case).
registerAuditTarget('caseId', CaseModel, 'status level risk type mediatorIds reopenCount');
