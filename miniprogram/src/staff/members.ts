/**
 * What the 居民管理 list and the member page share. The list hands the member it opened to the detail page
 * through this in-memory cache (shown at once, then replaced by the full record), and the detail page
 * hands changes (new roles, new address, removal) back so the list is current when the user returns.
 * Pages of one subpackage share one JS context on weapp and one window on H5, so a module-level map works.
 */
import type { Membership, MembershipAction, Role } from '@linli/shared'
import { getResident } from '../communities/communities.api'
import { ApiError, type CallOptions } from '../services/http'

const cache = new Map<string, Membership>()
/** Ids removed on the detail page, dropped from the list when it shows again. */
const removed = new Set<string>()

export function rememberMembers(items: Membership[]): void {
  for (const m of items) cache.set(m.id, m)
}

export function rememberMember(m: Membership): void {
  cache.set(m.id, m)
  if (m.status !== 'active') removed.add(m.id)
}

export function cachedMember(id: string): Membership | undefined {
  return cache.get(id)
}

/** Applies detail-page changes to a list the list page holds. */
export function freshen(items: Membership[]): Membership[] {
  return items.filter((m) => !removed.has(m.id)).map((m) => cache.get(m.id) ?? m)
}

/**
 * One member with full contact details (lists show them masked): the detail page always reads it, also when
 * opened without the list (a reload on H5, a shared link). A member no longer in the community is an error the
 * page shows in its own words.
 */
export async function loadMember(id: string, opts?: CallOptions): Promise<Membership> {
  try {
    const m = await getResident(id, opts)
    rememberMember(m)
    return m
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) throw new ApiError('NOT_FOUND', '没有找到该居民，可能已不在社区中', 404)
    throw err
  }
}

/** Whether the server lists this move among what the caller may do with the member now (the view's `actions`). */
export const can = (m: Membership, action: MembershipAction): boolean => m.actions.includes(action)

/** 居民 is what almost everyone is, so it gets a quiet grey; the roles that give rights stand out in red. */
export function roleTagStyle(role: Role): { type: 'primary' } | { background: string; color: string } {
  return role === 'resident' ? { background: '#eeeeee', color: '#555555' } : { type: 'primary' }
}
