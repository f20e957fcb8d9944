import type { Membership } from '@linli/shared';
import { BuildingModel, CommunityModel, type MembershipDoc } from './community.model';

/** Turns membership documents into the API shape, loading community and building names in two queries. */
export async function membershipViews(docs: MembershipDoc[]): Promise<Membership[]> {
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
    realName: d.realName ?? undefined,
    phone: d.phone ?? undefined,
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
