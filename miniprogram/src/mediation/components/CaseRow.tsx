import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import { CASE_STATUS_LABELS, RISK_LEVEL_LABELS, type CaseView } from '@linli/shared'
import { formatDate } from '../../services/format'
import { caseKind, casePage, caseTagType, mediatorNames, riskTagType } from '../format'
import '../mediation.css'

/**
 * One case in a list: its kind, grade and state, who mediates and when it opened — never its contents (staff's
 * register shows exactly this; a party's 我的调解 and a mediator's list too, and the page shows the rest).
 */
export default function CaseRow({ c }: { c: CaseView }) {
  return (
    <View className='card case-row' onClick={() => void Taro.navigateTo({ url: casePage(c.id) })}>
      <View className='case-row__top'>
        <Text className='case-row__kind'>{caseKind(c)}</Text>
        <View className='case-row__spacer' />
        {c.risk !== 'ordinary' ? <Tag type={riskTagType(c.risk)}>{RISK_LEVEL_LABELS[c.risk]}</Tag> : null}
        <Tag type={caseTagType(c.status)}>{CASE_STATUS_LABELS[c.status]}</Tag>
      </View>
      <Text className='muted case-row__line'>
        {c.number} · {formatDate(c.createdAt)} 登记{c.level === 'street' ? ' · 街道受理' : ''}
      </Text>
      <Text className='muted case-row__line'>调解员：{mediatorNames(c)}</Text>
      {c.status === 'confirmed' && c.followUpDueAt ? (
        <Text className={`case-row__line ${Date.parse(c.followUpDueAt) <= Date.now() ? 'case-row__due' : 'muted'}`}>
          回访日期：{formatDate(c.followUpDueAt)}
          {Date.parse(c.followUpDueAt) <= Date.now() ? '（已到期，请回访）' : ''}
        </Text>
      ) : null}
    </View>
  )
}
