import { Text, View } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import { REQUEST_CATEGORY_LABELS, type RequestView } from '@linli/shared'
import { statusLabel, statusTagType } from '../format'
import './RequestHeading.css'

interface Props {
  r: Pick<RequestView, 'category' | 'urgency' | 'status'>
  /** The status tag's own class where the page needs one (tests find the status by it). */
  statusClassName?: string
}

/** A request's first line, in lists and on its page: category, 紧急, and its status on the right. */
export default function RequestHeading({ r, statusClassName = '' }: Props) {
  return (
    <View className='request-head'>
      <Text className='request-head__category'>{REQUEST_CATEGORY_LABELS[r.category]}</Text>
      {r.urgency === 'urgent' ? (
        <Tag type='danger' className='request-head__tag'>
          紧急
        </Tag>
      ) : null}
      <View className='request-head__spacer' />
      <Tag type={statusTagType(r.status)} className={statusClassName}>
        {statusLabel(r.status)}
      </Tag>
    </View>
  )
}
