/**
 * A community's public information, which every feature reads (its buildings and grids for a form, its
 * announcement): the communities feature's own calls (joining, residents, settings) stay in communities/.
 */
import { api } from '@linli/shared'
import { call, type CallOptions } from './http'

export const getCommunity = (communityId: string, opts?: CallOptions) =>
  call(api.communities.getCommunity, { params: { communityId } }, opts)

/** The community announcement: public information, so every member (and applicant) can read it. */
export async function getAnnouncement(communityId: string): Promise<string | null> {
  try {
    const detail = await getCommunity(communityId, { silent: true })
    return detail.announcement.trim() || null
  } catch {
    return null
  }
}

/** Members who are in the community now (居民管理), newest first, a page at a time. */
export const listActiveResidents = (cursor?: string, opts?: CallOptions) =>
  call(api.communities.listResidents, { query: { status: 'active', cursor, limit: 20 } }, opts)
