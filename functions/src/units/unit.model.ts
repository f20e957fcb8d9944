import { Schema, model, models, type Model } from 'mongoose';
import { UNIT_TYPES } from '@linli/shared';
import type { DocOf, Timestamps } from '../lib/doc-type';

/**
 * A unit (单位) of a street that requests are dispatched to (吹哨报到): a property company, the city management team,
 * a utility… It belongs to one street and serves some of its communities (`communityIds`): a request of a community
 * can be dispatched only to units serving it. Created by a street admin (or the operator CLI); deactivated, never
 * deleted, because dispatches and rankings name it.
 */
const unitDefinition = {
  streetId: { type: Schema.Types.ObjectId, required: true },
  type: { type: String, required: true, enum: UNIT_TYPES },
  name: { type: String, required: true },
  communityIds: { type: [Schema.Types.ObjectId], default: [] },
  /** The unit's duty phone, shown to the staff who dispatch to it. */
  phone: String,
  active: { type: Boolean, required: true, default: true },
  createdBy: Schema.Types.ObjectId,
};
export type UnitDoc = DocOf<typeof unitDefinition> & Timestamps;
const UnitSchema = new Schema<UnitDoc>(unitDefinition, { timestamps: true, collection: 'units' });
// One name per street (creation by two admins at once converges on one unit; the CLI upserts by name).
UnitSchema.index({ streetId: 1, name: 1 }, { unique: true });
// The street's units of a type (the 单位管理 filter, rankings by type).
UnitSchema.index({ streetId: 1, type: 1 });
// The units serving a community (the dispatch picker).
UnitSchema.index({ communityIds: 1 });
export const UnitModel = (models.Unit as Model<UnitDoc>) ?? model<UnitDoc>('Unit', UnitSchema);

/**
 * A person working for a unit (单位账号): they see and handle the requests dispatched to it. `name` and `phone`
 * are what the unit's colleagues and the dispatching staff see (personal data: exported with the account, erased
 * on deletion). Deactivated (`active: false`) rather than deleted, so past acknowledgements still name a person.
 */
const unitMemberDefinition = {
  unitId: { type: Schema.Types.ObjectId, required: true },
  streetId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  name: { type: String, required: true },
  phone: String,
  active: { type: Boolean, required: true, default: true },
  /** The join code used, if any (which invite brought them). */
  inviteId: Schema.Types.ObjectId,
  joinedAt: Date,
  /** The joining operation that last (re)activated this membership, so a repaired join applies once. */
  joinOpId: Schema.Types.ObjectId,
};
export type UnitMemberDoc = DocOf<typeof unitMemberDefinition> & Timestamps;
const UnitMemberSchema = new Schema<UnitMemberDoc>(unitMemberDefinition, { timestamps: true, collection: 'unit_members' });
// One membership per person per unit: joining again reactivates it, so concurrent joins cannot duplicate.
UnitMemberSchema.index({ unitId: 1, userId: 1 }, { unique: true });
// A person's units (every unit-side call, the app's start, export and erasure).
UnitMemberSchema.index({ userId: 1 });
export const UnitMemberModel = (models.UnitMember as Model<UnitMemberDoc>) ?? model<UnitMemberDoc>('UnitMember', UnitMemberSchema);

/**
 * A join code a street admin gives to a unit's new person (shared `unitInviteTerms`: one use, or up to 50 within
 * 7 days). Uses are taken conditionally (`remaining > 0`), each marked with the joining operation, as community
 * invite codes are (communities/invite-join.operation.ts), so concurrent joins never overspend it.
 */
const unitInviteDefinition = {
  unitId: { type: Schema.Types.ObjectId, required: true },
  streetId: { type: Schema.Types.ObjectId, required: true },
  code: { type: String, required: true },
  maxUses: { type: Number, required: true },
  remaining: { type: Number, required: true },
  appliedOps: { type: [Schema.Types.ObjectId], default: [] },
  expiresAt: { type: Date, required: true },
  revoked: { type: Boolean, default: false },
  createdBy: { type: Schema.Types.ObjectId, required: true },
};
export type UnitInviteDoc = DocOf<typeof unitInviteDefinition> & Timestamps;
const UnitInviteSchema = new Schema<UnitInviteDoc>(unitInviteDefinition, { timestamps: true, collection: 'unit_invites' });
UnitInviteSchema.index({ code: 1 }, { unique: true });
UnitInviteSchema.index({ unitId: 1 });
export const UnitInviteModel = (models.UnitInvite as Model<UnitInviteDoc>) ?? model<UnitInviteDoc>('UnitInvite', UnitInviteSchema);
