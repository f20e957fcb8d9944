import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'

export interface Figure {
  value: ReactNode
  label: string
  /** A class of this figure's value only (the one figure a page colours, say). */
  valueClassName?: string
}

interface Props {
  figures: readonly Figure[]
  /** The page's own classes (its layout, 大字模式 rules, and the names its tests find figures by). */
  className?: string
  itemClassName?: string
  valueClassName?: string
}

/** A few figures side by side, each its value over its name (积分结余, 投票率, 巡查时长): how a record sums itself up. */
export default function FigureRow({ figures, className = '', itemClassName = '', valueClassName = '' }: Props) {
  return (
    <View className={className}>
      {figures.map((f) => (
        <View key={f.label} className={itemClassName}>
          <Text className={`${valueClassName} ${f.valueClassName ?? ''}`}>{f.value}</Text>
          <Text className='muted'>{f.label}</Text>
        </View>
      ))}
    </View>
  )
}
