import { isDuplicateKey } from '../lib/errors';
import { Types } from 'mongoose';
import { defineOperation, defineSweeper, type OperationDoc, type StepOutcome } from '../lib/operations';
import { InsufficientBalance, post } from '../volunteers/ledger';
import { VolunteerModel } from '../volunteers/volunteer.model';
import { RedemptionModel, RewardModel, newRedemptionDoc, type RedemptionDoc } from './mall.model';

// The points mall's multi-record writes, kept apart from the HTTP handler so the repair function can finish
// them without bundling the API.


interface RedeemPayload {
  redemptionId: string;
  rewardId: string;
  volunteerId: string;
  communityId: string;
  code: string;
}

/**
 * Redeeming touches three records: the ledger (debit), the reward (one unit of stock) and the redemption code.
 * As a pending operation: debit first (idempotent by key, never below zero), then the unit (conditional on stock,
 * marked with the operation); if no unit is left the debit is undone through the ledger (refund), never left half
 * done; then the code. Repair runs the same steps again after a crash.
 */
export const redeemOperation = defineOperation<RedeemPayload>({
  kind: 'mall-redeem',
  async apply(op: OperationDoc<RedeemPayload>): Promise<StepOutcome> {
    const p = op.payload;
    const reward = await RewardModel.findById(p.rewardId).lean();
    const volunteer = await VolunteerModel.findById(p.volunteerId).lean();
    if (!reward || !volunteer) return { ok: false, reason: 'gone' };
    const base = { communityId: new Types.ObjectId(p.communityId), volunteerId: volunteer._id, redemptionId: new Types.ObjectId(p.redemptionId) };
    try {
      await post({ ...base, kind: 'redeem', amount: -reward.cost, key: `redeem:${p.redemptionId}`, note: `兑换：${reward.name}` });
    } catch (err) {
      if (err instanceof InsufficientBalance) return { ok: false, reason: 'balance' };
      throw err;
    }
    const took = await RewardModel.updateOne({ _id: reward._id, stock: { $gt: 0 }, takenBy: { $ne: op._id } }, { $inc: { stock: -1 }, $push: { takenBy: op._id } });
    if (!took.modifiedCount) {
      const again = await RewardModel.findOne({ _id: reward._id, takenBy: op._id }, { _id: 1 }).lean();
      if (!again) {
        await post({ ...base, kind: 'refund', amount: reward.cost, key: `refund:${p.redemptionId}`, note: `退回：${reward.name}已兑完` });
        return { ok: false, reason: 'stock' };
      }
    }
    try {
      await RedemptionModel.create(newRedemptionDoc({ _id: base.redemptionId, code: p.code, createdAt: op.createdAt }, { ...reward, communityId: base.communityId }, volunteer));
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    return { ok: true };
  },
});

/** Gives back the points and the unit of a cancelled or expired code (idempotent: ledger key, reward marker). */
export async function release(r: RedemptionDoc): Promise<void> {
  await post({ communityId: r.communityId, volunteerId: r.volunteerId, kind: 'refund', amount: r.cost, key: `refund:${r._id.toHexString()}`, redemptionId: r._id, note: `${r.status === 'expired' ? '过期退回' : '取消兑换'}：${r.rewardName}` });
  await RewardModel.updateOne({ _id: r.rewardId, returnedBy: { $ne: r._id } }, { $inc: { stock: 1 }, $push: { returnedBy: r._id } });
  await RedemptionModel.updateOne({ _id: r._id }, { $set: { released: true } });
}

/**
 * Every minute (with repair): unfulfilled codes past 30 days expire, and cancelled or expired codes whose points
 * did not go back yet (a crash) are released.
 */
defineSweeper('redemptions', async (cutoff) => {
  const now = new Date();
  let n = 0;
  for (const r of await RedemptionModel.find({ status: 'issued', expiresAt: { $lte: now } }).limit(200).lean()) {
    const expired = await RedemptionModel.findOneAndUpdate({ _id: r._id, status: 'issued' }, { $set: { status: 'expired' } }, { new: true }).lean();
    if (expired) {
      await release(expired as RedemptionDoc);
      n++;
    }
  }
  for (const r of await RedemptionModel.find({ status: { $in: ['cancelled', 'expired'] }, released: false, createdAt: { $lt: cutoff } }).limit(200).lean()) {
    await release(r as RedemptionDoc);
    n++;
  }
  return n;
});

