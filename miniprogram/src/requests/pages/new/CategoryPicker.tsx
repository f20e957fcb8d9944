import { Text, View } from '@tarojs/components'
import { REQUEST_CATEGORIES, REQUEST_CATEGORY_LABELS, REQUEST_CATEGORY_MARKS, type RequestCategory } from '@linli/shared'
import './CategoryPicker.css'

interface Props {
  value: RequestCategory | null
  error?: string
  onChange: (category: RequestCategory) => void
}

/** 问题类别 *: the categories as a grid of one-character marks (big targets an elderly user reads at a glance), the chosen one filled. */
export default function CategoryPicker({ value, error, onChange }: Props) {
  return (
    <>
      <Text className='section-title'>问题类别 *</Text>
      <View className='card rnew__categories'>
        {REQUEST_CATEGORIES.map((c) => (
          <View key={c} className={`rnew__category ${value === c ? 'rnew__category--on' : ''}`} onClick={() => onChange(c)}>
            <Text className='rnew__category-mark'>{REQUEST_CATEGORY_MARKS[c]}</Text>
            <Text className='rnew__category-label'>{REQUEST_CATEGORY_LABELS[c]}</Text>
          </View>
        ))}
        {error ? <Text className='field__error rnew__category-error'>{error}</Text> : null}
      </View>
    </>
  )
}
