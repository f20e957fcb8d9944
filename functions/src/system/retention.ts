import type { Types } from 'mongoose';
import { AUDIT_RETENTION_YEARS, VISIT_RETENTION_YEARS, retentionCutoff } from '@linli/shared';
import { db } from '../lib/db';
import { log } from '../lib/logger';
import { withSecrets } from '../lib/secrets';
import { AuditModel } from '../lib/audit';
import { FollowUpModel, VisitModel } from '../visits/visit.model';

/**
 * Deleted per query: 500 ids make one small `$in` command (~13 KB), and on the embedded FerretDB, which deletes
 * row by row through the `_id` index, about two seconds; on MongoDB far less.
 */
export const RETENTION_BATCH_SIZE = 500;
/**
 * Batches of each kind per run: at most 10,000 visits (with their follow-ups) and 10,000 audit entries a day —
 * more than a street writes in a day, so a backlog shrinks every day, yet bounded so a run stays far inside its
 * timeout (serverless.yml: 120 s) on a slow database. What is left waits for the next day's run.
 */
export const RETENTION_MAX_BATCHES = 20;
/** Stop starting batches after this much wall time (half the function's timeout), whatever is left. */
export const RETENTION_TIME_BUDGET_MS = 60_000;

export interface RetentionOptions {
  batchSize?: number;
  maxBatches?: number;
  timeBudgetMs?: number;
}

export interface RetentionReport {
  /** Records of days before these instants were past their retention. */
  visitsBefore: string;
  auditBefore: string;
  visits: number;
  followUps: number;
  auditEntries: number;
  /** A kind stopped at the batch limit or the time budget with a full batch: some may be left for the next run. */
  limitReached: boolean;
}

/**
 * Deletes records past their retention in batches: reads the ids of up to `batchSize` (by an index on the date),
 * deletes what goes with them, then the records themselves by `_id`. Each step may be repeated, so a run cut short
 * (a crash, the timeout) leaves nothing half done that the next run does not find again. Returns how many went and
 * whether the limits stopped it.
 */
async function inBatches(
  options: Required<RetentionOptions>,
  started: number,
  batch: () => Promise<{ read: number; deleted: number }>,
): Promise<{ deleted: number; limitReached: boolean }> {
  let deleted = 0;
  for (let n = 0; n < options.maxBatches; n++) {
    if (Date.now() - started > options.timeBudgetMs) return { deleted, limitReached: true };
    const r = await batch();
    deleted += r.deleted;
    if (r.read < options.batchSize) return { deleted, limitReached: false };
  }
  return { deleted, limitReached: true };
}

/**
 * The retention job (README 走访 and Security, Retention), run once a day: deletes visits whose day is more than
 * VISIT_RETENTION_YEARS before today (Asia/Shanghai) with their follow-up items, and audit log entries older than
 * AUDIT_RETENTION_YEARS, of every community. No TTL index does it because FerretDB has none.
 *
 * A household's `lastVisitAt` and its place on the due list stay: they are a date, not what was said, the care
 * schedule runs on them, and a household last visited three years ago must stay at the top of the due list rather
 * than read as never visited. They go with the household's record. Requests and dispute cases filed from a visit
 * keep their own record (and the visit's id, which then opens nothing), as when a household is erased.
 */
export async function runRetention(now = new Date(), opts: RetentionOptions = {}): Promise<RetentionReport> {
  await db();
  const options: Required<RetentionOptions> = {
    batchSize: opts.batchSize ?? RETENTION_BATCH_SIZE,
    maxBatches: opts.maxBatches ?? RETENTION_MAX_BATCHES,
    timeBudgetMs: opts.timeBudgetMs ?? RETENTION_TIME_BUDGET_MS,
  };
  const started = Date.now();
  const visitsBefore = retentionCutoff(now, VISIT_RETENTION_YEARS);
  const auditBefore = retentionCutoff(now, AUDIT_RETENTION_YEARS);
  let followUps = 0;

  const visits = await inBatches(options, started, async () => {
    const docs = await VisitModel.find({ visitedAt: { $lt: visitsBefore } }, { _id: 1, communityId: 1 }).limit(options.batchSize).lean();
    if (!docs.length) return { read: 0, deleted: 0 };
    // Follow-ups first: a crash between the two leaves the visit, which the next run finds again with its items,
    // never items whose visit is gone and which nothing would find by date.
    const byCommunity = new Map<string, { communityId: Types.ObjectId; ids: Types.ObjectId[] }>();
    for (const d of docs) {
      const key = d.communityId.toHexString();
      if (!byCommunity.has(key)) byCommunity.set(key, { communityId: d.communityId, ids: [] });
      byCommunity.get(key)!.ids.push(d._id);
    }
    for (const { communityId, ids } of byCommunity.values()) {
      followUps += (await FollowUpModel.deleteMany({ communityId, visitId: { $in: ids } })).deletedCount;
    }
    const r = await VisitModel.deleteMany({ _id: { $in: docs.map((d) => d._id) }, visitedAt: { $lt: visitsBefore } });
    return { read: docs.length, deleted: r.deletedCount };
  });

  const audit = await inBatches(options, started, async () => {
    const docs = await AuditModel.find({ at: { $lt: auditBefore } }, { _id: 1 }).limit(options.batchSize).lean();
    if (!docs.length) return { read: 0, deleted: 0 };
    const r = await AuditModel.deleteMany({ _id: { $in: docs.map((d) => d._id) } });
    return { read: docs.length, deleted: r.deletedCount };
  });

  const report: RetentionReport = {
    visitsBefore: visitsBefore.toISOString(),
    auditBefore: auditBefore.toISOString(),
    visits: visits.deleted,
    followUps,
    auditEntries: audit.deleted,
    limitReached: visits.limitReached || audit.limitReached,
  };
  log('info', 'retention run', { ...report });
  return report;
}

/** Scheduled once a day (serverless.yml), and by `npm start` on a timer. */
export const handler = withSecrets(async () => runRetention());
