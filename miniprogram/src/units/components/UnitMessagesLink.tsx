import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useRecord } from '../../components/useRecord'
import { unitUnreadCount } from '../units.api'
import { UNIT_MESSAGES_PAGE } from '../format'
import '../units.css'

/**
 * 单位消息 › with the unread count (red) — on the 工作台 card of 首页 and the 工作台's header. Read again whenever the
 * page shows (back from the inbox, the count has changed); a failed count just shows the link.
 */
export default function UnitMessagesLink({ className = '' }: { className?: string }) {
  // useRecord loads it again whenever the page shows again.
  const unread = useRecord((opts) => unitUnreadCount(opts), [])
  const count = unread.data ?? 0
  return (
    <View
      className={`umessages-link ${className}`}
      onClick={(e) => {
        // Inside the 工作台 card, whose own tap opens the queue.
        e.stopPropagation()
        void Taro.navigateTo({ url: UNIT_MESSAGES_PAGE })
      }}
    >
      <Text>单位消息</Text>
      <View className='umessages-link__end'>
        {count > 0 ? <Text className='umessages-link__count'>{count > 99 ? '99+' : count}未读</Text> : null}
        <Text> ›</Text>
      </View>
    </View>
  )
}
