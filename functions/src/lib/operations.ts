import { Schema, Types, model, models, type Model } from 'mongoose';
import { IdempotencyModel } from './idempotency';
import { log } from './logger';
import type { DocOf } from './doc-type';

/**
 * Two-document writes without transactions (neither standalone MongoDB nor FerretDB has them):
 * write a pending operation first, then run its steps (each idempotent, marked with the operation id on the
 * documents it touches), then mark it applied. If the process dies half-way, the repair routine finds the
 * operation still pending after a minute and runs the same steps again to finish it, or lets the kind undo it.
 */
const operationDefinition = {
  kind: { type: String, required: true },
  status: { type: String, required: true },
  payload: { type: Schema.Types.Mixed, required: true },
  reason: String,
  createdAt: { type: Date, required: true },
  updatedAt: { type: Date, required: true },
};
/** Narrowed: the status union, and the payload (Mixed) to what the operation's kind carries. */
export type OperationDoc<P = Record<string, unknown>> = DocOf<typeof operationDefinition, { status: 'pending' | 'applied' | 'failed'; payload: P }>;
const OperationSchema = new Schema<OperationDoc>(operationDefinition, { collection: 'operations', minimize: false });
OperationSchema.index({ status: 1, createdAt: 1 });
export const OperationModel =
  (models.Operation as Model<OperationDoc>) ?? model<OperationDoc>('Operation', OperationSchema);

export type StepOutcome = { ok: true } | { ok: false; reason: string };

export interface OperationKind<P> {
  kind: string;
  /** Runs every step; must be safe to run again on the same operation (repair does exactly that). */
  apply(op: OperationDoc<P>): Promise<StepOutcome>;
  /**
   * Clear the payload once the operation is settled: for secret ballots, where the pending record is the only
   * place that ever holds the voter next to the choice.
   */
  forgetPayload?: boolean;
}

const kinds = new Map<string, OperationKind<never>>();

/** Registers an operation kind so the repair routine knows how to finish it. */
export function defineOperation<P>(kind: OperationKind<P>): OperationKind<P> {
  kinds.set(kind.kind, kind as OperationKind<never>);
  return kind;
}

/** Runs an operation now: pending record, steps, then applied or failed. */
export async function runOperation<P>(kind: OperationKind<P>, payload: P): Promise<StepOutcome & { opId: Types.ObjectId }> {
  const now = new Date();
  const op = await OperationModel.create({ kind: kind.kind, status: 'pending', payload, createdAt: now, updatedAt: now });
  const outcome = await kind.apply(op.toObject() as OperationDoc<P>);
  await settle(op._id, outcome, kind.forgetPayload);
  return { ...outcome, opId: op._id };
}

/** Starts an operation without running it (the caller runs `finishOperation` next, or repair does). */
export async function startOperation<P>(kind: OperationKind<P>, payload: P, id = new Types.ObjectId()): Promise<OperationDoc<P>> {
  const now = new Date();
  const op = await OperationModel.create({ _id: id, kind: kind.kind, status: 'pending', payload, createdAt: now, updatedAt: now });
  return op.toObject() as OperationDoc<P>;
}

/** Runs a pending operation's steps now (also while its first run may still be going: steps are idempotent). */
export async function finishOperation(id: Types.ObjectId): Promise<StepOutcome | null> {
  const op = await OperationModel.findOne({ _id: id, status: 'pending' }).lean();
  if (!op) return null;
  const kind = kinds.get(op.kind);
  if (!kind) return null;
  const outcome = await kind.apply(op as unknown as OperationDoc<never>);
  await settle(op._id, outcome, kind.forgetPayload);
  return outcome;
}

async function settle(id: Types.ObjectId, outcome: StepOutcome, forgetPayload = false) {
  const forget = forgetPayload ? { payload: {} } : {};
  await OperationModel.updateOne(
    { _id: id, status: 'pending' },
    { $set: outcome.ok ? { status: 'applied', updatedAt: new Date(), ...forget } : { status: 'failed', reason: outcome.reason, updatedAt: new Date(), ...forget } },
  );
}

export interface RepairReport {
  finished: number;
  failed: number;
  releasedIdempotencyKeys: number;
  swept: Record<string, number>;
}

const sweepers = new Map<string, (cutoff: Date) => Promise<number>>();

/**
 * Registers a sweeper: for writes whose pending record lives inside the document it belongs to (a request's
 * outbox of notifications), the repair routine calls it to finish what is older than the cutoff.
 */
export function defineSweeper(name: string, sweep: (cutoff: Date) => Promise<number>): void {
  sweepers.set(name, sweep);
}

/**
 * Finishes operations left pending for longer than `olderThanMs` and frees idempotency keys whose first
 * request died before answering. Run at start-up and on a schedule.
 */
export async function repairPending(olderThanMs = 60_000, now = new Date()): Promise<RepairReport> {
  const cutoff = new Date(now.getTime() - olderThanMs);
  const report: RepairReport = { finished: 0, failed: 0, releasedIdempotencyKeys: 0, swept: {} };
  const stale = await OperationModel.find({ status: 'pending', createdAt: { $lt: cutoff } }).limit(500).lean();
  for (const op of stale) {
    const kind = kinds.get(op.kind);
    if (!kind) {
      log('error', 'operation kind not registered', { kind: op.kind, opId: String(op._id) });
      continue;
    }
    const outcome = await kind.apply(op as unknown as OperationDoc<never>);
    await settle(op._id, outcome, kind.forgetPayload);
    if (outcome.ok) report.finished++;
    else report.failed++;
  }
  const released = await IdempotencyModel.deleteMany({ status: 'pending', createdAt: { $lt: cutoff } });
  report.releasedIdempotencyKeys = released.deletedCount ?? 0;
  for (const [name, sweep] of sweepers) {
    const n = await sweep(cutoff);
    if (n) report.swept[name] = n;
  }
  if (report.finished || report.failed || report.releasedIdempotencyKeys || Object.keys(report.swept).length) log('info', 'repair', { ...report });
  return report;
}
