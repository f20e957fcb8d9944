import { isDuplicateKey } from '../lib/errors';
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { formatReceipt, householdKey, tallyBallots, type VoteRule } from '@linli/shared';
import { conflict } from '../lib/errors';
import { OperationModel, defineOperation, finishOperation, startOperation, type OperationDoc, type StepOutcome } from '../lib/operations';
import {
  BallotModel,
  ConsultationModel,
  ElectorModel,
  ParticipationModel,
  type ConsultationDoc,
  type ConsultationEventDoc,
} from './consultation.model';
import { deliverTopicOutbox, topicNotice } from './consultation.notify';
import { residentsInScope, type ScopeWorld } from './consultation.scope';

/** The actor id the timeline shows for what the system did by itself (closing at votingEndsAt). */
const SYSTEM_ACTOR = new Types.ObjectId('000000000000000000000000');
const OPENING_LOCK_MS = 60_000;


export function event(type: string, actorId: Types.ObjectId, actorName: string | undefined, now: Date, note?: string): ConsultationEventDoc {
  return { _id: new Types.ObjectId(), type, actorId, actorName, at: now, note };
}

export interface VotingSettings {
  voteRule: VoteRule;
  options: { _id: Types.ObjectId; label: string }[];
  maxChoices: number;
  quorum?: number;
  votingEndsAt: Date;
}

/**
 * Opens voting: writes the frozen list of who may vote (residents living in the scope now, keyed for the
 * topic's vote rule), then moves the topic to voting. A lock on the topic (openingSince) keeps two staff
 * members from opening it at once; a lock left by a crashed call is taken over after a minute.
 */
export async function openVoting(
  world: ScopeWorld,
  topicId: Types.ObjectId,
  settings: VotingSettings,
  actor: { id: Types.ObjectId; name: string },
  now: Date,
  from: readonly string[] = ['discussion', 'review'],
): Promise<ConsultationDoc> {
  const locked = await ConsultationModel.findOneAndUpdate(
    {
      _id: topicId,
      communityId: world.communityId,
      status: { $in: [...from] },
      $or: [{ openingSince: null }, { openingSince: { $lt: new Date(now.getTime() - OPENING_LOCK_MS) } }],
    },
    { $set: { openingSince: now } },
    { new: true },
  );
  if (!locked) {
    const t = await ConsultationModel.findOne({ _id: topicId, communityId: world.communityId });
    if (t?.status === 'voting') throw conflict('投票已经开始');
    if (t && from.includes(t.status)) throw conflict('正在开启投票，请稍候');
    throw conflict('议题当前阶段不能开始投票');
  }
  const members = await residentsInScope(world, locked.scope);
  const rows = members.map((m) => ({
    _id: `${topicId.toHexString()}:${m.userId.toHexString()}`,
    consultationId: topicId,
    ballotKey:
      settings.voteRule === 'per_household'
        ? householdKey({ buildingId: m.household!.buildingId.toHexString(), unit: m.household!.unit, room: m.household!.room })
        : m.userId.toHexString(),
  }));
  // A list left by an interrupted attempt is replaced: the topic is not in voting yet, and we hold the lock.
  await ElectorModel.deleteMany({ consultationId: topicId });
  if (rows.length) await ElectorModel.insertMany(rows, { ordered: false });
  const eligible = new Set(rows.map((r) => r.ballotKey)).size;
  const opened = await ConsultationModel.findOneAndUpdate(
    { _id: topicId, status: { $in: [...from] }, openingSince: now },
    {
      $set: {
        status: 'voting',
        voteRule: settings.voteRule,
        options: settings.options,
        maxChoices: settings.maxChoices,
        quorum: settings.quorum,
        votingStartsAt: now,
        votingEndsAt: settings.votingEndsAt,
        eligibleCount: eligible,
        openingSince: null,
        textLocked: true,
      },
      $push: {
        timeline: event('voting_opened', actor.id, actor.name, now, `${eligible}${settings.voteRule === 'per_household' ? '户' : '人'}可投票`),
        outbox: topicNotice('voting_open', 'scope', '议题开始投票，请参与表决', locked, now),
      },
      $inc: { rev: 1 },
    },
    { new: true },
  );
  if (!opened) throw conflict('开启投票超时，请重试');
  await deliverTopicOutbox(opened);
  return opened;
}

interface CastPayload {
  consultationId: string;
  /** `<consultationId>:<ballotKey>`: the one-vote record of this resident or household. */
  participationId: string;
  optionIds: string[];
  receipt: string;
}

const leaveBox = (consultationId: Types.ObjectId, opId: Types.ObjectId) =>
  ConsultationModel.updateOne({ _id: consultationId }, { $pull: { openBallots: opId } });

/**
 * Casting a vote writes two records with nothing linking them: who took part, and the ballot. It runs as
 * a pending operation, so a crash between the two is finished by the repair routine (never a lost ballot, never
 * a voter blocked without one), and the operation forgets its payload once settled.
 * The ballot box: the operation first enters the topic's openBallots (only while voting is open); closing waits
 * until it is empty, so no ballot can land after the count.
 */
export const castVote = defineOperation<CastPayload>({
  kind: 'consultation-vote',
  forgetPayload: true,
  async apply(op: OperationDoc<CastPayload>): Promise<StepOutcome> {
    const { consultationId, participationId, optionIds, receipt } = op.payload;
    const cid = new Types.ObjectId(consultationId);
    const entered = await ConsultationModel.findOneAndUpdate(
      { _id: cid, status: 'voting', votingEndsAt: { $gt: new Date() }, openBallots: { $ne: op._id } },
      { $push: { openBallots: op._id } },
    );
    if (!entered) {
      const t = await ConsultationModel.findById(cid, { openBallots: 1 }).lean();
      const inside = !!t?.openBallots?.some((id) => id.equals(op._id));
      if (!inside) {
        // Finished earlier (the participation carries this operation) or the box closed before it got in.
        const p = await ParticipationModel.findById(participationId).lean();
        return p?.opId.equals(op._id) ? { ok: true } : { ok: false, reason: 'closed' };
      }
    }
    try {
      await ParticipationModel.create({ _id: participationId, consultationId: cid, opId: op._id });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const p = await ParticipationModel.findById(participationId).lean();
      if (!p?.opId.equals(op._id)) {
        await leaveBox(cid, op._id);
        return { ok: false, reason: 'already_voted' };
      }
    }
    try {
      await BallotModel.create({ _id: `${consultationId}:${receipt}`, consultationId: cid, optionIds, receipt });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // written by an earlier run of this operation
    }
    await leaveBox(cid, op._id);
    return { ok: true };
  },
});

/** Casts a vote; the caller has checked the topic, the options and the frozen list. Returns the receipt. */
export async function cast(topic: ConsultationDoc, ballotKey: string, optionIds: string[]): Promise<string> {
  const receipt = formatReceipt(randomBytes(10));
  const op = await startOperation(castVote, {
    consultationId: topic._id.toHexString(),
    participationId: `${topic._id.toHexString()}:${ballotKey}`,
    optionIds,
    receipt,
  });
  const outcome = await finishOperation(op._id);
  // null: settled meanwhile by someone closing the vote, which ran the same steps.
  const settled = outcome ?? (await finishedOutcome(op._id));
  if (settled.ok) return receipt;
  if (settled.reason === 'already_voted') throw conflict(topic.voteRule === 'per_household' ? '您家已经投过票了' : '您已经投过票了');
  throw conflict('投票已结束');
}

async function finishedOutcome(opId: Types.ObjectId): Promise<StepOutcome> {
  const op = await OperationModel.findById(opId, { status: 1, reason: 1 }).lean();
  return op?.status === 'applied' ? { ok: true } : { ok: false, reason: op?.reason ?? 'closed' };
}

/**
 * Closes voting (staff action, the scheduled job, or a read after votingEndsAt): stops new ballots, finishes
 * those in flight, moves the topic to decided and publishes results counted from the stored ballots.
 */
export async function closeVoting(topicId: Types.ObjectId, actor: { id: Types.ObjectId; name?: string } | null, now: Date): Promise<ConsultationDoc | null> {
  // No new ballot enters once the end time has passed.
  await ConsultationModel.updateOne({ _id: topicId, status: 'voting', votingEndsAt: { $gt: now } }, { $set: { votingEndsAt: now }, $inc: { rev: 1 } });
  for (let attempt = 0; attempt < 50; attempt++) {
    const closed = await ConsultationModel.findOneAndUpdate(
      { _id: topicId, status: 'voting', openBallots: { $size: 0 } },
      {
        $set: { status: 'decided' },
        $push: { timeline: event('voting_closed', actor?.id ?? SYSTEM_ACTOR, actor?.name, now, actor ? undefined : '投票时间到，自动结束') },
        $inc: { rev: 1 },
      },
      { new: true },
    );
    if (closed) break;
    const t = await ConsultationModel.findById(topicId);
    if (!t) return null;
    if (t.status !== 'voting') break; // closed by someone else
    for (const opId of t.openBallots) {
      // Finish a ballot still in flight (its steps are idempotent); one already settled just leaves the box.
      if ((await finishOperation(opId)) === null) await leaveBox(topicId, opId);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return publishResults(topicId, now);
}

/** Counts the sealed ballot box once and stores the results with the topic (idempotent). */
export async function publishResults(topicId: Types.ObjectId, now: Date): Promise<ConsultationDoc | null> {
  const t = await ConsultationModel.findById(topicId);
  if (!t || !['decided', 'implementing', 'done'].includes(t.status) || t.results) return t;
  const ballots = await BallotModel.find({ consultationId: topicId }, { optionIds: 1, receipt: 1 }).lean();
  const results = tallyBallots(
    ballots,
    t.options.map((o) => ({ id: o._id.toHexString() })),
    t.eligibleCount ?? 0,
    t.quorum,
  );
  const updated = await ConsultationModel.findOneAndUpdate(
    { _id: topicId, results: null },
    {
      $set: { results, resultsAt: now },
      $push: { outbox: topicNotice('results', 'scope', results.quorumMet ? '议题表决结果已公布' : '议题表决结果已公布（未达到最低投票率）', t, now) },
      $inc: { rev: 1 },
    },
    { new: true },
  );
  if (!updated) return ConsultationModel.findById(topicId);
  await deliverTopicOutbox(updated);
  return updated;
}
