import { Text, View } from '@tarojs/components'
import './RewardHead.css'

/** A reward's name and what it costs: the first line of its card in the 积分超市 and on the merchant's list. */
export default function RewardHead({ reward }: { reward: { name: string; cost: number } }) {
  return (
    <View className='reward-head'>
      <Text className='reward-head__name'>{reward.name}</Text>
      <Text className='reward-head__cost'>{reward.cost}积分</Text>
    </View>
  )
}
