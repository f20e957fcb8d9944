import { useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { Message } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { usePagedList } from '../../../components/usePagedList'
import { Empty } from '../../../components/StateView'
import { ListFooter, ListStatus } from '../../../components/ListStates'
import { useSession } from '../../../services/session'
import { formatTime } from '../../../services/format'
import { listMessages, markMessagesRead, showUnread } from '../../requests.api'
import { isHandler } from '../../../services/roles'
import './index.css'

/** 消息: every update about requests I filed, follow or handle, and about 议事 topics; works on every build, unlike subscribe messages. */
export default function MessagesPage() {
  const session = useSession()
  const handler = isHandler(session)
  const [unread, setUnread] = useState(0)
  const list = usePagedList<Message, Awaited<ReturnType<typeof listMessages>>>(
    listMessages,
    (page) => setUnread(page.unread),
  )

  useReachBottom(() => void list.loadMore())

  const markRead = async (ids?: string[]) => {
    try {
      const res = await markMessagesRead(ids, { silent: true })
      setUnread(res.unread)
      showUnread(res.unread)
      list.setItems((prev) => (prev ?? []).map((m) => (!ids || ids.includes(m.id) ? { ...m, read: true } : m)))
    } catch {
      // Read marks are a convenience: the message itself is shown anyway.
    }
  }

  const openMessage = (m: Message) => {
    if (!m.read) void markRead([m.id])
    if (m.requestId) {
      void Taro.navigateTo({ url: `/requests/pages/detail/index?id=${m.requestId}&from=${handler ? 'queue' : 'mine'}` })
    } else if (m.consultationId) {
      void Taro.navigateTo({ url: `/consult/pages/detail/index?id=${m.consultationId}` })
    } else if (m.mediationCaseId) {
      // 调解 notices name the case by number only; its page decides what the reader may see of it.
      void Taro.navigateTo({ url: `/mediation/pages/detail/index?id=${m.mediationCaseId}` })
    } else if (m.kind === 'mediation') {
      // Notices sent before they carried the case: the list the reader has (a party's 我的调解, a mediator's 我调解的).
      void Taro.navigateTo({ url: '/mediation/pages/list/index' })
    }
  }

  return (
    <PageShell className='messages'>
      {unread > 0 ? (
        <View className='messages__bar'>
          <Text className='muted'>{unread}条未读</Text>
          <Text className='messages__all' onClick={() => void markRead()}>
            全部已读
          </Text>
        </View>
      ) : null}
      <ListStatus list={list} empty={<Empty title='暂无消息' description='诉求受理、回复、办结，议题开始投票、公布结果时会通知您。' />} />
      {list.items?.map((m) => (
        <View key={m.id} className={`card messages__item ${m.read ? '' : 'messages__item--unread'}`} onClick={() => openMessage(m)}>
          <View className='messages__head'>
            {!m.read ? <View className='messages__dot' /> : null}
            <Text className='messages__title'>{m.title}</Text>
            <Text className='muted'>{formatTime(m.createdAt)}</Text>
          </View>
          {m.body ? <Text className='messages__body'>{m.body}</Text> : null}
        </View>
      ))}
      <ListFooter list={list} />
    </PageShell>
  )
}
