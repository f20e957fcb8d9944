import { Types } from 'mongoose';
import { COLLECT_DAYS } from '@linli/shared';
import { ConsultationModel, type ConsultationDoc } from './consultation.model';
import { deliverTopicOutbox, topicNotice } from './consultation.notify';
import { closeVoting, event, publishResults } from './voting';

// The 议事 time rules, shared by the HTTP handler (applied on read) and the scheduled job. They live apart from
// handler.ts so that the job's bundle does not carry the whole HTTP surface (middy, photos and the S3 client).

/**
 * Time rules apply whether or not the scheduled job has run yet: a collection past its deadline lapses, a vote
 * past its end closes (and its results are counted) the moment someone looks.
 */
export async function catchUp(doc: ConsultationDoc, now: Date): Promise<ConsultationDoc> {
  if (doc.status === 'collecting' && doc.collectUntil && doc.collectUntil <= now) return (await lapse(doc, now)) ?? doc;
  if (doc.status === 'voting' && doc.votingEndsAt && doc.votingEndsAt <= now) return (await closeVoting(doc._id, null, now)) ?? doc;
  if (['decided', 'implementing', 'done'].includes(doc.status) && !doc.results && doc.eligibleCount !== undefined) return (await publishResults(doc._id, now)) ?? doc;
  return doc;
}

export async function lapse(doc: ConsultationDoc, now: Date): Promise<ConsultationDoc | null> {
  const updated = await ConsultationModel.findOneAndUpdate(
    { _id: doc._id, status: 'collecting', collectUntil: { $lte: now } },
    {
      $set: { status: 'lapsed' },
      $push: {
        timeline: event('lapsed', new Types.ObjectId('000000000000000000000000'), undefined, now, `${COLLECT_DAYS}天内附议未达到${doc.supportThreshold}人`),
        outbox: topicNotice('lapsed', 'author', '您的提案附议未达到要求，已结束征集', doc, now),
      },
      $inc: { rev: 1 },
    },
    { new: true },
  );
  if (updated) await deliverTopicOutbox(updated);
  return updated ?? ConsultationModel.findById(doc._id);
}
