import { Schema, Types, model, models, type Model } from 'mongoose';
import { log } from '../lib/logger';
import { defineSweeper } from '../lib/operations';
import { RequestModel, STATS_FIELDS_OF_REQUEST, type RequestDoc } from './request.model';

/**
 * 三率 counters maintained on write: one document per community and Asia/Shanghai month of filing, keyed by
 * `_id` = `<communityId>:<YYYY-MM>`, so statistics read a handful of documents by `_id` whatever the number of
 * requests (FerretDB on SQLite pushes down nothing but `_id` equality; MongoDB reads them from the _id index).
 *
 * Exactly-once without transactions: the counter document also holds, per request, the contribution it last
 * added (`applied.r<requestId>` = { rev, k, v }). Syncing a request is ONE conditional update of the counter
 * document — "if this request's entry is still the one I read, $inc by (new − old) and store the new entry" —
 * so a retry, a crash or two processes syncing the same request never count anything twice or lose a change.
 * Requests whose counted state may be behind carry `statsDirty` (set by the same update that changes a counted
 * field, see request.model); syncing clears it, and the repair routine syncs any left behind by a crash.
 */

/** The counted figures of one request, in this order (sums over requests give the 三率 of DOMAIN.md). */
export const COUNTER_FIELDS = [
  'total',
  'eligible',
  'resolved',
  'onTime',
  'late',
  'overdue',
  'ratings',
  'satisfied',
  'respHours',
  'respCount',
  'resolveHours',
  'resolveCount',
] as const;
export type CounterField = (typeof COUNTER_FIELDS)[number];
export type Counters = Record<CounterField, number>;

/** A request's contribution: the cell (category and grid) it counts in and its figures. */
export interface Contribution {
  k: string;
  v: number[];
}

export interface RequestStatsDoc {
  _id: string;
  communityId: Types.ObjectId;
  month: string;
  /** Sums per cell `<category>~<gridId|none>`; every field of COUNTER_FIELDS. */
  cells: Record<string, Partial<Counters>>;
  /** Per request, what it added: `r<requestId>` → { rev, k, v }. Never read by statistics. */
  applied: Record<string, Contribution & { rev: number }>;
}

const RequestStatsSchema = new Schema<RequestStatsDoc>(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    month: { type: String, required: true },
    cells: { type: Schema.Types.Mixed, default: {} },
    applied: { type: Schema.Types.Mixed, default: {} },
  },
  { collection: 'request_stats', versionKey: false, minimize: false },
);

export const RequestStatsModel =
  (models.RequestStats as Model<RequestStatsDoc>) ?? model<RequestStatsDoc>('RequestStats', RequestStatsSchema);

export const statsKey = (communityId: Types.ObjectId | string, month: string) => `${String(communityId)}:${month}`;
export const cellKey = (category: string, gridId?: Types.ObjectId | string | null) => `${category}~${gridId ? String(gridId) : 'none'}`;

type CountedRequest = Pick<RequestDoc, 'category' | 'gridId' | 'status' | 'responseOutcome' | 'ratingCount' | 'satisfiedCount' | 'firstResponseHours' | 'resolveHours'>;

/** What one request adds to the counters, from its current state. */
export function contribution(r: CountedRequest): Contribution {
  const responded = typeof r.firstResponseHours === 'number';
  const resolvedTimed = typeof r.resolveHours === 'number';
  const v: Counters = {
    total: 1,
    eligible: r.status === 'rejected' || r.status === 'withdrawn' ? 0 : 1,
    resolved: r.status === 'resolved' || r.status === 'closed' ? 1 : 0,
    onTime: r.responseOutcome === 'on_time' ? 1 : 0,
    late: r.responseOutcome === 'late' ? 1 : 0,
    overdue: r.responseOutcome === 'overdue' ? 1 : 0,
    ratings: r.ratingCount ?? 0,
    satisfied: r.satisfiedCount ?? 0,
    respHours: responded ? r.firstResponseHours! : 0,
    respCount: responded ? 1 : 0,
    resolveHours: resolvedTimed ? r.resolveHours! : 0,
    resolveCount: resolvedTimed ? 1 : 0,
  };
  return { k: cellKey(r.category, r.gridId), v: COUNTER_FIELDS.map((f) => v[f]) };
}

/** `$inc` that turns the counters from `before` (nothing when absent) into `after`. */
export function incrementOf(before: Contribution | undefined, after: Contribution): Record<string, number> {
  const inc: Record<string, number> = {};
  const add = (c: Contribution, sign: 1 | -1) =>
    COUNTER_FIELDS.forEach((f, i) => {
      const path = `cells.${c.k}.${f}`;
      inc[path] = (inc[path] ?? 0) + sign * (c.v[i] ?? 0);
    });
  if (before) add(before, -1);
  add(after, 1);
  for (const [path, n] of Object.entries(inc)) if (n === 0) delete inc[path];
  return inc;
}

const isDuplicateKeyError = (err: unknown) => (err as { code?: number })?.code === 11000;

/**
 * Brings the counters in line with `r` (a request as just written). Safe to call any number of times, from
 * any process, with stale copies: an entry newer than `r` wins, and every change is one conditional update.
 */
export async function syncRequestStats(r: RequestDoc): Promise<void> {
  const id = String(r.communityId);
  const key = statsKey(id, r.month);
  const entry = `applied.r${r._id.toHexString()}`;
  const target = contribution(r);
  const counters = RequestStatsModel.collection;
  let counted = false;
  for (let attempt = 0; attempt < 5 && !counted; attempt++) {
    const current = await counters.findOne<RequestStatsDoc>({ _id: key } as never, { projection: { [entry]: 1 } });
    const prev = current?.applied?.[`r${r._id.toHexString()}`];
    if (prev && prev.rev >= r.rev) {
      counted = true; // already counted at this revision or a later one
      break;
    }
    const inc = incrementOf(prev, target);
    const update = { $set: { [entry]: { rev: r.rev, k: target.k, v: target.v } }, ...(Object.keys(inc).length ? { $inc: inc } : {}) };
    try {
      if (!current) {
        // First request of this community and month: create the document with this request in it. A
        // concurrent creator makes this a duplicate key, and the loop re-reads.
        await counters.insertOne({
          _id: key,
          communityId: r.communityId,
          month: r.month,
          cells: { [target.k]: Object.fromEntries(COUNTER_FIELDS.map((f, i) => [f, target.v[i]])) },
          applied: { [`r${r._id.toHexString()}`]: { rev: r.rev, k: target.k, v: target.v } },
        } as never);
        counted = true;
        break;
      }
      const guard = prev ? { [`${entry}.rev`]: prev.rev } : { [entry]: { $exists: false } };
      const res = await counters.updateOne({ _id: key, ...guard } as never, update);
      if (res.matchedCount === 1) counted = true;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }
  // Still contended after five tries: the request stays marked and the repair routine counts it later.
  if (!counted) return;
  // Clean only if nothing counted changed since `r` was read; otherwise whoever changed it syncs again.
  await RequestModel.updateOne({ _id: r._id, rev: r.rev, statsDirty: true }, { $unset: { statsDirty: 1 } });
}

/**
 * After a handler's write: the write is done and acknowledged whatever happens here, so a failure (the database
 * going away) is logged, not thrown — the request stays marked and the repair routine counts it.
 */
export async function countRequestChange(r: RequestDoc): Promise<void> {
  try {
    await syncRequestStats(r);
  } catch (err) {
    log('warn', 'request statistics left for repair', { requestId: String(r._id), error: String((err as Error).message) });
  }
}

/** Syncs requests marked dirty (oldest first): after bulk updates, and by the repair routine after a crash. */
export async function syncDirtyRequests(filter: Record<string, unknown> = {}, limit = 500): Promise<number> {
  const dirty = await RequestModel.find({ statsDirty: true, ...filter }).sort({ updatedAt: 1 }).limit(limit).select(STATS_FIELDS_OF_REQUEST).lean<RequestDoc[]>();
  for (const r of dirty) await syncRequestStats(r);
  return dirty.length;
}

defineSweeper('request-stats', (cutoff) => syncDirtyRequests({ updatedAt: { $lt: cutoff } }));

/** Sums of the counters over cells, months and whatever grouping the caller chooses. */
export function emptyCounters(): Counters {
  return Object.fromEntries(COUNTER_FIELDS.map((f) => [f, 0])) as Counters;
}
export function addCounters(into: Counters, from: Partial<Counters>): Counters {
  for (const f of COUNTER_FIELDS) into[f] += from[f] ?? 0;
  return into;
}

/** Counter documents computed in memory from requests (bulk loads, rebuilds, checks). */
export class StatsAccumulator {
  readonly docs = new Map<string, RequestStatsDoc>();
  add(r: CountedRequest & Pick<RequestDoc, '_id' | 'communityId' | 'month'> & { rev?: number }): void {
    const key = statsKey(r.communityId, r.month);
    let doc = this.docs.get(key);
    if (!doc) this.docs.set(key, (doc = { _id: key, communityId: r.communityId, month: r.month, cells: {}, applied: {} }));
    const c = contribution(r);
    const cell = (doc.cells[c.k] ??= emptyCounters());
    COUNTER_FIELDS.forEach((f, i) => ((cell as Counters)[f] += c.v[i]!));
    doc.applied[`r${r._id.toHexString()}`] = { rev: r.rev ?? 0, ...c };
  }
  /** Replaces the stored counter documents with these (run with writers idle: concurrent syncs would be lost). */
  async write(): Promise<number> {
    for (const doc of this.docs.values()) await RequestStatsModel.collection.replaceOne({ _id: doc._id } as never, doc as never, { upsert: true });
    return this.docs.size;
  }
}

/**
 * Recomputes every counter document from the requests themselves (all communities, or one). For `npm run
 * reconcile`; with `write: false` it only compares and reports the community-months whose stored counters differ.
 */
export async function rebuildRequestStats(options: { communityId?: Types.ObjectId; write?: boolean } = {}): Promise<{ documents: number; differences: string[] }> {
  const write = options.write ?? true;
  const acc = new StatsAccumulator();
  const cursor = RequestModel.find(options.communityId ? { communityId: options.communityId } : {})
    .select(STATS_FIELDS_OF_REQUEST)
    .lean<RequestDoc[]>()
    .cursor();
  for await (const r of cursor as AsyncIterable<RequestDoc>) acc.add(r);
  const expected = acc.docs;
  const differences: string[] = [];
  const stored = await RequestStatsModel.find(options.communityId ? { communityId: options.communityId } : {}, { cells: 1 }).lean();
  const storedByKey = new Map(stored.map((d) => [d._id, d]));
  const close = (a = 0, b = 0) => Math.abs(a - b) < 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
  for (const [key, doc] of expected) {
    const have = storedByKey.get(key)?.cells ?? {};
    const cells = new Set([...Object.keys(doc.cells), ...Object.keys(have)]);
    const same = [...cells].every((k) => COUNTER_FIELDS.every((f) => close(doc.cells[k]?.[f], have[k]?.[f])));
    if (!same) differences.push(key);
  }
  for (const key of storedByKey.keys()) {
    const have = storedByKey.get(key)!.cells ?? {};
    if (!expected.has(key) && Object.values(have).some((c) => (c.total ?? 0) !== 0)) differences.push(key);
  }
  if (write) {
    await acc.write();
    await RequestModel.updateMany({ statsDirty: true, ...(options.communityId ? { communityId: options.communityId } : {}) }, { $unset: { statsDirty: 1 } });
    log('info', 'request statistics rebuilt', { documents: expected.size, differences: differences.length });
  }
  return { documents: expected.size, differences };
}
