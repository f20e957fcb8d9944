import { useEffect, useRef, useState, type DependencyList } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { ApiError, errorMessage, type CallOptions } from '../services/http'

export interface RecordOptions<T = unknown> {
  /** Load again when the page shows again (back from a page where the record changed). Default true. */
  refreshOnShow?: boolean
  /** What to show until the first answer (a copy a list page handed over), instead of the loading state. */
  initial?: () => T | null
}

/**
 * One record for a page (a request, a topic, an activity): the first load with its error on the page (not a
 * toast), pull to refresh, and a reload when the page is shown again. An answer to an older load (the id
 * changed) is dropped. `act` runs a change that answers the new record and keeps it; a 409 (the record moved
 * on meanwhile) loads it again so the page shows where it stands.
 */
export function useRecord<T>(fetch: (opts: CallOptions) => Promise<T>, deps: DependencyList, { refreshOnShow = true, initial }: RecordOptions<T> = {}) {
  const [data, setData] = useState<T | null>(() => initial?.() ?? null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const generation = useRef(0)
  const loaded = useRef(false)

  const load = async () => {
    const gen = ++generation.current
    setError(null)
    try {
      const next = await fetch({ silent: true })
      if (gen !== generation.current) return
      loaded.current = true
      setData(next)
    } catch (err) {
      if (gen === generation.current) setError(errorMessage(err))
    }
  }

  useEffect(() => {
    setData(initial?.() ?? null)
    loaded.current = false
    void load()
  }, deps)
  useDidShow(() => {
    if (refreshOnShow && loaded.current) void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  /** Runs a change that answers the updated record; the toast of a failure is http.ts's. Resolves with it or null. */
  const act = async (work: () => Promise<T>, done?: (next: T) => string | void): Promise<T | null> => {
    setBusy(true)
    try {
      const next = await work()
      generation.current++
      setData(next)
      const message = done?.(next)
      if (message) void Taro.showToast({ title: message, icon: 'none' })
      return next
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) void load()
      return null
    } finally {
      setBusy(false)
    }
  }

  return { data, setData, error, load, busy, act }
}
