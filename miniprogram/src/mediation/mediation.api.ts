/**
 * Calls of dispute mediation (矛盾纠纷调处): the lists, one case, opening one, the people to name in it, every move
 * on it, and the figures with their CSV. Who may see or do what is the server's permission table; a view's
 * `actions` and `contents` say it.
 */
import { api, type BodyOf, type QueryOf } from '@linli/shared'
import { call, type CallOptions } from '../services/http'

export type CaseListQuery = Partial<QueryOf<typeof api.mediation.list>>

export const listCases = (query: CaseListQuery, opts?: CallOptions) => call(api.mediation.list, { query: { limit: 20, ...query } }, opts)

/** The caller's cases still being worked on (首页's count): one page of up to 100 is all a mediator holds at once. */
export const myOpenCases = (opts?: CallOptions) => listCases({ scope: 'mediator', open: '1', limit: 100 }, opts)

export const getCase = (caseId: string, opts?: CallOptions) => call(api.mediation.get, { params: { caseId } }, opts)

export const createCase = (body: BodyOf<typeof api.mediation.create>, opts?: CallOptions) => call(api.mediation.create, { body }, opts)

export const findParties = (q: string, opts?: CallOptions) => call(api.mediation.candidates, { query: { q } }, opts)

export const mediatorCandidates = (opts?: CallOptions) => call(api.mediation.mediatorCandidates, {}, opts)

const p = (caseId: string) => ({ params: { caseId } })

export const recordSession = (caseId: string, body: BodyOf<typeof api.mediation.recordSession>, opts?: CallOptions) =>
  call(api.mediation.recordSession, { ...p(caseId), body }, opts)

export const concludeCase = (caseId: string, body: BodyOf<typeof api.mediation.conclude>, opts?: CallOptions) => call(api.mediation.conclude, { ...p(caseId), body }, opts)

export const confirmAgreement = (caseId: string, opts?: CallOptions) => call(api.mediation.confirm, p(caseId), opts)

export const recordSignature = (caseId: string, partyId: string, body: BodyOf<typeof api.mediation.recordSignature>, opts?: CallOptions) =>
  call(api.mediation.recordSignature, { params: { caseId, partyId }, body }, opts)

export const escalateCase = (caseId: string, note: string, opts?: CallOptions) => call(api.mediation.escalate, { ...p(caseId), body: { note } }, opts)

export const referCase = (caseId: string, body: BodyOf<typeof api.mediation.refer>, opts?: CallOptions) => call(api.mediation.refer, { ...p(caseId), body }, opts)

export const endCase = (caseId: string, reason: string, opts?: CallOptions) => call(api.mediation.end, { ...p(caseId), body: { reason } }, opts)

export const followUpCase = (caseId: string, body: BodyOf<typeof api.mediation.followUp>, opts?: CallOptions) => call(api.mediation.followUp, { ...p(caseId), body }, opts)

export const addMediator = (caseId: string, userId: string, opts?: CallOptions) => call(api.mediation.addMediator, { ...p(caseId), body: { userId } }, opts)

export const removeMediator = (caseId: string, userId: string, opts?: CallOptions) => call(api.mediation.removeMediator, { params: { caseId, userId } }, opts)

/** The 邻里纠纷 request a case is opened from (转调解): its words and place prefill the case. */
export const getRequestForCase = (requestId: string, opts?: CallOptions) => call(api.requests.get, { params: { requestId } }, opts)

/** The visit a case is opened from (走访发现): its household's address fills the place. */
export const getVisitForCase = (visitId: string, opts?: CallOptions) => call(api.visits.get, { params: { visitId } }, opts)
