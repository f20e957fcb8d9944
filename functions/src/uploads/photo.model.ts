import { Schema, Types, model, models, type Model } from 'mongoose';

/** What an upload is for: a record may only reference uploads made for its kind. */
export const PHOTO_PURPOSES = ['request', 'consultation', 'reward'] as const;
export type PhotoPurpose = (typeof PHOTO_PURPOSES)[number];

// Document types are written as interfaces, not `InferSchemaType<typeof …Schema>` (as auth/user.model.ts does):
// a model typed from the inferred schema is not accepted by lib/scope.ts's `Model<T>` parameters (TypeScript infers
// T from the hydrated-document generic and the two schema types disagree), and inferred optional fields read
// `T | null | undefined`, which every view would have to narrow. Each interface mirrors its schema field for field.
/**
 * A photo (or a voice note) in storage: the upload record the server created when it signed the upload. Every storage key a
 * client sends is checked against it (owner, purpose, community, state); no other key is ever read or signed.
 * uploading: presigned, not attached yet; pending: attached, waiting for WeChat's media check; pass / risky:
 * WeChat's verdict; approved: staff approved it. Other residents see pass and approved only.
 */
export interface PhotoDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  key: string;
  uploaderId: Types.ObjectId;
  /** Records from before purposes existed were request photos. */
  purpose?: PhotoPurpose;
  /** Photos (the default, and every record from before voice notes) or voice notes: one key serves one kind. */
  kind?: 'photo' | 'voice';
  /** Voice notes: the recorder's type and length, for playback (the phone decides whether it can play the type). */
  contentType?: string;
  seconds?: number;
  /** The record the photo is attached to: a request, a consultation (progress update) or a reward. */
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
    purpose: String,
    kind: String,
    contentType: String,
    seconds: Number,
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
// A person's uploads: their data export, and erasing their voice notes with the account.
PhotoSchema.index({ uploaderId: 1, kind: 1 });
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
