import Taro, { useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { REQUEST_CATEGORY_LABELS, hasAnyRole, type CallBackDueItem, type RequestCategory } from '@linli/shared'
import { ListFooter, ListStatus } from '../../../components/ListStates'
import PageShell from '../../../components/PageShell'
import RoleGate from '../../../components/RoleGate'
import { Empty } from '../../../components/StateView'
import { usePagedList } from '../../../components/usePagedList'
import { useShownAgain } from '../../../components/useShownAgain'
import { formatTime } from '../../../services/format'
import { currentRoles, useSession } from '../../../services/session'
import { listCallBacksDue } from '../../requests.api'
import './index.css'

/** One resident to call back: what was asked, where, whom to call, since when it waits. */
function DueItem({ item }: { item: CallBackDueItem }) {
  return (
    <View className='card rcalls__item' onClick={() => void Taro.navigateTo({ url: `/requests/pages/detail/index?id=${item.id}&from=queue` })}>
      <View className='rcalls__head'>
        <Text className='pill'>{REQUEST_CATEGORY_LABELS[item.category as RequestCategory] ?? item.category}</Text>
        <Text className='rcalls__title'>{item.title || item.excerpt}</Text>
      </View>
      <Text className='muted'>
        {item.buildingName ? `${item.buildingName} · ` : ''}办结于 {formatTime(item.resolvedAt)}
      </Text>
      {item.contact ? (
        <Text className='rcalls__contact'>
          {item.contact.name}
          {item.contact.phone ? ` · ${item.contact.phone}` : ' · 未留电话'}
        </Text>
      ) : item.filerName ? (
        <Text className='rcalls__contact'>{item.filerName} · 未同意电话联系</Text>
      ) : null}
      {item.lastAttemptAt ? <Text className='rcalls__retry'>上次回访未联系上（{formatTime(item.lastAttemptAt)}），请再次联系</Text> : null}
    </View>
  )
}

/**
 * 待回访: residents' demands resolved without an in-app rating and not yet called back, the longest waiting first.
 * Staff open one and record the call (电话回访 on the request's page); it then leaves the list.
 */
export default function CallBacksDuePage() {
  const session = useSession()
  const staff = hasAnyRole(currentRoles(session), ['staff'])
  const list = usePagedList<CallBackDueItem>(
    (cursor, opts) => (staff ? listCallBacksDue({ cursor }, opts) : Promise.resolve({ items: [], nextCursor: null })),
    undefined,
    [staff, session.current?.communityId],
  )
  // Back from the request's page, where the call was recorded: the list has moved.
  useShownAgain(() => void list.load())
  useReachBottom(() => void list.loadMore())

  return (
    <RoleGate session={session} allowed={staff} className='rcalls' title='待回访仅供社区工作者使用' description='电话回访由社区工作者完成，并计入满意率。'>
      <PageShell className='rcalls'>
        <View className='notice rcalls__intro'>居民未在线评价的已办结诉求，请电话回访并记录满意程度；回访结果计入满意率，居民在线评价的以居民评价为准。</View>
        <ListStatus list={list} empty={<Empty title='没有待回访的诉求' description='已办结且居民未评价的诉求会出现在这里。' />} />
        {list.items?.map((item) => <DueItem key={item.id} item={item} />)}
        <ListFooter list={list} />
      </PageShell>
    </RoleGate>
  )
}
