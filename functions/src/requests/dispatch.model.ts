import { Schema, model, models, type Model, type Types } from 'mongoose';
import { defineSweeper } from '../lib/operations';
import { RequestModel } from './request.model';
import { DISPATCH_ROLES, DISPATCH_STATUSES, SEND_BACK_REASONS, type DispatchRole, type DispatchStatus } from '@linli/shared';
import type { DocOf, Timestamps } from '../lib/doc-type';

/**
 * One dispatch of a request to one unit (吹哨报到): the unit's share of the work, with its own state and deadlines.
 * The request carries a summary of it (`dispatches`) and is the arbiter of every move that spans both: the move lands
 * on the request first (its conditional write), and this record follows in the same pending operation
 * (dispatch.ts), so a crash between the two is finished by the repair routine.
 *
 * The 0/1 and numeric fields at the end are kept with each move so rankings are `$group`/`$sum` over these records
 * (响应: signed for in time; on-time resolution; 退单; 延期; the community's rating), keyed by `month` of dispatch.
 */
const dispatchDefinition = {
  requestId: { type: Schema.Types.ObjectId, required: true },
  communityId: { type: Schema.Types.ObjectId, required: true },
  streetId: { type: Schema.Types.ObjectId, required: true },
  unitId: { type: Schema.Types.ObjectId, required: true },
  unitName: { type: String, required: true },
  unitType: { type: String, required: true },
  role: { type: String, required: true, enum: DISPATCH_ROLES },
  status: { type: String, required: true, enum: DISPATCH_STATUSES },
  dispatchedBy: { type: Schema.Types.ObjectId, required: true },
  dispatcherLevel: { type: String, required: true, enum: ['community', 'street'] as const },
  dispatchedAt: { type: Date, required: true },
  /** What the dispatcher wrote to the unit. */
  note: String,
  respondBy: { type: Date, required: true },
  resolveBy: { type: Date, required: true },
  acknowledgedAt: Date,
  acknowledgedBy: Schema.Types.ObjectId,
  resolvedAt: Date,
  sendBack: {
    type: new Schema(
      { reason: { type: String, enum: SEND_BACK_REASONS }, note: String, duplicateOf: Schema.Types.ObjectId, at: Date, by: Schema.Types.ObjectId },
      { _id: false },
    ),
  },
  rating: { type: new Schema({ score: Number, note: String, by: Schema.Types.ObjectId, at: Date }, { _id: false }) },
  /** Approved extensions of this dispatch (延期申请: requests/extensions.ts). */
  extensions: { type: Number, default: 0 },
  rev: { type: Number, default: 0 },
  /** The deadline job told the unit its 签收 is due (once per dispatch). */
  respondWarnedAt: Date,
  // Ranking figures (0/1 unless said), kept with the moves.
  /** Signed for (签收) within its response deadline. */
  ackOnTime: { type: Number, default: 0 },
  /** Resolved (the lead) or done (a helper) within its resolution deadline. */
  resolvedOnTime: { type: Number, default: 0 },
  sentBack: { type: Number, default: 0 },
  extended: { type: Number, default: 0 },
  rated: { type: Number, default: 0 },
  /** The community's rating (1–5), 0 while unrated: an average is sum(ratingScore) ÷ sum(rated). */
  ratingScore: { type: Number, default: 0 },
  /** Asia/Shanghai month of dispatch, `YYYY-MM`. */
  month: { type: String, required: true },
};
export type DispatchDoc = DocOf<
  typeof dispatchDefinition,
  {
    role: DispatchRole;
    status: DispatchStatus;
    dispatcherLevel: 'community' | 'street';
  }
> &
  Timestamps;

const DispatchSchema = new Schema<DispatchDoc>(dispatchDefinition, { timestamps: true, collection: 'dispatches' });
// A unit's queue: by status, due first; everything of a unit newest first.
DispatchSchema.index({ unitId: 1, status: 1, resolveBy: 1 });
DispatchSchema.index({ unitId: 1, _id: -1 });
// The dispatches of a request (its view, closing them with the request, account export).
DispatchSchema.index({ requestId: 1, _id: 1 });
// Rankings of a street's units by month.
DispatchSchema.index({ streetId: 1, month: 1 });
// Rankings of the units serving one community (its staff's 考核排名, requests/rankings.ts).
DispatchSchema.index({ communityId: 1, month: 1 });
// The deadline job: active dispatches whose 签收 deadline is near or passed.
DispatchSchema.index({ status: 1, respondBy: 1 });
export const DispatchModel = (models.Dispatch as Model<DispatchDoc>) ?? model<DispatchDoc>('Dispatch', DispatchSchema);

/**
 * The active dispatch records of a request that ended — resolved by its lead, or by staff, rejected, marked a
 * duplicate — are closed (the request's summary said so in its own write; this follows it).
 */
export async function closeDispatchRecords(requestId: Types.ObjectId, at: Date): Promise<void> {
  await DispatchModel.updateMany({ requestId, status: { $in: ['dispatched', 'acknowledged'] } }, { $set: { status: 'closed' }, $inc: { rev: 1 } });
}

/**
 * The records of the dispatches a request's own write closed (`dispatches[].status` 'closed' while the record is
 * still active), closed to follow it; then the request's `dispatchesDirty` is cleared — only at the revision read, so
 * a change meanwhile leaves the flag for the next sweep. Only the entries the request names are touched: a record
 * dispatched since (the request reopened and dispatched again) is not. Idempotent; run after the ending write and by
 * the repair sweeper.
 */
export async function followClosedDispatches(r: { _id: Types.ObjectId; rev?: number | null; dispatches?: readonly { dispatchId: Types.ObjectId; status: string }[] | null }): Promise<void> {
  for (const d of r.dispatches ?? [])
    if (d.status === 'closed') await DispatchModel.updateOne({ _id: d.dispatchId, status: { $in: ['dispatched', 'acknowledged'] } }, { $set: { status: 'closed' }, $inc: { rev: 1 } });
  // The driver's update: clearing the flag is no change of the request (no updatedAt, no 三率 mark).
  await RequestModel.collection.updateOne({ _id: r._id, rev: r.rev, dispatchesDirty: true }, { $unset: { dispatchesDirty: '' } });
}

/**
 * What a write ending a request otherwise than by its lead unit sets of its dispatches: the active entries closed
 * and `dispatchesDirty` (nothing when none is active). Then `followClosedDispatches` after the write.
 */
export function closingDispatches(r: { dispatches?: readonly { status: string }[] | null }): { dispatches?: object[]; dispatchesDirty?: true } {
  const list = r.dispatches ?? [];
  if (!list.some((d) => d.status === 'dispatched' || d.status === 'acknowledged')) return {};
  const plain = (d: object) => (typeof (d as { toObject?: unknown }).toObject === 'function' ? (d as { toObject(): object }).toObject() : d);
  return {
    dispatches: list.map((d) => ({ ...plain(d), ...(d.status === 'dispatched' || d.status === 'acknowledged' ? { status: 'closed' } : {}) })),
    dispatchesDirty: true,
  };
}

/** Requests a crash left with closed dispatches whose records did not follow: finished by the repair routine. */
async function finishClosedDispatches(cutoff: Date): Promise<number> {
  const dirty = await RequestModel.find({ dispatchesDirty: true, updatedAt: { $lt: cutoff } }, { dispatches: 1, rev: 1 }).limit(200).lean();
  for (const r of dirty) await followClosedDispatches(r);
  return dirty.length;
}

defineSweeper('closed-dispatches', finishClosedDispatches);
