import { Schema, Types, model, models, type Model } from 'mongoose';

export interface MessageDoc {
  _id: Types.ObjectId;
  communityId: Types.ObjectId;
  userId: Types.ObjectId;
  /** The outbox entry that produced it: with userId, unique, so delivering an entry twice writes it once. */
  sourceId: Types.ObjectId;
  kind: string;
  title: string;
  body: string;
  requestId?: Types.ObjectId;
  consultationId?: Types.ObjectId;
  read: boolean;
  createdAt: Date;
}
const MessageSchema = new Schema<MessageDoc>(
  {
    communityId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    sourceId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    requestId: Schema.Types.ObjectId,
    consultationId: Schema.Types.ObjectId,
    read: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
  },
  { collection: 'messages' },
);
MessageSchema.index({ sourceId: 1, userId: 1 }, { unique: true });
MessageSchema.index({ communityId: 1, userId: 1, _id: -1 });
MessageSchema.index({ communityId: 1, userId: 1, read: 1 });
export const MessageModel = (models.Message as Model<MessageDoc>) ?? model<MessageDoc>('Message', MessageSchema);
