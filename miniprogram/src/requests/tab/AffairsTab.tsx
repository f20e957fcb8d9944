import { useEffect, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Cell, CellGroup } from '@nutui/nutui-react-taro'
import { hasAnyRole, type RequestView } from '@linli/shared'
import PageShell from '../../components/PageShell'
import PendingList from '../components/PendingList'
import { onFiled } from '../drafts'
import JoinPrompt from '../../components/JoinPrompt'
import SessionStatus from '../../components/SessionStatus'
import TabHero from '../../components/TabHero'
import { Empty } from '../../components/StateView'
import { ListFooter, ListStatus } from '../../components/ListStates'
import { usePagedList } from '../../components/usePagedList'
import { canActInCommunity, currentRoles, refreshSession, useSession } from '../../services/session'
import RequestCard from '../components/RequestCard'
import { listRequests, refreshUnreadBadge } from '../requests.api'
import { canFile, isHandler, isLeader, isMobileGrid } from '../../services/roles'
import './AffairsTab.css'

const go = (url: string) => () => void Taro.navigateTo({ url })

/** 办事: residents file and follow their 急难愁盼; grid workers and staff reach the queue and the 三率 board. */
export default function AffairsPage() {
  const session = useSession()
  const { current } = session
  const active = current?.status === 'active'
  const filer = canFile(session)
  // A 流动网格员 who does not live here reports as such, and follows their reports here like a resident.
  const reporter = isMobileGrid(session)
  const handler = isHandler(session)
  const leader = isLeader(session)
  const callsBack = hasAnyRole(currentRoles(session), ['staff'])
  const unitMember = (session.me?.units.length ?? 0) > 0
  // Messages act in a community: members and street staff read theirs; for anyone else the call could only be 403.
  const inCommunity = canActInCommunity(session)

  const [unread, setUnread] = useState(0)

  const signedIn = session.status === 'ready'
  // 我的诉求 for those who file in an active membership; nobody else has a list to ask for.
  const mine = signedIn && active && (filer || reporter)
  const list = usePagedList<RequestView>(
    (cursor, opts) => (mine ? listRequests({ scope: 'mine', cursor }, opts) : Promise.resolve({ items: [], nextCursor: null })),
    undefined,
    [mine, current?.communityId],
  )

  // Coming back from filing, a detail page or 消息: statuses and the unread count may have changed.
  useDidShow(() => {
    if (!inCommunity) return
    void refreshUnreadBadge().then(setUnread)
    if (mine && list.items !== null) void list.load()
  })
  useEffect(() => {
    if (inCommunity) void refreshUnreadBadge().then(setUnread)
  }, [inCommunity, current?.communityId, session.streetCommunityId])

  // A waiting request filed in the background shows up in the list at once.
  useEffect(() => onFiled(() => mine && void list.load()), [mine])

  // The list reloads itself on a pull (usePagedList); the session and the unread count here.
  usePullDownRefresh(() => {
    const work = [refreshSession()]
    if (inCommunity) work.push(refreshUnreadBadge().then(setUnread))
    void Promise.all(work).finally(() => Taro.stopPullDownRefresh())
  })

  /** 消息 before there is a community to receive them in: say what will arrive here, and how to get there. */
  const openMessages = () => {
    if (inCommunity) {
      void Taro.navigateTo({ url: '/requests/pages/messages/index' })
      return
    }
    if (current?.status === 'pending') {
      void Taro.showModal({
        title: '暂无消息',
        content: '入驻申请审核通过后，诉求的办理进度、回复和提醒会发到这里。加入社区后即可查看。',
        showCancel: false,
        confirmText: '知道了',
      })
      return
    }
    void Taro.showModal({
      title: '暂无消息',
      content: '加入社区后，您反映的诉求的办理进度、回复和提醒会发到这里。',
      confirmText: '加入社区',
      cancelText: '知道了',
    }).then(({ confirm }) => {
      if (confirm) void Taro.navigateTo({ url: '/communities/pages/join/index' })
    })
  }

  useReachBottom(() => void list.loadMore())


  return (
    <PageShell className='affairs'>
      <TabHero
        title='急难愁盼 · 接诉即办'
        intro='身边的难事、烦心事，向社区反映，全程可查进度。'
        action={
          filer
            ? { label: '我要反映', className: 'affairs__file', onClick: go('/requests/pages/new/index') }
            : reporter
              ? { label: '流动网格员上报', className: 'affairs__file', onClick: go('/requests/pages/new/index?source=mobile_grid') }
              : null
        }
      />

      <SessionStatus session={session} />
      {session.status === 'ready' && !current && !handler && !unitMember ? <JoinPrompt what='反映诉求，并随时查看办理进度和回复' /> : null}
      {current?.status === 'pending' ? (
        <View className='notice'>您的入驻申请正在审核，审核通过后即可反映诉求。</View>
      ) : null}

      {session.status === 'ready' ? (
        <CellGroup className='affairs__entries'>
          <Cell
            title='消息'
            description={inCommunity ? '办理进度、回复和提醒' : '加入社区后，办理进度和回复会发到这里'}
            clickable
            onClick={openMessages}
            extra={
              // The count sits in the line beside its word: hung on a corner it crossed the card's edge.
              unread > 0 ? (
                <View className='affairs__unread'>
                  <Text className='count-badge'>{unread > 99 ? '99+' : unread}</Text>
                  <Text className='affairs__unread-label'>未读</Text>
                </View>
              ) : (
                '查看'
              )
            }
          />
          {handler ? (
            <Cell title='工作台' description='待受理、我负责的、全部诉求' clickable extra='处理' onClick={go('/requests/pages/queue/index')} />
          ) : null}
          {/* A unit's people (物业、城管、水电气…) work the requests dispatched to their unit (the units feature's page). */}
          {unitMember ? (
            <Cell title='单位工作台' description='派发给本单位的诉求：签收、办理、退单' clickable extra='办理' onClick={go('/units/pages/queue/index')} />
          ) : null}
          {/* 待回访: staff call back residents who did not rate in the app (counted for 满意率). */}
          {callsBack ? (
            <Cell title='待回访' description='已办结、居民未评价的诉求：电话回访' clickable extra='回访' onClick={go('/requests/pages/callbacks/index')} />
          ) : null}
          {leader ? (
            <Cell title='三率看板' description='响应率、解决率、满意率' clickable extra='查看' onClick={go('/requests/pages/dashboard/index')} />
          ) : null}
        </CellGroup>
      ) : null}

      {active && (filer || reporter) ? (
        <>
          <Text className='section-title'>{filer ? '我的诉求' : '我的上报'}</Text>
          {/* Written without a network: waiting on this phone, sent by itself when the network returns. */}
          <PendingList communityId={current?.communityId} onEdit={(p) => void Taro.navigateTo({ url: `/requests/pages/new/index?pending=${p.id}` })} />
          <ListStatus
            list={list}
            empty={
              filer ? (
                <Empty title='还没有反映过诉求' description='遇到物业、环境、设施、邻里等问题，点“我要反映”告诉社区。' />
              ) : (
                <Empty title='还没有上报过问题' description='配送途中看到安全隐患、设施损坏，点“流动网格员上报”告诉社区。' />
              )
            }
          />
          {list.items?.map((r) => <RequestCard key={r.id} request={r} from='mine' />)}
          <ListFooter list={list} end />
        </>
      ) : null}
    </PageShell>
  )
}
