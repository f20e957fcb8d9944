import { randomBytes } from 'node:crypto';
import { Schema, Types, model, models, type Model } from 'mongoose';
import { registerAuditTarget } from '../lib/audit';
import type { DocOf, Present, RawDoc } from '../lib/doc-type';
import { LedgerKind, VolunteerStatus } from '@linli/shared';

// Each document type is derived from its schema definition (lib/doc-type.ts), never written out beside it.
const volunteerDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  name: { type: String, required: true },
  status: { type: String, required: true, enum: VolunteerStatus.options },
  skills: { type: [String], default: [] },
  availability: String,
  partyMember: { type: Boolean, default: false },
  anonymous: { type: Boolean, default: false },
  /** Confirmed service hours (0.1 h), changed only together with the ledger entry that records them. */
  hours: { type: Number, default: 0 },
  /** Spendable points: the balanceAfter of the last applied ledger entry. */
  balance: { type: Number, default: 0 },
  /** Points earned by service (kind earn): what the points leaderboard ranks. */
  pointsEarned: { type: Number, default: 0 },
  /** Points received as 随手拍奖励 (kind report_reward): in the balance, on no leaderboard. */
  rewardPoints: { type: Number, default: 0 },
  /** Sequence number of the last ledger entry applied: the ledger is a chain, entry n applies only on n − 1. */
  seq: { type: Number, default: 0 },
  note: String,
  createdAt: { type: Date, required: true },
};
export type VolunteerDoc = DocOf<typeof volunteerDefinition>;
const VolunteerSchema = new Schema<VolunteerDoc>(volunteerDefinition, { collection: 'volunteers' });
VolunteerSchema.index({ communityId: 1, userId: 1 }, { unique: true });
VolunteerSchema.index({ communityId: 1, status: 1, _id: -1 });
// Roster and leaderboards: ties ordered by _id, in the index too, so no sort happens in memory.
VolunteerSchema.index({ communityId: 1, _id: -1 });
VolunteerSchema.index({ communityId: 1, status: 1, hours: -1, _id: 1 });
VolunteerSchema.index({ communityId: 1, status: 1, pointsEarned: -1, _id: 1 });
export const VolunteerModel = (models.Volunteer as Model<VolunteerDoc>) ?? model<VolunteerDoc>('Volunteer', VolunteerSchema);

/**
 * A new volunteer record as stored: the one place its starting values are written (registration, the seeds, the
 * bench). Hours, points and the ledger chain start at zero: only ledger.ts moves them afterwards.
 */
export function newVolunteerDoc(
  v: Pick<VolunteerDoc, 'communityId' | 'userId' | 'name' | 'status' | 'skills' | 'createdAt'> & Partial<Pick<VolunteerDoc, '_id' | 'availability' | 'partyMember' | 'anonymous'>>,
): VolunteerDoc {
  return { partyMember: false, anonymous: false, ...v, _id: v._id ?? new Types.ObjectId(), hours: 0, balance: 0, pointsEarned: 0, rewardPoints: 0, seq: 0 };
}

/**
 * One movement of points (a passbook line): append-only. `key` is unique (earn: activity + volunteer; redeem and
 * refund: the redemption; report_reward: the request), so a retried or concurrent posting exists once; `seq` is unique per volunteer, so
 * two postings can never both build on the same balance.
 */
const ledgerEntryDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  volunteerId: { type: Schema.Types.ObjectId, required: true },
  seq: { type: Number, required: true },
  kind: { type: String, required: true, enum: LedgerKind.options },
  amount: { type: Number, required: true },
  balanceAfter: { type: Number, required: true },
  hours: Number,
  key: { type: String, required: true },
  note: { type: String, required: true },
  activityId: Schema.Types.ObjectId,
  redemptionId: Schema.Types.ObjectId,
  /** The request a 随手拍奖励 was for. */
  requestId: Schema.Types.ObjectId,
  actorId: Schema.Types.ObjectId,
  /** pending until the volunteer's balance carries it (then applied); repair finishes stale pending ones. */
  status: { type: String, required: true },
  createdAt: { type: Date, required: true },
};
export type LedgerEntryDoc = DocOf<typeof ledgerEntryDefinition, { status: 'pending' | 'applied' }>;
const LedgerEntrySchema = new Schema<LedgerEntryDoc>(ledgerEntryDefinition, { collection: 'ledger_entries' });
LedgerEntrySchema.index({ key: 1 }, { unique: true });
LedgerEntrySchema.index({ volunteerId: 1, seq: 1 }, { unique: true });
LedgerEntrySchema.index({ volunteerId: 1, _id: -1 });
// Repair: pending entries applied in sequence order (entry n needs n−1).
LedgerEntrySchema.index({ status: 1, seq: 1, createdAt: 1 });
LedgerEntrySchema.index({ communityId: 1, kind: 1, createdAt: 1 });
// A monthly cap (随手拍奖励): what one account received of a kind since the month began.
LedgerEntrySchema.index({ volunteerId: 1, kind: 1, createdAt: 1 });
export const LedgerEntryModel = (models.LedgerEntry as Model<LedgerEntryDoc>) ?? model<LedgerEntryDoc>('LedgerEntry', LedgerEntrySchema);

/**
 * One passbook line as stored. Only ledger.ts posts entries to live accounts (as `pending`, then applied); the load
 * seed writes whole chains already applied, through this same constructor.
 */
export function newLedgerEntryDoc(e: Omit<LedgerEntryDoc, '_id'> & Partial<Pick<LedgerEntryDoc, '_id'>>): LedgerEntryDoc {
  return { ...e, _id: e._id ?? new Types.ObjectId() };
}

const activityDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  title: { type: String, required: true },
  description: { type: String, required: true },
  category: String,
  startAt: { type: Date, required: true },
  endAt: { type: Date, required: true },
  location: { type: String, required: true },
  capacity: { type: Number, required: true },
  pointsPerHour: { type: Number, required: true },
  skills: { type: [String], default: [] },
  requestId: Schema.Types.ObjectId,
  createdBy: { type: Schema.Types.ObjectId, required: true },
  createdByName: { type: String, required: true },
  /** Volunteers holding a seat, at most `capacity`: a sign-up is one conditional $push, so it is never exceeded. */
  seats: { type: [Schema.Types.ObjectId], default: [] },
  /** Waiting in order; the first is promoted when a seat frees up. */
  waitlist: { type: [Schema.Types.ObjectId], default: [] },
  /** Secret for the rotating check-in codes of this activity. */
  codeSecret: { type: String, required: true },
  createdAt: { type: Date, required: true },
};
export type ActivityDoc = DocOf<typeof activityDefinition>;
const ActivitySchema = new Schema<ActivityDoc>(activityDefinition, { collection: 'activities' });
ActivitySchema.index({ communityId: 1, endAt: 1, _id: 1 });
ActivitySchema.index({ communityId: 1, seats: 1, startAt: -1, _id: 1 });
ActivitySchema.index({ communityId: 1, waitlist: 1, startAt: -1, _id: 1 });
export const ActivityModel = (models.Activity as Model<ActivityDoc>) ?? model<ActivityDoc>('Activity', ActivitySchema);

/** A new activity as stored: no seats taken, its own check-in secret (the handler, the seeds and the bench). */
export function newActivityDoc(
  a: Omit<ActivityDoc, '_id' | 'seats' | 'waitlist' | 'codeSecret' | 'skills'> & Partial<Pick<ActivityDoc, '_id' | 'seats' | 'waitlist' | 'skills'>>,
): ActivityDoc {
  return { skills: [], seats: [], waitlist: [], ...a, _id: a._id ?? new Types.ObjectId(), codeSecret: randomBytes(16).toString('hex') };
}

/** Check-in and check-out times of a volunteer at an activity (one record per pair). */
const attendanceDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  activityId: { type: Schema.Types.ObjectId, required: true },
  volunteerId: { type: Schema.Types.ObjectId, required: true },
  checkedInAt: Date,
  checkedOutAt: Date,
  confirmedHours: Number,
  points: Number,
  confirmedBy: Schema.Types.ObjectId,
};
export type AttendanceDoc = DocOf<typeof attendanceDefinition>;
const AttendanceSchema = new Schema<AttendanceDoc>(attendanceDefinition, { collection: 'attendance' });
AttendanceSchema.index({ activityId: 1, volunteerId: 1 }, { unique: true });
export const AttendanceModel = (models.Attendance as Model<AttendanceDoc>) ?? model<AttendanceDoc>('Attendance', AttendanceSchema);

/** A star reached: announced (公示) for 5 working days, then granted unless staff withheld it. */
const withheldDefinition = { reason: String, by: Schema.Types.ObjectId, at: Date };
/** Who withheld a star, when and why: all three always written. */
export type WithheldDoc = Present<RawDoc<typeof withheldDefinition>, 'reason' | 'by' | 'at'>;
const starAwardDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  volunteerId: { type: Schema.Types.ObjectId, required: true },
  volunteerName: { type: String, required: true },
  stars: { type: Number, required: true },
  hours: { type: Number, required: true },
  reachedAt: { type: Date, required: true },
  publicUntil: { type: Date, required: true },
  withheld: { type: new Schema<WithheldDoc>(withheldDefinition, { _id: false }) },
};
export type StarAwardDoc = DocOf<typeof starAwardDefinition>;
const StarAwardSchema = new Schema<StarAwardDoc>(starAwardDefinition, { collection: 'star_awards' });
StarAwardSchema.index({ volunteerId: 1, stars: 1 }, { unique: true });
StarAwardSchema.index({ communityId: 1, _id: -1 });
export const StarAwardModel = (models.StarAward as Model<StarAwardDoc>) ?? model<StarAwardDoc>('StarAward', StarAwardSchema);

/** A star just reached, in 公示 until `publicUntil` (confirming hours, and the load seed's history). */
export function newStarAwardDoc(a: Omit<StarAwardDoc, '_id' | 'withheld'> & Partial<Pick<StarAwardDoc, '_id'>>): StarAwardDoc {
  return { ...a, _id: a._id ?? new Types.ObjectId() };
}

/** 服务岗位 that party members (双报到) claim; `claims` never grows past `slots` (conditional $push). */
const servicePostDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  title: { type: String, required: true },
  description: { type: String, required: true },
  slots: { type: Number, required: true },
  claims: { type: [Schema.Types.ObjectId], default: [] },
  createdAt: { type: Date, required: true },
};
export type ServicePostDoc = DocOf<typeof servicePostDefinition>;
const ServicePostSchema = new Schema<ServicePostDoc>(servicePostDefinition, { collection: 'service_posts' });
ServicePostSchema.index({ communityId: 1, _id: -1 });
export const ServicePostModel = (models.ServicePost as Model<ServicePostDoc>) ?? model<ServicePostDoc>('ServicePost', ServicePostSchema);

/** A service post with no claims yet. */
export function newServicePostDoc(p: Omit<ServicePostDoc, '_id' | 'claims'>): ServicePostDoc {
  return { ...p, _id: new Types.ObjectId(), claims: [] };
}

registerAuditTarget('volunteerId', VolunteerModel, 'status hours balance');
registerAuditTarget('awardId', StarAwardModel, 'stars publicUntil withheld');
registerAuditTarget('activityId', ActivityModel, 'title startAt endAt capacity seats waitlist');
