import { Schema, Types, model, models, type Model } from 'mongoose';
import { OPEN_STATUSES, satisfactionContribution, type RequestSource } from '@linli/shared';
import { log } from '../lib/logger';
import { defineSweeper } from '../lib/operations';
import { RequestModel, STATS_FIELDS_OF_REQUEST, type RequestDoc } from './request.model';

/**
 * 三率 counters maintained on write: one document per community and Asia/Shanghai month of filing, keyed by
 * `_id` = `<communityId>:<YYYY-MM>`, so statistics read a handful of documents by `_id` whatever the number of
 * requests (FerretDB on SQLite pushes down nothing but `_id` equality; MongoDB reads them from the _id index).
 * A counter document holds only sums per cell, so it stays a few KB however many requests a month has.
 *
 * Exactly-once without transactions, with the request as the journal: the request keeps the contribution it
 * last added to the counters (`counted`). Syncing a request
 *   A. claims it: one conditional update writes `statsClaim` = { token, the new contribution }, only if no
 *      claim is there and the revision is the one just read;
 *   B. applies the $inc from `counted` to the claimed contribution to the counter document, conditional on
 *      the token not being in its `tokens` and adding it there in the same update — so a claim is counted
 *      once however often B runs;
 *   C. moves the claim into `counted` (clearing `statsDirty` if nothing changed meanwhile);
 *   D. takes the token out of the counter document.
 * Only the claim's owner works on it (see CLAIM_LEASE_MS). A crash anywhere leaves either a claim on the
 * request (the repair routine takes it over when its lease ends and finishes it: B skips what was already
 * counted) or, after C, a stale token, which the sweeper removes. Requests whose counted state may be behind
 * carry `statsDirty` (set by the same update that changes a counted field, see request.model); the repair
 * routine syncs any a crash left marked.
 */

/**
 * The counted figures of one request, in this order (sums over requests give the 三率 of shared requests/request.rules.ts and what
 * each counts, see statsFigures in shared). New fields go at the end only: a `counted` written before them is
 * shorter and reads as zeros there (incrementOf), as do counter documents written before them, so the two stay
 * consistent and `npm run reconcile -- --fix-stats` fills the older months in.
 */
const COUNTER_FIELDS = [
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
  // Issue 15: what the board shows as pending. Requests waiting for an answer are derived from the sums
  // (total − answered − overdue − these), as a withdrawn request stays `pending` forever yet waits for nothing.
  'closedUnanswered',
  'awaitingRating',
  // Issue 18: findings resolved on the spot (就地办结) by their finder when filed.
  'onSpot',
  // Issue 19: 满意率 from 回访 where there is no in-app rating (included in ratings/satisfied; these say how many), and
  // requests with at least one approved extension (延期率 = extended ÷ eligible).
  'callBackRatings',
  'callBackSatisfied',
  'extended',
  // Issue 19, 考核排名: resolved by the request's resolution deadline (from submission, moved only by an approved
  // extension; 按期办结率 = resolvedOnTime ÷ resolved), and sent back at least once (退单率 = sentBack ÷ eligible).
  'resolvedOnTime',
  'sentBack',
] as const;
export type CounterField = (typeof COUNTER_FIELDS)[number];
export type Counters = Record<CounterField, number>;

/** A request's contribution: the cell (category, grid and source) it counts in and its figures. */
export interface Contribution {
  k: string;
  v: number[];
}

export interface RequestStatsDoc {
  _id: string;
  communityId: Types.ObjectId;
  month: string;
  /**
   * Sums per cell `<category>~<gridId|none>` for residents' requests and `<category>~<gridId|none>~<source>` for the
   * other sources (cellKey); every field of COUNTER_FIELDS.
   */
  cells: Record<string, Partial<Counters>>;
  /** Claims (`<requestId>.<random>`) whose $inc is in `cells` and whose request has not recorded it yet: a few at most. */
  tokens: string[];
  /** How many tokens there are, so the sweeper finds documents holding any through an index. */
  tokenCount: number;
}

/** On the request: what it last added to the counters, and a sync under way. */
export interface CountedState {
  counted?: Contribution;
  /** The claimed contribution; its $inc is computed from `counted`, which cannot change while a claim is on. */
  statsClaim?: Contribution & { token: string; at?: Date };
}

const RequestStatsSchema = new Schema<RequestStatsDoc>(
  {
    _id: { type: String, required: true },
    communityId: { type: Schema.Types.ObjectId, required: true },
    month: { type: String, required: true },
    cells: { type: Schema.Types.Mixed, default: {} },
    tokens: { type: [String], default: [] },
    tokenCount: { type: Number, default: 0 },
  },
  { collection: 'request_stats', versionKey: false, minimize: false },
);
// The sweeper's stale tokens (left by a crash between C and D; rare).
RequestStatsSchema.index({ tokenCount: 1 });

export const RequestStatsModel =
  (models.RequestStats as Model<RequestStatsDoc>) ?? model<RequestStatsDoc>('RequestStats', RequestStatsSchema);

export const statsKey = (communityId: Types.ObjectId | string, month: string) => `${String(communityId)}:${month}`;

/**
 * The cell a request counts in. Residents' requests (and those from before sources, which are residents') keep the
 * key they always had, `<category>~<grid>`, so the contributions counted before sources existed stay in the cells
 * they were counted in and nothing needs recounting; the other sources get a third part, `~patrol`, `~mobile_grid`.
 */
export function cellKey(category: string, gridId?: Types.ObjectId | string | null, source?: RequestSource | null): string {
  const base = `${category}~${gridId ? String(gridId) : 'none'}`;
  return !source || source === 'resident' ? base : `${base}~${source}`;
}

/** The parts of a cell key: its category, its grid (`none` when the request has no grid) and its source. */
export function cellParts(key: string): { category: string; grid: string; source: RequestSource } {
  const [category = '', grid = 'none', source = 'resident'] = key.split('~');
  return { category, grid, source: source as RequestSource };
}

type CountedRequest = Pick<RequestDoc, 'category' | 'gridId' | 'status' | 'responseOutcome' | 'ratingCount' | 'satisfiedCount' | 'firstResponseHours' | 'resolveHours'> &
  Partial<Pick<RequestDoc, 'source' | 'resolvedOnSpot' | 'callBack' | 'extensionCount' | 'resolvedAt' | 'resolveBy' | 'sendBackCount'>>;

/** What one request adds to the counters, from its current state. */
export function contribution(r: CountedRequest): Contribution {
  const responded = typeof r.firstResponseHours === 'number';
  const resolvedTimed = typeof r.resolveHours === 'number';
  const isResolved = r.status === 'resolved' || r.status === 'closed';
  // In-app ratings win; without any, a call-back that reached the resident counts as one rating (回访).
  const sat = satisfactionContribution(r);
  const v: Counters = {
    total: 1,
    // A duplicate's problem counts once, on its original.
    eligible: r.status === 'rejected' || r.status === 'withdrawn' || r.status === 'duplicate' ? 0 : 1,
    resolved: isResolved ? 1 : 0,
    onTime: r.responseOutcome === 'on_time' ? 1 : 0,
    late: r.responseOutcome === 'late' ? 1 : 0,
    overdue: r.responseOutcome === 'overdue' ? 1 : 0,
    ratings: sat.ratings,
    satisfied: sat.satisfied,
    respHours: responded ? r.firstResponseHours! : 0,
    respCount: responded ? 1 : 0,
    resolveHours: resolvedTimed ? r.resolveHours! : 0,
    resolveCount: resolvedTimed ? 1 : 0,
    closedUnanswered: r.responseOutcome === 'pending' && !OPEN_STATUSES.includes(r.status) ? 1 : 0,
    // A rating moves a resolved request on (closed or reopened), so `resolved` is exactly "awaiting its rating".
    awaitingRating: r.status === 'resolved' ? 1 : 0,
    onSpot: r.resolvedOnSpot ? 1 : 0,
    callBackRatings: sat.fromCallBack ? 1 : 0,
    callBackSatisfied: sat.fromCallBack ? sat.satisfied : 0,
    extended: (r.extensionCount ?? 0) > 0 ? 1 : 0,
    resolvedOnTime: isResolved && !!r.resolvedAt && !!r.resolveBy && r.resolvedAt.getTime() <= r.resolveBy.getTime() ? 1 : 0,
    sentBack: (r.sendBackCount ?? 0) > 0 ? 1 : 0,
  };
  return { k: cellKey(r.category, r.gridId, r.source), v: COUNTER_FIELDS.map((f) => v[f]) };
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
const sameContribution = (a: Contribution | undefined, b: Contribution) =>
  !!a && a.k === b.k && a.v.length === b.v.length && a.v.every((x, i) => x === b.v[i]);
const COUNTED_PROJECTION = Object.fromEntries([...STATS_FIELDS_OF_REQUEST.split(' '), 'counted', 'statsClaim', 'statsDirty'].map((f) => [f, 1]));
type SyncedRequest = RequestDoc & CountedState;

/**
 * How long a claim belongs to the process that wrote it. Longer than any call can run (Lambda timeout 10 s, the
 * driver's socket timeout 20 s), so no two live processes ever work on one claim: one that found it later
 * leaves it to its owner, and takes it over (conditionally, so only one does) once the owner must be gone.
 */
export const CLAIM_LEASE_MS = 120_000;

/**
 * Brings the counters in line with the request `r` names (re-read here, so a stale copy does no harm). Safe
 * to call any number of times, from any process; returns whether the request was left in line and clean
 * (false: another process's sync is under way, or five contended tries — the request stays marked).
 */
export async function syncRequestStats(r: Pick<RequestDoc, '_id'>, now = () => new Date()): Promise<boolean> {
  const requests = RequestModel.collection;
  for (let attempt = 0; attempt < 5; attempt++) {
    const cur = await requests.findOne<SyncedRequest>({ _id: r._id }, { projection: COUNTED_PROJECTION });
    if (!cur) return true;
    const pending = cur.statsClaim;
    if (pending) {
      // Another process's sync: its own, or left by a crash once its lease is over.
      if (pending.at && now().getTime() - pending.at.getTime() < CLAIM_LEASE_MS) return false;
      const took = await requests.updateOne({ _id: cur._id, 'statsClaim.token': pending.token, 'statsClaim.at': pending.at ?? { $exists: false } }, { $set: { 'statsClaim.at': now() } });
      if (took.matchedCount === 1) await finishClaim(cur, pending);
      continue;
    }
    const target = contribution(cur);
    if (sameContribution(cur.counted, target)) {
      if (cur.statsDirty) await requests.updateOne({ _id: cur._id, rev: cur.rev, statsDirty: true, statsClaim: { $exists: false } }, { $unset: { statsDirty: '' } });
      return true;
    }
    const claim = { token: `${cur._id.toHexString()}.${new Types.ObjectId().toHexString()}`, k: target.k, v: target.v, at: now() };
    const claimed = await requests.updateOne({ _id: cur._id, rev: cur.rev, statsClaim: { $exists: false } }, { $set: { statsClaim: claim } });
    if (claimed.matchedCount === 0) continue; // changed or claimed meanwhile: read again
    if (await finishClaim(cur, claim, cur.rev)) return true;
  }
  return false;
}

/** B, C, D of a claim. With `rev`, C also clears `statsDirty` when the request is still at that revision. */
async function finishClaim(req: SyncedRequest, claim: NonNullable<CountedState['statsClaim']>, rev?: number): Promise<boolean> {
  const key = statsKey(req.communityId, req.month);
  const counters = RequestStatsModel.collection;
  const apply = { $inc: { ...incrementOf(req.counted, claim), tokenCount: 1 }, $push: { tokens: claim.token } } as never;
  const notYet = { _id: key, tokens: { $ne: claim.token } } as never;
  try {
    await counters.updateOne(notYet, { ...(apply as object), $setOnInsert: { communityId: req.communityId, month: req.month } } as never, { upsert: true });
  } catch (err) {
    // Either the token is there already (the upsert found no match and tried to insert an existing _id), or
    // another request created this month's document at the same moment: update it if the token is not there.
    if (!isDuplicateKeyError(err)) throw err;
    await counters.updateOne(notYet, apply);
  }
  const counted = { k: claim.k, v: claim.v };
  const mine = { _id: req._id, 'statsClaim.token': claim.token };
  let clean = false;
  if (rev !== undefined) clean = (await RequestModel.collection.updateOne({ ...mine, rev }, { $set: { counted }, $unset: { statsClaim: '', statsDirty: '' } })).matchedCount === 1;
  if (!clean) await RequestModel.collection.updateOne(mine, { $set: { counted }, $unset: { statsClaim: '' } });
  await counters.updateOne({ _id: key, tokens: claim.token } as never, { $pull: { tokens: claim.token }, $inc: { tokenCount: -1 } } as never);
  return clean;
}

/**
 * After a handler's write: the write is done and acknowledged whatever happens here, so a failure (the database
 * going away) is logged, not thrown — the request stays marked and the repair routine counts it.
 */
export async function countRequestChange(r: Pick<RequestDoc, '_id'>): Promise<void> {
  try {
    await syncRequestStats(r);
  } catch (err) {
    log('warn', 'request statistics left for repair', { requestId: String(r._id), error: String((err as Error).message) });
  }
}

/** Syncs requests marked dirty (oldest first): after bulk updates, and by the repair routine after a crash. */
export async function syncDirtyRequests(filter: Record<string, unknown> = {}, limit = 500): Promise<number> {
  const dirty = await RequestModel.find({ statsDirty: true, ...filter }).sort({ updatedAt: 1 }).limit(limit).select('_id').lean<RequestDoc[]>();
  for (const r of dirty) await syncRequestStats(r);
  return dirty.length;
}

/**
 * Tokens left in counter documents by a sync that died between C and D. A token whose request holds no claim
 * with it was recorded by the request (C ran), so it is only garbage; one still claimed is left to its sync.
 */
export async function sweepStaleTokens(): Promise<number> {
  let removed = 0;
  for (const doc of await RequestStatsModel.find({ tokenCount: { $gt: 0 } }, { tokens: 1 }).lean()) {
    for (const token of doc.tokens) {
      const requestId = token.split('.')[0]!;
      const req = await RequestModel.collection.findOne<CountedState>({ _id: new Types.ObjectId(requestId) }, { projection: { statsClaim: 1 } });
      if (req?.statsClaim?.token === token) continue;
      removed += (await RequestStatsModel.collection.updateOne({ _id: doc._id, tokens: token } as never, { $pull: { tokens: token }, $inc: { tokenCount: -1 } } as never)).modifiedCount;
    }
  }
  return removed;
}

defineSweeper('request-stats', async (cutoff) => (await syncDirtyRequests({ updatedAt: { $lt: cutoff } })) + (await sweepStaleTokens()));

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
  /** Counts `r` and returns its contribution (what its `counted` must say). */
  add(r: CountedRequest & Pick<RequestDoc, '_id' | 'communityId' | 'month'>): Contribution {
    const key = statsKey(r.communityId, r.month);
    let doc = this.docs.get(key);
    if (!doc) this.docs.set(key, (doc = { _id: key, communityId: r.communityId, month: r.month, cells: {}, tokens: [], tokenCount: 0 }));
    const c = contribution(r);
    const cell = (doc.cells[c.k] ??= emptyCounters());
    COUNTER_FIELDS.forEach((f, i) => ((cell as Counters)[f] += c.v[i]!));
    return c;
  }
  /** Replaces the stored counter documents with these (run with writers idle: concurrent syncs would be lost). */
  async write(): Promise<number> {
    for (const doc of this.docs.values()) await RequestStatsModel.collection.replaceOne({ _id: doc._id } as never, doc as never, { upsert: true });
    return this.docs.size;
  }
}

/**
 * Recomputes every counter document from the requests themselves (all communities, or one). For `npm run
 * reconcile`; with `write: false` it only compares and reports the community-months whose stored counters
 * differ. Writing also sets each request's `counted` to match; run it with the API idle.
 */
export async function rebuildRequestStats(options: { communityId?: Types.ObjectId; write?: boolean } = {}): Promise<{ documents: number; differences: string[] }> {
  const write = options.write ?? true;
  const acc = new StatsAccumulator();
  const requestFixes: { updateOne: { filter: Record<string, unknown>; update: Record<string, unknown> } }[] = [];
  const cursor = RequestModel.collection.find<SyncedRequest>(options.communityId ? { communityId: options.communityId } : {}, { projection: COUNTED_PROJECTION });
  for await (const r of cursor) {
    const c = acc.add(r);
    if (write && (!sameContribution(r.counted, c) || r.statsClaim || r.statsDirty))
      requestFixes.push({ updateOne: { filter: { _id: r._id }, update: { $set: { counted: c }, $unset: { statsClaim: '', statsDirty: '' } } } });
  }
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
    for (let i = 0; i < requestFixes.length; i += 1000) await RequestModel.collection.bulkWrite(requestFixes.slice(i, i + 1000) as never, { ordered: false });
    log('info', 'request statistics rebuilt', { documents: expected.size, differences: differences.length, requestsUpdated: requestFixes.length });
  }
  return { documents: expected.size, differences };
}
