import { Text, View } from '@tarojs/components'
import type { TimelineEntry } from '@linli/shared'
import { formatTime } from '../../../services/format'

/**
 * The steps of the timeline that moved the request from one holder to another, in plain words (the notes the
 * server writes for them say it already: 已派发给XX物业（主办）办理…, XX自来水公司退回：不属于本单位职责).
 */
const HAND_OFF_WORDS: Record<string, string> = {
  submitted: '提交诉求',
  accept: '受理',
  assign: '分派给负责人',
  escalated_community: '上报社区办理',
  escalated_street: '上报街道办理',
  dispatched: '派发给单位办理',
  acknowledged: '单位签收',
  sent_back: '退单',
  send_back_rejected: '驳回退单，由原单位继续办理',
  dispatch_recalled: '撤回派发',
  resolve: '办结',
  reopen: '重新办理',
  rated_unsatisfied_reopened: '评价不满意，重新办理',
}

export const isHandOff = (e: TimelineEntry) => e.type in HAND_OFF_WORDS

/** 流转记录: every hand-off, oldest first, one line each (when, who, what). */
export default function HandOffs({ entries }: { entries: TimelineEntry[] }) {
  const steps = entries.filter(isHandOff)
  if (steps.length === 0) return null
  return (
    <View className='rdetail__handoffs'>
      <Text className='muted rdetail__handoffs-title'>流转记录</Text>
      {steps.map((e) => (
        <View key={e.id} className='rdetail__handoff'>
          <Text className='muted rdetail__handoff-at'>{formatTime(e.at)}</Text>
          <Text className='rdetail__handoff-text'>
            {e.type === 'submitted' || !e.note ? `${e.actorLabel}${HAND_OFF_WORDS[e.type]}` : e.note}
          </Text>
        </View>
      ))}
    </View>
  )
}
