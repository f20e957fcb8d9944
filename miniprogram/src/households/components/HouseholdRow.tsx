import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { HouseholdRecordView } from '@linli/shared'
import { householdPage } from '../households.api'
import '../households.css'

/** One household in the register: its address and who lives there (未登记住户 when nobody is recorded). */
export default function HouseholdRow({ h }: { h: HouseholdRecordView }) {
  const people = h.occupants.map((o) => (o.hasAccount ? o.name : `${o.name}（未使用微信）`)).join('、')
  return (
    <View className='card hh-row' onClick={() => void Taro.navigateTo({ url: householdPage(h.id) })}>
      <Text className='hh-row__address'>{h.address}</Text>
      <Text className='muted hh-row__people'>{people || '未登记住户'}</Text>
    </View>
  )
}
