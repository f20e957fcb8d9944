import { Types } from 'mongoose';
import { ROLE_LABELS, effectiveRoles, hasAnyRole, type Role } from '@linli/shared';
import { ApiError, forbidden, notFound, validationFailed } from '../lib/errors';
import { CommunityScope } from '../lib/scope';
import type { UserDoc } from '../auth/user.model';
import { CommunityModel, type CommunityDoc, type MembershipDoc } from './community.model';
import { linksOf } from './user-links';

/**
 * Who the caller is in the community a call acts in: the communities feature's rule, which the HTTP pipeline
 * applies to every role-gated call through functions/src/api.ts (lib/ imports no feature).
 */
export interface CommunityContext {
  communityId: Types.ObjectId;
  community: CommunityDoc;
  /** The caller's membership there, if any (street staff may have none). */
  membership?: MembershipDoc;
  /** Effective roles (admin includes staff; street staff through the street). */
  roles: Role[];
  scope: CommunityScope;
}

/** Communities the user can act in: memberships that are pending or active, plus their streets' communities. */
async function reachableCommunities(user: UserDoc) {
  const links = await linksOf(user);
  const memberships = links.memberships.filter((m) => m.status === 'pending' || m.status === 'active');
  const streetIds = links.streetRoles.map((s) => s.streetId);
  // Communities of the caller's streets: only street staff have any (communities are a small collection).
  const streetCommunities = streetIds.length
    ? await CommunityModel.find({ streetId: { $in: streetIds } }, { _id: 1 })
    : [];
  return { memberships, streetCommunityIds: streetCommunities.map((c) => c._id.toHexString()) };
}

/**
 * Resolves the X-Community-Id of a call: defaults to the caller's only community, refuses ambiguity (400),
 * hides communities outside the caller's reach (404) and checks roles inside it (403).
 */
export async function resolveCommunity(
  user: UserDoc,
  headerValue: string | undefined,
  allowed: readonly Role[],
): Promise<CommunityContext> {
  const { memberships, streetCommunityIds } = await reachableCommunities(user);
  const reachable = new Set([...memberships.map((m) => m.communityId.toHexString()), ...streetCommunityIds]);

  let communityId: string;
  if (headerValue !== undefined) {
    if (!/^[0-9a-f]{24}$/.test(headerValue))
      throw validationFailed([{ path: 'X-Community-Id', message: '社区编号格式不正确' }]);
    if (!reachable.has(headerValue)) throw notFound();
    communityId = headerValue;
  } else if (reachable.size === 1) {
    communityId = [...reachable][0]!;
  } else if (reachable.size === 0) {
    throw forbidden('请先加入社区');
  } else {
    throw validationFailed([{ path: 'X-Community-Id', message: '您在多个社区，请指定当前社区' }]);
  }

  const community = await CommunityModel.findById(communityId);
  if (!community) throw notFound();
  const membership = memberships.find((m) => m.communityId.toHexString() === communityId);
  const held: Role[] = membership?.status === 'active' ? [...membership.roles] : [];
  if (streetCommunityIds.includes(communityId)) held.push('street_staff');
  const roles = effectiveRoles(held);

  if (!hasAnyRole(roles, allowed)) {
    if (membership?.status === 'pending' && held.length === 0) throw forbidden('您的入驻申请正在审核中，审核通过后即可使用');
    throw new ApiError('FORBIDDEN', `需要${allowed.map((r) => ROLE_LABELS[r]).join('或')}身份`);
  }
  return { communityId: community._id, community, membership, roles, scope: new CommunityScope(community._id) };
}

/** The name the caller goes by in this community (their membership name, else their WeChat nickname). */
export const displayName = (user: UserDoc, community: CommunityContext) => community.membership?.name ?? user.nickname;
