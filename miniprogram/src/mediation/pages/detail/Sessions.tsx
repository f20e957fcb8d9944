import { Text, View } from '@tarojs/components'
import type { CaseContentsView } from '@linli/shared'
import { formatTime } from '../../../services/format'

/** 调解记录: each session — when and where, who came, what was said, the next step — oldest first, as a file reads. */
export default function Sessions({ sessions }: { sessions: CaseContentsView['sessions'] }) {
  if (sessions.length === 0) return <Text className='muted'>还没有调解记录。约双方见面调解后，点“记录调解”写下经过。</Text>
  return (
    <>
      {sessions.map((s, i) => (
        <View key={s.id} className='case-session'>
          <View className='case-session__head'>
            <Text>
              第{i + 1}次调解{s.level === 'street' ? '（街道）' : ''}
            </Text>
            <Text className='muted'>{formatTime(s.at, true)}</Text>
          </View>
          <Text className='muted case-line'>地点：{s.place}</Text>
          <Text className='muted case-line'>参加人：{s.attendees.join('、')}</Text>
          <Text className='case-text'>{s.said}</Text>
          {s.nextStep ? <Text className='case-line'>下一步：{s.nextStep}</Text> : null}
          <Text className='muted case-line'>记录人：{s.recordedByName}</Text>
        </View>
      ))}
    </>
  )
}
