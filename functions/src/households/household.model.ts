import { Schema, model, models, type Model } from 'mongoose';
import { CARE_FLAGS, OCCUPANT_SOURCES } from '@linli/shared';
import { registerAuditTarget } from '../lib/audit';
import type { DocOf, Timestamps } from '../lib/doc-type';

/**
 * An occupant on the register. Why each field is kept (PIPL, README 住户名册): `name`, so a grid worker knows whom
 * they visit; `relation`, to know who speaks for the household; `phone` with `phoneNote`, to reach someone who does
 * not use WeChat (often through a relative); `userId` / `membershipId`, to link a member, whose entry then follows
 * their membership (removed when they leave or move).
 */
const occupantDefinition = {
  name: { type: String, required: true },
  relation: String,
  phone: String,
  phoneNote: String,
  userId: Schema.Types.ObjectId,
  membershipId: Schema.Types.ObjectId,
  source: { type: String, required: true, enum: OCCUPANT_SOURCES },
  addedAt: { type: Date, required: true },
};
export type OccupantDoc = DocOf<typeof occupantDefinition>;

/**
 * A care flag (关爱标记) staff set on a household: why it is visited (`flag`), what the visitor should know (`note`,
 * e.g. 行动不便), and who set it when (`setBy`, `setAt`: accountability for sensitive data). README 住户名册.
 */
const careFlagDefinition = {
  flag: { type: String, required: true, enum: CARE_FLAGS },
  note: String,
  setBy: { type: Schema.Types.ObjectId, required: true },
  setAt: { type: Date, required: true },
};
export type CareFlagDoc = DocOf<typeof careFlagDefinition>;

/** What is stored of a household (户): one address of the community, and who lives there. */
const householdDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  buildingId: { type: Schema.Types.ObjectId, required: true },
  /** Normalised (shared `normalizeUnit` / `normalizeRoom`), so 1单元101室 and 1 / 101 are one household. */
  unit: { type: String, required: true },
  room: { type: String, required: true },
  occupants: { type: [new Schema<OccupantDoc>(occupantDefinition, { _id: true })], default: [] },
  /**
   * The accounts among the occupants, beside them as a flat list: the link of a member to their household is found
   * through it by an index (a member's own household, export and erasure), and adding a member's entry is one update
   * conditional on the id not being in it yet, so two links of the same member at once add one entry.
   */
  memberIds: { type: [Schema.Types.ObjectId], default: [] },
  createdBy: Schema.Types.ObjectId,
  /** 关爱标记 (at most one per kind), visible only to staff and the grid's workers. */
  careFlags: { type: [new Schema<CareFlagDoc>(careFlagDefinition, { _id: true })], default: undefined },
  /** The last care visit (the visits slice sets it). */
  lastVisitAt: Date,
  /**
   * What the due list sorts by, kept while the household has flags (absent otherwise): `<ms>_<id>`, the instant of
   * the due day of the next visit (or when first flagged, if never visited: shared `careSortKey`) zero-padded to 15
   * digits, then the household's id, so the key is unique and a page ends at a key. Recomputed when the flags, the
   * last visit or the community's visit intervals change.
   */
  careDueKey: String,
  /**
   * Bumped by every change to the occupants: each change reads the record, decides (one entry per name, one per
   * member) and writes conditional on the revision it read, retrying when another change came first.
   */
  rev: { type: Number, required: true, default: 0 },
};
export type HouseholdRecordDoc = DocOf<typeof householdDefinition, { occupants: OccupantDoc[] }> & Timestamps;
const HouseholdSchema = new Schema<HouseholdRecordDoc>(householdDefinition, { timestamps: true, collection: 'households' });

// One record per address: two staff creating it, an import and a member joining at once all converge on one.
HouseholdSchema.index({ communityId: 1, buildingId: 1, unit: 1, room: 1 }, { unique: true });
// Lists, newest first: the community's (staff), one building's (staff's filter; a grid worker's buildings).
HouseholdSchema.index({ communityId: 1, _id: -1 });
HouseholdSchema.index({ communityId: 1, buildingId: 1, _id: -1 });
// A member's household (their own page, the link on joining, leaving or moving); export and erasure by person.
HouseholdSchema.index({ memberIds: 1, communityId: 1 });
// The due list of flagged households (关爱探访), the longest waiting first; only flagged households carry careDueKey.
HouseholdSchema.index({ communityId: 1, careDueKey: 1 });

export const HouseholdModel = (models.Household as Model<HouseholdRecordDoc>) ?? model<HouseholdRecordDoc>('Household', HouseholdSchema);

// The audit log records these fields of a household before staff change it (phone numbers masked by the log).
registerAuditTarget('householdId', HouseholdModel, 'buildingId unit room occupants memberIds careFlags lastVisitAt');
