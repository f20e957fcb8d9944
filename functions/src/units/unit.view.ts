import { Types } from 'mongoose';
import { UNIT_TYPE_LABELS, type MyUnitView, type UnitMemberView, type UnitView } from '@linli/shared';
import { CommunityModel, StreetModel } from '../communities/community.model';
import type { UnitDoc, UnitMemberDoc } from './unit.model';

/**
 * What each caller sees of a unit and its people, decided here only: street staff get the unit with its communities'
 * names and member count, and its people by name; the street's admins also get the people's phone numbers
 * (`contacts`: unit.permissions `view_contacts`); a unit's own people get their units (MyUnitView) and nothing of
 * their colleagues.
 */

/** The names of communities by id (hex), read once for a page of units. */
export async function communityNamesOf(units: readonly Pick<UnitDoc, 'communityIds'>[]): Promise<Map<string, string>> {
  const ids = [...new Set(units.flatMap((u) => u.communityIds.map((c) => c.toHexString())))];
  if (!ids.length) return new Map();
  const docs = await CommunityModel.find({ _id: { $in: ids.map((i) => new Types.ObjectId(i)) } }, { name: 1 }).lean();
  return new Map(docs.map((c) => [c._id.toHexString(), c.name]));
}

export function unitView(u: UnitDoc, names: Map<string, string>, memberCount?: number): UnitView {
  return {
    id: u._id.toHexString(),
    streetId: u.streetId.toHexString(),
    type: u.type,
    typeLabel: UNIT_TYPE_LABELS[u.type],
    name: u.name,
    communityIds: u.communityIds.map((c) => c.toHexString()),
    communityNames: u.communityIds.map((c) => names.get(c.toHexString()) ?? '（已删除的社区）'),
    phone: u.phone ?? undefined,
    active: u.active,
    memberCount,
  };
}

export function unitMemberView(m: UnitMemberDoc, contacts: boolean): UnitMemberView {
  return {
    id: m._id.toHexString(),
    unitId: m.unitId.toHexString(),
    userId: m.userId.toHexString(),
    name: m.name,
    phone: contacts ? (m.phone ?? undefined) : undefined,
    active: m.active,
    joinedAt: (m.joinedAt ?? m.createdAt)?.toISOString(),
  };
}

/** The caller's units as their 工作台 shows them. */
export async function myUnitViews(units: readonly UnitDoc[], memberships: readonly UnitMemberDoc[]): Promise<MyUnitView[]> {
  const names = await communityNamesOf(units);
  const streets = await Promise.all([...new Set(units.map((u) => u.streetId.toHexString()))].map((id) => StreetModel.findById(id, { name: 1 }).lean()));
  const streetName = new Map(streets.filter((s) => s !== null).map((s) => [s._id.toHexString(), s.name]));
  return units.map((u, i) => ({
    id: u._id.toHexString(),
    name: u.name,
    type: u.type,
    typeLabel: UNIT_TYPE_LABELS[u.type],
    streetId: u.streetId.toHexString(),
    streetName: streetName.get(u.streetId.toHexString()),
    communityIds: u.communityIds.map((c) => c.toHexString()),
    communityNames: u.communityIds.map((c) => names.get(c.toHexString()) ?? '（已删除的社区）'),
    phone: u.phone ?? undefined,
    memberName: memberships[i]!.name,
  }));
}
