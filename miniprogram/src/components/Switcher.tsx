import { Text, View } from '@tarojs/components'
import './Switcher.css'

interface Props<K extends string> {
  options: readonly { key: K; label: string }[]
  value: K
  onChange: (key: K) => void
  /** tabs: a full-width bar with the chosen one underlined (近期活动 / 我的); segments: a small pill group (本月 / 本年). */
  look: 'tabs' | 'segments'
  className?: string
  /** A class of each option, for pages and tests that name them (vboard__by). */
  itemClassName?: string
}

/** One choice out of a few, shown side by side: which list or which figure a page shows. */
export default function Switcher<K extends string>({ options, value, onChange, look, className = '', itemClassName = '' }: Props<K>) {
  return (
    <View className={`switcher switcher--${look} ${className}`}>
      {options.map((o) => (
        <Text key={o.key} className={`switcher__item ${itemClassName} ${value === o.key ? 'switcher__item--on' : ''}`} onClick={() => onChange(o.key)}>
          {o.label}
        </Text>
      ))}
    </View>
  )
}
