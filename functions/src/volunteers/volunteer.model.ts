import { randomBytes } from 'node:crypto';
import { Schema, Types, model, models, type Model } from 'mongoose';
import { registerAuditTarget } from '../lib/audit';
import type { LedgerKind, VolunteerStatus } from '@linli/shared';

// Document types are written as interfaces, not `InferSchemaType<typeof …Schema>` (as auth/user.model.ts does):
// a model typed from the inferred schema is not accepted by lib/scope.ts's `Model<T>` parameters (TypeScript infers
// T from the hydrated-document generic and the two schema types disagree), and inferred optional fields read
// `T | null | undefined`, which every view would have to narrow. Each interface mirrors its schema field for field.
export interface VolunteerDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  userId: Types.ObjectId;
  name: string;
  status: VolunteerStatus;
  skills: string[];
  availability?: string;
  partyMember: boolean;
  anonymous: boolean;
  /** Confirmed service hours (0.1 h), changed only together with the ledger entry that records them. */
  hours: number;
  /** Spendable points: the balanceAfter of the last applied ledger entry. */
  balance: number;
  pointsEarned: number;
  /** Sequence number of the last ledger entry applied: the ledger is a chain, entry n applies only on n − 1. */
  seq: number;
  note?: string;
  createdAt: Date;
}
const VolunteerSchema = new Schema<VolunteerDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    name: { type: String, required: true },
    status: { type: String, required: true },
    skills: { type: [String], default: [] },
    availability: String,
    partyMember: { type: Boolean, default: false },
    anonymous: { type: Boolean, default: false },
    hours: { type: Number, default: 0 },
    balance: { type: Number, default: 0 },
    pointsEarned: { type: Number, default: 0 },
    seq: { type: Number, default: 0 },
    note: String,
    createdAt: { type: Date, required: true },
  },
  { collection: 'volunteers' },
);
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
  return { partyMember: false, anonymous: false, ...v, _id: v._id ?? new Types.ObjectId(), hours: 0, balance: 0, pointsEarned: 0, seq: 0 };
}

/**
 * One movement of points (a passbook line): append-only. `key` is unique (earn: activity + volunteer; redeem and
 * refund: the redemption), so a retried or concurrent posting exists once; `seq` is unique per volunteer, so
 * two postings can never both build on the same balance.
 */
export interface LedgerEntryDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  volunteerId: Types.ObjectId;
  seq: number;
  kind: LedgerKind;
  amount: number;
  balanceAfter: number;
  hours?: number;
  key: string;
  note: string;
  activityId?: Types.ObjectId;
  redemptionId?: Types.ObjectId;
  actorId?: Types.ObjectId;
  /** pending until the volunteer's balance carries it (then applied); repair finishes stale pending ones. */
  status: 'pending' | 'applied';
  createdAt: Date;
}
const LedgerEntrySchema = new Schema<LedgerEntryDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    volunteerId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    kind: { type: String, required: true },
    amount: { type: Number, required: true },
    balanceAfter: { type: Number, required: true },
    hours: Number,
    key: { type: String, required: true },
    note: { type: String, required: true },
    activityId: Schema.Types.ObjectId,
    redemptionId: Schema.Types.ObjectId,
    actorId: Schema.Types.ObjectId,
    status: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'ledger_entries' },
);
LedgerEntrySchema.index({ key: 1 }, { unique: true });
LedgerEntrySchema.index({ volunteerId: 1, seq: 1 }, { unique: true });
LedgerEntrySchema.index({ volunteerId: 1, _id: -1 });
// Repair: pending entries applied in sequence order (entry n needs n−1).
LedgerEntrySchema.index({ status: 1, seq: 1, createdAt: 1 });
LedgerEntrySchema.index({ communityId: 1, kind: 1, createdAt: 1 });
export const LedgerEntryModel = (models.LedgerEntry as Model<LedgerEntryDoc>) ?? model<LedgerEntryDoc>('LedgerEntry', LedgerEntrySchema);

/**
 * One passbook line as stored. Only ledger.ts posts entries to live accounts (as `pending`, then applied); the load
 * seed writes whole chains already applied, through this same constructor.
 */
export function newLedgerEntryDoc(e: Omit<LedgerEntryDoc, '_id'> & Partial<Pick<LedgerEntryDoc, '_id'>>): LedgerEntryDoc {
  return { ...e, _id: e._id ?? new Types.ObjectId() };
}

export interface ActivityDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  title: string;
  description: string;
  category?: string;
  startAt: Date;
  endAt: Date;
  location: string;
  capacity: number;
  pointsPerHour: number;
  skills: string[];
  requestId?: Types.ObjectId;
  createdBy: Types.ObjectId;
  createdByName: string;
  /** Volunteers holding a seat, at most `capacity`: a sign-up is one conditional $push, so it is never exceeded. */
  seats: Types.ObjectId[];
  /** Waiting in order; the first is promoted when a seat frees up. */
  waitlist: Types.ObjectId[];
  /** Secret for the rotating check-in codes of this activity. */
  codeSecret: string;
  createdAt: Date;
}
const ActivitySchema = new Schema<ActivityDoc>(
  {
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
    seats: { type: [Schema.Types.ObjectId], default: [] },
    waitlist: { type: [Schema.Types.ObjectId], default: [] },
    codeSecret: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'activities' },
);
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
export interface AttendanceDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  activityId: Types.ObjectId;
  volunteerId: Types.ObjectId;
  checkedInAt?: Date;
  checkedOutAt?: Date;
  confirmedHours?: number;
  points?: number;
  confirmedBy?: Types.ObjectId;
}
const AttendanceSchema = new Schema<AttendanceDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    activityId: { type: Schema.Types.ObjectId, required: true },
    volunteerId: { type: Schema.Types.ObjectId, required: true },
    checkedInAt: Date,
    checkedOutAt: Date,
    confirmedHours: Number,
    points: Number,
    confirmedBy: Schema.Types.ObjectId,
  },
  { collection: 'attendance' },
);
AttendanceSchema.index({ activityId: 1, volunteerId: 1 }, { unique: true });
export const AttendanceModel = (models.Attendance as Model<AttendanceDoc>) ?? model<AttendanceDoc>('Attendance', AttendanceSchema);

/** A star reached: announced (公示) for 5 working days, then granted unless staff withheld it. */
export interface StarAwardDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  volunteerId: Types.ObjectId;
  volunteerName: string;
  stars: number;
  hours: number;
  reachedAt: Date;
  publicUntil: Date;
  withheld?: { reason: string; by: Types.ObjectId; at: Date };
}
const StarAwardSchema = new Schema<StarAwardDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    volunteerId: { type: Schema.Types.ObjectId, required: true },
    volunteerName: { type: String, required: true },
    stars: { type: Number, required: true },
    hours: { type: Number, required: true },
    reachedAt: { type: Date, required: true },
    publicUntil: { type: Date, required: true },
    withheld: { type: new Schema({ reason: String, by: Schema.Types.ObjectId, at: Date }, { _id: false }), required: false },
  },
  { collection: 'star_awards' },
);
StarAwardSchema.index({ volunteerId: 1, stars: 1 }, { unique: true });
StarAwardSchema.index({ communityId: 1, _id: -1 });
export const StarAwardModel = (models.StarAward as Model<StarAwardDoc>) ?? model<StarAwardDoc>('StarAward', StarAwardSchema);

/** A star just reached, in 公示 until `publicUntil` (confirming hours, and the load seed's history). */
export function newStarAwardDoc(a: Omit<StarAwardDoc, '_id' | 'withheld'> & Partial<Pick<StarAwardDoc, '_id'>>): StarAwardDoc {
  return { ...a, _id: a._id ?? new Types.ObjectId() };
}

/** 服务岗位 that party members (双报到) claim; `claims` never grows past `slots` (conditional $push). */
export interface ServicePostDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  title: string;
  description: string;
  slots: number;
  claims: Types.ObjectId[];
  createdAt: Date;
}
const ServicePostSchema = new Schema<ServicePostDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    title: { type: String, required: true },
    description: { type: String, required: true },
    slots: { type: Number, required: true },
    claims: { type: [Schema.Types.ObjectId], default: [] },
    createdAt: { type: Date, required: true },
  },
  { collection: 'service_posts' },
);
ServicePostSchema.index({ communityId: 1, _id: -1 });
export const ServicePostModel = (models.ServicePost as Model<ServicePostDoc>) ?? model<ServicePostDoc>('ServicePost', ServicePostSchema);

/** A service post with no claims yet. */
export function newServicePostDoc(p: Omit<ServicePostDoc, '_id' | 'claims'>): ServicePostDoc {
  return { ...p, _id: new Types.ObjectId(), claims: [] };
}

registerAuditTarget('volunteerId', VolunteerModel, 'status hours balance');
registerAuditTarget('awardId', StarAwardModel, 'stars publicUntil withheld');
registerAuditTarget('activityId', ActivityModel, 'title startAt endAt capacity seats waitlist');
