import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { REQUEST_CATEGORY_LABELS } from '@linli/shared'
import { formatDate } from '../../../services/format'
import { statusLabel } from '../../format'
import type { Similar } from './useSimilar'
import './SimilarCard.css'

/** 附近已有类似诉求: shown once before filing, with 我也遇到 on the ones the caller may follow. */
export default function SimilarCard({ items, onJoin }: { items: Similar[]; onJoin: (s: Similar) => void }) {
  const joinable = items.some((s) => s.joinable)
  return (
    <View className='card rnew__similar'>
      <Text className='card__title'>附近已有类似诉求</Text>
      <Text className='muted'>
        同一楼栋近30天内已有人反映过同类问题，社区正在办理。
        {joinable ? '公开的诉求可点“我也遇到”一起关注办理进展，不必重复提交。' : '如果情况不同，仍可提交您的诉求。'}
      </Text>
      <Text className='muted rnew__similar-help'>{joinable ? '“我也遇到”：不再新提交，办理进展会通知您。' : ''}“仍要提交”：作为一条新的诉求提交给社区。</Text>
      {items.map((s) => (
        <View key={s.id} className='rnew__similar-item'>
          {/* Other residents' private requests show that they exist, never what they say. */}
          <Text className={s.excerpt ? 'rnew__similar-text' : 'rnew__similar-text muted'}>{s.excerpt ?? `${REQUEST_CATEGORY_LABELS[s.category]}类诉求（内容不公开）`}</Text>
          <View className='rnew__similar-foot'>
            <Text className='muted'>
              {formatDate(s.createdAt)} · {statusLabel(s.status)} · {s.meTooCount}人也遇到
            </Text>
            {s.joinable ? (
              <Button size='small' type='primary' fill={s.joined ? 'outline' : 'solid'} disabled={s.joined} onClick={() => onJoin(s)}>
                {s.joined ? '已关注' : '我也遇到'}
              </Button>
            ) : null}
          </View>
        </View>
      ))}
    </View>
  )
}
