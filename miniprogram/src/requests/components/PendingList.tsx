import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { REQUEST_CATEGORY_LABELS } from '@linli/shared'
import { discard, sendNow, usePending, type PendingRequest } from '../drafts'
import { formatTime } from '../../services/format'
import './PendingList.css'

const STATE_LABELS: Record<PendingRequest['state'], string> = {
  waiting: '等待网络，联网后自动发送',
  sending: '正在发送…',
  failed: '未能提交',
}

/**
 * 待发送: requests written here that found no network, waiting on this phone. Says plainly where each stands;
 * 立即发送 tries now, 编辑 takes it back into the form (submitted again it is a new request), 删除 forgets it.
 */
export default function PendingList({ communityId, onEdit }: { communityId: string | undefined; onEdit: (item: PendingRequest) => void }) {
  const items = usePending(communityId)
  if (!items.length) return null
  return (
    <View className='card pending'>
      <Text className='card__title'>待发送（{items.length}）</Text>
      <Text className='muted pending__hint'>保存在本机，网络恢复后自动提交，不会重复提交。</Text>
      {items.map((p) => (
        <View key={p.id} className={`pending__item pending__item--${p.state}`}>
          <View className='pending__head'>
            <Text className='pending__category'>{p.body.category ? REQUEST_CATEGORY_LABELS[p.body.category] : '诉求'}</Text>
            <Text className={`pending__state pending__state--${p.state}`}>{STATE_LABELS[p.state]}</Text>
          </View>
          <Text className='pending__text'>
            {(p.body.description || (p.voice ? `语音 ${p.voice.seconds}″` : '')).slice(0, 40)}
            {p.photos.length ? ` · ${p.photos.length}张照片` : ''}
          </Text>
          {p.error ? <Text className='pending__error'>{p.error}</Text> : null}
          <View className='pending__foot'>
            <Text className='muted'>保存于 {formatTime(p.savedAt, true)}</Text>
            <View className='pending__actions'>
              <Button size='small' fill='outline' disabled={p.state === 'sending'} onClick={() => discard(p.id)}>
                删除
              </Button>
              <Button size='small' fill='outline' disabled={p.state === 'sending'} onClick={() => onEdit(p)}>
                编辑
              </Button>
              {p.state !== 'failed' ? (
                <Button size='small' type='primary' loading={p.state === 'sending'} disabled={p.state === 'sending'} onClick={() => void sendNow(p.id)}>
                  立即发送
                </Button>
              ) : null}
            </View>
          </View>
        </View>
      ))}
    </View>
  )
}
