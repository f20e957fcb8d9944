import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Cell, CellGroup } from '@nutui/nutui-react-taro'
import { hasAnyRole } from '@linli/shared'
import PageShell from '../../components/PageShell'
import { ErrorState, Loading } from '../../components/StateView'
import { useRecord } from '../../components/useRecord'
import { getCommunity, householdText } from '../../services/community'
import { currentRoles, isSignedOut, refreshSession, useSession, type SessionState } from '../../services/session'
import { canFile, isStreetStaff } from '../../services/roles'
import GridPatrolCard from '../../patrols/components/GridPatrolCard'
import MediationWorkCard from '../../mediation/components/MediationWorkCard'
import { casesPage } from '../../mediation/format'
import GridVisitCard from '../../visits/components/GridVisitCard'
import { DUE_PAGE } from '../../visits/format'
import { RECORDS_PAGE } from '../../patrols/format'
import UnitWorkCard from '../../units/components/UnitWorkCard'
import { myUnits } from '../../units/roles'
import { REPORT_PAGE, REVIEW_PAGE } from '../../mobile-grid/format'
import Landing from './Landing'
import StreetHome from './StreetHome'
import './index.css'

const DEFAULT_WELCOME = '欢迎使用邻里。小事不出网格，大事不出街道，有困难找社区。'

const QUICK_ENTRIES = [
  { key: 'affairs', label: '急难愁盼', hint: '反映诉求', url: '/pages/affairs/index', mark: '办' },
  { key: 'consult', label: '议事协商', hint: '大家商量', url: '/pages/consult/index', mark: '议' },
  { key: 'volunteer', label: '志愿服务', hint: '邻里互助', url: '/pages/volunteer/index', mark: '志' },
  { key: 'mine', label: '我的社区', hint: '入驻与设置', url: '/pages/mine/index', mark: '我' },
]

const go = (url: string) => () => void Taro.navigateTo({ url })
const tab = (url: string) => () => void Taro.switchTab({ url })

/**
 * 首页, by who is looking: a newcomer (not signed in, or without a community) gets the landing page; street staff
 * their street's communities and the way to statistics and escalated requests; a member the announcement and what
 * their roles do (residents file and follow, grid workers and staff work the queue, merchants fulfil codes).
 */
export default function HomePage() {
  const session = useSession()
  const { current, me } = session
  const communityId = current?.communityId
  // Public information, read again when 首页 shows (an admin may just have changed the announcement).
  const community = useRecord((opts) => (communityId ? getCommunity(communityId, opts) : Promise.resolve(null)), [communityId])
  const announcement = community.data?.announcement.trim() || null

  const signedOut = isSignedOut(session)
  const ready = session.status === 'ready'
  const street = ready && !current && isStreetStaff(session)
  // A unit's people (物业、城管、自来水公司…) serve the street's communities from outside: no membership, no landing page.
  const units = ready ? myUnits(session) : []
  const unitOnly = ready && !current && !street && units.length > 0
  const newcomer = signedOut || (ready && !current && !street && !unitOnly)

  if (newcomer) {
    const history = (me?.memberships ?? []).filter((m) => m.status === 'rejected' || m.status === 'removed')
    return (
      <PageShell className='home'>
        <Landing signedIn={!signedOut} lastRejected={history[history.length - 1]} />
      </PageShell>
    )
  }

  return (
    <PageShell className='home'>
      <View className='home__hero'>
        <Text className='home__brand'>邻里</Text>
        <Text className='home__community'>
          {current ? current.communityName : street ? me!.streets.map((st) => st.name).join('、') : unitOnly ? units.map((u) => u.name).join('、') : '共建共治共享的社区家园'}
        </Text>
        {current?.household ? (
<Text className='home__address'>{householdText(current.household)}</Text>
        ) : null}
        {street ? <Text className='home__address'>街道工作人员 · {me!.user.nickname}</Text> : null}
        {unitOnly ? <Text className='home__address'>单位工作人员 · {me!.user.nickname}</Text> : null}
      </View>

      {session.status === 'loading' ? <Loading /> : null}
      {session.status === 'error' ? (
        <ErrorState message={session.error?.message ?? '加载失败'} onRetry={() => void refreshSession()} />
      ) : null}

      {units.length > 0 ? <UnitWorkCard units={units} /> : null}

      {street ? <StreetHome session={session} /> : null}

      {current?.status === 'pending' ? (
        <View className='notice'>您加入“{current.communityName}”的申请正在等待社区审核，审核通过后即可使用全部功能。</View>
      ) : null}

      {current ? (
        <View className='card'>
          <Text className='card__title'>社区公告</Text>
          <Text className='home__announcement'>{announcement ?? DEFAULT_WELCOME}</Text>
        </View>
      ) : null}

      {current?.status === 'active' ? <RoleWork session={session} /> : null}

      {current ? (
        <>
          <Text className='section-title'>常用服务</Text>
          <View className='card home__grid'>
            {QUICK_ENTRIES.map((e) => (
              <View key={e.key} className='home__entry' onClick={tab(e.url)}>
                <View className={`home__entry-mark home__entry-mark--${e.key}`}>
                  <Text>{e.mark}</Text>
                </View>
                <Text className='home__entry-label'>{e.label}</Text>
                <Text className='home__entry-hint'>{e.hint}</Text>
              </View>
            ))}
          </View>
        </>
      ) : null}
    </PageShell>
  )
}

interface WorkCell {
  title: string
  description: string
  extra: string
  onClick: () => void
}

/** What the member's roles do here, one tap away; a grid worker's patrol first, since they work on foot. */
function RoleWork({ session }: { session: SessionState }) {
  const roles = currentRoles(session)
  const staff = hasAnyRole(roles, ['staff'])
  const gridWorker = roles.includes('grid_worker')
  const merchant = roles.includes('merchant')
  const mobileGrid = roles.includes('mobile_grid')
  // 人民调解员 (and grid workers) mediate disputes: their open cases on 首页; staff reach the community's register below.
  const mediator = roles.includes('mediator')
  // Residents and volunteers file for themselves; grid workers and staff file 代办 from their queue.
  const resident = canFile(session) && !staff && !gridWorker

  const groups: { title: string; cells: WorkCell[] }[] = []
  if (staff || gridWorker) {
    groups.push({
      title: '我的工作',
      cells: [
        {
          title: '工作台',
          description: staff ? '待受理、待审核和我负责的诉求，含时限提醒' : '本网格待受理和我负责的诉求，含时限提醒',
          extra: '处理',
          onClick: go('/requests/pages/queue/index'),
        },
        ...(staff
          ? [
              { title: '三率看板', description: '响应率、解决率、满意率', extra: '查看', onClick: go('/requests/pages/dashboard/index') },
              { title: '巡查记录', description: '网格员本周打卡的楼栋和发现的问题', extra: '查看', onClick: go(RECORDS_PAGE) },
              { title: '待审核居民', description: '核对住址，通过或退回入驻申请', extra: '审核', onClick: go('/staff/pages/residents/index') },
              { title: '流动网格员审核', description: '快递员、外卖骑手申请随手上报隐患', extra: '审核', onClick: go(REVIEW_PAGE) },
              { title: '住户名册', description: '按楼栋登记住户，批量导入不用微信的老人', extra: '查看', onClick: go('/households/pages/list/index') },
              { title: '调解案件', description: '全社区矛盾纠纷：类型、风险等级、状态和调解员', extra: '查看', onClick: go(casesPage('community')) },
              { title: '走访任务', description: '到期未走访的关爱户和走访中答应办的事', extra: '查看', onClick: go(DUE_PAGE) },
            ]
          : [
              // Grid workers read their grids' households (contacts included) before going out to visit.
              { title: '住户名册', description: '本网格住户和联系方式，走访前查看', extra: '查看', onClick: go('/households/pages/list/index') },
            ]),
      ],
    })
  }
  if (resident) {
    groups.push({
      title: '急难愁盼',
      cells: [
        { title: '我要反映', description: '身边的难事、烦心事，告诉社区', extra: '反映', onClick: go('/requests/pages/new/index') },
        { title: '我的诉求', description: '办理进度、回复和评价', extra: '查看', onClick: tab('/pages/affairs/index') },
      ],
    })
  }
  if (mobileGrid) {
    groups.push({
      title: '流动网格员',
      cells: [
        { title: '流动网格员上报', description: '配送途中看到的安全隐患、设施损坏，随手告诉社区', extra: '上报', onClick: go(REPORT_PAGE) },
        ...(resident ? [] : [{ title: '我的上报', description: '办理进度和回复', extra: '查看', onClick: tab('/pages/affairs/index') }]),
      ],
    })
  }
  if (merchant && !staff) {
    groups.push({
      title: '爱心商家',
      cells: [
        { title: '商家核销', description: '输入志愿者出示的兑换码，核对后核销', extra: '核销', onClick: go('/merchant/pages/fulfil/index') },
        { title: '我的商品', description: '上架可用积分兑换的商品或服务', extra: '管理', onClick: go('/merchant/pages/rewards/index') },
      ],
    })
  }

  return (
    <View className='home__work'>
      {gridWorker ? <GridPatrolCard /> : null}
      {gridWorker ? <GridVisitCard /> : null}
      {(gridWorker || mediator) && !staff ? <MediationWorkCard /> : null}
      {groups.map((g) => (
        <View key={g.title}>
          <Text className='section-title'>{g.title}</Text>
          <CellGroup className='home__cells'>
            {g.cells.map((c) => (
              <Cell key={c.title} title={c.title} description={c.description} clickable extra={c.extra} onClick={c.onClick} />
            ))}
          </CellGroup>
        </View>
      ))}
    </View>
  )
}
