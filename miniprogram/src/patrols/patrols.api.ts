/** Calls of patrols (巡查): start, the list, this week's coverage, one patrol, 楼栋打卡 and the end. Findings are requests (requests.api.ts). */
import { api, type QueryOf } from '@linli/shared'
import { call, type CallOptions } from '../services/http'

export type PatrolListQuery = Partial<QueryOf<typeof api.patrols.list>>

export const startPatrol = (gridId: string | undefined, opts?: CallOptions) => call(api.patrols.start, { body: gridId ? { gridId } : {} }, opts)

export const listPatrols = (query: PatrolListQuery, opts?: CallOptions) => call(api.patrols.list, { query: { limit: 20, ...query } }, opts)

/** The caller's patrol under way, if any (a grid worker has at most one). */
export const ongoingPatrol = (opts?: CallOptions) => listPatrols({ status: 'ongoing', limit: 1 }, opts).then((page) => page.items[0] ?? null)

export const getCoverage = (week: string | undefined, opts?: CallOptions) => call(api.patrols.coverage, { query: week ? { week } : {} }, opts)

export const getPatrol = (patrolId: string, opts?: CallOptions) => call(api.patrols.get, { params: { patrolId } }, opts)

export const checkBuildings = (patrolId: string, buildingIds: string[], opts?: CallOptions) =>
  call(api.patrols.check, { params: { patrolId }, body: { buildingIds } }, opts)

export const endPatrol = (patrolId: string, opts?: CallOptions) => call(api.patrols.end, { params: { patrolId } }, opts)
