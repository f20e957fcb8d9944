/**
 * Stands in for @tarojs/taro in the mini-program's unit tests (jest "mini" project): page lifecycle hooks record
 * their callbacks so a test can fire 页面显示 or 下拉刷新 by hand; toasts and storage are kept in memory so a test
 * can read what the user would have seen. Nothing here decides an outcome: the code under test does.
 */
type Callback = () => void

const handlers: Record<'show' | 'pullDown' | 'reachBottom', Set<Callback>> = { show: new Set(), pullDown: new Set(), reachBottom: new Set() }
export const toasts: string[] = []
export let pullDownStopped = 0
const storage = new Map<string, unknown>()

/** Fires a page event for every mounted hook that listens to it. */
export function fire(event: keyof typeof handlers): void {
  for (const cb of [...handlers[event]]) cb()
}

export function resetTaro(): void {
  for (const set of Object.values(handlers)) set.clear()
  toasts.length = 0
  pullDownStopped = 0
  storage.clear()
}

// A hook registers the newest callback of its component on every render (as Taro does), and drops it on unmount.
import { useEffect, useRef } from 'react'
function lifecycle(event: keyof typeof handlers) {
  return (cb: Callback) => {
    const latest = useRef(cb)
    latest.current = cb
    useEffect(() => {
      const h = () => latest.current()
      handlers[event].add(h)
      return () => void handlers[event].delete(h)
    }, [])
  }
}
export const useDidShow = lifecycle('show')
export const usePullDownRefresh = lifecycle('pullDown')
export const useReachBottom = lifecycle('reachBottom')
export const useRouter = () => ({ params: {} })

const Taro = {
  showToast: async ({ title }: { title: string }) => void toasts.push(title),
  stopPullDownRefresh: () => void pullDownStopped++,
  getStorageSync: (key: string) => storage.get(key) ?? '',
  setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
  removeStorageSync: (key: string) => void storage.delete(key),
  getCurrentInstance: () => ({ router: { params: {} } }),
}
export default Taro
