import { Schema, Types, model, models, type Model } from 'mongoose';
import { REDEMPTION_DAYS, RedemptionStatus } from '@linli/shared';
import type { DocOf } from '../lib/doc-type';
import { registerAuditTarget } from '../lib/audit';

// Each document type is derived from its schema definition (lib/doc-type.ts), never written out beside it.
const rewardDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  /** The 爱心商家 offering it; absent for the community's own 积分超市 (staff fulfil those). */
  merchantId: Schema.Types.ObjectId,
  merchantName: String,
  name: { type: String, required: true },
  cost: { type: Number, required: true },
  /** Taken by one conditional update per redemption, so it never goes below zero. */
  stock: { type: Number, required: true },
  description: String,
  photoKey: String,
  /** Redemption operations that took one (so a repaired operation never takes two). */
  takenBy: { type: [Schema.Types.ObjectId], default: [] },
  /** Redemptions whose unit went back to stock (cancelled, expired, or refused after the debit). */
  returnedBy: { type: [Schema.Types.ObjectId], default: [] },
  createdAt: { type: Date, required: true },
};
export type RewardDoc = DocOf<typeof rewardDefinition>;
const RewardSchema = new Schema<RewardDoc>(rewardDefinition, { collection: 'rewards' });
RewardSchema.index({ communityId: 1, _id: -1 });
export const RewardModel = (models.Reward as Model<RewardDoc>) ?? model<RewardDoc>('Reward', RewardSchema);

/** A reward as stored, nothing taken or returned yet (the handler, the seed and the bench). */
export function newRewardDoc(r: Omit<RewardDoc, '_id' | 'takenBy' | 'returnedBy'> & Partial<Pick<RewardDoc, '_id'>>): RewardDoc {
  return { ...r, _id: r._id ?? new Types.ObjectId(), takenBy: [], returnedBy: [] };
}

const redemptionDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  code: { type: String, required: true },
  rewardId: { type: Schema.Types.ObjectId, required: true },
  rewardName: { type: String, required: true },
  cost: { type: Number, required: true },
  merchantId: Schema.Types.ObjectId,
  volunteerId: { type: Schema.Types.ObjectId, required: true },
  volunteerUserId: { type: Schema.Types.ObjectId, required: true },
  volunteerName: { type: String, required: true },
  status: { type: String, required: true, enum: RedemptionStatus.options },
  /** Set once the points and the unit of a cancelled or expired code went back (repair finishes it otherwise). */
  released: { type: Boolean, default: false },
  expiresAt: { type: Date, required: true },
  createdAt: { type: Date, required: true },
  fulfilledAt: Date,
  fulfilledBy: Schema.Types.ObjectId,
};
export type RedemptionDoc = DocOf<typeof redemptionDefinition>;
const RedemptionSchema = new Schema<RedemptionDoc>(redemptionDefinition, { collection: 'redemptions' });
RedemptionSchema.index({ code: 1 }, { unique: true });
RedemptionSchema.index({ communityId: 1, volunteerUserId: 1, _id: -1 });
RedemptionSchema.index({ communityId: 1, merchantId: 1, _id: -1 });
RedemptionSchema.index({ status: 1, expiresAt: 1 });
RedemptionSchema.index({ status: 1, released: 1 });
export const RedemptionModel = (models.Redemption as Model<RedemptionDoc>) ?? model<RedemptionDoc>('Redemption', RedemptionSchema);

/**
 * A code just issued for a reward: the reward's name, cost and merchant copied (they may change later), valid for
 * REDEMPTION_DAYS. The redeem operation writes it; the bench and the tests build theirs the same way.
 */
export function newRedemptionDoc(
  r: { _id?: Types.ObjectId; code: string; createdAt: Date },
  reward: Pick<RewardDoc, '_id' | 'communityId' | 'name' | 'cost' | 'merchantId'>,
  volunteer: { _id: Types.ObjectId; userId: Types.ObjectId; name: string },
): RedemptionDoc {
  return {
    _id: r._id ?? new Types.ObjectId(),
    communityId: reward.communityId,
    code: r.code,
    rewardId: reward._id,
    rewardName: reward.name,
    cost: reward.cost,
    // Absent, not undefined, for the 积分超市: raw inserts (the bench) would store undefined as null.
    ...(reward.merchantId ? { merchantId: reward.merchantId } : {}),
    volunteerId: volunteer._id,
    volunteerUserId: volunteer.userId,
    volunteerName: volunteer.name,
    status: 'issued',
    released: false,
    expiresAt: new Date(r.createdAt.getTime() + REDEMPTION_DAYS * 86_400_000),
    createdAt: r.createdAt,
  };
}

registerAuditTarget('code', RedemptionModel, 'status rewardName cost volunteerName', 'code');
