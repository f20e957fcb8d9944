import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { OPEN_STATUSES, REQUEST_LEVEL_LABELS, type RequestView } from '@linli/shared'
import { formatTime } from '../../../services/format'
import { timeLeft } from '../../format'
import CallButton from './CallButton'
import '../../components/badges.css'

function Deadline({ label, iso, done }: { label: string; iso: string; done: boolean }) {
  const left = timeLeft(iso)
  return (
    <View className='rdetail__deadline'>
      <Text className='muted'>{label}</Text>
      <Text>{formatTime(iso)}</Text>
      {done ? (
        <Text className='deadline-badge deadline-badge--done rdetail__badge'>已响应</Text>
      ) : (
        <Text className={`deadline-badge rdetail__badge ${left.overdue ? 'deadline-badge--overdue' : ''}`}>{left.label}</Text>
      )}
    </View>
  )
}

interface Props {
  r: RequestView
  /** The caller handles the request (sees 响应时限 where the filer sees 承诺响应). */
  handler: boolean
  userId: string | undefined
}

/**
 * Who holds the request now, and by when it is promised (the filer sees what the handlers see); once it is no
 * longer open, only who held it. Nothing for other residents.
 */
export default function HolderCard({ r, handler, userId }: Props) {
  if (!handler && !r.viewer.isFiler) return null
  const mine = handler && !!r.assigneeId && r.assigneeId === userId
  if (!OPEN_STATUSES.includes(r.status)) {
    return r.assigneeName ? (
      <View className='card'>
        <Text className='muted'>
          负责人：{r.assigneeName}（{REQUEST_LEVEL_LABELS[r.level]}）
        </Text>
      </View>
    ) : null
  }
  return (
    <View className='card rdetail__deadlines'>
      <View className='rdetail__holder'>
        <Text className='muted'>当前办理：{REQUEST_LEVEL_LABELS[r.level]}</Text>
        {r.assigneeName ? <Text className='rdetail__holder-name'>负责人 {r.assigneeName}</Text> : <Text className='muted'>待受理</Text>}
        {r.assigneePhone && !mine ? <CallButton phone={r.assigneePhone} label='联系负责人' /> : null}
        {mine && !r.assigneePhone ? (
          <Text className='rdetail__link' onClick={() => void Taro.navigateTo({ url: '/staff/pages/profile/index' })}>
            设置工作电话，居民可一键联系您 ›
          </Text>
        ) : null}
      </View>
      <View className='rdetail__deadline-row'>
        <Deadline label={handler ? '响应时限' : '承诺响应'} iso={r.respondBy} done={r.status !== 'submitted'} />
        <Deadline label={handler ? '办结时限' : '承诺办结'} iso={r.resolveBy} done={false} />
      </View>
    </View>
  )
}
