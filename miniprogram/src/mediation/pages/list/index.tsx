import { useEffect, useState } from 'react'
import Taro, { useReachBottom, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { CASE_STATUSES, CASE_STATUS_LABELS, hasAnyRole, type CaseStatus, type CaseView } from '@linli/shared'
import ChoiceChips from '../../../components/ChoiceChips'
import { ListFooter, ListStatus } from '../../../components/ListStates'
import PageShell from '../../../components/PageShell'
import SessionStatus from '../../../components/SessionStatus'
import { Empty } from '../../../components/StateView'
import Switcher from '../../../components/Switcher'
import { usePagedList } from '../../../components/usePagedList'
import { useShownAgain } from '../../../components/useShownAgain'
import { isStreetStaff } from '../../../services/roles'
import { canActInCommunity, currentRoles, useSession } from '../../../services/session'
import CaseRow from '../../components/CaseRow'
import { newCasePage } from '../../format'
import { listCases } from '../../mediation.api'
import '../../mediation.css'

type Scope = 'community' | 'mediator' | 'party'
/** 进行中 (not closed, referred or ended), everything, 待回访 (agreements by 回访 date, overdue first), or one state. */
type Filter = 'open' | 'all' | 'follow_up_due' | CaseStatus
const STATE_FILTERS = CASE_STATUSES.map((s) => ({ id: s, name: CASE_STATUS_LABELS[s] }))
const FILTERS = [{ id: 'open', name: '进行中' }, { id: 'all', name: '全部' }, ...STATE_FILTERS]
// Mediators' lists (not a party's): the 回访 due list, the one a mediator works through after agreements.
const MEDIATOR_FILTERS = [{ id: 'open', name: '进行中' }, { id: 'follow_up_due', name: '待回访' }, { id: 'all', name: '全部' }, ...STATE_FILTERS]

const EMPTY: Record<Scope, { title: string; description: string }> = {
  community: { title: '还没有调解案件', description: '网格员、社区工作者和人民调解员登记的矛盾纠纷会列在这里（只显示类型、等级、状态和调解员）。' },
  mediator: { title: '没有您调解的案件', description: '从邻里纠纷诉求“转调解”或直接“登记纠纷”后，您就是案件的调解员。' },
  party: { title: '您没有调解案件', description: '社区为您调解的矛盾纠纷会列在这里，您可以查看调解记录并确认调解协议。' },
}

/** The list query of a filter. */
function queryOf(filter: Filter) {
  if (filter === 'open') return { open: '1' as const }
  if (filter === 'follow_up_due') return { followUpDue: '1' as const }
  return filter === 'all' ? {} : { status: filter }
}

/**
 * 调解案件: for staff, the community's register (type, grade, state, mediators — no contents) and the cases they
 * mediate; for grid workers and 人民调解员, 我调解的; for street staff, the cases the street holds; for a resident
 * (`?scope=party`), 我的调解 — the cases they are a party to. Filtered by state; 进行中 first.
 */
export default function CaseListPage() {
  const session = useSession()
  const roles = currentRoles(session)
  const staff = hasAnyRole(roles, ['staff'])
  const street = isStreetStaff(session) && !session.current
  const mediates = hasAnyRole(roles, ['grid_worker', 'staff', 'mediator'])
  const asked = useRouter().params.scope as Scope | undefined

  // The lists the caller has: a resident only their own cases.
  const tabs: { key: Scope; label: string }[] =
    asked === 'party' || (!mediates && !street)
      ? [{ key: 'party', label: '我的调解' }]
      : street
        ? [
            { key: 'mediator', label: '街道受理' },
            { key: 'community', label: '全社区' },
          ]
        : staff
          ? [
              { key: 'community', label: '全社区' },
              { key: 'mediator', label: '我调解的' },
            ]
          : [{ key: 'mediator', label: '我调解的' }]
  const [chosen, setScope] = useState<Scope | null>(asked ?? null)
  const scope = tabs.some((t) => t.key === chosen) ? chosen! : tabs[0]!.key
  const [filter, setFilter] = useState<Filter>('open')
  const ready = canActInCommunity(session)

  useEffect(() => {
    if (session.status === 'ready') void Taro.setNavigationBarTitle({ title: scope === 'party' ? '我的调解' : '调解案件' }).catch(() => undefined)
  }, [scope, session.status])

  const list = usePagedList<CaseView>(
    (cursor, opts) =>
      ready
        ? listCases({ scope, cursor, ...queryOf(scope === 'party' && filter === 'follow_up_due' ? 'open' : filter) }, opts)
        : Promise.resolve({ items: [], nextCursor: null }),
    undefined,
    [scope, filter, ready, session.current?.communityId, session.streetCommunityId],
  )
  // Back from a case that moved on.
  useShownAgain(() => void list.load())
  useReachBottom(() => void list.loadMore())

  if (session.status !== 'ready') return <PageShell className='mcases'><SessionStatus session={session} /></PageShell>
  if (!ready) return <PageShell className='mcases'><Empty title='加入社区后可查看调解案件' /></PageShell>

  const empty =
    filter === 'all'
      ? EMPTY[scope]
      : filter === 'follow_up_due'
        ? { title: '没有待回访的案件', description: '各方确认调解协议后，案件按回访日期列在这里，逾期的在前。' }
        : { title: `没有${filter === 'open' ? '进行中' : CASE_STATUS_LABELS[filter]}的案件`, description: '换个状态看看。' }
  return (
    <PageShell className='mcases'>
      {tabs.length > 1 ? <Switcher look='tabs' options={tabs} value={scope} onChange={setScope} itemClassName='mcases__tab' /> : null}
      {mediates && scope !== 'party' ? (
        <Button className='block-button mcases__new' type='primary' block onClick={() => void Taro.navigateTo({ url: newCasePage() })}>
          登记纠纷
        </Button>
      ) : null}
      <View className='card'>
        <ChoiceChips options={scope === 'party' ? FILTERS : MEDIATOR_FILTERS} selected={filter} onPick={(id) => setFilter(id as Filter)} />
      </View>
      {scope === 'community' ? <Text className='muted mcases__note'>为保护当事人隐私，这里只列出类型、风险等级、状态和调解员；案情仅本案调解员、社区管理员和当事人可见。</Text> : null}
      <ListStatus list={list} empty={<Empty title={empty.title} description={empty.description} />} />
      {list.items?.map((c) => <CaseRow key={c.id} c={c} />)}
      <ListFooter list={list} end />
    </PageShell>
  )
}
