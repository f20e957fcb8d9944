import { useEffect, useState } from 'react'
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
 */
export function usePagedList<T, P extends Page<T> = Page<T>>(
  fetchPage: (cursor: string | undefined, opts?: CallOptions) => Promise<P>,
  onPage?: (page: P) => void,
) {
  const [items, setItems] = useState<T[] | null>(null)
  const [nextCursor, setNextCursor] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)

  const load = async () => {
    setError(null)
    try {
      const page = await fetchPage(undefined, { silent: true })
      onPage?.(page)
      setItems(page.items)
      setNextCursor(page.nextCursor)
    } catch (err) {
      setError(errorMessage(err))
    }
  }

  const loadMore = async () => {
    if (!nextCursor || loadingMore) return
    setLoadingMore(true)
    try {
      const page = await fetchPage(nextCursor)
      onPage?.(page)
      setItems((prev) => [...(prev ?? []), ...page.items])
      setNextCursor(page.nextCursor)
    } catch {
      // toast shown by http.ts; the list so far stays.
    } finally {
      setLoadingMore(false)
    }
  }

  useEffect(() => {
    void load()
  }, [])
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  return { items, setItems, nextCursor, error, loadingMore, load, loadMore }
}
