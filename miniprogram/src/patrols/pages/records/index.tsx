import { useState } from 'react'
import { useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { hasAnyRole, type PatrolView } from '@linli/shared'
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
import { shanghaiWeekOf } from '../../../services/format'
import { currentRoles, useSession } from '../../../services/session'
import PatrolRow from '../../components/PatrolRow'
import { listPatrols } from '../../patrols.api'
import './index.css'

type Period = 'all' | 'this' | 'last'
const PERIODS: { key: Period; label: string }[] = [
  { key: 'all', label: '全部' },
  { key: 'this', label: '本周' },
  { key: 'last', label: '上周' },
]
const weekOf = (p: Period) => (p === 'this' ? shanghaiWeekOf(0) : p === 'last' ? shanghaiWeekOf(-1) : undefined)
const ALL_GRIDS = 'all'

/**
 * 巡查记录: a grid worker's own patrols, or (staff) every patrol of the community, newest first, by week and by
 * grid. A tap opens the patrol: under way, to go on with it; ended, its summary.
 */
export default function PatrolRecordsPage() {
  const session = useSession()
  const { current } = session
  const roles = currentRoles(session)
  const staff = hasAnyRole(roles, ['staff'])
  const worker = staff || roles.includes('grid_worker')
  const communityId = current?.communityId
  const [period, setPeriod] = useState<Period>('all')
  const [gridId, setGridId] = useState(ALL_GRIDS)

  // The grids to filter by: all of the community's for staff, their own for a grid worker serving several.
  const community = useRecord((opts) => (communityId && worker ? getCommunity(communityId, opts) : Promise.resolve(null)), [communityId, worker], { refreshOnShow: false })
  const grids = (community.data?.grids ?? []).filter((g) => staff || current?.gridIds.includes(g.id))

  const list = usePagedList<PatrolView>(
    (cursor, opts) =>
      worker ? listPatrols({ cursor, week: weekOf(period), gridId: gridId === ALL_GRIDS ? undefined : gridId }, opts) : Promise.resolve({ items: [], nextCursor: null }),
    undefined,
    [period, gridId, communityId, worker],
  )
  // Back from a patrol that was ended or added to.
  useShownAgain(() => void list.load())
  useReachBottom(() => void list.loadMore())

  const filtered = period !== 'all' || gridId !== ALL_GRIDS
  return (
    <RoleGate session={session} allowed={worker} className='precords' title='巡查记录仅供网格员和社区工作者查看' description='网格员巡查时打卡的楼栋和发现的问题记录在这里。'>
      <PageShell className='precords'>
        <View className='card precords__filters'>
          <Switcher look='segments' options={PERIODS} value={period} onChange={setPeriod} itemClassName='precords__period' />
          {grids.length > 1 ? (
            <ChoiceChips className='precords__grids' options={[{ id: ALL_GRIDS, name: '全部网格' }, ...grids]} selected={gridId} onPick={setGridId} />
          ) : null}
        </View>
        {staff ? <Text className='section-title'>全社区网格员的巡查</Text> : <Text className='section-title'>我的巡查</Text>}
        <ListStatus
          list={list}
          empty={
            filtered ? (
              <Empty title='这段时间没有巡查记录' description='换一周或其他网格看看。' />
            ) : (
              <Empty title='还没有巡查记录' description={staff ? '网格员开始巡查后，打卡的楼栋和发现的问题会记录在这里。' : '在首页点“开始巡查”，到达楼栋时打卡，发现问题随手上报。'} />
            )
          }
        />
        {list.items?.map((p) => <PatrolRow key={p.id} p={p} showWorker={staff} />)}
        <ListFooter list={list} end />
      </PageShell>
    </RoleGate>
  )
}
