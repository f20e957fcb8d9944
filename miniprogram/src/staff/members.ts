/**
 * What the 居民管理 list and the member page share. The list hands the member it opened to the detail page
 * through this in-memory cache (shown at once, then replaced by the full record), and the detail page
 * hands changes (new roles, new address, removal) back so the list is current when the user returns.
 * Pages of one subpackage share one JS context on weapp and one window on H5, so a module-level map works.
 */
import { SHANGHAI_OFFSET_MS, type Membership, type Role } from '@linli/shared'
import { getResident } from '../communities/communities.api'

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
 * opened without the list (a reload on H5, a shared link). null when the member is not in the community.
 */
export async function findActiveMember(id: string): Promise<Membership | null> {
  try {
    const m = await getResident(id, { silent: true })
    rememberMember(m)
    return m
  } catch (err) {
    if ((err as { status?: number }).status === 404) return null
    throw err
  }
}

export function householdText(m: Membership): string {
  return m.household ? `${m.household.buildingName} ${m.household.unit}单元 ${m.household.room}` : '未登记住址'
}

/** China Standard Time is a fixed +08:00 (no daylight saving), so we shift by hand rather than rely on
 * Intl time zones, which some WeChat JS engines lack. Staff read times as the community lives them. */
export function shanghaiTime(iso: string): string {
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  const d = new Date(t + SHANGHAI_OFFSET_MS)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}

/** 居民 is what almost everyone is, so it gets a quiet grey; the roles that give rights stand out in red. */
export function roleTagStyle(role: Role): { type: 'primary' } | { background: string; color: string } {
  return role === 'resident' ? { background: '#eeeeee', color: '#555555' } : { type: 'primary' }
}
