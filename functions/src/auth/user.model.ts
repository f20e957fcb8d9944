import { Schema, model, models, type InferSchemaType, type Model } from 'mongoose';

const UserSchema = new Schema(
  {
    /** WeChat openid from jscode2session; never sent to clients. */
    openid: { type: String, required: true },
    unionid: { type: String },
    nickname: { type: String, required: true },
    lastSignInAt: { type: Date },
    /** Set when the person deleted their account: personal data erased, tokens no longer accepted. */
    deletedAt: { type: Date },
  },
  { timestamps: true, collection: 'users' },
);
UserSchema.index({ openid: 1 }, { unique: true });

export type UserDoc = InferSchemaType<typeof UserSchema> & { _id: import('mongoose').Types.ObjectId };
export const UserModel = (models.User as Model<UserDoc>) ?? model<UserDoc>('User', UserSchema);
