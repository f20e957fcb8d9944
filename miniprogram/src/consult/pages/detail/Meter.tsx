import { Text, View } from '@tarojs/components'
import { share } from '../../../services/format'

interface Props {
  part: number
  whole: number
  /** The words beside the bar (`3/10人`, `已投 2/40户`, `60%`); none for a tally, whose figure is above it. */
  figure?: string
  /** The follow-up's bar: thicker, and green for what is done. */
  done?: boolean
}

/** A progress bar with its figure: supports, turnout, a tally, the follow-up. */
export default function Meter({ part, whole, figure, done }: Props) {
  const bar = (
    <View className={`cdetail__bar ${done ? 'cdetail__bar--thick' : ''}`}>
      <View className={`cdetail__fill ${done ? 'cdetail__fill--done' : ''}`} style={{ width: `${share(part, whole)}%` }} />
    </View>
  )
  if (figure === undefined) return bar
  return (
    <View className='cdetail__progress'>
      {bar}
      <Text className='cdetail__figure'>{figure}</Text>
    </View>
  )
}
