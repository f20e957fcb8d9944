import { Text, View } from '@tarojs/components'

interface Props {
  value: string
  name: string
  /** What it counts, in numbers (按时响应 3 / 应响应 4). */
  basis: string
  detail?: string | null
  /** What is not in it yet (待响应 2，未超时). */
  pending?: string | null
  className?: string
}

/** One rate of the board: the figure and its name, and beside it what it counts and what is still pending. */
export default function RateCard({ value, name, basis, detail, pending, className = '' }: Props) {
  return (
    <View className={`dash__rate ${className}`}>
      <View className='dash__rate-head'>
        <Text className='dash__rate-value'>{value}</Text>
        <Text className='muted dash__rate-name'>{name}</Text>
      </View>
      <View className='dash__rate-body'>
        <Text className='dash__rate-basis'>{basis}</Text>
        {detail ? <Text className='muted dash__rate-detail'>{detail}</Text> : null}
        {pending ? <Text className='pill dash__rate-pending'>{pending}</Text> : null}
      </View>
    </View>
  )
}
