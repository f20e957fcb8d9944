import { useCallback, useEffect, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Badge, Button, Cell, CellGroup } from '@nutui/nutui-react-taro'
import type { RequestView } from '@linli/shared'
import PageShell from '../../components/PageShell'
import SignInPrompt from '../../components/SignInPrompt'
import { Empty, ErrorState, Loading } from '../../components/StateView'
import { refreshSession, useSession } from '../../communities/session'
import RequestCard from '../../requests/components/RequestCard'
import { listRequests, refreshUnreadBadge } from '../../requests/requests.api'
import { canFile, isHandler, isLeader } from '../../requests/roles'
import { errorMessage } from '../../services/http'
import './index.css'

const go = (url: string) => () => void Taro.navigateTo({ url })

/** 办事: residents file and follow their 急难愁盼; grid workers and staff reach the queue and the 三率 board. */
export default function AffairsPage() {
  const session = useSession()
  const { current } = session
  const active = current?.status === 'active'
  const filer = canFile(session)
  const handler = isHandler(session)
  const leader = isLeader(session)

  const [items, setItems] = useState<RequestView[] | null>(null)
  const [nextCursor, setNextCursor] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)
  const [unread, setUnread] = useState(0)

  const load = useCallback(async () => {
    setError(null)
    try {
      const page = await listRequests({ scope: 'mine' }, { silent: true })
      setItems(page.items)
      setNextCursor(page.nextCursor)
    } catch (err) {
      setError(errorMessage(err))
    }
  }, [])

  const signedIn = session.status === 'ready'
  useEffect(() => {
    if (signedIn && active && filer) void load()
  }, [signedIn, active, filer, current?.communityId])

  // Coming back from filing, a detail page or 消息: statuses and the unread count may have changed.
  useDidShow(() => {
    if (session.status !== 'ready') return
    void refreshUnreadBadge().then(setUnread)
    if (active && filer && items !== null) void load()
  })
  useEffect(() => {
    if (signedIn) void refreshUnreadBadge().then(setUnread)
  }, [signedIn, current?.communityId])

  usePullDownRefresh(() => {
    void Promise.all([refreshSession(), load(), refreshUnreadBadge().then(setUnread)]).finally(() => Taro.stopPullDownRefresh())
  })

  const loadMore = async () => {
    if (!nextCursor || loadingMore) return
    setLoadingMore(true)
    try {
      const page = await listRequests({ scope: 'mine', cursor: nextCursor })
      setItems((prev) => [...(prev ?? []), ...page.items])
      setNextCursor(page.nextCursor)
    } catch {
      // toast shown by http.ts; the list so far stays.
    } finally {
      setLoadingMore(false)
    }
  }
  useReachBottom(() => void loadMore())

  const signedOut = session.status === 'idle' || (session.status === 'error' && session.error?.code === 'UNAUTHENTICATED')

  return (
    <PageShell className='affairs'>
      <View className='affairs__hero'>
        <Text className='affairs__title'>急难愁盼 · 接诉即办</Text>
        <Text className='affairs__intro'>身边的难事、烦心事，向社区反映，全程可查进度。</Text>
        {filer ? (
          <Button className='affairs__file' type='primary' size='large' block onClick={go('/requests/pages/new/index')}>
            我要反映
          </Button>
        ) : null}
      </View>

      {session.status === 'loading' ? <Loading /> : null}
      {signedOut ? <SignInPrompt /> : null}
      {session.status === 'error' && !signedOut ? (
        <ErrorState message={session.error?.message ?? '加载失败'} onRetry={() => void refreshSession()} />
      ) : null}
      {session.status === 'ready' && !current && !handler ? (
        <View className='notice'>加入社区后即可反映诉求。请到“我的”申请加入社区。</View>
      ) : null}
      {current?.status === 'pending' ? (
        <View className='notice'>您的入驻申请正在审核，审核通过后即可反映诉求。</View>
      ) : null}

      {session.status === 'ready' ? (
        <CellGroup className='affairs__entries'>
          <Cell
            title='消息'
            description='办理进度、回复和提醒'
            clickable
            onClick={go('/requests/pages/messages/index')}
            extra={
              unread > 0 ? (
                <Badge value={unread} max={99}>
                  <Text className='affairs__unread'>未读</Text>
                </Badge>
              ) : (
                '查看'
              )
            }
          />
          {handler ? (
            <Cell title='工作台' description='待受理、我负责的、全部诉求' clickable extra='处理' onClick={go('/requests/pages/queue/index')} />
          ) : null}
          {leader ? (
            <Cell title='三率看板' description='响应率、解决率、满意率' clickable extra='查看' onClick={go('/requests/pages/dashboard/index')} />
          ) : null}
        </CellGroup>
      ) : null}

      {active && filer ? (
        <>
          <Text className='section-title'>我的诉求</Text>
          {items === null && !error ? <Loading /> : null}
          {error ? <ErrorState message={error} onRetry={() => void load()} /> : null}
          {items && items.length === 0 ? (
            <Empty title='还没有反映过诉求' description='遇到物业、环境、设施、邻里等问题，点“我要反映”告诉社区。' />
          ) : null}
          {items?.map((r) => <RequestCard key={r.id} request={r} from='mine' />)}
          {nextCursor ? (
            <Button className='block-button' block fill='outline' loading={loadingMore} onClick={() => void loadMore()}>
              加载更多
            </Button>
          ) : items && items.length > 0 ? (
            <Text className='affairs__end muted'>没有更多了</Text>
          ) : null}
        </>
      ) : null}
    </PageShell>
  )
}
