import type { Membership } from '@linli/shared';
import { BuildingModel, CommunityModel, type MembershipDoc } from './community.model';

/** 13800000003 → 138****0003: lists show enough to tell people apart, never the whole number (PIPL). */
export const maskPhone = (p?: string | null) => (p ? (p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : '****') : undefined);
/** 孙立 → 孙*; a real name in a list only hints at who it is. */
export const maskName = (n?: string | null) => (n ? `${[...n][0]}${'*'.repeat(Math.max(1, [...n].length - 1))}` : undefined);

/**
 * Turns membership documents into the API shape, loading community and building names in two queries.
 * `masked` (every list) hides most of the phone number and the real name; one person's record shows them.
 */
export async function membershipViews(docs: MembershipDoc[], opts: { masked?: boolean } = {}): Promise<Membership[]> {
  const communityIds = [...new Set(docs.map((d) => d.communityId.toHexString()))];
  const buildingIds = [...new Set(docs.flatMap((d) => (d.household ? [d.household.buildingId.toHexString()] : [])))];
  const [communities, buildings] = await Promise.all([
    communityIds.length ? CommunityModel.find({ _id: { $in: communityIds } }, { name: 1 }).lean() : [],
    buildingIds.length ? BuildingModel.find({ _id: { $in: buildingIds } }, { name: 1 }).lean() : [],
  ]);
  const communityName = new Map(communities.map((c) => [c._id.toHexString(), c.name]));
  const buildingName = new Map(buildings.map((b) => [b._id.toHexString(), b.name]));
  return docs.map((d) => ({
    id: d._id.toHexString(),
    communityId: d.communityId.toHexString(),
    communityName: communityName.get(d.communityId.toHexString()) ?? '',
    userId: d.userId.toHexString(),
    status: d.status,
    roles: d.roles,
    name: d.name,
    realName: opts.masked ? maskName(d.realName) : (d.realName ?? undefined),
    phone: opts.masked ? maskPhone(d.phone) : (d.phone ?? undefined),
    household: d.household
      ? {
          buildingId: d.household.buildingId.toHexString(),
          buildingName: buildingName.get(d.household.buildingId.toHexString()) ?? '',
          unit: d.household.unit,
          room: d.household.room,
        }
      : undefined,
    gridIds: (d.gridIds ?? []).map((g) => g.toHexString()),
    joinedAt: d.joinedAt.toISOString(),
    note: d.note ?? undefined,
  }));
}

export async function membershipView(doc: MembershipDoc): Promise<Membership> {
  return (await membershipViews([doc]))[0]!;
}
