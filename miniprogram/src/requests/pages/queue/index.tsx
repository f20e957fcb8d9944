import { useEffect, useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import {
  REQUEST_CATEGORIES,
  REQUEST_CATEGORY_LABELS,
  REQUEST_SOURCES,
  REQUEST_SOURCE_LABELS,
  REQUEST_STATUSES,
  REQUEST_STATUS_LABELS,
  REQUEST_TYPES,
  REQUEST_TYPE_LABELS,
  type Grid,
  type RequestCategory,
  type RequestSource,
  type RequestStatus,
  type RequestType,
  type RequestView,
} from '@linli/shared'
import Switcher from '../../../components/Switcher'
import PageShell from '../../../components/PageShell'
import { Empty } from '../../../components/StateView'
import { ListFooter, ListStatus } from '../../../components/ListStates'
import { useShownAgain } from '../../../components/useShownAgain'
import { getCommunity } from '../../../services/community'
import { useSession } from '../../../services/session'
import { usePagedList } from '../../../components/usePagedList'
import { hasAnyRole } from '@linli/shared'
import { currentRoles } from '../../../services/session'
import RequestCard from '../../components/RequestCard'
import FilterPicker from './FilterPicker'
import { askHandlerSubscriptions, listRequests, prefetchTemplates, type ListQuery } from '../../requests.api'
import { IS_WEAPP } from '../../../services/config'
import './index.css'

type Tab = 'pending' | 'assigned' | 'review' | 'all'
const TABS: { key: Tab; label: string; staffOnly?: boolean }[] = [
  { key: 'pending', label: '待受理' },
  { key: 'assigned', label: '我负责的' },
  // Texts content security held back (描述 or replies): only staff approve them.
  { key: 'review', label: '待审核', staffOnly: true },
  { key: 'all', label: '全部' },
]

interface Filters {
  status?: RequestStatus
  category?: RequestCategory
  gridId?: string
  /** 来源: 居民反映, 巡查发现, 流动网格员上报. */
  source?: RequestSource
  /** 类型: 咨询, 求助, 投诉, 建议. */
  type?: RequestType
}

function queryOf(tab: Tab, f: Filters): ListQuery {
  const common = { category: f.category, gridId: f.gridId, source: f.source, type: f.type }
  if (tab === 'pending') return { scope: 'community', status: 'submitted', ...common }
  if (tab === 'review') return { scope: 'community', review: '1', status: f.status, ...common }
  if (tab === 'assigned') return { scope: 'assigned', status: f.status, ...common }
  return { scope: 'community', status: f.status, ...common }
}

/** The queue's filters: 状态 (not on 待受理, which is one status), 类别, 网格 where the community has grids, 来源 and 类型. */
function filterPickers(tab: Tab, grids: Grid[]) {
  const all = [
    { key: 'status' as const, label: '状态', allLabel: '全部状态', options: REQUEST_STATUSES.map((k) => ({ key: k, name: REQUEST_STATUS_LABELS[k] })) },
    { key: 'category' as const, label: '类别', allLabel: '全部类别', options: REQUEST_CATEGORIES.map((k) => ({ key: k, name: REQUEST_CATEGORY_LABELS[k] })) },
    { key: 'gridId' as const, label: '网格', allLabel: '全部网格', options: grids.map((g) => ({ key: g.id, name: g.name })) },
    { key: 'source' as const, label: '来源', allLabel: '全部来源', options: REQUEST_SOURCES.map((k) => ({ key: k, name: REQUEST_SOURCE_LABELS[k] })) },
    { key: 'type' as const, label: '类型', allLabel: '全部类型', options: REQUEST_TYPES.map((k) => ({ key: k, name: REQUEST_TYPE_LABELS[k] })) },
  ]
  return all.filter((f) => (f.key === 'status' ? tab !== 'pending' : f.key === 'gridId' ? grids.length > 0 : true))
}

/** 工作台: the queue of grid workers and staff, with deadline badges; a tap opens the request to act on it. */
export default function QueuePage() {
  const session = useSession()
  const { current } = session
  const isStaff = hasAnyRole(currentRoles(session), ['staff'])
  const [tab, setTab] = useState<Tab>('pending')
  const [filters, setFilters] = useState<Filters>({})
  const [grids, setGrids] = useState<Grid[]>([])
  const list = usePagedList<RequestView>(
    (cursor, opts) => listRequests({ ...queryOf(tab, filters), cursor }, opts),
    undefined,
    [tab, filters],
  )

  useEffect(() => {
    if (!current) return
    getCommunity(current.communityId, { silent: true })
      .then((d) => setGrids(d.grids))
      .catch(() => setGrids([]))
  }, [current?.communityId])

  // Coming back from a detail page where the request was accepted, resolved or approved: the list has moved.
  useShownAgain(() => void list.load())
  useReachBottom(() => void list.loadMore())

  // WeChat shows the subscribe dialog only inside a tap, so the template ids are fetched beforehand.
  useEffect(() => {
    void prefetchTemplates()
  }, [])
  const subscribe = async () => {
    const n = await askHandlerSubscriptions()
    void Taro.showToast({ title: n ? `已订阅${n}项微信提醒` : '未订阅微信提醒，消息页仍会提示', icon: 'none' })
  }

  return (
    <PageShell className='queue'>
      {IS_WEAPP ? (
        <Button className='queue__subscribe' size='small' fill='outline' onClick={() => void subscribe()}>
          订阅新诉求和超时提醒
        </Button>
      ) : null}
      <Switcher look='tabs' className='queue__tabs' options={TABS.filter((t) => !t.staffOnly || isStaff)} value={tab} onChange={setTab} itemClassName='queue__tab' />
      <View className='queue__filters'>
        {filterPickers(tab, grids).map(({ key, ...f }) => (
          <FilterPicker key={key} {...f} value={filters[key]} onChange={(v) => setFilters({ ...filters, [key]: v })} />
        ))}
      </View>

      <ListStatus
        list={list}
        empty={
          <Empty
            title={tab === 'pending' ? '没有待受理的诉求' : tab === 'review' ? '没有待审核的内容' : '没有符合条件的诉求'}
            description={tab === 'review' ? '内容安全检测存疑的描述和回复会出现在这里，审核通过后其他居民才能看到。' : '新诉求提交后会出现在这里。'}
          />
        }
      />
      {list.items?.map((r) => <RequestCard key={r.id} request={r} handler from='queue' />)}
      <ListFooter list={list} />
    </PageShell>
  )
}
