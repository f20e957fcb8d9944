/** Calls of the household register (住户名册): the list, one household, creating, occupants, erasing, the CSV import, care flags. */
import { api, type BodyOf, type CareFlag, type QueryOf } from '@linli/shared'
import { call, type CallOptions } from '../services/http'

export type HouseholdListQuery = Partial<QueryOf<typeof api.households.list>>

export const listHouseholds = (query: HouseholdListQuery, opts?: CallOptions) => call(api.households.list, { query: { limit: 20, ...query } }, opts)

export const getHousehold = (householdId: string, opts?: CallOptions) => call(api.households.get, { params: { householdId } }, opts)

export const createHousehold = (body: BodyOf<typeof api.households.create>, opts?: CallOptions) => call(api.households.create, { body }, opts)

export const addOccupant = (householdId: string, body: BodyOf<typeof api.households.addOccupant>, opts?: CallOptions) =>
  call(api.households.addOccupant, { params: { householdId }, body }, opts)

export const removeOccupant = (householdId: string, occupantId: string, body: BodyOf<typeof api.households.removeOccupant>, opts?: CallOptions) =>
  call(api.households.removeOccupant, { params: { householdId, occupantId }, body }, opts)

export const eraseHousehold = (householdId: string, body: BodyOf<typeof api.households.erase>, opts?: CallOptions) =>
  call(api.households.erase, { params: { householdId }, body }, opts)

export const importHouseholds = (csv: string, opts?: CallOptions) => call(api.households.import, { body: { csv } }, opts)

export const householdPage = (id: string) => `/households/pages/detail/index?id=${id}`
export const IMPORT_PAGE = '/households/pages/import/index'

export const setCareFlag = (householdId: string, flag: CareFlag, body: BodyOf<typeof api.households.setCareFlag>, opts?: CallOptions) =>
  call(api.households.setCareFlag, { params: { householdId, flag }, body }, opts)

export const clearCareFlag = (householdId: string, flag: CareFlag, opts?: CallOptions) => call(api.households.clearCareFlag, { params: { householdId, flag } }, opts)
