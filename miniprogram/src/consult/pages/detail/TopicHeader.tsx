import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Tag } from '@nutui/nutui-react-taro'
import { ENDED_CONSULTATION_STATUSES, SCOPE_LEVEL_LABELS, type ConsultationView } from '@linli/shared'
import { IS_WEAPP } from '../../../services/config'
import { formatTime } from '../../../services/format'
import { askConsultationSubscription } from '../../consult.api'
import { consultationStatusLabel, consultationTagType, topicPath } from '../../format'

const remind = async (id: string) => {
  const ok = await askConsultationSubscription(id)
  void Taro.showToast({ title: ok ? '已订阅，议题开始投票和公布结果时会提醒您' : '未订阅微信提醒，消息页仍会通知您', icon: 'none' })
}

/** The proposal itself: scope, stage, text, who and when, why it was refused or merged; 修改 and 提醒我. */
export default function TopicHeader({ c, onEdit }: { c: ConsultationView; onEdit: () => void }) {
  const closed = c.status === 'rejected' || c.status === 'merged'
  return (
    <View className='card'>
      <View className='cdetail__head'>
        <Text className='cdetail__scope'>
          {SCOPE_LEVEL_LABELS[c.scope.level]} · {c.scope.name}
        </Text>
        <View className='cdetail__spacer' />
        <Tag type={consultationTagType(c.status)} className='cdetail__status'>
          {consultationStatusLabel(c.status)}
        </Tag>
      </View>
      <Text className='cdetail__title'>{c.title}</Text>
      <Text className='cdetail__body'>{c.body}</Text>
      {c.contentStatus === 'review' ? <View className='notice cdetail__notice'>内容审核中，审核通过前其他居民看不到。</View> : null}
      <View className='cdetail__facts'>
        <Text className='muted'>
          {c.byStaff ? '社区发起' : '提出人'}：{c.authorName}
          {c.viewer.isAuthor ? '（我）' : ''}
        </Text>
        <Text className='muted'>提出于 {formatTime(c.createdAt, true)}</Text>
      </View>
      {c.reason && closed ? (
        <View className='cdetail__reason'>
          <Text>
            {c.status === 'rejected' ? '不予采纳理由' : '合并说明'}：{c.reason}
          </Text>
        </View>
      ) : null}
      {c.reviewReason && !closed ? (
        <View className='cdetail__reason cdetail__review-reason'>
          <Text>社区提交审核的理由：{c.reviewReason}</Text>
        </View>
      ) : null}
      {c.mergedInto ? (
        <Text className='cdetail__link' onClick={() => void Taro.navigateTo({ url: topicPath(c.mergedInto!) })}>
          已合并，查看合并后的议题 ›
        </Text>
      ) : null}
      <View className='cdetail__head-actions'>
        {c.actions.includes('edit') ? (
          <Button size='small' fill='outline' type='primary' onClick={onEdit}>
            修改
          </Button>
        ) : null}
        {IS_WEAPP && !ENDED_CONSULTATION_STATUSES.includes(c.status) ? (
          <Button size='small' fill='outline' onClick={() => void remind(c.id)}>
            提醒我
          </Button>
        ) : null}
      </View>
    </View>
  )
}
