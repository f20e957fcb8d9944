import { useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import type { ConsultationView } from '@linli/shared'
import PageShell from '../../components/PageShell'
import JoinPrompt from '../../components/JoinPrompt'
import SessionStatus from '../../components/SessionStatus'
import TabHero from '../../components/TabHero'
import Switcher from '../../components/Switcher'
import { Empty } from '../../components/StateView'
import { ListFooter, ListStatus } from '../../components/ListStates'
import { useShownAgain } from '../../components/useShownAgain'
import { usePagedList } from '../../components/usePagedList'
import { isStaff as staffOf, useSession } from '../../services/session'
import { listConsultations } from '../consult.api'
import { consultationStatusLabel, consultationTagType } from '../format'
import { formatTime, share } from '../../services/format'
import { canFile, isStreetStaff } from '../../services/roles'
import './ConsultTab.css'

type Tab = 'active' | 'following' | 'ended' | 'held'
const TABS: { key: Tab; label: string; staffOnly?: boolean }[] = [
  { key: 'active', label: '进行中' },
  { key: 'following', label: '落实中' },
  { key: 'ended', label: '已结束' },
  // Proposals content security held back: staff review them before they collect supports.
  { key: 'held', label: '待审核', staffOnly: true },
]

const EMPTY: Record<Tab, { title: string; description: string }> = {
  active: { title: '暂无进行中的议题', description: '小区里有想和邻居们商量的事？点“提出议题”发起。' },
  following: { title: '暂无落实中的议题', description: '表决通过的议题会在这里公布落实进展。' },
  ended: { title: '暂无已结束的议题', description: '已完成、未采纳或附议未达标的议题会在这里。' },
  held: { title: '没有待审核的议题', description: '内容安全检测存疑的提案会出现在这里，审核通过后开始征集附议。' },
}

/** 议事: topics by stage; residents propose, support, discuss and vote; staff review what content security held. */
export default function ConsultPage() {
  const session = useSession()
  const { current } = session
  const ready = session.status === 'ready' && current?.status === 'active'
  const staff = staffOf(session)
  const filer = canFile(session)
  const [tab, setTab] = useState<Tab>('active')

  const list = usePagedList<ConsultationView>(
    // Nothing to ask before the session is known: a signed-out call would send the user to sign in.
    (cursor, opts) => (ready ? listConsultations({ stage: tab, cursor }, opts) : Promise.resolve({ items: [], nextCursor: null })),
    undefined,
    [tab, ready, current?.communityId],
  )

  // Back from a topic or from proposing one: supports, stages and progress may have moved.
  useShownAgain(() => ready && void list.load())
  useReachBottom(() => void list.loadMore())


  return (
    <PageShell className='consult'>
      <TabHero
        title='议事协商 · 大家的事大家商量'
        intro='居民提出议题、邻居附议，社区审核后公开讨论、投票表决，并跟踪落实。'
        action={ready && filer ? { label: '提出议题', className: 'consult__new', onClick: () => void Taro.navigateTo({ url: '/consult/pages/new/index' }) } : null}
      />

      <SessionStatus session={session} />
      {session.status === 'ready' && !current && isStreetStaff(session) ? (
        <View className='notice'>议事协商由各社区居民发起和表决。本街道各社区的诉求和三率，请在“首页”查看。</View>
      ) : null}
      {session.status === 'ready' && !current && !isStreetStaff(session) ? <JoinPrompt what='提出议题、为邻居的议题附议和投票' /> : null}
      {current?.status === 'pending' ? <View className='notice'>您的入驻申请正在审核，审核通过后即可参与议事。</View> : null}

      {ready ? (
        <>
          <Switcher look='tabs' options={TABS.filter((t) => !t.staffOnly || staff)} value={tab} onChange={setTab} itemClassName='consult__tab' />
          <ListStatus list={list} empty={<Empty title={EMPTY[tab].title} description={EMPTY[tab].description} />} />
          {list.items?.map((c) => <ConsultationCard key={c.id} c={c} />)}
          <ListFooter list={list} end />
        </>
      ) : null}
    </PageShell>
  )
}

function ConsultationCard({ c }: { c: ConsultationView }) {
  const open = () => void Taro.navigateTo({ url: `/consult/pages/detail/index?id=${c.id}` })
  const comments = c.commentCounts.for + c.commentCounts.against + c.commentCounts.neutral
  return (
    <View className='card ccard' onClick={open}>
      <View className='ccard__head'>
        <Text className='ccard__title'>{c.title}</Text>
        <Tag type={consultationTagType(c.status)} className='ccard__status'>
          {consultationStatusLabel(c.status)}
        </Tag>
      </View>
      <View className='ccard__meta'>
        <Text className='ccard__scope'>{c.scope.name}</Text>
        <Text className='muted'>{c.byStaff ? '社区发起' : c.authorName}</Text>
        <Text className='muted'>{formatTime(c.createdAt)}</Text>
      </View>

      {c.status === 'collecting' ? (
        <View className='ccard__progress'>
          <View className='ccard__bar'>
            <View className='ccard__fill' style={{ width: `${share(c.supportCount, c.supportThreshold)}%` }} />
          </View>
          <Text className='ccard__figure'>
            附议 {c.supportCount}/{c.supportThreshold}
          </Text>
        </View>
      ) : null}
      {c.status === 'voting' && c.votingEndsAt ? (
        <View className='ccard__line'>
          <Text className='ccard__voting'>投票截止 {formatTime(c.votingEndsAt)}</Text>
          {c.viewer.voted ? <Text className='ccard__done'>{c.voteRule === 'per_household' ? '您家已投票' : '已投票'}</Text> : null}
          {c.viewer.canVote ? <Text className='ccard__todo'>待投票</Text> : null}
        </View>
      ) : null}
      {c.status === 'implementing' || c.status === 'decided' ? (
        <View className='ccard__progress'>
          <View className='ccard__bar'>
            <View className='ccard__fill ccard__fill--done' style={{ width: `${Math.max(0, Math.min(100, c.progress))}%` }} />
          </View>
          <Text className='ccard__figure'>落实 {c.progress}%</Text>
        </View>
      ) : null}
      {comments > 0 ? (
        <Text className='ccard__comments muted'>
          支持 {c.commentCounts.for} · 反对 {c.commentCounts.against} · 中立 {c.commentCounts.neutral}
        </Text>
      ) : null}
    </View>
  )
}
