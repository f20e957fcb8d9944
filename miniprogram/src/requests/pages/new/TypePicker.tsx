import { Text, View } from '@tarojs/components'
import { DEFAULT_REQUEST_TYPE, REQUEST_TYPES, REQUEST_TYPE_PLAIN_WORDS, type RequestType } from '@linli/shared'
import './TypePicker.css'

interface Props {
  value: RequestType | undefined
  onChange: (type: RequestType) => void
}

/**
 * 您想…: the request's type (咨询, 求助, 投诉, 建议) in a resident's own words — 我想咨询, 我需要帮助, 我要投诉,
 * 我有建议 — with a line under each; 我需要帮助 is chosen until another is tapped. Staff can correct it later (改类型).
 */
export default function TypePicker({ value, onChange }: Props) {
  const chosen = value ?? DEFAULT_REQUEST_TYPE
  return (
    <>
      <Text className='section-title'>您想</Text>
      <View className='card rnew__types'>
        {REQUEST_TYPES.map((t) => (
          <View key={t} className={`rnew__type rnew__type--${t} ${chosen === t ? 'rnew__type--on' : ''}`} onClick={() => onChange(t)}>
            <Text className='rnew__type-title'>{REQUEST_TYPE_PLAIN_WORDS[t].title}</Text>
            <Text className='rnew__type-hint'>{REQUEST_TYPE_PLAIN_WORDS[t].hint}</Text>
          </View>
        ))}
      </View>
    </>
  )
}
