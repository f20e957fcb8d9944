/** Calls of the communities feature: who I am, joining, resident review, invite codes, settings. */
import { api, type BodyOf, type CommunitySettings, type GrantableRole } from '@linli/shared'
import { call, type CallOptions } from '../services/http'

export const getMe = (opts?: CallOptions) => call(api.communities.me, {}, opts)

/** '' removes the work phone. */
export const updateWorkPhone = (workPhone: string) => call(api.communities.updateMe, { body: { workPhone } }, { silent: true })

export { listCommunities } from '../services/community'

export type JoinInput = BodyOf<typeof api.communities.join>

export const joinCommunity = (body: JoinInput, opts?: CallOptions) => call(api.communities.join, { body }, opts)

export const leaveCommunity = () => call(api.communities.leave)

export const listPendingResidents = (cursor?: string, opts?: CallOptions) =>
  call(api.communities.listResidents, { query: { status: 'pending', cursor, limit: 20 } }, opts)

export const approveResident = (membershipId: string) =>
  call(api.communities.approveResident, { params: { membershipId } })

export const rejectResident = (membershipId: string, reason: string, opts?: CallOptions) =>
  call(api.communities.rejectResident, { params: { membershipId }, body: { reason } }, opts)

export const removeResident = (membershipId: string, reason: string, opts?: CallOptions) =>
  call(api.communities.removeResident, { params: { membershipId }, body: { reason } }, opts)

export type MoveInput = BodyOf<typeof api.communities.moveResident>

export const moveResident = (membershipId: string, body: MoveInput, opts?: CallOptions) =>
  call(api.communities.moveResident, { params: { membershipId }, body }, opts)

/** gridIds only for 网格员: the server requires them for that role and ignores them otherwise. */
export const grantRole = (membershipId: string, role: GrantableRole, gridIds?: string[], opts?: CallOptions) =>
  call(api.communities.grantRole, { params: { membershipId }, body: role === 'grid_worker' ? { role, gridIds } : { role } }, opts)

export const revokeRole = (membershipId: string, role: GrantableRole, opts?: CallOptions) =>
  call(api.communities.revokeRole, { params: { membershipId }, body: { role } }, opts)

export const getResident = (membershipId: string, opts?: CallOptions) =>
  call(api.communities.getResident, { params: { membershipId } }, opts)

export const listResidentEvents = (membershipId: string, opts?: CallOptions) =>
  call(api.communities.residentEvents, { params: { membershipId } }, opts)

export const getSettings = (opts?: CallOptions) => call(api.communities.getSettings, {}, opts)

export const updateSettings = (body: Partial<CommunitySettings>, opts?: CallOptions) =>
  call(api.communities.updateSettings, { body }, opts)

export const createInviteCode = (maxUses: number, validDays: number) =>
  call(api.communities.createInviteCode, { body: { maxUses, validDays } })

export const listInviteCodes = (opts?: CallOptions) => call(api.communities.listInviteCodes, {}, opts)
