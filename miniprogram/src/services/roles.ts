/** What the signed-in person may do with requests, from the session (the server checks again on every call). */
import { hasAnyRole } from '@linli/shared'
import { currentRoles, type SessionState } from './session'

/** Street staff act through their street, not a membership. */
export const isStreetStaff = (s: SessionState) => (s.me?.streets.length ?? 0) > 0

/** Grid workers, staff (and admins) of the current community, and street staff: they work the queue. */
export const isHandler = (s: SessionState) => hasAnyRole(currentRoles(s), ['grid_worker', 'staff']) || isStreetStaff(s)

/** Staff and street staff see the 三率 dashboard. */
export const isLeader = (s: SessionState) => hasAnyRole(currentRoles(s), ['staff']) || isStreetStaff(s)

/** Who may file: members with a household, and grid workers / staff filing 代办. */
export const canFile = (s: SessionState) => hasAnyRole(currentRoles(s), ['resident', 'volunteer', 'grid_worker', 'staff'])

/** 流动网格员 (couriers, riders): they report hazards anywhere in the community (流动网格员上报), a resident or not. */
export const isMobileGrid = (s: SessionState) => currentRoles(s).includes('mobile_grid')

/** Grid workers and staff may file on behalf of a resident without a phone. */
export const canFileOnBehalf = (s: SessionState) => hasAnyRole(currentRoles(s), ['grid_worker', 'staff'])
