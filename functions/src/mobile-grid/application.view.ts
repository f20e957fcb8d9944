import { availableMobileGridActions, applicationStatus, type MobileGridApplicationView } from '@linli/shared';
import { CommunityModel, MembershipModel } from '../communities/community.model';
import type { MobileGridApplicationDoc } from './application.model';
import { canOnMobileGrid, type MobileGridActor } from './mobile-grid.permissions';
import { holdsMobileGrid } from './use-cases';

/**
 * Applications as the applicant or the community's staff see them (nobody else is shown one): whole, phone included
 * (staff call to check who applies before approving), with how each reads now — an approved one whose holder lost
 * the role reads revoked — and the moves this caller may make. Community names and the applicants' memberships are
 * read once for the page. `actorIn` gives the caller's roles in an application's community.
 */
export async function applicationViews(docs: MobileGridApplicationDoc[], actorIn: (communityId: string) => MobileGridActor): Promise<MobileGridApplicationView[]> {
  if (!docs.length) return [];
  const communityIds = [...new Set(docs.map((d) => d.communityId.toHexString()))];
  const [communities, memberships] = await Promise.all([
    CommunityModel.find({ _id: { $in: communityIds } }, { name: 1 }).lean(),
    Promise.all(docs.map((d) => MembershipModel.findOne({ communityId: d.communityId, userId: d.userId }, { status: 1, roles: 1 }).lean())),
  ]);
  const names = new Map(communities.map((c) => [c._id.toHexString(), c.name]));
  return docs.map((d, i) => {
    const status = applicationStatus(d.status, holdsMobileGrid(memberships[i]));
    const actor = actorIn(d.communityId.toHexString());
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
