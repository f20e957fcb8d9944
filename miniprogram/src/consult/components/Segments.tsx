import { Text, View } from '@tarojs/components'
import './Segments.css'

interface Props<K extends string> {
  items: readonly { key: K; label: string }[]
  value: K
  onChange: (key: K) => void
}

/** One choice among a few, side by side (范围, 发起方式, 投票规则): every option in sight, the chosen one marked. */
export default function Segments<K extends string>({ items, value, onChange }: Props<K>) {
  return (
    <View className='csegs'>
      {items.map((i) => (
        <Text key={i.key} className={`csegs__item ${value === i.key ? 'csegs__item--on' : ''}`} onClick={() => onChange(i.key)}>
          {i.label}
        </Text>
      ))}
    </View>
  )
}
