import { db } from '../lib/db';
import { log } from '../lib/logger';
import { withSecrets } from '../lib/secrets';
import { ConsultationModel } from './consultation.model';
import { lapse } from './time-rules';
import { syncAllThresholds } from './threshold';
import { closeVoting, publishResults } from './voting';

export interface ConsultationJobReport {
  lapsed: number;
  /** Topics still collecting whose threshold was recounted (a changed 议题附议人数 or residents in scope), or that met it. */
  recounted: number;
  closed: number;
  published: number;
}

/**
 * 议事 time rules, scheduled every 5 minutes (serverless.yml) and every minute under `npm start`: proposals past
 * their 14 days without enough supports lapse, the thresholds of those still collecting follow the current rule and
 * setting (threshold.ts), votes past votingEndsAt close and publish their results, and a
 * close interrupted before counting is counted. Reads apply the same rules themselves, so nobody waits for the job.
 */
export async function runConsultationJobs(now = new Date()): Promise<ConsultationJobReport> {
  await db();
  const report: ConsultationJobReport = { lapsed: 0, recounted: 0, closed: 0, published: 0 };
  for (const doc of await ConsultationModel.find({ status: 'collecting', collectUntil: { $lte: now } }).limit(500)) {
    const after = await lapse(doc, now);
    if (after?.status === 'lapsed') report.lapsed++;
  }
  report.recounted = await syncAllThresholds(now);
  for (const doc of await ConsultationModel.find({ status: 'voting', votingEndsAt: { $lte: now } }).limit(100)) {
    const after = await closeVoting(doc._id, null, now);
    if (after?.status === 'decided') report.closed++;
  }
  for (const doc of await ConsultationModel.find({ status: 'decided', results: null, eligibleCount: { $exists: true } }).limit(100)) {
    if ((await publishResults(doc._id, now))?.results) report.published++;
  }
  if (report.lapsed || report.recounted || report.closed || report.published) log('info', 'consultation jobs', { ...report });
  return report;
}

export const handler = withSecrets(async () => runConsultationJobs());
