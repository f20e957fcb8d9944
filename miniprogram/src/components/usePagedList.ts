import { useEffect, useRef, useState, type DependencyList } from 'react'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { errorMessage, type CallOptions } from '../services/http'

interface Page<T> {
  items: T[]
  nextCursor: string | null
}

/**
 * A cursor-paged list for a page: the first load (errors shown on the page, not as a toast), pull to
 * refresh, and 加载更多 that keeps what is already shown when it fails (http.ts shows that toast).
 * `onPage` sees every page, for what a page carries besides its items (an unread count, a cache).
 * When `deps` change (a tab or a filter), the list starts again from the first page, and answers to
 * the older query are dropped so a slow response cannot overwrite the newer list.
 */
export function usePagedList<T, P extends Page<T> = Page<T>>(
  fetchPage: (cursor: string | undefined, opts?: CallOptions) => Promise<P>,
  onPage?: (page: P) => void,
  deps: DependencyList = [],
) {
  const [items, setItems] = useState<T[] | null>(null)
  const [nextCursor, setNextCursor] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)

  const generation = useRef(0)

  const load = async () => {
    const gen = ++generation.current
    setError(null)
    try {
      const page = await fetchPage(undefined, { silent: true })
      if (gen !== generation.current) return
      onPage?.(page)
      setItems(page.items)
      setNextCursor(page.nextCursor)
    } catch (err) {
      if (gen === generation.current) setError(errorMessage(err))
    }
  }

  const loadMore = async () => {
    if (!nextCursor || loadingMore) return
    const gen = generation.current
    setLoadingMore(true)
    try {
      const page = await fetchPage(nextCursor)
      if (gen !== generation.current) return
      onPage?.(page)
      setItems((prev) => [...(prev ?? []), ...page.items])
      setNextCursor(page.nextCursor)
    } catch {
      // toast shown by http.ts; the list so far stays.
    } finally {
      setLoadingMore(false)
    }
  }

  const first = useRef(true)
  useEffect(() => {
    // A changed query shows the loading state rather than the previous query's items.
    if (!first.current) setItems(null)
    first.current = false
    void load()
  }, deps)
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  return { items, setItems, nextCursor, error, loadingMore, load, loadMore }
}
