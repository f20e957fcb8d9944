import { Text, View } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import { CASE_ORIGIN_LABELS, RISK_LEVEL_LABELS, SUCCEEDED_CASE_STATUSES, type CaseView } from '@linli/shared'
import { formatDate } from '../../../services/format'
import { caseKind, caseState, caseTagType, mediatorNames, riskTagType } from '../../format'

/** A case at a glance: its number and state, kind and grade, who holds it and mediates it, and its dates. */
export default function CaseHead({ c }: { c: CaseView }) {
  const tags = c.risk !== 'ordinary' || c.level === 'street' || c.reopenCount > 0
  return (
    <View className='card case-head'>
      <View className='case-head__top'>
        <Text className='case-head__number'>调解案件 {c.number}</Text>
        <Tag type={caseTagType(c.status)} className='case-head__status'>
          {caseState(c)}
        </Tag>
      </View>
      <Text className='case-head__kind'>{caseKind(c)}</Text>
      {tags ? (
        <View className='case-head__tags'>
          {c.risk !== 'ordinary' ? <Tag type={riskTagType(c.risk)}>风险{RISK_LEVEL_LABELS[c.risk]}</Tag> : null}
          {c.level === 'street' ? <Tag type='primary'>街道受理</Tag> : null}
          {c.reopenCount > 0 ? <Tag type='warning'>回访后重新调解{c.reopenCount}次</Tag> : null}
        </View>
      ) : null}
      <Text className='muted case-line'>调解员：{mediatorNames(c)}</Text>
      <Text className='muted case-line'>
        {CASE_ORIGIN_LABELS[c.origin]} · {formatDate(c.createdAt)} 登记 · 当事人{c.partyCount}方
      </Text>
      {c.concludedAt ? (
        <Text className='muted case-line'>
          {formatDate(c.concludedAt)} {SUCCEEDED_CASE_STATUSES.includes(c.status) ? '达成调解协议' : '结案'}
        </Text>
      ) : null}
      {c.followUpDueAt && c.status === 'confirmed' ? <Text className='muted case-line'>回访日期：{formatDate(c.followUpDueAt)}（回访协议履行情况）</Text> : null}
    </View>
  )
}
