import { createHash } from 'node:crypto';
import { Schema, model, models, type Model } from 'mongoose';
import { config } from './config';
import { ApiError } from './errors';
import { defineSweeper } from './operations';
import type { DocOf } from './doc-type';

/**
 * Abuse limits kept in the database, so they hold across Lambda containers: fixed-window counters keyed
 * `<rule>:<subject>:<window>`. Without TTL indexes (FerretDB has none), each counter carries the time after which
 * it is useless and the repair routine deletes those.
 */
const counterDefinition = { _id: { type: String, required: true }, count: { type: Number, required: true }, expiresAt: { type: Date, required: true } };
type CounterDoc = DocOf<typeof counterDefinition>;
const CounterSchema = new Schema<CounterDoc>(counterDefinition, { collection: 'rate_limits', versionKey: false });
CounterSchema.index({ expiresAt: 1 });
export const RateCounterModel = (models.RateCounter as Model<CounterDoc>) ?? model<CounterDoc>('RateCounter', CounterSchema);

export interface Rule {
  name: string;
  limit: number;
  windowMs: number;
  /** Chinese message for the 429. */
  message: string;
}

function windowOf(rule: Rule, subject: string, now: Date) {
  const window = Math.floor(now.getTime() / rule.windowMs);
  return { _id: `${rule.name}:${subject}:${window}`, expiresAt: new Date((window + 1) * rule.windowMs) };
}

function rateLimited(rule: Rule, expiresAt: Date, now: Date): ApiError {
  const retryAfter = Math.max(1, Math.ceil((expiresAt.getTime() - now.getTime()) / 1000));
  return new ApiError('RATE_LIMITED', rule.message, { retryAfterSeconds: retryAfter }, { 'retry-after': String(retryAfter) });
}

/** Counts one hit; throws 429 RATE_LIMITED with Retry-After (seconds to the next window) once over the limit. */
export async function hit(rule: Rule, subject: string, now = new Date()): Promise<void> {
  const { _id, expiresAt } = windowOf(rule, subject, now);
  let doc: CounterDoc | null = null;
  for (let attempt = 0; attempt < 3 && !doc; attempt++) {
    try {
      doc = await RateCounterModel.findOneAndUpdate({ _id }, { $inc: { count: 1 }, $setOnInsert: { expiresAt } }, { upsert: true, new: true }).lean();
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err; // two first hits at once: the other created it
    }
  }
  if (doc && doc.count > rule.limit) throw rateLimited(rule, expiresAt, now);
}

/**
 * Takes one unit of a quota for something about to be created, and returns the counter to give it back to
 * (`giveBack`) if nothing was. The take is one conditional update (`count < limit`), so concurrent takes never
 * pass the limit and a refusal leaves the count alone; no transactions, so it runs on FerretDB as on MongoDB.
 */
export async function reserve(rule: Rule, subject: string, now = new Date()): Promise<string> {
  const { _id, expiresAt } = windowOf(rule, subject, now);
  const take = () => RateCounterModel.findOneAndUpdate({ _id, count: { $lt: rule.limit } }, { $inc: { count: 1 } }, { new: true }).lean();
  if (await take()) return _id;
  // No unit left, or no counter yet for this window: create it (at 0) if missing — concurrent first takes may all
  // get here, and only one creates it — then take again; a miss now means the quota is used up.
  await RateCounterModel.updateOne({ _id }, { $setOnInsert: { count: 0, expiresAt } }, { upsert: true }).catch((err: { code?: number }) => {
    if (err.code !== 11000) throw err;
  });
  if (await take()) return _id;
  throw rateLimited(rule, expiresAt, now);
}

/** Gives back a unit taken by `reserve` (the call created nothing). */
export async function giveBack(counterId: string): Promise<void> {
  await RateCounterModel.updateOne({ _id: counterId, count: { $gt: 0 } }, { $inc: { count: -1 } });
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

/**
 * The per-minute flood limits that apply to one call (none for reads), from configuration. They count attempts,
 * refused ones included, so a flood of invalid bodies is not free.
 */
export function rulesFor(method: string, endpointId: string): { rule: Rule; by: 'user' | 'ip' }[] {
  const c = config();
  if (c.RATE_LIMITS_DISABLED || method === 'GET') return [];
  const rules: { rule: Rule; by: 'user' | 'ip' }[] = [];
  if (endpointId === 'auth.wechatSignIn') {
    rules.push({ by: 'ip', rule: { name: 'signin-ip', limit: c.RATE_LIMIT_SIGNIN_PER_MINUTE, windowMs: MINUTE, message: '登录太频繁，请稍后再试' } });
    return rules;
  }
  rules.push({ by: 'ip', rule: { name: 'writes-ip', limit: c.RATE_LIMIT_IP_WRITES_PER_MINUTE, windowMs: MINUTE, message: '操作太频繁，请稍后再试' } });
  rules.push({ by: 'user', rule: { name: 'writes-user', limit: c.RATE_LIMIT_WRITES_PER_MINUTE, windowMs: MINUTE, message: '操作太频繁，请稍后再试' } });
  return rules;
}

/** The hourly quota of a creating endpoint, per user (see `reserve`): it counts only what was created. */
export function quotaFor(endpointId: string, body?: unknown): Rule | undefined {
  const c = config();
  if (c.RATE_LIMITS_DISABLED) return undefined;
  // A grid worker on patrol may find more in an hour than a resident files in a day (a row of broken lamps):
  // findings have their own, larger count (filing one is for grid workers and staff only; the use case checks).
  if (endpointId === 'requests.create' && (body as { source?: string } | undefined)?.source === 'patrol')
    return { name: 'findings-user', limit: c.RATE_LIMIT_FINDINGS_PER_HOUR, windowMs: HOUR, message: `每小时最多上报${c.RATE_LIMIT_FINDINGS_PER_HOUR}条巡查发现，请稍后再试` };
  if (endpointId === 'requests.create')
    return { name: 'requests-user', limit: c.RATE_LIMIT_REQUESTS_PER_HOUR, windowMs: HOUR, message: `每小时最多提交${c.RATE_LIMIT_REQUESTS_PER_HOUR}条诉求，请稍后再试` };
  if (endpointId === 'consultations.create')
    return { name: 'topics-user', limit: c.RATE_LIMIT_TOPICS_PER_HOUR, windowMs: HOUR, message: `每小时最多提出${c.RATE_LIMIT_TOPICS_PER_HOUR}个议题，请稍后再试` };
  return undefined;
}

/**
 * Sign-in limits per person, next to the per-address one (sized for a hall): per WeChat login code, checked before
 * the code goes to WeChat, and per openid, once WeChat has named it. Both are stored hashed: a code is a credential
 * for five minutes, an openid identifies someone.
 */
export async function limitSignIn(by: 'code' | 'openid', value: string, now = new Date()): Promise<void> {
  const c = config();
  if (c.RATE_LIMITS_DISABLED) return;
  const limit = by === 'code' ? c.RATE_LIMIT_SIGNIN_PER_CODE_PER_MINUTE : c.RATE_LIMIT_SIGNIN_PER_OPENID_PER_MINUTE;
  const subject = createHash('sha256').update(value).digest('base64url').slice(0, 22);
  await hit({ name: `signin-${by}`, limit, windowMs: MINUTE, message: '登录太频繁，请稍后再试' }, subject, now);
}

defineSweeper('rate-limits', async () => {
  const r = await RateCounterModel.deleteMany({ expiresAt: { $lt: new Date() } });
  return r.deletedCount ?? 0;
});
