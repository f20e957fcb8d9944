import { Text, View } from '@tarojs/components'
import { MEMBERSHIP_EVENT_LABELS, ROLE_LABELS, type MembershipEvent } from '@linli/shared'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { dateTime } from '../../../services/format'

/** Role events store the role key as their note; staff should read 志愿者, not volunteer. */
function eventNote(e: MembershipEvent): string | undefined {
  if ((e.type === 'role_granted' || e.type === 'role_revoked') && e.note && e.note in ROLE_LABELS) {
    return ROLE_LABELS[e.note as keyof typeof ROLE_LABELS]
  }
  return e.note
}

/** 变更记录: who joined, moved, got or lost a role, and who did it. */
export default function MemberEvents({ events }: { events: { data: MembershipEvent[] | null; error: string | null; load: () => Promise<void> } }) {
  const { data, error } = events
  return (
    <>
      <Text className='section-title'>变更记录</Text>
      <View className='card member__events'>
        {data === null && !error ? <Loading /> : null}
        {error ? <ErrorState message={error} onRetry={() => void events.load()} /> : null}
        {data && data.length === 0 ? <Empty title='暂无变更记录' /> : null}
        {/* Newest first: staff come here to see what just happened. */}
        {data
          ?.slice()
          .reverse()
          .map((e) => {
            const note = eventNote(e)
            return (
              <View key={e.id} className='member__event'>
                <View className='member__event-head'>
                  <Text className='member__event-type'>{MEMBERSHIP_EVENT_LABELS[e.type]}</Text>
                  <Text className='muted'>{dateTime(e.at)}</Text>
                </View>
                <Text className='muted'>操作人：{e.actorName || '未知'}</Text>
                {note ? <Text className='member__event-note'>{note}</Text> : null}
              </View>
            )
          })}
      </View>
    </>
  )
}
