import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import { PATROL_STATUS_LABELS, type PatrolView } from '@linli/shared'
import { formatTime } from '../../services/format'
import { patrolDuration, patrolPage, patrolTagType } from '../format'
import './PatrolRow.css'

/** One patrol in the records: grid, state, who (for staff) and when, and what it covered. */
export default function PatrolRow({ p, showWorker }: { p: PatrolView; showWorker: boolean }) {
  return (
    <View className='card patrol-row' onClick={() => void Taro.navigateTo({ url: patrolPage(p.id) })}>
      <View className='patrol-row__top'>
        <Text className='patrol-row__grid'>{p.gridName}</Text>
        {showWorker ? <Text className='muted patrol-row__worker'>{p.workerName}</Text> : null}
        <View className='patrol-row__spacer' />
        <Tag type={patrolTagType(p.status)}>{PATROL_STATUS_LABELS[p.status]}</Tag>
      </View>
      <Text className='muted'>
        {formatTime(p.startedAt)} · {patrolDuration(p)}
      </Text>
      <Text className='patrol-row__figures'>
        打卡 {p.checkedCount}/{p.buildingCount} 栋 · 发现问题 {p.findingCount} 个
      </Text>
    </View>
  )
}
