import { availableMembershipActions, effectiveRoles, type Membership } from '@linli/shared';
import type { Types } from 'mongoose';
import { BuildingModel, CommunityModel, MembershipModel, type MembershipDoc } from './community.model';
import { permittedOnMembership, type CommunityActor } from './community.permissions';

/** 13800000003 → 138****0003: lists show enough to tell people apart, never the whole number (PIPL). */
const maskPhone = (p?: string | null) => (p ? (p.length >= 7 ? `${p.slice(0, 3)}****${p.slice(-4)}` : '****') : undefined);
/** 孙立 → 孙*; a real name in a list only hints at who it is. */
const maskName = (n?: string | null) => (n ? `${[...n][0]}${'*'.repeat(Math.max(1, [...n].length - 1))}` : undefined);

/** Who is looking at a membership: staff acting in the community, or the member on their own memberships. */
export type MembershipViewer = { kind: 'staff'; actor: CommunityActor } | { kind: 'self'; userId: Types.ObjectId };

/** The viewer as the permission table sees them for this membership (a member's roles come from it, when active). */
function actorFor(viewer: MembershipViewer, d: MembershipDoc): CommunityActor {
  return viewer.kind === 'staff' ? viewer.actor : { userId: viewer.userId, roles: effectiveRoles(d.status === 'active' ? d.roles : []) };
}

/** True when this member is an admin and the community has no other active one (they must hand over first). */
async function soleAdmin(d: MembershipDoc): Promise<boolean> {
  if (!d.roles.includes('admin')) return false;
  return (await MembershipModel.countDocuments({ communityId: d.communityId, status: 'active', roles: 'admin', _id: { $ne: d._id } })) === 0;
}

/**
 * Turns membership documents into the API shape, loading community and building names in two queries.
 * `masked` (every list) hides most of the phone number and the real name; one person's record shows them.
 * `actions` are the moves the viewer may make on each membership now (state machine × permission table).
 */
export async function membershipViews(docs: MembershipDoc[], viewer: MembershipViewer, opts: { masked?: boolean } = {}): Promise<Membership[]> {
  const communityIds = [...new Set(docs.map((d) => d.communityId.toHexString()))];
  const buildingIds = [...new Set(docs.flatMap((d) => (d.household ? [d.household.buildingId.toHexString()] : [])))];
  const [communities, buildings] = await Promise.all([
    communityIds.length ? CommunityModel.find({ _id: { $in: communityIds } }, { name: 1 }).lean() : [],
    buildingIds.length ? BuildingModel.find({ _id: { $in: buildingIds } }, { name: 1 }).lean() : [],
  ]);
  const communityName = new Map(communities.map((c) => [c._id.toHexString(), c.name]));
  const buildingName = new Map(buildings.map((b) => [b._id.toHexString(), b.name]));
  return Promise.all(
    docs.map(async (d) => {
      const permitted = permittedOnMembership(actorFor(viewer, d), { userId: d.userId, roles: d.roles });
      // Leaving is a move of one's own 我的 page, not of the staff screens where staff may also meet their own row.
      let actions = availableMembershipActions(d.status, permitted).filter((a) => a !== 'leave' || viewer.kind === 'self');
      // Counting the other admins only when it can change the answer (an admin's membership someone may remove or leave).
      if ((actions.includes('remove') || actions.includes('leave')) && (await soleAdmin(d))) actions = availableMembershipActions(d.status, permitted, { soleAdmin: true });
      return {
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
        actions,
      };
    }),
  );
}

export async function membershipView(doc: MembershipDoc, viewer: MembershipViewer): Promise<Membership> {
  return (await membershipViews([doc], viewer))[0]!;
}
