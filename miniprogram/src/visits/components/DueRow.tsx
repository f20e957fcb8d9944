import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Tag } from '@nutui/nutui-react-taro'
import { VISIT_STATE_LABELS, type HouseholdRecordView } from '@linli/shared'
import { householdPage } from '../../households/households.api'
import { dueLine, flagNames, newVisitPage, visitStateTag } from '../format'
import './visits.css'

/**
 * A flagged household due for a visit: address, flags and who lives there, where its next visit stands, and
 * 记录走访 right on the row (a grid worker at the door should not need two pages to start). A tap elsewhere opens
 * the household.
 */
export default function DueRow({ h, compact }: { h: HouseholdRecordView; compact?: boolean }) {
  const people = h.occupants.map((o) => o.name).join('、')
  const state = h.visit?.state
  return (
    <View className={`${compact ? '' : 'card '}due-row`} onClick={() => void Taro.navigateTo({ url: householdPage(h.id) })}>
      <View className='due-row__top'>
        <Text className='due-row__address'>{h.address}</Text>
        {state ? <Tag type={visitStateTag(state)}>{VISIT_STATE_LABELS[state]}</Tag> : null}
      </View>
      <Text className='muted due-row__line'>
        {flagNames(h)}
        {people ? ` · ${people}` : ''}
      </Text>
      {h.visit ? <Text className='muted due-row__line'>{dueLine(h.visit)}</Text> : null}
      {compact ? null : (
        <Button
          className='due-row__go'
          size='small'
          type='primary'
          fill='outline'
          onClick={(e) => {
            e.stopPropagation()
            void Taro.navigateTo({ url: newVisitPage(h.id) })
          }}
        >
          记录走访
        </Button>
      )}
    </View>
  )
}
