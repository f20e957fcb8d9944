import { Schema, Types, model, models, type Model } from 'mongoose';
import { MOBILE_GRID_PLATFORMS, StoredMobileGridStatus } from '@linli/shared';
import { registerAuditTarget } from '../lib/audit';
import type { DocOf } from '../lib/doc-type';

/**
 * What is stored of an application to be a 流动网格员 (a courier or rider who reports hazards in the community).
 * Real name and phone are personal information: shown to the applicant and the community's staff only, exported
 * with the account and deleted with it.
 */
const applicationDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  realName: { type: String, required: true },
  phone: { type: String, required: true },
  platform: { type: String, required: true, enum: MOBILE_GRID_PLATFORMS },
  platformName: String,
  area: String,
  /** pending → approved | rejected, once; a rejected (or revoked) applicant applies again on the same record. */
  status: { type: String, required: true, enum: StoredMobileGridStatus.options },
  /** The reason of a rejection, which the applicant reads. */
  note: String,
  /** When the person last applied (a new application on the same record starts it again). */
  createdAt: { type: Date, required: true },
  reviewedAt: Date,
  reviewerId: Schema.Types.ObjectId,
};
export type MobileGridApplicationDoc = DocOf<typeof applicationDefinition>;
const ApplicationSchema = new Schema<MobileGridApplicationDoc>(applicationDefinition, { collection: 'mobile_grid_applications' });
// One application per person per community: a second one, however concurrent, is refused by the index.
ApplicationSchema.index({ communityId: 1, userId: 1 }, { unique: true });
// Staff's review list (pending first, then all), newest first.
ApplicationSchema.index({ communityId: 1, status: 1, _id: -1 });
ApplicationSchema.index({ communityId: 1, _id: -1 });
// A person's own applications, in every community (they need no membership to apply).
ApplicationSchema.index({ userId: 1, _id: -1 });
export const MobileGridApplicationModel =
  (models.MobileGridApplication as Model<MobileGridApplicationDoc>) ?? model<MobileGridApplicationDoc>('MobileGridApplication', ApplicationSchema);

/** An application as first stored: the one place its shape is written (applying, the seed). */
export function newApplicationDoc(
  a: Pick<MobileGridApplicationDoc, 'communityId' | 'userId' | 'realName' | 'phone' | 'platform' | 'status' | 'createdAt'> &
    Partial<Pick<MobileGridApplicationDoc, '_id' | 'platformName' | 'area' | 'reviewedAt' | 'reviewerId'>>,
): MobileGridApplicationDoc {
  const doc = { ...a, _id: a._id ?? new Types.ObjectId() };
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined)) as MobileGridApplicationDoc;
}

// The audit log records these fields of an application before a staff member's decision changes them.
registerAuditTarget('applicationId', MobileGridApplicationModel, 'status userId note reviewedAt');
