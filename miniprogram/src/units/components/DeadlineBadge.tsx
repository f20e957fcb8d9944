import { Text } from '@tarojs/components'
import { timeLeft } from '../format'

/** 签收剩余5小时 / 办结已超时: the time left of a unit's own deadline, red once it has passed. */
export default function DeadlineBadge({ kind, iso }: { kind: string; iso: string }) {
  const left = timeLeft(iso)
  return <Text className={`ubadge ${left.overdue ? 'ubadge--overdue' : ''}`}>{left.overdue ? `${kind}已超时` : `${kind}${left.label}`}</Text>
}
