import Taro from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import type { ConsultationView } from '@linli/shared'
import { formatTime } from '../../../services/format'
import Meter from './Meter'

const preview = (urls: string[], current: string) => void Taro.previewImage({ urls, current })

/** 落实情况: how far the decision has been carried out, and the updates staff posted, newest first. */
export default function FollowUp({ c }: { c: ConsultationView }) {
  return (
    <View className='card cdetail__follow'>
      <Meter part={c.progress} whole={100} figure={`${c.progress}%`} done />
      {c.updates.length === 0 ? <Text className='muted cdetail__line'>社区将在这里公布决议的落实进展。</Text> : null}
      {[...c.updates].reverse().map((u) => (
        <View key={u.id} className='cdetail__update'>
          <View className='cdetail__update-head'>
            <Text className='cdetail__update-progress'>{u.progress}%</Text>
            <Text className='muted'>
              {formatTime(u.at)}
              {u.authorName ? ` · ${u.authorName}` : ''}
            </Text>
          </View>
          <Text className='cdetail__update-note'>{u.note}</Text>
          {u.photos.length > 0 ? (
            <View className='cdetail__photos'>
              {u.photos.map((p) => (
                <Image key={p.key} className='cdetail__thumb' src={p.url} mode='aspectFill' onClick={() => preview(u.photos.map((x) => x.url), p.url)} />
              ))}
            </View>
          ) : null}
        </View>
      ))}
    </View>
  )
}
