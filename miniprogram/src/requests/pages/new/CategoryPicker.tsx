import { Text, View } from '@tarojs/components'
import { REQUEST_CATEGORIES, REQUEST_CATEGORY_LABELS, type RequestCategory } from '@linli/shared'
import './CategoryPicker.css'

/** One character on each category's round mark: big targets an elderly user can read at a glance. */
const CATEGORY_MARKS: Record<RequestCategory, string> = {
  property: '物',
  environment: '环',
  facility: '修',
  dispute: '邻',
  elderly: '老',
  parking: '车',
  safety: '安',
  other: '他',
}

interface Props {
  value: RequestCategory | null
  error?: string
  onChange: (category: RequestCategory) => void
}

/** 问题类别 *: the eight categories as a grid of marks, the chosen one filled. */
export default function CategoryPicker({ value, error, onChange }: Props) {
  return (
    <>
      <Text className='section-title'>问题类别 *</Text>
      <View className='card rnew__categories'>
        {REQUEST_CATEGORIES.map((c) => (
          <View key={c} className={`rnew__category ${value === c ? 'rnew__category--on' : ''}`} onClick={() => onChange(c)}>
            <Text className='rnew__category-mark'>{CATEGORY_MARKS[c]}</Text>
            <Text className='rnew__category-label'>{REQUEST_CATEGORY_LABELS[c]}</Text>
          </View>
        ))}
        {error ? <Text className='field__error rnew__category-error'>{error}</Text> : null}
      </View>
    </>
  )
}
