/** Calls of visits (走访, 民情日记): record one, a household's diary, one visit, open follow-ups and marking one done, coverage. */
import { api, type BodyOf, type QueryOf } from '@linli/shared'
import { call, type CallOptions } from '../services/http'

export type VisitListQuery = Partial<QueryOf<typeof api.visits.list>>
export type CreateVisitBody = BodyOf<typeof api.visits.create>

/** Records a visit; `idempotencyKey` keeps one visit however often a lost reply makes the form send again. */
export const createVisit = (body: CreateVisitBody, opts?: CallOptions) => call(api.visits.create, { body }, opts)

export const listVisits = (query: VisitListQuery, opts?: CallOptions) => call(api.visits.list, { query: { limit: 10, ...query } }, opts)

export const getVisit = (visitId: string, opts?: CallOptions) => call(api.visits.get, { params: { visitId } }, opts)

export const listFollowUps = (query: Partial<QueryOf<typeof api.visits.followUps>>, opts?: CallOptions) =>
  call(api.visits.followUps, { query: { limit: 20, ...query } }, opts)

export const completeFollowUp = (visitId: string, followUpId: string, body: BodyOf<typeof api.visits.completeFollowUp>, opts?: CallOptions) =>
  call(api.visits.completeFollowUp, { params: { visitId, followUpId }, body }, opts)

/** The flagged households by when their next visit is due, the longest waiting first (the register's households.due). */
export const listDueHouseholds = (query: Partial<QueryOf<typeof api.households.due>>, opts?: CallOptions) =>
  call(api.households.due, { query: { limit: 20, ...query } }, opts)
