import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import { DISPATCH_ROLE_LABELS, DISPATCH_STATUS_LABELS, REQUEST_CATEGORY_LABELS, SEND_BACK_REASON_LABELS } from '@linli/shared'
import { formatTime } from '../../services/format'
import { unitRequestPage } from '../format'
import type { UnitQueueItem } from '../units.api'
import DeadlineBadge from './DeadlineBadge'

/**
 * One dispatched request in the unit's 工作台: what it is and where, 主办 or 协办, and the deadline that matters now —
 * 签收 before it is acknowledged, 办结 after (red once passed); a sent-back one says why, a resolved one when.
 */
export default function DispatchRow({ item }: { item: UnitQueueItem }) {
  const { dispatch: d, request: r } = item
  const waiting = d.status === 'dispatched'
  const working = d.status === 'acknowledged'
  return (
    <View className='card udispatch' onClick={() => void Taro.navigateTo({ url: unitRequestPage(d.requestId) })}>
      <View className='udispatch__head'>
        <Text className='udispatch__category'>【{REQUEST_CATEGORY_LABELS[r.category]}】</Text>
        {r.urgency === 'urgent' ? <Tag type='danger'>紧急</Tag> : null}
        <Tag type={d.role === 'lead' ? 'primary' : 'default'}>{DISPATCH_ROLE_LABELS[d.role]}</Tag>
        <View className='udispatch__spacer' />
        <Text className='muted'>{DISPATCH_STATUS_LABELS[d.status]}</Text>
      </View>
      <Text className='udispatch__title'>{r.title ?? r.excerpt}</Text>
      <Text className='muted udispatch__line'>
        {[d.communityName, r.buildingName, d.unitName].filter(Boolean).join(' · ')}
      </Text>
      <View className='udispatch__foot'>
        <Text className='muted'>派发于 {formatTime(d.dispatchedAt)}</Text>
        <View className='udispatch__spacer' />
        {waiting ? <DeadlineBadge kind='签收' iso={d.respondBy} /> : null}
        {working ? <DeadlineBadge kind='办结' iso={d.resolveBy} /> : null}
        {d.status === 'resolved' && d.resolvedAt ? (
          <Text className={`ubadge ${new Date(d.resolvedAt) <= new Date(d.resolveBy) ? 'ubadge--done' : 'ubadge--late'}`}>
            {new Date(d.resolvedAt) <= new Date(d.resolveBy) ? '按时办结' : '超时办结'}
          </Text>
        ) : null}
      </View>
      {d.status === 'sent_back' && d.sendBack ? (
        <Text className='muted udispatch__line'>
          退单原因：{SEND_BACK_REASON_LABELS[d.sendBack.reason]}
          {d.sendBack.note ? `（${d.sendBack.note}）` : ''} · {formatTime(d.sendBack.at)} · 等待派发方处理
        </Text>
      ) : null}
    </View>
  )
}

