import { Types } from 'mongoose';
import { defineOperation, type OperationDoc } from '../lib/operations';
import { InviteCodeModel, MembershipModel, newMembershipDoc } from './community.model';
import { statusesAllowing } from '@linli/shared';

export interface InviteJoinPayload {
  communityId: Types.ObjectId;
  userId: Types.ObjectId;
  inviteCodeId: Types.ObjectId;
  member: { name: string; realName?: string; phone?: string; household: { buildingId: Types.ObjectId; unit: string; room: string } };
  at: Date;
}

/**
 * Joining with an invite code writes two documents: one use of the code and an active membership.
 * Each step is marked with the operation id, so running the operation again (repair) changes nothing twice.
 */
export const inviteJoin = defineOperation<InviteJoinPayload>({
  kind: 'invite_join',
  async apply(op: OperationDoc<InviteJoinPayload>) {
    const { communityId, userId, inviteCodeId, member, at } = op.payload;
    // Step 1: take one use, only if the code is still valid and this operation has not taken one already.
    const took = await InviteCodeModel.updateOne(
      { _id: inviteCodeId, communityId, revoked: false, expiresAt: { $gt: at }, remaining: { $gt: 0 }, appliedOps: { $ne: op._id } },
      { $inc: { remaining: -1 }, $push: { appliedOps: op._id } },
    );
    if (took.modifiedCount === 0) {
      const already = await InviteCodeModel.exists({ _id: inviteCodeId, appliedOps: op._id });
      if (!already) return { ok: false, reason: 'invite_unusable' };
    }
    // Step 2: the membership, active at once. Matches only a membership this person may (re)join with,
    // or one this very operation already wrote.
    const set = {
      status: 'active' as const,
      roles: ['resident' as const],
      name: member.name,
      realName: member.realName,
      phone: member.phone,
      household: member.household,
      joinedAt: at,
      inviteCodeId,
      joinOpId: op._id,
    };
    const entry = { _id: op._id, type: 'joined', actorId: userId, at, note: '凭邀请码加入' };
    try {
      const existing = await MembershipModel.findOne({ communityId, userId });
      if (existing?.joinOpId?.equals(op._id)) return { ok: true };
      if (existing) {
        const r = await MembershipModel.updateOne(
          { _id: existing._id, status: { $in: statusesAllowing('join') } },
          { $set: set, $push: { history: entry } },
        );
        if (r.modifiedCount === 0) throw Object.assign(new Error('already member'), { code: 11000 });
      } else {
        await MembershipModel.create(newMembershipDoc({ communityId, userId, history: [entry], ...set }));
      }
      return { ok: true };
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      // Someone joined this person meanwhile: give the use back so the code is not spent for nothing.
      await InviteCodeModel.updateOne({ _id: inviteCodeId, appliedOps: op._id }, { $inc: { remaining: 1 }, $pull: { appliedOps: op._id } });
      return { ok: false, reason: 'already_member' };
    }
  },
});
