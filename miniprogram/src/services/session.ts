/**
 * Who is signed in and which community the app acts in, shared by every page (the core: features import it). Pages call
 * `useSession()` and `refreshSession()` (on show) instead of fetching /api/me themselves.
 */
import { useEffect } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { api, hasAnyRole, type Me, type Membership, type Role } from '@linli/shared'
import { ApiError, call, getCurrentCommunityId, isSignedIn, setCurrentCommunityId, signOut as forgetSession, type CallOptions } from './http'
import { DEV_SIGNIN_ENABLED, DEV_SIGNIN_PAGE, IS_WEAPP } from './config'
import { createStore, useStore } from './store'

/** Who I am: the core's own call (features' calls live in their *.api.ts). */
const getMe = (opts?: CallOptions) => call(api.communities.me, {}, opts)

export interface SessionState {
  status: 'idle' | 'loading' | 'ready' | 'error'
  me: Me | null
  /** The membership of the community the app acts in (active or pending), if any. */
  current: Membership | null
  /**
   * Street staff without a membership there: the community of their street the app acts in (X-Community-Id), so
   * the 工作台 and the 三率看板 know which one to show when a street has several. Null otherwise.
   */
  streetCommunityId: string | null
  error: ApiError | null
  loadedAt: number
}

const session = createStore<SessionState>({ status: 'idle', me: null, current: null, streetCommunityId: null, error: null, loadedAt: 0 })

/** Memberships a person can act in or is waiting for; rejected/removed/left ones are history. */
export function liveMemberships(me: Me | null): Membership[] {
  return (me?.memberships ?? []).filter((m) => m.status === 'active' || m.status === 'pending')
}

/** The community the app acts in: a live membership first; else, for street staff, one of their street's communities. */
function pickCurrent(me: Me): Pick<SessionState, 'current' | 'streetCommunityId'> {
  const live = liveMemberships(me)
  const stored = getCurrentCommunityId()
  const chosen =
    live.find((m) => m.communityId === stored) ?? live.find((m) => m.status === 'active') ?? live[0] ?? null
  const streetIds = me.streets.flatMap((st) => st.communityIds)
  const street = chosen ? null : streetIds.find((id) => id === stored) ?? streetIds[0] ?? null
  const acting = chosen?.communityId ?? street
  if (acting !== stored) setCurrentCommunityId(acting)
  return { current: chosen, streetCommunityId: street }
}

let inflight: Promise<void> | null = null

/**
 * Reloads /api/me; `maxAgeMs` skips the call when the data is fresher than that. Without a token nothing is
 * called (the person has not signed in: pages show the landing page and a sign-in button) unless `signInFirst`,
 * which is that button on weapp (wx.login, then /api/me).
 */
export function refreshSession(maxAgeMs = 0, signInFirst = false): Promise<void> {
  const s = session.get()
  if (!isSignedIn() && !signInFirst && !inflight) {
    if (s.status !== 'idle') session.set({ status: 'idle', me: null, current: null, streetCommunityId: null, error: null, loadedAt: 0 })
    return Promise.resolve()
  }
  if (s.status === 'ready' && Date.now() - s.loadedAt < maxAgeMs) return Promise.resolve()
  if (inflight) return inflight
  session.set({ ...s, status: s.me ? 'ready' : 'loading', error: null })
  inflight = getMe({ silent: true })
    .then((me) => {
      session.set({ status: 'ready', me, ...pickCurrent(me), error: null, loadedAt: Date.now() })
    })
    .catch((err: unknown) => {
      const error = err instanceof ApiError ? err : new ApiError('INTERNAL', '加载失败，请稍后再试')
      session.set({ ...session.get(), status: 'error', error })
    })
    .finally(() => {
      inflight = null
    })
  return inflight
}

/** Switches the community the app acts in. */
export function switchCommunity(communityId: string): void {
  setCurrentCommunityId(communityId)
  const s = session.get()
  if (s.me) session.set({ ...s, ...pickCurrent(s.me) })
}

/** Street staff: act in another community of their street (the 工作台 and the 三率看板 follow). */
export function selectStreetCommunity(communityId: string): void {
  setCurrentCommunityId(communityId)
  const s = session.get()
  if (s.me) session.set({ ...s, ...pickCurrent(s.me) })
}

/** Whether this build can sign someone in: weapp (WeChat login) or an H5 development build (the dev sign-in page). */
export function signInAvailable(): boolean {
  return IS_WEAPP || DEV_SIGNIN_ENABLED
}

/** The sign-in button: WeChat login on weapp; on H5 development builds, the development sign-in page. */
export function signIn(): Promise<void> {
  if (IS_WEAPP) return refreshSession(0, true)
  if (DEV_SIGNIN_ENABLED) return Taro.navigateTo({ url: DEV_SIGNIN_PAGE }).then(() => undefined)
  return Promise.resolve()
}

export function signOut(): void {
  forgetSession()
  session.set({ status: 'idle', me: null, current: null, streetCommunityId: null, error: null, loadedAt: 0 })
}

/** The session, refreshed when the page shows (at most every 30 s unless forced elsewhere). */
export function useSession(): SessionState {
  const state = useStore(session)
  useEffect(() => {
    void refreshSession(30_000)
  }, [])
  useDidShow(() => {
    void refreshSession(30_000)
  })
  return state
}

/** Roles held in the current community, only when the membership is active. */
export function currentRoles(state: SessionState): Role[] {
  return state.current?.status === 'active' ? state.current.roles : []
}

export function isStaff(state: SessionState): boolean {
  return hasAnyRole(currentRoles(state), ['staff'])
}

export function isAdmin(state: SessionState): boolean {
  return currentRoles(state).includes('admin')
}

/** Signed out: never signed in here, or the sign-in is gone and cannot be renewed. */
export function isSignedOut(state: SessionState): boolean {
  return state.status === 'idle' || (state.status === 'error' && state.error?.code === 'UNAUTHENTICATED')
}

/**
 * Whether calls acting in a community can succeed: an active membership, or street staff in one of their
 * street's communities. A pending applicant or someone without a community would only get 403s.
 */
export function canActInCommunity(state: SessionState): boolean {
  return state.status === 'ready' && (state.current?.status === 'active' || (!state.current && state.streetCommunityId !== null))
}

export { isSignedIn }
