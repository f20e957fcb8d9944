/** What the signed-in person is to units, from the session (/api/me; the server checks again on every call). */
import type { SessionState } from '../services/session'

/** The units the person works for (their 单位工作台). */
export const myUnits = (s: SessionState) => s.me?.units ?? []

/** Street staff: they read the street's units (单位管理). */
export const isStreetStaffOf = (s: SessionState) => (s.me?.streets.length ?? 0) > 0

/** Street admins: they add and change units and hand out join codes. */
export const isStreetAdmin = (s: SessionState) => s.me?.streetAdmin === true
