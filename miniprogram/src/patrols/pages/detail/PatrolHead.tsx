import { Text, View } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import { PATROL_STATUS_LABELS, type PatrolView } from '@linli/shared'
import FigureRow from '../../../components/FigureRow'
import { patrolDuration, patrolTagType, patrolTimes } from '../../format'

/** A patrol at a glance: the grid, under way or ended, who and when, and its three figures. */
export default function PatrolHead({ p, checked }: { p: PatrolView; checked: number }) {
  const ongoing = p.status === 'ongoing'
  const figures = [
    { value: patrolDuration(p), label: ongoing ? '已巡查' : '巡查时长' },
    { value: `${checked}/${p.buildingCount}`, label: '已打卡楼栋' },
    { value: String(p.findingCount), label: '发现问题' },
  ]
  return (
    <View className='card patrol-head'>
      <View className='patrol-head__top'>
        <Text className='patrol-head__grid'>{p.gridName}</Text>
        <Tag type={patrolTagType(p.status)} className='patrol-head__status'>
          {PATROL_STATUS_LABELS[p.status]}
        </Tag>
      </View>
      <Text className='muted'>
        {p.workerName} · {patrolTimes(p)}
      </Text>
      <FigureRow figures={figures} className='patrol-head__figures' itemClassName='patrol-head__figure' valueClassName='patrol-head__value' />
    </View>
  )
}
