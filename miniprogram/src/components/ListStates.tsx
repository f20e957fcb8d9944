import type { ReactNode } from 'react'
import { Text } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ErrorState, Loading } from './StateView'
import './ListStates.css'

/** What the list states need from components/usePagedList.ts. */
export interface ListLike {
  items: readonly unknown[] | null
  error: string | null
  nextCursor: string | null
  loadingMore: boolean
  load: () => Promise<void>
  loadMore: () => Promise<void>
}

/**
 * Above a paged list's items: 加载中 until the first page, the error with a retry, and `empty` (an <Empty>)
 * when the first page holds nothing. Every list page shows these the same way.
 */
export function ListStatus({ list, empty }: { list: Pick<ListLike, 'items' | 'error' | 'load'>; empty?: ReactNode }) {
  return (
    <>
      {list.items === null && !list.error ? <Loading /> : null}
      {list.error ? <ErrorState message={list.error} onRetry={() => void list.load()} /> : null}
      {list.items && list.items.length === 0 ? empty : null}
    </>
  )
}

/** Below a paged list: 加载更多 while there is more; with `end`, 没有更多了 once all is shown. */
export function ListFooter({ list, end }: { list: Pick<ListLike, 'items' | 'nextCursor' | 'loadingMore' | 'loadMore'>; end?: boolean }) {
  if (list.nextCursor) {
    return (
      <Button className='block-button' block fill='outline' loading={list.loadingMore} onClick={() => void list.loadMore()}>
        加载更多
      </Button>
    )
  }
  return end && list.items && list.items.length > 0 ? <Text className='list-end muted'>没有更多了</Text> : null
}
