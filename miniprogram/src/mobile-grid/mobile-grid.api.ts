/** Calls of 流动网格员 applications: apply, one's own, and staff's list and review. Their reports are requests (requests.api.ts). */
import { api, type BodyOf } from '@linli/shared'
import { call, type CallOptions } from '../services/http'

export type ApplyBody = BodyOf<typeof api.mobileGrid.apply>

export const applyMobileGrid = (body: ApplyBody, opts?: CallOptions) => call(api.mobileGrid.apply, { body }, opts)

export const myApplications = (opts?: CallOptions) => call(api.mobileGrid.mine, {}, opts).then((r) => r.items)

export const listApplications = (query: { status?: 'pending' | 'approved' | 'rejected'; cursor?: string }, opts?: CallOptions) =>
  call(api.mobileGrid.list, { query: { limit: 20, ...query } }, opts)

export const reviewApplication = (applicationId: string, body: BodyOf<typeof api.mobileGrid.review>, opts?: CallOptions) =>
  call(api.mobileGrid.review, { params: { applicationId }, body }, opts)
