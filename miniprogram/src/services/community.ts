/**
 * A community's public information, which every feature reads (its buildings and grids for a form, its
 * announcement): the communities feature's own calls (joining, residents, settings) stay in communities/.
 */
import { api, type Membership } from '@linli/shared'
import { call, type CallOptions } from './http'

export const getCommunity = (communityId: string, opts?: CallOptions) =>
  call(api.communities.getCommunity, { params: { communityId } }, opts)

/** Communities one may join or apply to (public), searched by name. */
export const listCommunities = (q?: string, opts?: CallOptions) =>
  call(api.communities.listCommunities, { query: q ? { q } : {} }, opts)

/** Members who are in the community now (居民管理), newest first, a page at a time. */
export const listActiveResidents = (cursor?: string, opts?: CallOptions) =>
  call(api.communities.listResidents, { query: { status: 'active', cursor, limit: 20 } }, opts)

/** A member's address as everyone writes it (3号楼 1单元 301); `none` when there is no household on record. */
export function householdText(household: Membership['household'], none = '未登记住址'): string {
  return household ? `${household.buildingName} ${household.unit}单元 ${household.room}` : none
}
