import { Schema, Types, model, models, type Model } from 'mongoose';
import { UserModel } from '../auth/user.model';
import { registerAuditTarget } from '../lib/audit';
import type { DocOf, Present, RawDoc } from '../lib/doc-type';
import { DEFAULT_COMMUNITY_SETTINGS, MembershipStatus, ROLES, type CommunitySettings } from '@linli/shared';

// Streets and communities are platform-level records (created by the operator CLI); everything below a
// community carries communityId and is read only through the community scope (lib/scope.ts).

// Each document type is derived from its schema definition (lib/doc-type.ts), never written out beside it.
const streetDefinition = { name: { type: String, required: true }, code: { type: String, required: true } };
export type StreetDoc = DocOf<typeof streetDefinition>;
const StreetSchema = new Schema<StreetDoc>(streetDefinition, { timestamps: true, collection: 'streets' });
StreetSchema.index({ code: 1 }, { unique: true });
export const StreetModel = (models.Street as Model<StreetDoc>) ?? model<StreetDoc>('Street', StreetSchema);

const communityDefinition = {
  code: { type: String, required: true },
  name: { type: String, required: true },
  streetId: { type: Schema.Types.ObjectId, required: true },
  settings: { type: Schema.Types.Mixed, default: () => ({ ...DEFAULT_COMMUNITY_SETTINGS }) },
  /** The key a 12345 platform uses for Open311 (never shown through /api). */
  open311ApiKey: String,
};
/** Narrowed: `settings` (Mixed) holds the shared CommunitySettings. */
export type CommunityDoc = DocOf<typeof communityDefinition, { settings: CommunitySettings }>;
const CommunitySchema = new Schema<CommunityDoc>(communityDefinition, { timestamps: true, collection: 'communities', minimize: false });
CommunitySchema.index({ code: 1 }, { unique: true });
// Street staff see the communities of their street.
CommunitySchema.index({ streetId: 1, name: 1 });
export const CommunityModel =
  (models.Community as Model<CommunityDoc>) ?? model<CommunityDoc>('Community', CommunitySchema);

/** A community as created by the operator (the platform CLI, the seeds): the default settings until its admin changes them. */
export function newCommunityDoc(c: Pick<CommunityDoc, 'code' | 'name' | 'streetId'> & Partial<Pick<CommunityDoc, '_id' | 'settings'>>): CommunityDoc {
  return { settings: { ...DEFAULT_COMMUNITY_SETTINGS }, ...c, _id: c._id ?? new Types.ObjectId() };
}

const gridDefinition = { communityId: { type: Schema.Types.ObjectId, required: true }, name: { type: String, required: true } };
export type GridDoc = DocOf<typeof gridDefinition>;
const GridSchema = new Schema<GridDoc>(gridDefinition, { timestamps: true, collection: 'grids' });
GridSchema.index({ communityId: 1, name: 1 }, { unique: true });
export const GridModel = (models.Grid as Model<GridDoc>) ?? model<GridDoc>('Grid', GridSchema);

const buildingDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  gridId: { type: Schema.Types.ObjectId, required: true },
  name: { type: String, required: true },
  households: { type: Number, required: true, min: 0 },
};
export type BuildingDoc = DocOf<typeof buildingDefinition>;
const BuildingSchema = new Schema<BuildingDoc>(buildingDefinition, { timestamps: true, collection: 'buildings' });
BuildingSchema.index({ communityId: 1, name: 1 }, { unique: true });
export const BuildingModel =
  (models.Building as Model<BuildingDoc>) ?? model<BuildingDoc>('Building', BuildingSchema);

const householdDefinition = { buildingId: Schema.Types.ObjectId, unit: String, room: String };
/**
 * A household as stored (a membership's, a request's): always all three parts (shared `Household`), which the type
 * states; `required` in the schema would refuse the empty strings of households stored before the text checks.
 */
export type HouseholdDoc = Present<RawDoc<typeof householdDefinition>, 'buildingId' | 'unit' | 'room'>;
/** The subdocument schema of a household (one per parent schema). */
export const householdSchema = () => new Schema<HouseholdDoc>(householdDefinition, { _id: false });

const historyEntryDefinition = { type: { type: String, required: true }, actorId: Schema.Types.ObjectId, at: Date, note: String };
export type MembershipHistoryEntry = Present<DocOf<typeof historyEntryDefinition>, 'actorId' | 'at'>;

const membershipDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  status: { type: String, required: true, enum: MembershipStatus.options },
  roles: { type: [String], default: [], enum: ROLES },
  name: { type: String, required: true },
  realName: String,
  phone: String,
  household: { type: householdSchema() },
  gridIds: { type: [Schema.Types.ObjectId], default: [] },
  joinedAt: { type: Date, required: true },
  inviteCodeId: Schema.Types.ObjectId,
  /** The operation that joined this person with an invite code, so a repaired operation applies once. */
  joinOpId: Schema.Types.ObjectId,
  /** Reason of the last rejection or removal, shown to the person. */
  note: String,
  /**
   * Every change to this membership, appended in the same atomic update as the change itself,
   * so a change can never be saved without its record.
   */
  history: { type: [new Schema<MembershipHistoryEntry>(historyEntryDefinition, { _id: true })], default: [] },
};
export type MembershipDoc = DocOf<typeof membershipDefinition>;
const MembershipSchema = new Schema<MembershipDoc>(membershipDefinition, { timestamps: true, collection: 'memberships' });
// One membership per person per community: re-joining reuses it, so concurrent joins cannot duplicate.
MembershipSchema.index({ communityId: 1, userId: 1 }, { unique: true });
// A person's communities, in the order joined (the 我的 page).
MembershipSchema.index({ userId: 1, joinedAt: 1 });
// Staff list every member newest first; grid workers the members of their grid's buildings.
MembershipSchema.index({ communityId: 1, _id: -1 });
MembershipSchema.index({ communityId: 1, 'household.buildingId': 1, _id: -1 });
// Staff lists: members of a community by status, newest first.
MembershipSchema.index({ communityId: 1, status: 1, _id: -1 });
// 议事: residents living in a topic's buildings (frozen voter lists, stage notices).
MembershipSchema.index({ communityId: 1, status: 1, 'household.buildingId': 1 });
// The person's list of memberships gets the id before the membership exists (see UserSchema.membershipIds).
MembershipSchema.pre('save', async function linkToUser() {
  if (this.isNew) await UserModel.updateOne({ _id: this.userId }, { $addToSet: { membershipIds: this._id } });
});
export const MembershipModel =
  (models.Membership as Model<MembershipDoc>) ?? model<MembershipDoc>('Membership', MembershipSchema);

/**
 * A membership as stored: the one place its shape is written (joining, invite codes, the platform CLI, the seeds).
 * Its history starts with the entries given (at least `joined`); every later change appends in the same update.
 */
export function newMembershipDoc(
  m: Pick<MembershipDoc, 'communityId' | 'userId' | 'status' | 'roles' | 'name' | 'joinedAt'> &
    Partial<Pick<MembershipDoc, '_id' | 'realName' | 'phone' | 'household' | 'gridIds' | 'inviteCodeId' | 'joinOpId' | 'note'>> & {
      history: (Omit<MembershipHistoryEntry, '_id'> & { _id?: Types.ObjectId })[];
    },
): MembershipDoc {
  return { gridIds: [], ...m, _id: m._id ?? new Types.ObjectId(), history: m.history.map((h) => ({ ...h, _id: h._id ?? new Types.ObjectId() })) };
}

const inviteCodeDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  code: { type: String, required: true },
  maxUses: { type: Number, required: true },
  /** Uses left; decremented conditionally so concurrent joins can never overspend it. */
  remaining: { type: Number, required: true },
  /** Operations that consumed a use, so a repaired operation never consumes twice. */
  appliedOps: { type: [Schema.Types.ObjectId], default: [] },
  expiresAt: { type: Date, required: true },
  revoked: { type: Boolean, default: false },
  createdBy: { type: Schema.Types.ObjectId, required: true },
};
/** With the `createdAt` of the schema's timestamps (the codes are listed by it). */
export type InviteCodeDoc = DocOf<typeof inviteCodeDefinition> & { createdAt: Date };
const InviteCodeSchema = new Schema<InviteCodeDoc>(inviteCodeDefinition, { timestamps: true, collection: 'invite_codes' });
InviteCodeSchema.index({ code: 1 }, { unique: true });
InviteCodeSchema.index({ communityId: 1, createdAt: -1 });
export const InviteCodeModel =
  (models.InviteCode as Model<InviteCodeDoc>) ?? model<InviteCodeDoc>('InviteCode', InviteCodeSchema);

/** An invite code with all its uses left, valid until `expiresAt`. */
export function newInviteCodeDoc(i: Pick<InviteCodeDoc, 'communityId' | 'code' | 'maxUses' | 'expiresAt' | 'createdBy'> & { createdAt?: Date }): InviteCodeDoc {
  return { createdAt: new Date(), ...i, _id: new Types.ObjectId(), remaining: i.maxUses, appliedOps: [], revoked: false };
}

const streetStaffDefinition = {
  streetId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  /** 街道管理员: also manages the street's units (单位) and their people (functions/src/units). */
  admin: Boolean,
};
export type StreetStaffDoc = DocOf<typeof streetStaffDefinition>;
const StreetStaffSchema = new Schema<StreetStaffDoc>(streetStaffDefinition, { timestamps: true, collection: 'street_staff' });
StreetStaffSchema.index({ userId: 1, streetId: 1 }, { unique: true });
// Notices of requests escalated to the street go to its staff.
StreetStaffSchema.index({ streetId: 1, userId: 1 });
StreetStaffSchema.pre('save', async function linkToUser() {
  if (this.isNew) await UserModel.updateOne({ _id: this.userId }, { $addToSet: { streetStaffIds: this._id } });
});
export const StreetStaffModel =
  (models.StreetStaff as Model<StreetStaffDoc>) ?? model<StreetStaffDoc>('StreetStaff', StreetStaffSchema);

// The audit log records these fields of a membership or an invite code before a staff action changes them.
registerAuditTarget('membershipId', MembershipModel, 'status roles household gridIds name');
registerAuditTarget('inviteCodeId', InviteCodeModel, 'code remaining maxUses expiresAt revokedAt');
