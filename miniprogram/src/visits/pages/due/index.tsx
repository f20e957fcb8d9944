import { useState } from 'react'
import { useReachBottom, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { hasAnyRole, type FollowUpView, type HouseholdRecordView } from '@linli/shared'
import ChoiceChips from '../../../components/ChoiceChips'
import { ListFooter, ListStatus } from '../../../components/ListStates'
import PageShell from '../../../components/PageShell'
import RoleGate from '../../../components/RoleGate'
import { Empty } from '../../../components/StateView'
import Switcher from '../../../components/Switcher'
import { usePagedList } from '../../../components/usePagedList'
import { useRecord } from '../../../components/useRecord'
import { useShownAgain } from '../../../components/useShownAgain'
import { getCommunity } from '../../../services/community'
import { currentRoles, useSession } from '../../../services/session'
import DueRow from '../../components/DueRow'
import FollowUpItem from '../../components/FollowUpItem'
import { listDueHouseholds, listFollowUps } from '../../visits.api'
import { isDue } from '../../format'
import '../../components/visits.css'
import './index.css'

type Tab = 'due' | 'followups'
const TABS: { key: Tab; label: string }[] = [
  { key: 'due', label: '关爱走访' },
  { key: 'followups', label: '待跟进事项' },
]
type Show = 'all' | 'due'
const SHOWS = [
  { id: 'due', name: '只看到期' },
  { id: 'all', name: '全部关爱户' },
]
const ALL_GRIDS = 'all'

/**
 * 走访任务: the flagged households by when their next visit is due (overdue and never visited first), 只看到期 by
 * default; and the open follow-up items, the soonest due first, each with 完成. Grid workers see their grids',
 * staff the community's, by grid.
 */
export default function DuePage() {
  const session = useSession()
  const { current } = session
  const roles = currentRoles(session)
  const staff = hasAnyRole(roles, ['staff'])
  const worker = staff || roles.includes('grid_worker')
  const communityId = current?.communityId
  const [tab, setTab] = useState<Tab>(useRouter().params.tab === 'followups' ? 'followups' : 'due')
  const [show, setShow] = useState<Show>('due')
  const [gridId, setGridId] = useState(ALL_GRIDS)
  const grid = gridId === ALL_GRIDS ? undefined : gridId

  const community = useRecord((opts) => (communityId && worker ? getCommunity(communityId, opts) : Promise.resolve(null)), [communityId, worker], { refreshOnShow: false })
  const grids = (community.data?.grids ?? []).filter((g) => staff || current?.gridIds.includes(g.id))

  // The due list is sorted by due day, so once a household not yet due appears, none due follows: 只看到期 stops there.
  const [reachedOk, setReachedOk] = useState(false)
  const households = usePagedList<HouseholdRecordView>(
    (cursor, opts) => {
      if (!cursor) setReachedOk(false)
      return worker && tab === 'due' ? listDueHouseholds({ gridId: grid, cursor }, opts) : Promise.resolve({ items: [], nextCursor: null })
    },
    (page) => {
      if (page.items.some((h) => h.visit && !isDue(h.visit.state))) setReachedOk(true)
    },
    [tab, gridId, communityId, worker],
  )
  const followUps = usePagedList<FollowUpView>(
    (cursor, opts) => (worker && tab === 'followups' ? listFollowUps({ gridId: grid, cursor }, opts) : Promise.resolve({ items: [], nextCursor: null })),
    undefined,
    [tab, gridId, communityId, worker],
  )
  // Back from recording a visit or marking an item done.
  useShownAgain(() => void (tab === 'due' ? households.load() : followUps.load()))
  useReachBottom(() => {
    if (tab === 'followups') void followUps.loadMore()
    else if (show === 'all' || !reachedOk) void households.loadMore()
  })

  const dueItems = households.items ? (show === 'due' ? households.items.filter((h) => h.visit && isDue(h.visit.state)) : households.items) : null
  const dueList = { ...households, items: dueItems, nextCursor: show === 'due' && reachedOk ? null : households.nextCursor }
  return (
    <RoleGate session={session} allowed={worker} className='vdue' title='走访任务仅供网格员和社区工作者查看' description='关爱走访的名单和走访记录只用于上门服务。'>
      <PageShell className='vdue'>
        <Switcher look='tabs' options={TABS} value={tab} onChange={setTab} itemClassName='vdue__tab' />
        {tab === 'due' || grids.length > 1 ? (
          <View className='card vdue__filters'>
            {tab === 'due' ? <ChoiceChips className='vdue__show' options={SHOWS} selected={show} onPick={(id) => setShow(id as Show)} /> : null}
            {grids.length > 1 ? <ChoiceChips className='vdue__grids' options={[{ id: ALL_GRIDS, name: '全部网格' }, ...grids]} selected={gridId} onPick={setGridId} /> : null}
          </View>
        ) : null}

        {tab === 'due' ? (
          <>
            <Text className='section-title'>{show === 'due' ? '已到期、即将到期和尚未走访的关爱户' : '全部关爱户（按应走访日期）'}</Text>
            <ListStatus
              list={dueList}
              empty={
                show === 'due' ? (
                  <Empty title='没有到期的关爱走访' description='关爱户都在探访间隔内。点“全部关爱户”查看下次走访日期。' />
                ) : (
                  <Empty title='还没有关爱户' description='社区工作者在住户档案中设置关爱标记（独居老人、高龄等）后，会按探访间隔出现在这里。' />
                )
              }
            />
            {dueItems?.map((h) => <DueRow key={h.id} h={h} />)}
            <ListFooter list={dueList} end />
          </>
        ) : (
          <>
            <Text className='section-title'>未完成的待办（逾期的在前）</Text>
            <ListStatus list={followUps} empty={<Empty title='没有待跟进的事项' description='走访时答应住户要办的事会出现在这里，办完点“完成”。' />} />
            {followUps.items?.length ? (
              <View className='card'>
                {followUps.items.map((f) => (
                  <FollowUpItem
                    key={f.id}
                    f={f}
                    withAddress
                    onChange={(next) => (next ? followUps.setItems((items) => (items ?? []).filter((x) => x.id !== next.id)) : void followUps.load())}
                  />
                ))}
              </View>
            ) : null}
            <ListFooter list={followUps} end />
          </>
        )}
      </PageShell>
    </RoleGate>
  )
}
