import { Text, View } from '@tarojs/components'
import type { PatrolView } from '@linli/shared'

interface Props {
  buildings: NonNullable<PatrolView['buildings']>
  checked: ReadonlySet<string>
  /** Checks on their way: ✓ already, marked so a failure that takes it back is not a surprise. */
  pending: ReadonlySet<string>
  /** The building the worker is at (the last one tapped): a finding is filed there unless they change it. */
  current: string | null
  /** Only the patrol's own worker checks buildings, and only while it is under way (the view's `actions`). */
  canCheck: boolean
  onTap: (buildingId: string) => void
}

/**
 * 楼栋打卡: the grid's buildings as big tiles, two to a row, for a thumb on the move. A tap checks a building in;
 * tapping one already checked makes it where a finding will be filed.
 */
export default function BuildingTiles({ buildings, checked, pending, current, canCheck, onTap }: Props) {
  return (
    <View className='tiles'>
      {buildings.map((b) => {
        const on = checked.has(b.id)
        const state = pending.has(b.id) ? '打卡中…' : on ? '✓ 已打卡' : canCheck ? '点击打卡' : '未打卡'
        return (
          <View
            key={b.id}
            className={`tiles__tile ${on ? 'tiles__tile--on' : ''} ${current === b.id ? 'tiles__tile--current' : ''}`}
            onClick={canCheck ? () => onTap(b.id) : undefined}
          >
            <Text className='tiles__name'>{b.name}</Text>
            <Text className='tiles__state'>{state}</Text>
          </View>
        )
      })}
    </View>
  )
}
