/**
 * Who is signed in and which community the app acts in, shared by every page. Pages call
 * `useSession()` and `refreshSession()` (on show) instead of fetching /api/me themselves.
 */
import { useEffect } from 'react'
import { useDidShow } from '@tarojs/taro'
import { hasAnyRole, type Me, type Membership, type Role } from '@linli/shared'
import { ApiError, getCurrentCommunityId, isSignedIn, setCurrentCommunityId, signOut as forgetSession } from '../services/http'
import { createStore, useStore } from '../services/store'
import { getMe } from './communities.api'

export interface SessionState {
  status: 'idle' | 'loading' | 'ready' | 'error'
  me: Me | null
  /** The membership of the community the app acts in (active or pending), if any. */
  current: Membership | null
  error: ApiError | null
  loadedAt: number
}

const session = createStore<SessionState>({ status: 'idle', me: null, current: null, error: null, loadedAt: 0 })

/** Memberships a person can act in or is waiting for; rejected/removed/left ones are history. */
export function liveMemberships(me: Me | null): Membership[] {
  return (me?.memberships ?? []).filter((m) => m.status === 'active' || m.status === 'pending')
}

function pickCurrent(me: Me): Membership | null {
  const live = liveMemberships(me)
  const stored = getCurrentCommunityId()
  const chosen =
    live.find((m) => m.communityId === stored) ?? live.find((m) => m.status === 'active') ?? live[0] ?? null
  if ((chosen?.communityId ?? null) !== stored) setCurrentCommunityId(chosen?.communityId ?? null)
  return chosen
}

let inflight: Promise<void> | null = null

/** Reloads /api/me; `maxAgeMs` skips the call when the data is fresher than that. */
export function refreshSession(maxAgeMs = 0): Promise<void> {
  const s = session.get()
  if (s.status === 'ready' && Date.now() - s.loadedAt < maxAgeMs) return Promise.resolve()
  if (inflight) return inflight
  session.set({ ...s, status: s.me ? 'ready' : 'loading', error: null })
  inflight = getMe({ silent: true })
    .then((me) => {
      session.set({ status: 'ready', me, current: pickCurrent(me), error: null, loadedAt: Date.now() })
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
  if (s.me) session.set({ ...s, current: pickCurrent(s.me) })
}

export function signOut(): void {
  forgetSession()
  session.set({ status: 'idle', me: null, current: null, error: null, loadedAt: 0 })
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

export { isSignedIn }
