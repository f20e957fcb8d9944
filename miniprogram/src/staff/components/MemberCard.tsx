import type { ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import { ROLE_LABELS, type Membership } from '@linli/shared'
import { householdText } from '../../services/community'
import { roleTagStyle } from '../members'
import './MemberCard.css'

interface Props {
  member: Membership
  /** Beside the name: 管理 ›, the date applied, the status. */
  aside?: ReactNode
  /** Said when there is no household on record. */
  noHousehold?: string
  /** The member's own page: larger name, and 拨打 beside the number (lists show it masked). */
  full?: boolean
  className?: string
  onClick?: () => void
  children?: ReactNode
}

/** A member as staff see them everywhere (居民管理, 待审核, the member's page): name, roles, address, phone. */
export default function MemberCard({ member: m, aside, noHousehold, full, className = '', onClick, children }: Props) {
  return (
    <View className={`card member ${full ? 'member--full' : ''} ${className}`} onClick={onClick}>
      <View className='member__head'>
        <Text className='member__name'>
          {m.name}
          {m.realName ? `（${m.realName}）` : ''}
        </Text>
        {aside}
      </View>
      {m.roles.length > 0 ? (
        <View className='member__roles'>
          {m.roles.map((r) => (
            <Tag key={r} {...roleTagStyle(r)} className='member__role'>
              {ROLE_LABELS[r]}
            </Tag>
          ))}
        </View>
      ) : null}
      <Text className='member__line'>住址：{householdText(m.household, noHousehold)}</Text>
      <View className='member__line'>
        <Text>手机：{m.phone ?? '未填写'}</Text>
        {full && m.phone ? (
          <Text className='member__link' onClick={() => void Taro.makePhoneCall({ phoneNumber: m.phone! })}>
            拨打
          </Text>
        ) : null}
      </View>
      {children}
    </View>
  )
}
