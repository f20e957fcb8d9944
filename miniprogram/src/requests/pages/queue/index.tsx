import { useEffect, useRef, useState } from 'react'
import Taro, { useDidShow, useReachBottom } from '@tarojs/taro'
import { Picker, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import {
  REQUEST_CATEGORIES,
  REQUEST_CATEGORY_LABELS,
  REQUEST_STATUSES,
  REQUEST_STATUS_LABELS,
  type Grid,
  type RequestCategory,
  type RequestStatus,
  type RequestView,
} from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { getCommunity } from '../../../services/community'
import { useSession } from '../../../services/session'
import { usePagedList } from '../../../components/usePagedList'
import { hasAnyRole } from '@linli/shared'
import { currentRoles } from '../../../services/session'
import RequestCard from '../../components/RequestCard'
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
}

function queryOf(tab: Tab, f: Filters): ListQuery {
  if (tab === 'pending') return { scope: 'community', status: 'submitted', category: f.category, gridId: f.gridId }
  if (tab === 'review') return { scope: 'community', review: '1', status: f.status, category: f.category, gridId: f.gridId }
  if (tab === 'assigned') return { scope: 'assigned', status: f.status, category: f.category, gridId: f.gridId }
  return { scope: 'community', status: f.status, category: f.category, gridId: f.gridId }
}

/** 工作台: the queue of grid workers and staff, with deadline badges; a tap opens the request to act on it. */
export default function QueuePage() {
  const session = useSession()
  const { current } = session
  const isStaff = hasAnyRole(currentRoles(session), ['staff'])
  const [tab, setTab] = useState<Tab>('pending')
  const [filters, setFilters] = useState<Filters>({})
  const [grids, setGrids] = useState<Grid[]>([])
  const { items, nextCursor, error, loadingMore, load, loadMore } = usePagedList<RequestView>(
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

  const shown = useRef(false)
  useDidShow(() => {
    // Coming back from a detail page where the request was accepted, resolved or approved: the list has moved.
    if (shown.current) void load()
    shown.current = true
  })
  useReachBottom(() => void loadMore())

  const statusOptions: (RequestStatus | undefined)[] = [undefined, ...REQUEST_STATUSES]
  const categoryOptions: (RequestCategory | undefined)[] = [undefined, ...REQUEST_CATEGORIES]
  const gridOptions: (Grid | undefined)[] = [undefined, ...grids]

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
      <View className='queue__tabs'>
        {TABS.filter((t) => !t.staffOnly || isStaff).map((t) => (
          <Text key={t.key} className={`queue__tab ${tab === t.key ? 'queue__tab--on' : ''}`} onClick={() => setTab(t.key)}>
            {t.label}
          </Text>
        ))}
      </View>
      <View className='queue__filters'>
        {tab !== 'pending' ? (
          <Picker
            mode='selector'
            range={statusOptions.map((s) => (s ? REQUEST_STATUS_LABELS[s] : '全部状态'))}
            value={statusOptions.indexOf(filters.status)}
            onChange={(e) => setFilters({ ...filters, status: statusOptions[Number(e.detail.value)] })}
          >
            <Text className={`queue__filter ${filters.status ? 'queue__filter--on' : ''}`}>
              {filters.status ? REQUEST_STATUS_LABELS[filters.status] : '状态'} ▾
            </Text>
          </Picker>
        ) : null}
        <Picker
          mode='selector'
          range={categoryOptions.map((c) => (c ? REQUEST_CATEGORY_LABELS[c] : '全部类别'))}
          value={categoryOptions.indexOf(filters.category)}
          onChange={(e) => setFilters({ ...filters, category: categoryOptions[Number(e.detail.value)] })}
        >
          <Text className={`queue__filter ${filters.category ? 'queue__filter--on' : ''}`}>
            {filters.category ? REQUEST_CATEGORY_LABELS[filters.category] : '类别'} ▾
          </Text>
        </Picker>
        {grids.length > 0 ? (
          <Picker
            mode='selector'
            range={gridOptions.map((g) => (g ? g.name : '全部网格'))}
            value={Math.max(0, gridOptions.findIndex((g) => g?.id === filters.gridId))}
            onChange={(e) => setFilters({ ...filters, gridId: gridOptions[Number(e.detail.value)]?.id })}
          >
            <Text className={`queue__filter ${filters.gridId ? 'queue__filter--on' : ''}`}>
              {grids.find((g) => g.id === filters.gridId)?.name ?? '网格'} ▾
            </Text>
          </Picker>
        ) : null}
      </View>

      {items === null && !error ? <Loading /> : null}
      {error ? <ErrorState message={error} onRetry={() => void load()} /> : null}
      {items && items.length === 0 ? (
        <Empty
          title={tab === 'pending' ? '没有待受理的诉求' : tab === 'review' ? '没有待审核的内容' : '没有符合条件的诉求'}
          description={tab === 'review' ? '内容安全检测存疑的描述和回复会出现在这里，审核通过后其他居民才能看到。' : '新诉求提交后会出现在这里。'}
        />
      ) : null}
      {items?.map((r) => <RequestCard key={r.id} request={r} handler from='queue' />)}
      {nextCursor ? (
        <Button className='block-button' block fill='outline' loading={loadingMore} onClick={() => void loadMore()}>
          加载更多
        </Button>
      ) : null}
    </PageShell>
  )
}
