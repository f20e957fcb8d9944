import { Schema, model, models, type Model } from 'mongoose';
import { config } from './config';
import { ApiError } from './errors';
import { defineSweeper } from './operations';

/**
 * Abuse limits kept in the database, so they hold across Lambda containers: fixed-window counters keyed
 * `<rule>:<subject>:<window>`. Without TTL indexes (FerretDB has none), each counter carries the time after which
 * it is useless and the repair routine deletes those.
 */
interface CounterDoc {
  _id: string;
  count: number;
  expiresAt: Date;
}
const CounterSchema = new Schema<CounterDoc>(
  { _id: { type: String, required: true }, count: { type: Number, required: true }, expiresAt: { type: Date, required: true } },
  { collection: 'rate_limits', versionKey: false },
);
CounterSchema.index({ expiresAt: 1 });
export const RateCounterModel = (models.RateCounter as Model<CounterDoc>) ?? model<CounterDoc>('RateCounter', CounterSchema);

export interface Rule {
  name: string;
  limit: number;
  windowMs: number;
  /** Chinese message for the 429. */
  message: string;
}

/** Counts one hit; throws 429 RATE_LIMITED with Retry-After (seconds to the next window) once over the limit. */
export async function hit(rule: Rule, subject: string, now = new Date()): Promise<void> {
  const window = Math.floor(now.getTime() / rule.windowMs);
  const _id = `${rule.name}:${subject}:${window}`;
  const expiresAt = new Date((window + 1) * rule.windowMs);
  let doc: CounterDoc | null = null;
  for (let attempt = 0; attempt < 3 && !doc; attempt++) {
    try {
      doc = await RateCounterModel.findOneAndUpdate({ _id }, { $inc: { count: 1 }, $setOnInsert: { expiresAt } }, { upsert: true, new: true }).lean();
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err; // two first hits at once: the other created it
    }
  }
  if (doc && doc.count > rule.limit) {
    const retryAfter = Math.max(1, Math.ceil((expiresAt.getTime() - now.getTime()) / 1000));
    throw new ApiError('RATE_LIMITED', rule.message, { retryAfterSeconds: retryAfter }, { 'retry-after': String(retryAfter) });
  }
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** The rules that apply to one call (none for reads), from configuration. */
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
  if (endpointId === 'requests.create')
    rules.push({ by: 'user', rule: { name: 'requests-user', limit: c.RATE_LIMIT_REQUESTS_PER_HOUR, windowMs: HOUR, message: `每小时最多提交${c.RATE_LIMIT_REQUESTS_PER_HOUR}条诉求，请稍后再试` } });
  if (endpointId === 'consultations.create')
    rules.push({ by: 'user', rule: { name: 'topics-user', limit: c.RATE_LIMIT_TOPICS_PER_HOUR, windowMs: HOUR, message: `每小时最多提出${c.RATE_LIMIT_TOPICS_PER_HOUR}个议题，请稍后再试` } });
  return rules;
}

defineSweeper('rate-limits', async () => {
  const r = await RateCounterModel.deleteMany({ expiresAt: { $lt: new Date() } });
  return r.deletedCount ?? 0;
});
