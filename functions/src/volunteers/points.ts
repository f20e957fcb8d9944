import { Types } from 'mongoose';
import type { UserDoc } from '../auth/user.model';
import type { CommunityContext } from '../communities/community-context';
import { done, refused, type Outcome } from '../lib/outcome';
import { InsufficientBalance, post } from './ledger';
import { VolunteerModel, type LedgerEntryDoc } from './volunteer.model';
import { canOnVolunteering } from './volunteering.permissions';

/** 调整积分 (admin, with a reason, never their own): one ledger movement, never below zero. */
export async function adjustPoints(
  user: UserDoc,
  community: CommunityContext,
  input: { volunteerId: string; amount: number; reason: string },
  idempotencyKey: string | undefined,
  audit: { before?: unknown; target?: Record<string, string> },
): Promise<Outcome<LedgerEntryDoc, 'unknown_volunteer' | 'own_points' | 'balance'>> {
  const v = await community.scope.findById(VolunteerModel, input.volunteerId);
  if (!v) return refused('unknown_volunteer');
  audit.target = { volunteerId: input.volunteerId };
  audit.before = { name: v.name, balance: v.balance };
  if (!canOnVolunteering('adjust_points', { userId: user._id, roles: community.roles }, { volunteerUserId: v.userId })) return refused('own_points');
  try {
    // A retry with the same Idempotency-Key is replayed by the pipeline; keying the entry on it too keeps a retry
    // after a first attempt that died mid-way one movement. Without a key each call is its own movement. Never the
    // gateway's request id: serverless-offline gives every call the same one.
    const { entry } = await post({
      communityId: community.communityId,
      volunteerId: v._id,
      kind: 'adjust',
      amount: input.amount,
      key: idempotencyKey ? `adjust:${user._id.toHexString()}:${idempotencyKey}` : `adjust:${new Types.ObjectId().toHexString()}`,
      note: `管理员调整：${input.reason}`,
      actorId: user._id,
    });
    return done(entry);
  } catch (err) {
    if (err instanceof InsufficientBalance) return refused('balance', { balance: err.balance });
    throw err;
  }
}
