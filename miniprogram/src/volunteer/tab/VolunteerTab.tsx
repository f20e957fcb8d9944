import { useState } from 'react'
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro'
import { hasAnyRole, type ActivityView, type VolunteerMe } from '@linli/shared'
import PageShell from '../../components/PageShell'
import JoinPrompt from '../../components/JoinPrompt'
import SessionStatus from '../../components/SessionStatus'
import TabHero from '../../components/TabHero'
import { Empty, ErrorState, Loading } from '../../components/StateView'
import { usePagedList } from '../../components/usePagedList'
import { useRecord } from '../../components/useRecord'
import { useShownAgain } from '../../components/useShownAgain'
import { ListFooter } from '../../components/ListStates'
import { currentRoles, refreshSession, useSession } from '../../services/session'
import { isStreetStaff } from '../../services/roles'
import { ApiError, type CallOptions } from '../../services/http'
import { getMyVolunteer, listActivities, type ActivityWhen } from '../volunteer.api'
import { activityStatusLabel, activityTime, hoursText, myBadge, starText } from '../format'
import StarProgress from '../components/StarProgress'
import Switcher from '../../components/Switcher'
import RegisterCard from './RegisterCard'
import '../volunteer.css'
import './VolunteerTab.css'

const go = (url: string) => () => void Taro.navigateTo({ url })

/** The caller's volunteer record; null when they have not registered (404). */
const myVolunteer = (opts: CallOptions) =>
  getMyVolunteer(opts).catch((err: unknown) => {
    if (err instanceof ApiError && err.code === 'NOT_FOUND') return null
    throw err
  })

const TABS: { key: ActivityWhen; label: string }[] = [
  { key: 'upcoming', label: '近期活动' },
  { key: 'mine', label: '我参加的' },
]

/** Volunteer screens a registered volunteer reaches from the tab (all in the volunteer subpackage). */
const VOLUNTEER_ENTRIES = [
  { mark: '折', label: '积分存折', url: '/volunteer/pages/passbook/index' },
  { mark: '兑', label: '积分超市', url: '/volunteer/pages/mall/index' },
  { mark: '码', label: '我的兑换码', url: '/volunteer/pages/codes/index' },
  { mark: '榜', label: '排行榜', url: '/volunteer/pages/leaderboard/index' },
  { mark: '星', label: '星级公示', url: '/volunteer/pages/stars/index' },
]
const PUBLIC_ENTRIES = VOLUNTEER_ENTRIES.slice(3)

/** 志愿: the 道德银行 summary, activities to join, and the entries to every volunteer, staff and merchant screen. */
export default function VolunteerPage() {
  const session = useSession()
  const { current } = session
  const ready = session.status === 'ready' && current?.status === 'active'
  const roles = currentRoles(session)
  const staff = hasAnyRole(roles, ['staff'])
  // Who may register (the API's rule): members living in the community, grid workers and staff.
  const member = hasAnyRole(roles, ['resident', 'volunteer', 'grid_worker', 'staff'])

  const [tab, setTab] = useState<ActivityWhen>('upcoming')
  // Only members living in the community can be volunteers: nothing to ask for a merchant's account.
  const record = useRecord(
    async (opts) => ({ me: ready && member ? await myVolunteer(opts) : null }),
    [ready, member, current?.communityId],
  )
  /** undefined: loading; null: not registered (404). */
  const me = record.data ? record.data.me : undefined
  const meError = record.error

  const list = usePagedList<ActivityView>(
    // Nothing to ask before the session is known: a signed-out call would send the user to sign in.
    (cursor, opts) => (ready ? listActivities(tab, cursor, opts) : Promise.resolve({ items: [], nextCursor: null })),
    undefined,
    [tab, ready, current?.communityId],
  )

  const { items, error, load } = list
  // Back from an activity, the mall or a staff screen: places may have moved (the record reloads itself).
  useShownAgain(() => {
    if (ready) void load()
  })
  usePullDownRefresh(() => void refreshSession())
  useReachBottom(() => void list.loadMore())

  const volunteer = me?.status === 'active' ? me : null
  // A points account (积分账户): points from 随手拍有奖, spent in the mall like a volunteer's; no registration yet.
  const points = me?.status === 'points' ? me : null
  const holder = !!volunteer || !!points

  return (
    <PageShell className='vol'>
      <TabHero title='志愿服务 · 道德银行' intro='参加社区志愿活动，服务时长存入“道德银行”，积分可兑换生活用品和便民服务。' />

      <SessionStatus session={session} />
      {session.status === 'ready' && !current && isStreetStaff(session) ? (
        <View className='notice'>志愿活动由各社区发布和记录。本街道各社区的诉求和三率，请在“首页”查看。</View>
      ) : null}
      {session.status === 'ready' && !current && !isStreetStaff(session) ? <JoinPrompt what='报名志愿活动，积累服务时长和积分' /> : null}
      {current?.status === 'pending' ? <View className='notice'>您的入驻申请正在审核，审核通过后即可参加志愿服务。</View> : null}

      {ready ? (
        <>
          {me === undefined && !meError ? <Loading text='正在读取志愿档案…' /> : null}
          {meError ? <ErrorState message={meError} onRetry={() => void record.load()} /> : null}
          {volunteer ? <Summary me={volunteer} /> : null}
          {points ? <PointsSummary me={points} /> : null}
          {me?.status === 'pending' ? (
            <View className='card vol__state'>
              <Text className='card__title'>志愿者注册审核中</Text>
              <Text className='muted'>社区工作人员审核通过后，您就可以报名活动、积累服务时长和积分了。</Text>
            </View>
          ) : null}
          {me?.status === 'rejected' ? (
            <View className='card vol__state'>
              <Text className='card__title'>志愿者注册未通过</Text>
              <Text className='muted'>如有疑问，请联系社区工作人员。</Text>
            </View>
          ) : null}
          {(me === null || points) && member && current?.household ? <RegisterCard onRegistered={(next) => record.setData({ me: next })} /> : null}
          {me === null && member && !staff && !current?.household ? (
            <View className='notice'>登记住址（楼栋和房号）的居民可以注册志愿者。</View>
          ) : null}

          <View className={`card vol__entries ${holder ? '' : 'vol__entries--few'}`}>
            {(holder ? VOLUNTEER_ENTRIES : PUBLIC_ENTRIES).map((e) => (
              <View key={e.label} className='vol__entry' onClick={go(e.url)}>
                <Text className='vol__entry-mark'>{e.mark}</Text>
                <Text className='vol__entry-label'>{e.label}</Text>
              </View>
            ))}
          </View>

          {staff ? (
            <>
              <Text className='section-title'>社区管理</Text>
              <CellGroup className='vol__cells'>
                <Cell title='发布活动' description='发布活动，或补录已结束的活动' clickable extra='发布' onClick={go('/volunteer/pages/publish/index')} />
                <Cell title='志愿者审核' description='审核居民的志愿者注册' clickable extra='审核' onClick={go('/volunteer/pages/review/index')} />
                <Cell title='星级名册' description='志愿者按累计服务时长排列' clickable extra='查看' onClick={go('/volunteer/pages/roll/index')} />
                <Cell title='积分超市商品' description='社区自有的兑换商品' clickable extra='管理' onClick={go('/merchant/pages/rewards/index')} />
                <Cell title='兑换核销' description='核销社区积分超市的兑换码' clickable extra='核销' onClick={go('/merchant/pages/fulfil/index')} />
              </CellGroup>
            </>
          ) : null}
          {/* A merchant's entries live on 首页 and under 我的, where a shop owner looks, not among volunteering. */}

          <Switcher look='tabs' className='vol__tabs' options={TABS} value={tab} onChange={setTab} />
          {items === null && !error ? <Loading /> : null}
          {error ? <ErrorState message={error} onRetry={() => void load()} /> : null}
          {items && items.length === 0 ? (
            tab === 'upcoming' ? (
              <Empty title='暂无近期活动' description='社区发布志愿活动后会出现在这里。' />
            ) : (
              <Empty title='还没有参加过活动' description='在“近期活动”里选一个报名吧。' />
            )
          ) : null}
          {items?.map((a) => <ActivityCard key={a.id} a={a} />)}
          <ListFooter list={list} end />
        </>
      ) : null}
    </PageShell>
  )
}

function Summary({ me }: { me: VolunteerMe }) {
  return (
    <View className='card vol__summary' onClick={go('/volunteer/pages/passbook/index')}>
      <View className='vhead'>
        <Text className='vname'>{me.name}</Text>
        <Text className='vol__stars' aria-label={`${me.stars}星`}>
          {starText(me.stars)}
        </Text>
      </View>
      <Text className='muted'>{me.stars > 0 ? `${me.stars}星级志愿者` : '志愿者'}</Text>
      <View className='vol__figures'>
        <View className='vol__figure'>
          <Text className='vol__figure-value'>{hoursText(me.hours)}</Text>
          <Text className='vol__figure-label'>服务时长（小时）</Text>
        </View>
        <View className='vol__figure'>
          <Text className='vol__figure-value vol__figure-value--points'>{me.balance}</Text>
          <Text className='vol__figure-label'>积分结余</Text>
        </View>
      </View>
      <StarProgress progress={me.starProgress} />
      {me.announcing ? (
        <View className='notice vol__announcing'>
          {me.announcing.stars}星级公示中，{me.announcing.until.slice(0, 10)} 公示期满后授予
        </View>
      ) : null}
    </View>
  )
}

/** A resident's points account: the balance from 随手拍有奖, to the passbook on a tap. */
function PointsSummary({ me }: { me: VolunteerMe }) {
  return (
    <View className='card vol__summary' onClick={go('/volunteer/pages/passbook/index')}>
      <Text className='card__title'>我的积分</Text>
      <Text className='muted'>随手拍有奖：反映的问题经确认为有效举报获得的积分，可在积分超市兑换</Text>
      <View className='vol__figures'>
        <View className='vol__figure'>
          <Text className='vol__figure-value vol__figure-value--points'>{me.balance}</Text>
          <Text className='vol__figure-label'>积分结余</Text>
        </View>
        <View className='vol__figure'>
          <Text className='vol__figure-value'>{me.rewardPoints}</Text>
          <Text className='vol__figure-label'>随手拍奖励累计</Text>
        </View>
      </View>
    </View>
  )
}

function ActivityCard({ a }: { a: ActivityView }) {
  const badge = myBadge(a)
  const full = a.signedUp >= a.capacity
  const stop = (url: string) => (e: { stopPropagation: () => void }) => {
    e.stopPropagation()
    void Taro.navigateTo({ url })
  }
  return (
    <View className='card acard' onClick={go(`/volunteer/pages/activity/index?id=${a.id}`)}>
      <View className='vtitle-row'>
        <Text className='vtitle-row__title acard__title'>{a.title}</Text>
        <Text className={`vstatus vstatus--${a.status} acard__status`}>{activityStatusLabel(a)}</Text>
      </View>
      <Text className='acard__line'>时间：{activityTime(a)}</Text>
      <Text className='acard__line'>地点：{a.location}</Text>
      <View className='acard__foot'>
        <Text className='muted'>
          已报名 {a.signedUp}/{a.capacity}
          {a.waitlisted > 0 ? ` · 候补 ${a.waitlisted}` : ''} · {a.pointsPerHour}积分/小时
        </Text>
        <View className='acard__spacer' />
        {badge ? <Text className={`vpill vpill--${badge.tone} acard__badge`}>{badge.text}</Text> : null}
        {!badge && a.status === 'upcoming' && full ? <Text className='vpill vpill--wait acard__badge'>已满可候补</Text> : null}
      </View>
      {a.actions.includes('issue_code') || a.actions.includes('view_roster') ? (
        <View className='acard__tools'>
          {a.actions.includes('issue_code') ? (
            <Button size='small' fill='outline' type='primary' onClick={stop(`/volunteer/pages/checkin-code/index?id=${a.id}`)}>
              签到二维码
            </Button>
          ) : null}
          {a.actions.includes('view_roster') ? (
            <Button size='small' fill='outline' onClick={stop(`/volunteer/pages/roster/index?id=${a.id}`)}>
              名单·确认时长
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}
