import { Schema, Types, model, models, type Model } from 'mongoose';

/**
 * A photo in storage. uploading: presigned, not attached yet; pending: attached, waiting for WeChat's media
 * check; pass / risky: WeChat's verdict; approved: staff approved it. Other residents see pass and approved only.
 */
export interface PhotoDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  key: string;
  uploaderId: Types.ObjectId;
  requestId?: Types.ObjectId;
  status: 'uploading' | 'pending' | 'pass' | 'risky' | 'approved';
  traceId?: string;
  createdAt: Date;
}
const PhotoSchema = new Schema<PhotoDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    key: { type: String, required: true },
    uploaderId: { type: Schema.Types.ObjectId, required: true },
    requestId: Schema.Types.ObjectId,
    status: { type: String, required: true },
    traceId: String,
    createdAt: { type: Date, required: true },
  },
  { collection: 'photos' },
);
PhotoSchema.index({ key: 1 }, { unique: true });
PhotoSchema.index({ traceId: 1 });
PhotoSchema.index({ communityId: 1, requestId: 1 });
export const PhotoModel = (models.Photo as Model<PhotoDoc>) ?? model<PhotoDoc>('Photo', PhotoSchema);

export interface SubscribeGrantDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  userId: Types.ObjectId;
  template: string;
  requestId?: Types.ObjectId;
  /** 议事: a grant given on a topic (提醒我, support, comment) is used for that topic's next stage message. */
  consultationId?: Types.ObjectId;
  createdAt: Date;
  /** Set when the one message this grant allows was sent (or tried). */
  usedAt?: Date;
}
const SubscribeGrantSchema = new Schema<SubscribeGrantDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    template: { type: String, required: true },
    requestId: Schema.Types.ObjectId,
    consultationId: Schema.Types.ObjectId,
    createdAt: { type: Date, required: true },
    usedAt: Date,
  },
  { collection: 'subscribe_grants' },
);
SubscribeGrantSchema.index({ userId: 1, template: 1, usedAt: 1 });
export const SubscribeGrantModel =
  (models.SubscribeGrant as Model<SubscribeGrantDoc>) ?? model<SubscribeGrantDoc>('SubscribeGrant', SubscribeGrantSchema);
