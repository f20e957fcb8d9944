import { ROLE_LABELS, type Membership } from '@linli/shared'
import { getCommunity, listActiveResidents } from '../../../services/community'

/** Who may take a request, each with who they are and which grid they serve (a grid worker of another grid may be chosen). */
export interface Assignee {
  member: Membership
  label: string
}

function assigneeLabel(m: Membership, gridNames: Record<string, string>): string {
  const role = m.roles.includes('admin') ? ROLE_LABELS.admin : m.roles.includes('staff') ? ROLE_LABELS.staff : ROLE_LABELS.grid_worker
  const grids = m.roles.includes('grid_worker') ? m.gridIds.map((g) => gridNames[g]).filter(Boolean) : []
  return `${m.name}（${role}${grids.length ? `·${grids.join('、')}` : ''}）`
}

/** Grid workers, staff and admins of the community (the first five pages of its members). */
export async function loadAssignees(communityId: string): Promise<Assignee[]> {
  const community = await getCommunity(communityId, { silent: true }).catch(() => null)
  const gridNames = community ? Object.fromEntries(community.grids.map((g) => [g.id, g.name])) : {}
  const out: Membership[] = []
  let cursor: string | undefined
  for (let i = 0; i < 5; i++) {
    const page = await listActiveResidents(cursor, { silent: true })
    out.push(...page.items.filter((m) => m.roles.some((r) => r === 'grid_worker' || r === 'staff' || r === 'admin')))
    if (!page.nextCursor) break
    cursor = page.nextCursor
  }
  return out.map((member) => ({ member, label: assigneeLabel(member, gridNames) }))
}
