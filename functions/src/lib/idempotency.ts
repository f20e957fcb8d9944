import { createHash } from 'node:crypto';
import { Schema, Types, model, models, type Model } from 'mongoose';
import { conflict, validationFailed } from './errors';
import type { DocOf } from './doc-type';

interface StoredResponse {
  statusCode: number;
  body: string;
}

const idempotencyDefinition = {
  userId: { type: Schema.Types.ObjectId, required: true },
  key: { type: String, required: true },
  /** Hash of what the request asked for; the same key with a different request is a conflict. */
  requestHash: { type: String, required: true },
  status: { type: String, required: true },
  response: { type: Schema.Types.Mixed },
  createdAt: { type: Date, required: true },
};
export type IdempotencyDoc = DocOf<typeof idempotencyDefinition, { status: 'pending' | 'done'; response?: StoredResponse }>;
const IdempotencySchema = new Schema<IdempotencyDoc>(idempotencyDefinition, { collection: 'idempotency_keys' });
// The unique index is what makes two simultaneous requests with one key create one thing.
IdempotencySchema.index({ userId: 1, key: 1 }, { unique: true });
// Repair: keys whose first request died before answering.
IdempotencySchema.index({ status: 1, createdAt: 1 });
export const IdempotencyModel =
  (models.Idempotency as Model<IdempotencyDoc>) ?? model<IdempotencyDoc>('Idempotency', IdempotencySchema);

const KEY_FORMAT = /^[A-Za-z0-9_-]{8,128}$/;
const WAIT_FOR_TWIN_MS = 8000;

/** Validates the header value; absent means the request is not idempotent. */
export function parseIdempotencyKey(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!KEY_FORMAT.test(raw))
    throw validationFailed([{ path: 'Idempotency-Key', message: 'Idempotency-Key 须为8到128位字母、数字、-或_' }]);
  return raw;
}

/** Stable hash of what a request asks for. */
export function requestHash(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

export type Claim = { kind: 'claimed'; id: Types.ObjectId } | { kind: 'replay'; response: StoredResponse };

/**
 * Claims a key for this request, or returns the response of the first request with this key.
 * When the first request is still running, waits for it so both callers see the same answer.
 */
export async function claim(userId: Types.ObjectId, key: string, hash: string): Promise<Claim> {
  const id = new Types.ObjectId();
  try {
    await IdempotencyModel.create({ _id: id, userId, key, requestHash: hash, status: 'pending', createdAt: new Date() });
    return { kind: 'claimed', id };
  } catch (err) {
    if ((err as { code?: number }).code !== 11000) throw err;
  }
  const deadline = Date.now() + WAIT_FOR_TWIN_MS;
  for (let delay = 25; ; delay = Math.min(delay * 2, 400)) {
    const existing = await IdempotencyModel.findOne({ userId, key }).lean();
    if (!existing) return claim(userId, key, hash); // the first attempt failed and released the key
    if (existing.requestHash !== hash) throw conflict('该 Idempotency-Key 已用于另一个不同的请求');
    if (existing.status === 'done' && existing.response) return { kind: 'replay', response: existing.response };
    if (Date.now() > deadline) throw conflict('相同的请求正在处理中，请稍后重试');
    await new Promise((r) => setTimeout(r, delay));
  }
}

/** Stores the first response so retries replay it. */
export async function complete(id: Types.ObjectId, response: StoredResponse): Promise<void> {
  await IdempotencyModel.updateOne({ _id: id }, { $set: { status: 'done', response } });
}

/** Frees the key after a failed attempt so the client's retry runs again. */
export async function release(id: Types.ObjectId): Promise<void> {
  await IdempotencyModel.deleteOne({ _id: id, status: 'pending' });
}
