import { Schema, Types, model, models, type Model } from 'mongoose';
import { registerAuditTarget } from '../lib/audit';

export interface RewardDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  /** The 爱心商家 offering it; absent for the community's own 积分超市 (staff fulfil those). */
  merchantId?: Types.ObjectId;
  merchantName?: string;
  name: string;
  cost: number;
  /** Taken by one conditional update per redemption, so it never goes below zero. */
  stock: number;
  description?: string;
  photoKey?: string;
  /** Redemption operations that took one (so a repaired operation never takes two). */
  takenBy: Types.ObjectId[];
  /** Redemptions whose unit went back to stock (cancelled, expired, or refused after the debit). */
  returnedBy: Types.ObjectId[];
  createdAt: Date;
}
const RewardSchema = new Schema<RewardDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    merchantId: Schema.Types.ObjectId,
    merchantName: String,
    name: { type: String, required: true },
    cost: { type: Number, required: true },
    stock: { type: Number, required: true },
    description: String,
    photoKey: String,
    takenBy: { type: [Schema.Types.ObjectId], default: [] },
    returnedBy: { type: [Schema.Types.ObjectId], default: [] },
    createdAt: { type: Date, required: true },
  },
  { collection: 'rewards' },
);
RewardSchema.index({ communityId: 1, _id: -1 });
export const RewardModel = (models.Reward as Model<RewardDoc>) ?? model<RewardDoc>('Reward', RewardSchema);

export interface RedemptionDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  code: string;
  rewardId: Types.ObjectId;
  rewardName: string;
  cost: number;
  merchantId?: Types.ObjectId;
  volunteerId: Types.ObjectId;
  volunteerUserId: Types.ObjectId;
  volunteerName: string;
  status: 'issued' | 'fulfilled' | 'cancelled' | 'expired';
  /** Set once the points and the unit of a cancelled or expired code went back (repair finishes it otherwise). */
  released: boolean;
  expiresAt: Date;
  createdAt: Date;
  fulfilledAt?: Date;
  fulfilledBy?: Types.ObjectId;
}
const RedemptionSchema = new Schema<RedemptionDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    code: { type: String, required: true },
    rewardId: { type: Schema.Types.ObjectId, required: true },
    rewardName: { type: String, required: true },
    cost: { type: Number, required: true },
    merchantId: Schema.Types.ObjectId,
    volunteerId: { type: Schema.Types.ObjectId, required: true },
    volunteerUserId: { type: Schema.Types.ObjectId, required: true },
    volunteerName: { type: String, required: true },
    status: { type: String, required: true },
    released: { type: Boolean, default: false },
    expiresAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    fulfilledAt: Date,
    fulfilledBy: Schema.Types.ObjectId,
  },
  { collection: 'redemptions' },
);
RedemptionSchema.index({ code: 1 }, { unique: true });
RedemptionSchema.index({ communityId: 1, volunteerUserId: 1, _id: -1 });
RedemptionSchema.index({ communityId: 1, merchantId: 1, _id: -1 });
RedemptionSchema.index({ status: 1, expiresAt: 1 });
RedemptionSchema.index({ status: 1, released: 1 });
export const RedemptionModel = (models.Redemption as Model<RedemptionDoc>) ?? model<RedemptionDoc>('Redemption', RedemptionSchema);

registerAuditTarget('code', RedemptionModel, 'status rewardName cost volunteerName', 'code');
