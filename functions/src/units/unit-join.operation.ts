import type { Types } from 'mongoose';
import { defineOperation, type OperationDoc } from '../lib/operations';
import { UnitInviteModel, UnitMemberModel } from './unit.model';

export interface UnitJoinPayload {
  unitId: Types.ObjectId;
  streetId: Types.ObjectId;
  userId: Types.ObjectId;
  inviteId: Types.ObjectId;
  member: { name: string; phone?: string };
  at: Date;
}

/**
 * Joining a unit with a join code writes two documents: one use of the code and an active unit membership. Each
 * step is marked with the operation id (the code's `appliedOps`, the membership's `joinOpId`), so running the
 * operation again (repair) changes nothing twice; as communities/invite-join.operation.ts does for communities.
 */
export const unitJoin = defineOperation<UnitJoinPayload>({
  kind: 'unit_join',
  async apply(op: OperationDoc<UnitJoinPayload>) {
    const { unitId, streetId, userId, inviteId, member, at } = op.payload;
    // Step 1: take one use, only while the code is valid and this operation has not taken one already.
    const took = await UnitInviteModel.updateOne(
      { _id: inviteId, unitId, revoked: false, expiresAt: { $gt: at }, remaining: { $gt: 0 }, appliedOps: { $ne: op._id } },
      { $inc: { remaining: -1 }, $push: { appliedOps: op._id } },
    );
    if (took.modifiedCount === 0 && !(await UnitInviteModel.exists({ _id: inviteId, appliedOps: op._id }))) return { ok: false, reason: 'invite_unusable' };

    // Step 2: the membership. A person deactivated earlier comes back on the same record (one per unit and person).
    const set = { active: true, name: member.name, ...(member.phone ? { phone: member.phone } : {}), inviteId, joinedAt: at, joinOpId: op._id };
    try {
      const existing = await UnitMemberModel.findOne({ unitId, userId }).lean();
      if (existing?.joinOpId?.equals(op._id)) return { ok: true };
      if (existing) {
        // Conditional on the state read: a concurrent join of the same person makes this match nothing.
        const r = await UnitMemberModel.updateOne({ _id: existing._id, active: false }, { $set: set, ...(member.phone ? {} : { $unset: { phone: 1 } }) });
        if (r.modifiedCount === 0) throw Object.assign(new Error('already member'), { code: 11000 });
      } else {
        await UnitMemberModel.create({ unitId, streetId, userId, ...set });
      }
      return { ok: true };
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
      // Already a member (or joined meanwhile): give the use back so the code is not spent for nothing.
      await UnitInviteModel.updateOne({ _id: inviteId, appliedOps: op._id }, { $inc: { remaining: 1 }, $pull: { appliedOps: op._id } });
      return { ok: false, reason: 'already_member' };
    }
  },
});
