import { Text, View } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import { REQUEST_CATEGORY_LABELS, REQUEST_SOURCE_LABELS, REQUEST_TYPE_LABELS, type RequestView } from '@linli/shared'
import { statusLabel, statusTagType } from '../format'
import './RequestHeading.css'

interface Props {
  /** Urgency and source where known (a patrol's list of findings has neither: all of them are 巡查发现). */
  r: Pick<RequestView, 'category' | 'status'> & Partial<Pick<RequestView, 'urgency' | 'source' | 'mediationCaseId' | 'type'>>
  /** The status tag's own class where the page needs one (tests find the status by it). */
  statusClassName?: string
}

/**
 * A request's first line, in lists and on its page: category, 紧急, its type unless 求助, who brought it in when it was not a resident
 * (巡查发现, 流动网格员上报: residents' own requests look as they always did), and its status on the right.
 */
export default function RequestHeading({ r, statusClassName = '' }: Props) {
  return (
    <View className='request-head'>
      <Text className='request-head__category'>{REQUEST_CATEGORY_LABELS[r.category]}</Text>
      {r.urgency === 'urgent' ? (
        <Tag type='danger' className='request-head__tag'>
          紧急
        </Tag>
      ) : null}
      {/* 咨询, 投诉, 建议 (求助, the default, as requests always looked): deadlines differ by type. */}
      {r.type && r.type !== 'help' ? <Text className={`request-head__type request-head__type--${r.type}`}>{REQUEST_TYPE_LABELS[r.type]}</Text> : null}
      {r.source && r.source !== 'resident' ? (
        <Text className='request-head__source'>{REQUEST_SOURCE_LABELS[r.source]}</Text>
      ) : null}
      <View className='request-head__spacer' />
      {/* 已转调解: a 邻里纠纷 handed to mediation stays in progress until the case concludes. */}
      {r.mediationCaseId ? (
        <Tag type='primary' className='request-head__tag request-head__mediation'>
          已转调解
        </Tag>
      ) : null}
      <Tag type={statusTagType(r.status)} className={statusClassName}>
        {statusLabel(r.status)}
      </Tag>
    </View>
  )
}
