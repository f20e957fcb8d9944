import type { Types } from 'mongoose';
import { UNIT_TYPE_LABELS } from '@linli/shared';
import { UnitMemberModel, UnitModel } from './unit.model';

const ERASED_UNIT_MEMBER = '已注销单位人员';

/**
 * A person's memberships of units (单位) for their data export: which unit, since when, whether still active, and
 * the name and phone they gave when joining (what the unit's street admin sees of them).
 */
export async function exportUnitMemberships(userId: Types.ObjectId) {
  const memberships = await UnitMemberModel.find({ userId }).lean();
  const units = await Promise.all(memberships.map((m) => UnitModel.findById(m.unitId, { name: 1, type: 1 }).lean()));
  return memberships.map((m, i) => ({
    unitId: m.unitId,
    unitName: units[i]?.name,
    unitType: units[i] ? UNIT_TYPE_LABELS[units[i]!.type] : undefined,
    name: m.name,
    phone: m.phone,
    active: m.active,
    joinedAt: m.joinedAt ?? m.createdAt,
  }));
}

/**
 * On account deletion: each unit membership is deactivated (the person no longer works a unit's requests) and loses
 * the name and phone; the record stays, as dispatches acknowledged or resolved by the person refer to it. Repeating
 * it (repair after a crash) changes nothing more.
 */
export async function eraseFromUnits(userId: Types.ObjectId) {
  await UnitMemberModel.updateMany({ userId }, { $set: { active: false, name: ERASED_UNIT_MEMBER }, $unset: { phone: 1 } });
}
