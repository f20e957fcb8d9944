import { Schema, Types, model, models, type Model } from 'mongoose';
import type { DocOf } from '../lib/doc-type';

// Each document type is derived from its schema definition (lib/doc-type.ts), never written out beside it.
const messageDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  /** The outbox entry that produced it: with userId, unique, so delivering an entry twice writes it once. */
  sourceId: { type: Schema.Types.ObjectId, required: true },
  kind: { type: String, required: true },
  title: { type: String, required: true },
  body: { type: String, required: true },
  requestId: Schema.Types.ObjectId,
  consultationId: Schema.Types.ObjectId,
  /** A 矛盾纠纷调处 notice's case: the message opens it (the case page decides what the reader sees). */
  mediationCaseId: Schema.Types.ObjectId,
  /**
   * 单位消息: the unit the recipient is told as a member of (吹哨报到's notices). Such a message is still of the
   * request's community, but the unit inbox (/api/unit/messages) reads it by recipient and unit, across communities:
   * a unit's people are usually members of none of the communities it serves.
   */
  unitId: Schema.Types.ObjectId,
  read: { type: Boolean, default: false },
  createdAt: { type: Date, required: true },
};
export type MessageDoc = DocOf<typeof messageDefinition>;
const MessageSchema = new Schema<MessageDoc>(messageDefinition, { collection: 'messages' });
MessageSchema.index({ sourceId: 1, userId: 1 }, { unique: true });
MessageSchema.index({ communityId: 1, userId: 1, _id: -1 });
MessageSchema.index({ communityId: 1, userId: 1, read: 1 });
// The unit inbox: a person's messages of their units ($in), newest first; also serves its unread count.
MessageSchema.index({ userId: 1, unitId: 1, _id: -1 });
export const MessageModel = (models.Message as Model<MessageDoc>) ?? model<MessageDoc>('Message', MessageSchema);

/**
 * An in-app message as stored, unread. `sourceId` is what makes delivery idempotent (unique with the recipient):
 * the outbox entry that produced it, or a fresh id for a notice sent once by the code that decided it.
 */
export function newMessageDoc(m: Omit<MessageDoc, '_id' | 'read' | 'sourceId'> & Partial<Pick<MessageDoc, '_id' | 'read' | 'sourceId'>>): MessageDoc {
  return { ...m, _id: m._id ?? new Types.ObjectId(), sourceId: m.sourceId ?? new Types.ObjectId(), read: m.read ?? false };
}
