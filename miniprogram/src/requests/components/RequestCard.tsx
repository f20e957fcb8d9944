import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { REQUEST_LEVEL_LABELS, type RequestView } from '@linli/shared'
import { currentDeadline } from '../format'
import RequestHeading from './RequestHeading'
import { formatTime } from '../../services/format'
import './badges.css'
import './RequestCard.css'

interface Props {
  request: RequestView
  /** Handlers see deadlines, level and who filed; residents see their own request plainly. */
  handler?: boolean
  /** Passed to the detail page so it knows which actions to offer first. */
  from?: 'mine' | 'queue'
}

/** One request in a list: category, status, excerpt, time; handlers also get the deadline badge. */
export default function RequestCard({ request: r, handler = false, from = 'mine' }: Props) {
  const deadline = handler ? currentDeadline(r) : null
  const open = () => void Taro.navigateTo({ url: `/requests/pages/detail/index?id=${r.id}&from=${from}` })
  return (
    <View className='card rcard' onClick={open}>
      <RequestHeading r={r} statusClassName='rcard__status' />
      {r.title ? <Text className='rcard__title'>{r.title}</Text> : null}
      {/* A request filed by voice alone: its length for those who may hear it, and what it is for everyone else. */}
      <Text className='rcard__desc'>{r.description || (r.voice ? `［语音 ${r.voice.seconds}″］` : '（以语音反映）')}</Text>
      <View className='rcard__foot'>
        <Text className='muted'>{formatTime(r.createdAt)}</Text>
        {handler ? <Text className='muted rcard__meta'>{REQUEST_LEVEL_LABELS[r.level]}</Text> : null}
        {handler && r.filerName ? <Text className='muted rcard__meta'>{r.filerName}</Text> : null}
        {r.meTooCount > 0 ? <Text className='muted rcard__meta'>{r.meTooCount}人也遇到</Text> : null}
        <View className='rcard__spacer' />
        {deadline ? (
          <Text className={`deadline-badge rcard__deadline ${deadline.overdue ? 'deadline-badge--overdue' : ''}`}>
            {deadline.overdue ? `${deadline.kind}已超时` : `${deadline.kind}${deadline.label}`}
          </Text>
        ) : null}
      </View>
    </View>
  )
}
