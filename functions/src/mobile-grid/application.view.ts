import { availableMobileGridActions, applicationStatus, type MobileGridApplicationView } from '@linli/shared';
import { CommunityModel, MembershipModel } from '../communities/community.model';
import type { MobileGridApplicationDoc } from './application.model';
import { canOnMobileGrid, type MobileGridActor } from './mobile-grid.permissions';
import { holdsMobileGrid } from './use-cases';

/**
 * Applications as the applicant or the community's staff see them (nobody else is shown one): whole, phone included
 * (staff call to check who applies before approving), with how each reads now — an approved one whose holder lost
 * the role reads revoked — and the moves `actor` may make (an applicant reading their own is given none). Community
 * names and the applicants' memberships are read once for the page.
 */
export async function applicationViews(docs: MobileGridApplicationDoc[], actor: MobileGridActor): Promise<MobileGridApplicationView[]> {
  if (!docs.length) return [];
  const communityIds = [...new Set(docs.map((d) => d.communityId.toHexString()))];
  const userIds = [...new Set(docs.map((d) => d.userId.toHexString()))];
  const [communities, memberships] = await Promise.all([
    CommunityModel.find({ _id: { $in: communityIds } }, { name: 1 }).lean(),
    MembershipModel.find({ communityId: { $in: communityIds }, userId: { $in: userIds } }, { communityId: 1, userId: 1, status: 1, roles: 1 }).lean(),
  ]);
  const names = new Map(communities.map((c) => [c._id.toHexString(), c.name]));
  const membershipOf = (d: MobileGridApplicationDoc) => memberships.find((m) => m.communityId.equals(d.communityId) && m.userId.equals(d.userId));
  return docs.map((d) => {
    const status = applicationStatus(d.status, holdsMobileGrid(membershipOf(d)));
    return {
      id: d._id.toHexString(),
      communityId: d.communityId.toHexString(),
      communityName: names.get(d.communityId.toHexString()) ?? '',
      userId: d.userId.toHexString(),
      realName: d.realName,
      phone: d.phone,
      platform: d.platform,
      platformName: d.platformName,
      area: d.area,
      status,
      note: d.status === 'rejected' ? d.note : undefined,
      createdAt: d.createdAt.toISOString(),
      reviewedAt: d.reviewedAt?.toISOString(),
      actions: availableMobileGridActions(status, (a) => canOnMobileGrid(a, actor, d)),
    };
  });
}
