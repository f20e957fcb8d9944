/** Calls of the volunteer feature (道德银行): registration, activities, check-in, points, the mall, stars. */
import { api, type BodyOf, type QueryOf } from '@linli/shared'
import { call, type CallOptions } from '../services/http'

export type RegisterBody = BodyOf<typeof api.volunteers.register>
export type ActivityBody = BodyOf<typeof api.activities.create>
export type RewardBody = BodyOf<typeof api.mall.createReward>
export type ActivityWhen = NonNullable<QueryOf<typeof api.activities.list>['when']>
export type LeaderboardQuery = QueryOf<typeof api.volunteers.leaderboard>

// ---------------------------------------------------------------- volunteers

export const getMyVolunteer = (opts?: CallOptions) => call(api.volunteers.me, {}, opts)

export const registerVolunteer = (body: RegisterBody, opts?: CallOptions) => call(api.volunteers.register, { body }, opts)

export const listVolunteers = (query: QueryOf<typeof api.volunteers.list>, opts?: CallOptions) =>
  call(api.volunteers.list, { query: { limit: 20, ...query } }, opts)

export const reviewVolunteer = (volunteerId: string, body: BodyOf<typeof api.volunteers.review>, opts?: CallOptions) =>
  call(api.volunteers.review, { params: { volunteerId }, body }, opts)

export const listStarAwards = (cursor?: string, opts?: CallOptions) => call(api.volunteers.awards, { query: { cursor, limit: 20 } }, opts)

export const getStarAward = (awardId: string, opts?: CallOptions) => call(api.volunteers.award, { params: { awardId } }, opts)

export const getLedger = (cursor?: string, opts?: CallOptions) => call(api.volunteers.ledger, { query: { cursor, limit: 20 } }, opts)

export const getLeaderboard = (query: LeaderboardQuery, opts?: CallOptions) => call(api.volunteers.leaderboard, { query }, opts)

// ---------------------------------------------------------------- activities

export const createActivity = (body: ActivityBody, opts?: CallOptions) => call(api.activities.create, { body }, opts)

export const listActivities = (when: ActivityWhen, cursor?: string, opts?: CallOptions) =>
  call(api.activities.list, { query: { when, cursor, limit: 20 } }, opts)

export const getActivity = (activityId: string, opts?: CallOptions) => call(api.activities.get, { params: { activityId } }, opts)

export const signUp = (activityId: string, opts?: CallOptions) => call(api.activities.signup, { params: { activityId } }, opts)

export const cancelSignUp = (activityId: string, opts?: CallOptions) => call(api.activities.cancel, { params: { activityId } }, opts)

export const getRoster = (activityId: string, opts?: CallOptions) => call(api.activities.roster, { params: { activityId } }, opts)

export const newCheckinCode = (activityId: string, opts?: CallOptions) => call(api.activities.code, { params: { activityId } }, opts)

export const checkIn = (activityId: string, body: BodyOf<typeof api.activities.checkin>, opts?: CallOptions) =>
  call(api.activities.checkin, { params: { activityId }, body }, opts)

export const confirmAttendance = (activityId: string, body: BodyOf<typeof api.activities.attendance>, opts?: CallOptions) =>
  call(api.activities.attendance, { params: { activityId }, body }, opts)

// ---------------------------------------------------------------- points mall

export const listRewards = (opts?: CallOptions) => call(api.mall.rewards, {}, opts)

export const createReward = (body: RewardBody, opts?: CallOptions) => call(api.mall.createReward, { body }, opts)

export const redeemReward = (rewardId: string, opts?: CallOptions) => call(api.mall.redeem, { params: { rewardId } }, opts)

export const listRedemptions = (role: 'mine' | 'merchant', cursor?: string, opts?: CallOptions) =>
  call(api.mall.redemptions, { query: { role, cursor, limit: 20 } }, opts)

export const fulfilRedemption = (code: string, opts?: CallOptions) => call(api.mall.fulfil, { params: { code } }, opts)
export const lookUpRedemption = (code: string, opts?: CallOptions) => call(api.mall.lookup, { params: { code } }, opts)

export const cancelRedemption = (code: string, opts?: CallOptions) => call(api.mall.cancel, { params: { code } }, opts)
