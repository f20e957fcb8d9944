import type { Types } from 'mongoose';
import type { UserDoc } from '../auth/user.model';
import { StreetModel, type StreetDoc, type StreetStaffDoc } from '../communities/community.model';
import { linksOf } from '../communities/user-links';
import { UnitMemberModel, UnitModel, type UnitDoc, type UnitMemberDoc } from './unit.model';

/**
 * The units the caller works for: their active memberships of active units (a deactivated unit gets no work and
 * its people see none). `units[i]` is the unit of `memberships[i]`.
 */
export async function unitContextOf(user: Pick<UserDoc, '_id'>): Promise<{ units: UnitDoc[]; memberships: UnitMemberDoc[] }> {
  const memberships = await UnitMemberModel.find({ userId: user._id, active: true }).lean<UnitMemberDoc[]>();
  // A person works for one unit or two: one read by `_id` each.
  const units = await Promise.all(memberships.map((m) => UnitModel.findById(m.unitId).lean<UnitDoc>()));
  const out: { units: UnitDoc[]; memberships: UnitMemberDoc[] } = { units: [], memberships: [] };
  memberships.forEach((m, i) => {
    const u = units[i];
    if (u?.active) {
      out.units.push(u);
      out.memberships.push(m);
    }
  });
  return out;
}

/** Whether the caller is an active member of this (active) unit. */
export async function memberOfUnit(user: Pick<UserDoc, '_id'>, unitId: Types.ObjectId): Promise<UnitMemberDoc | null> {
  const m = await UnitMemberModel.findOne({ unitId, userId: user._id, active: true }).lean<UnitMemberDoc>();
  return m;
}

export interface StreetRole {
  streetId: Types.ObjectId;
  street: StreetDoc;
  /** 街道管理员: may create and change the street's units and their people. */
  admin: boolean;
  staff: StreetStaffDoc;
}

/** The streets where the caller is street staff, each with whether they administer it. */
export async function streetContextOf(user: UserDoc): Promise<StreetRole[]> {
  const { streetRoles } = await linksOf(user);
  const streets = await Promise.all(streetRoles.map((s) => StreetModel.findById(s.streetId).lean<StreetDoc>()));
  const out: StreetRole[] = [];
  streetRoles.forEach((s, i) => {
    const street = streets[i];
    if (street) out.push({ streetId: s.streetId, street, admin: s.admin === true, staff: s });
  });
  return out;
}
