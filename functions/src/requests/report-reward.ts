import type { Types } from 'mongoose';
import {
  reportReward,
  reportRewardApplies,
  reportRewardDecision,
  startOfShanghaiMonth,
  type ReportRewardCase,
  type ReportRewardOffer,
  type ReportRewardSettings,
  type ReportRewardView,
} from '@linli/shared';
import { MembershipModel } from '../communities/community.model';
import { isDuplicateKey } from '../lib/errors';
import { log } from '../lib/logger';
import { defineSweeper } from '../lib/operations';
import { MessageModel, newMessageDoc } from '../messages/message.model';
import { post } from '../volunteers/ledger';
import { pointsAccount } from '../volunteers/points-account';
import { summary } from './notify';
import { RequestModel, type ReportRewardDoc, type RequestDoc } from './request.model';

/**
 * 随手拍有奖: a valid first report earns its reporter points through the ledger. Two writes, without a transaction:
 * the resolution records the handler's decision on the request in its own conditional update (`reward`, pending),
 * then the posting credits the reporter's passbook under the key `report_reward:<request>` and marks the reward
 * credited. Whatever dies in between, the repair routine finds the reward still pending and posts again; the key
 * makes every posting after the first answer with the first, so the points arrive exactly once.
 */

type RewardSubject = Pick<RequestDoc, 'source' | 'filerId' | 'onBehalf' | 'reward'>;

/** The facts of the rule (report-reward.rules.ts) for this request and whoever resolves it. */
function rewardCase(r: RewardSubject, resolverId: Types.ObjectId): ReportRewardCase {
  return { source: r.source, hasFiler: !!r.filerId, onBehalf: !!r.onBehalf, resolverIsFiler: !!r.filerId?.equals(resolverId), decided: !!r.reward };
}

/**
 * What a resolution writes of the reward, in the same update as the resolution (so a request resolved twice at once
 * decides it once: only one update wins the revision): declined, or pending with the offer; nothing where no reward
 * applies (rewards off, a patrol finding, 代办, the filer resolving their own, a reward decided before).
 */
export function rewardOnResolve(settings: ReportRewardSettings, r: RewardSubject, resolverId: Types.ObjectId, valid: boolean | undefined, now: Date): { reward: ReportRewardDoc } | undefined {
  const decision = reportRewardDecision(settings, rewardCase(r, resolverId), valid ?? true);
  if (!decision) return undefined;
  const decided = { decidedBy: resolverId, decidedAt: now, points: 0 };
  return {
    reward: decision.valid
      ? { status: 'pending', valid: true, offered: decision.offered, monthlyCap: decision.monthlyCap, ...decided }
      : { status: 'declined', valid: false, ...decided },
  };
}

/** The reward as the request's filer and handlers see it; the points offered while the posting is pending. */
export function rewardView(reward: ReportRewardDoc | undefined): ReportRewardView | undefined {
  if (!reward) return undefined;
  return { status: reward.status, valid: reward.valid, points: reward.status === 'pending' ? (reward.offered ?? 0) : (reward.points ?? 0) };
}

/** The toggle's offer, for a viewer about to resolve: the points per report where resolving would decide a reward. */
export function rewardOffer(settings: ReportRewardSettings, r: RewardSubject, viewerId: Types.ObjectId): ReportRewardOffer | undefined {
  return reportRewardApplies(settings, rewardCase(r, viewerId)) ? { points: settings.pointsPerReport } : undefined;
}

type Creditable = Pick<RequestDoc, '_id' | 'communityId' | 'category' | 'title' | 'description' | 'source' | 'filerId' | 'filerName' | 'reward'>;

/**
 * Posts a pending reward to the reporter's passbook, on a points account created for them if they have none, and
 * marks it credited (or capped). Safe to run again and at the same time as itself (the resolution and repair): the
 * ledger key makes one movement, the entry says how many points it was, and only the first marking writes.
 * The monthly cap (Asia/Shanghai month of the posting) is applied inside the ledger's chain, so two rewards of the
 * same reporter at once never take them past it. Returns the reward as it now stands.
 */
export async function creditReportReward(r: Creditable, now = new Date()): Promise<ReportRewardDoc | undefined> {
  const reward = r.reward;
  if (reward?.status !== 'pending' || !r.filerId) return reward;
  const member = await MembershipModel.findOne({ communityId: r.communityId, userId: r.filerId }, { name: 1 }).lean();
  const account = await pointsAccount(r.communityId, r.filerId, member?.name ?? r.filerName, now);
  const offered = reward.offered ?? 0;
  const what = summary({ category: r.category, title: r.title ?? undefined, description: r.description });
  const { entry } = await post(
    {
      communityId: r.communityId,
      volunteerId: account._id,
      kind: 'report_reward',
      amount: offered,
      key: `report_reward:${r._id.toHexString()}`,
      note: `随手拍奖励：${what}`,
      requestId: r._id,
      actorId: reward.decidedBy,
      capped: {
        since: startOfShanghaiMonth(now),
        decide: (creditedSince) => {
          const amount = reportReward({ enabled: true, pointsPerReport: offered, monthlyCap: reward.monthlyCap ?? offered }, r.source, creditedSince, true);
          const cut = amount === offered ? '' : amount > 0 ? `（本月奖励上限，实得${amount}积分）` : '（本月奖励已达上限）';
          return { amount, note: `随手拍奖励：${what}${cut}` };
        },
      },
    },
    now,
  );
  // Told once: the message is keyed by the entry (a second run finds it written).
  if (entry.amount > 0)
    await MessageModel.create(
      newMessageDoc({ communityId: r.communityId, userId: r.filerId, sourceId: entry._id, kind: 'report_reward', title: `随手拍奖励 +${entry.amount}积分`, body: what, requestId: r._id, createdAt: now }),
    ).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
  const settled: ReportRewardDoc = { ...reward, status: entry.amount > 0 ? 'credited' : 'capped', points: entry.amount, creditedAt: now };
  await RequestModel.updateOne({ _id: r._id, 'reward.status': 'pending' }, { $set: { 'reward.status': settled.status, 'reward.points': settled.points, 'reward.creditedAt': now } });
  return settled;
}

/**
 * The posting right after the resolution that decided it: the request with its reward as it now stands. Should the
 * posting fail (the database gone between the two writes), the resolution still stands and is answered, its reward
 * pending for the repair routine: failing the call would only have the handler resolve again and be refused.
 */
export async function creditAfterResolution(r: RequestDoc, now: Date): Promise<RequestDoc> {
  try {
    return Object.assign(r, { reward: await creditReportReward(r, now) });
  } catch (err) {
    log('error', 'report reward left to repair', { requestId: r._id.toHexString(), error: err instanceof Error ? err.message : String(err) });
    return r;
  }
}

/** Rewards a crash left pending between the resolution and the posting, finished by the repair routine. */
async function finishPendingRewards(cutoff: Date): Promise<number> {
  const pending = await RequestModel.find({ 'reward.status': 'pending', 'reward.decidedAt': { $lt: cutoff } }).limit(200).lean();
  for (const r of pending) await creditReportReward(r as unknown as Creditable);
  return pending.length;
}

defineSweeper('report-rewards', finishPendingRewards);
