import { Schema, model, models, type Model } from 'mongoose';
import type { DocOf } from '../lib/doc-type';

/** What an upload is for: a record may only reference uploads made for its kind. */
const PHOTO_PURPOSES = ['request', 'consultation', 'reward'] as const;
export type PhotoPurpose = (typeof PHOTO_PURPOSES)[number];

// Each document type is derived from its schema definition (lib/doc-type.ts), never written out beside it.
/**
 * A photo (or a voice note) in storage: the upload record the server created when it signed the upload. Every storage key a
 * client sends is checked against it (owner, purpose, community, state); no other key is ever read or signed.
 * uploading: presigned, not attached yet; pending: attached, waiting for WeChat's media check; pass / risky:
 * WeChat's verdict; approved: staff approved it. Other residents see pass and approved only.
 */
const photoDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  key: { type: String, required: true },
  uploaderId: { type: Schema.Types.ObjectId, required: true },
  /** Records from before purposes existed were request photos. */
  purpose: { type: String, enum: PHOTO_PURPOSES },
  /** Photos (the default, and every record from before voice notes) or voice notes: one key serves one kind. */
  kind: String,
  /** Voice notes: the recorder's type and length, for playback (the phone decides whether it can play the type). */
  contentType: String,
  seconds: Number,
  /** The record the photo is attached to: a request, a consultation (progress update) or a reward. */
  requestId: Schema.Types.ObjectId,
  status: { type: String, required: true },
  traceId: String,
  createdAt: { type: Date, required: true },
};
/** Narrowed: the two unions no constant names. */
export type PhotoDoc = DocOf<
  typeof photoDefinition,
  { kind?: 'photo' | 'voice'; status: 'uploading' | 'pending' | 'pass' | 'risky' | 'approved' }
>;
const PhotoSchema = new Schema<PhotoDoc>(photoDefinition, { collection: 'photos' });
PhotoSchema.index({ key: 1 }, { unique: true });
PhotoSchema.index({ traceId: 1 });
PhotoSchema.index({ communityId: 1, requestId: 1 });
// A person's uploads: their data export, and erasing their voice notes with the account.
PhotoSchema.index({ uploaderId: 1, kind: 1 });
export const PhotoModel = (models.Photo as Model<PhotoDoc>) ?? model<PhotoDoc>('Photo', PhotoSchema);

const subscribeGrantDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  template: { type: String, required: true },
  requestId: Schema.Types.ObjectId,
  /** 议事: a grant given on a topic (提醒我, support, comment) is used for that topic's next stage message. */
  consultationId: Schema.Types.ObjectId,
  createdAt: { type: Date, required: true },
  /** Set when the one message this grant allows was sent (or tried). */
  usedAt: Date,
};
export type SubscribeGrantDoc = DocOf<typeof subscribeGrantDefinition>;
const SubscribeGrantSchema = new Schema<SubscribeGrantDoc>(subscribeGrantDefinition, { collection: 'subscribe_grants' });
SubscribeGrantSchema.index({ userId: 1, template: 1, usedAt: 1 });
export const SubscribeGrantModel =
  (models.SubscribeGrant as Model<SubscribeGrantDoc>) ?? model<SubscribeGrantDoc>('SubscribeGrant', SubscribeGrantSchema);
