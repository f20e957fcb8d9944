import { Schema, Types, model, models, type Model } from 'mongoose';
import type { DocOf, Timestamps } from '../lib/doc-type';

const userDefinition = {
  /** WeChat openid from jscode2session; never sent to clients. */
  openid: { type: String, required: true },
  unionid: { type: String },
  nickname: { type: String, required: true },
  lastSignInAt: { type: Date },
  /**
   * Grid workers' and staff's work phone, which residents see on the requests these people handle for them
   * (one tap to call). Set by the person in their profile; never their private number unless they choose it.
   */
  workPhone: { type: String },
  /** Set when the person deleted their account: personal data erased, tokens no longer accepted. */
  deletedAt: { type: Date },
  /**
   * The person's memberships and street roles by `_id`, so each call resolves who the caller is in a community
   * with reads by `_id` (FerretDB on SQLite scans a collection for any other filter). Added BEFORE the
   * membership is inserted (see communities/user-links), so the list is always a superset: ids of inserts that
   * failed are skipped on read. `linksComplete` says the list covers memberships older than the field;
   * without it the memberships are found by `userId` once and the list filled in.
   */
  membershipIds: { type: [Schema.Types.ObjectId], default: undefined },
  streetStaffIds: { type: [Schema.Types.ObjectId], default: undefined },
  linksComplete: { type: Boolean },
};
export type UserDoc = DocOf<typeof userDefinition> & Timestamps;
const UserSchema = new Schema<UserDoc>(userDefinition, { timestamps: true, collection: 'users' });
UserSchema.index({ openid: 1 }, { unique: true });

export const UserModel = (models.User as Model<UserDoc>) ?? model<UserDoc>('User', UserSchema);

/**
 * A user as first stored (sign-in, the platform CLI, the seeds). Their lists of memberships and street roles start
 * empty and complete (communities/user-links.ts: ids are added before each membership is inserted).
 */
export function newUserDoc(u: { openid: string; nickname: string; _id?: Types.ObjectId; membershipIds?: Types.ObjectId[]; streetStaffIds?: Types.ObjectId[] }) {
  return { _id: u._id ?? new Types.ObjectId(), openid: u.openid, nickname: u.nickname, membershipIds: u.membershipIds ?? [], streetStaffIds: u.streetStaffIds ?? [], linksComplete: true };
}
