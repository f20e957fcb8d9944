import Taro from '@tarojs/taro'

/** Every key this app keeps in Taro storage, in one place so sign-out can clear them. */
export const STORAGE_KEYS = {
  token: 'linli.token',
  communityId: 'linli.communityId',
  demoOpenid: 'linli.demoOpenid',
  largeText: 'linli.largeText',
  /** requests/drafts.ts: the request being written, and those waiting for the network (cleared on sign-out). */
  requestDraft: 'linli.requestDraft',
  pendingRequests: 'linli.pendingRequests',
} as const

type Key = (typeof STORAGE_KEYS)[keyof typeof STORAGE_KEYS]

/** Reads a stored string; storage failures (quota, private mode) count as "nothing stored". */
export function readString(key: Key): string | null {
  try {
    const v: unknown = Taro.getStorageSync(key)
    return typeof v === 'string' && v !== '' ? v : null
  } catch {
    return null
  }
}

export function writeString(key: Key, value: string | null): void {
  try {
    if (value === null) Taro.removeStorageSync(key)
    else Taro.setStorageSync(key, value)
  } catch {
    // Losing a preference is better than crashing the page that set it.
  }
}
