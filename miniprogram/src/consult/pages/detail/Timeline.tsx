import { View } from '@tarojs/components'
import type { ConsultationView } from '@linli/shared'
import TimelineEvent from '../../../components/TimelineEvent'

const TIMELINE_LABELS: Record<string, string> = {
  proposed: '提出议题',
  created_by_staff: '社区发起议题',
  content_approved: '内容审核通过',
  edited: '修改内容',
  threshold_reached: '附议达标',
  threshold_changed: '附议人数调整',
  sent_to_review: '社区提交审核',
  lapsed: '附议未达标',
  approved: '社区审核通过',
  rejected: '不予采纳',
  merged: '合并',
  merged_in: '合并了相似议题',
  voting_opened: '开始投票',
  voting_closed: '投票结束',
  progress: '落实进展',
  completed: '落实完成',
}

/** Events nobody did by hand: the jobs that count supports, let proposals lapse and close votes. */
const BY_SYSTEM = ['threshold_reached', 'threshold_changed', 'lapsed', 'voting_closed']

/** 议事进程: every step of the topic, newest first, with who took it and what they said. */
export default function Timeline({ c }: { c: ConsultationView }) {
  return (
    <View className='card timeline'>
      {[...c.timeline].reverse().map((e, i) => (
        <TimelineEvent
          key={e.id}
          title={TIMELINE_LABELS[e.type] ?? '进展'}
          actor={e.actorName ?? (BY_SYSTEM.includes(e.type) ? '系统' : '')}
          at={e.at}
          note={e.note}
          latest={i === 0}
          className='cdetail__event'
        />
      ))}
    </View>
  )
}
