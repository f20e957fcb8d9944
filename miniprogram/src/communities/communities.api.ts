/** Calls of the communities feature: who I am, joining, resident review, invite codes, settings. */
import { api, type BodyOf } from '@linli/shared'
import { call, type CallOptions } from '../services/http'

export const getMe = (opts?: CallOptions) => call(api.communities.me, {}, opts)

export const updateNickname = (nickname: string) => call(api.communities.updateMe, { body: { nickname } })

export const listCommunities = (q?: string, opts?: CallOptions) =>
  call(api.communities.listCommunities, { query: q ? { q } : {} }, opts)

export const getCommunity = (communityId: string, opts?: CallOptions) =>
  call(api.communities.getCommunity, { params: { communityId } }, opts)

export type JoinInput = BodyOf<typeof api.communities.join>

export const joinCommunity = (body: JoinInput, opts?: CallOptions) => call(api.communities.join, { body }, opts)

export const leaveCommunity = () => call(api.communities.leave)

export const listPendingResidents = (cursor?: string, opts?: CallOptions) =>
  call(api.communities.listResidents, { query: { status: 'pending', cursor, limit: 20 } }, opts)

export const approveResident = (membershipId: string) =>
  call(api.communities.approveResident, { params: { membershipId } })

export const rejectResident = (membershipId: string, reason: string, opts?: CallOptions) =>
  call(api.communities.rejectResident, { params: { membershipId }, body: { reason } }, opts)

export const createInviteCode = (maxUses: number, validDays: number) =>
  call(api.communities.createInviteCode, { body: { maxUses, validDays } })

export const listInviteCodes = (opts?: CallOptions) => call(api.communities.listInviteCodes, {}, opts)

/** The community announcement: public information, so every member (and applicant) can read it. */
export async function getAnnouncement(communityId: string): Promise<string | null> {
  try {
    const detail = await call(api.communities.getCommunity, { params: { communityId } }, { silent: true })
    return detail.announcement.trim() || null
  } catch {
    return null
  }
}
