import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { REQUEST_TYPE_LABELS, type RequestView } from '@linli/shared'
import { formatTime } from '../../../services/format'
import RequestHeading from '../../components/RequestHeading'
import { RequestPlace } from '../../components/RequestPlace'
import { VoicePlayer } from '../../components/Voice'
import CallButton from './CallButton'

/** What was asked: category and status, the words or the voice note, when and where, who filed it and how to call them. */
export default function RequestSummary({ r }: { r: RequestView }) {
  // A finding (巡查发现) was reported by a grid worker, not brought in by a resident.
  const resident = r.source === 'resident'
  return (
    <View className='card'>
      <RequestHeading r={r} statusClassName='rdetail__status' />
      {r.title ? <Text className='rdetail__title'>{r.title}</Text> : null}
      {r.description ? <Text className='rdetail__desc'>{r.description}</Text> : null}
      {!r.description && !r.voice ? <Text className='rdetail__desc muted'>{resident ? '居民以语音反映' : '以语音上报'}，语音只有办理人员能听。</Text> : null}
      {r.voice ? (
        <View className='rdetail__voice'>
          <VoicePlayer url={r.voice.url} seconds={r.voice.seconds} contentType={r.voice.contentType} held={!r.voice.approved} />
        </View>
      ) : null}
      {r.contentStatus === 'review' ? <View className='notice rdetail__notice'>内容审核中，审核通过前其他居民看不到。</View> : null}
      <View className='rdetail__facts'>
        <Text className='muted'>提交于 {formatTime(r.createdAt, true)}</Text>
        <Text className='muted rdetail__type'>诉求类型：{REQUEST_TYPE_LABELS[r.type]}</Text>
        <RequestPlace r={r} />
        {r.filerName || r.household ? (
          <Text className='muted'>
            {resident ? '反映人' : '上报人'}：{r.filerName ?? ''}
            {r.household ? `（${r.household}）` : ''}
            {r.anonymous ? ' · 匿名' : ''}
            {r.filedOnBehalf ? ' · 代办' : ''}
          </Text>
        ) : null}
        {/* 来自走访: heard on a grid worker's visit; the visit's notes stay on the visit (its page: the grid's workers and staff). */}
        {r.fromVisit ? (
          <Text className='rdetail__from-visit' onClick={r.visitId ? () => void Taro.navigateTo({ url: `/visits/pages/detail/index?id=${r.visitId!}` }) : undefined}>
            来自走访{r.visitId ? ' · 查看走访记录 ›' : ''}
          </Text>
        ) : null}
        {r.contact ? (
          <View className='rdetail__call-row'>
            <Text className='muted'>
              {r.filedOnBehalf ? '代办联系人' : '居民电话'}：{r.contact.name}
              {r.contact.phone ? ` ${r.contact.phone}` : '（未留电话）'}（仅办理人员可见）
            </Text>
            {r.contact.phone ? <CallButton phone={r.contact.phone} label='拨打' /> : null}
          </View>
        ) : null}
        <Text className='muted'>
          {r.meTooCount > 0 ? `${r.meTooCount}人也遇到` : ''}
          {r.meTooCount > 0 && r.public ? ' · ' : ''}
          {r.public ? '已公开' : ''}
        </Text>
      </View>
    </View>
  )
}
