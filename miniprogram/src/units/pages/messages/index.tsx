import { useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { UnitMessage } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import RoleGate from '../../../components/RoleGate'
import { usePagedList } from '../../../components/usePagedList'
import { Empty } from '../../../components/StateView'
import { ListFooter, ListStatus } from '../../../components/ListStates'
import { useSession } from '../../../services/session'
import { formatTime } from '../../../services/format'
import { listUnitMessages, markUnitMessagesRead } from '../../units.api'
import { unitRequestPage } from '../../format'
import { myUnits } from '../../roles'
import '../../units.css'

/**
 * 单位消息: what the caller is told as a member of their units — 新派单, 退单被驳回, 派单已收回, 签收提醒, 延期审批 —
 * across the communities the units serve, newest first. A unit's people belong to no community, so the community's
 * 消息 page is not theirs. Opening a notice marks it read and opens the request as the unit sees it.
 */
export default function UnitMessagesPage() {
  const session = useSession()
  const units = myUnits(session)
  const [unread, setUnread] = useState(0)
  const list = usePagedList<UnitMessage, Awaited<ReturnType<typeof listUnitMessages>>>(
    (cursor, opts) => (units.length ? listUnitMessages(cursor, opts) : Promise.resolve({ items: [], nextCursor: null, unread: 0 })),
    (page) => setUnread(page.unread),
    [units.length],
  )

  useReachBottom(() => void list.loadMore())

  const markRead = async (ids?: string[]) => {
    try {
      const res = await markUnitMessagesRead(ids, { silent: true })
      setUnread(res.unread)
      list.setItems((prev) => (prev ?? []).map((m) => (!ids || ids.includes(m.id) ? { ...m, read: true } : m)))
    } catch {
      // Read marks are a convenience: the notice itself is shown anyway.
    }
  }

  const open = (m: UnitMessage) => {
    if (!m.read) void markRead([m.id])
    if (m.requestId) void Taro.navigateTo({ url: unitRequestPage(m.requestId) })
  }

  return (
    <RoleGate
      session={session}
      allowed={units.length > 0}
      className='umessages'
      title='单位消息供单位工作人员使用'
      description='物业、城管、水电气等单位的工作人员，请先用街道给的加入码加入单位。'
    >
      <PageShell className='umessages'>
        <View className='umessages__bar'>
          <Text className='muted'>{unread > 0 ? `${unread}条未读` : '没有未读消息'}</Text>
          {unread > 0 ? (
            <Text className='umessages__all' onClick={() => void markRead()}>
              全部已读
            </Text>
          ) : null}
        </View>
        <ListStatus list={list} empty={<Empty title='暂无消息' description='社区或街道给本单位派单、驳回退单、收回派单，或签收快到期时，会通知您。' />} />
        {list.items?.map((m) => (
          <View key={m.id} className={`card umessages__item ${m.read ? '' : 'umessages__item--unread'}`} onClick={() => open(m)}>
            <View className='umessages__head'>
              {!m.read ? <View className='umessages__dot' /> : null}
              <Text className='umessages__title'>{m.title}</Text>
              <Text className='muted'>{formatTime(m.createdAt)}</Text>
            </View>
            {m.body ? <Text className='umessages__body'>{m.body}</Text> : null}
            {m.unitName && units.length > 1 ? <Text className='muted umessages__unit'>{m.unitName}</Text> : null}
          </View>
        ))}
        <ListFooter list={list} />
      </PageShell>
    </RoleGate>
  )
}
