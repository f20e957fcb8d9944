import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import type { MobileGridApplicationView } from '@linli/shared'
import { dateTime } from '../../services/format'
import { STATUS_TONE, platformText, statusText } from '../format'
import '../mobile-grid.css'

/** One application as its applicant or staff read it: who, where they work, the status (未通过 with its reason). */
export default function ApplicationCard({ app, title, children }: { app: MobileGridApplicationView; title: string; children?: ReactNode }) {
  return (
    <View className='card mgrid__app'>
      <View className='mgrid__head'>
        <Text className='mgrid__name'>{title}</Text>
        <Text className={`mgrid__pill mgrid__pill--${STATUS_TONE[app.status]}`}>{statusText(app)}</Text>
      </View>
      <Text className='mgrid__line'>
        {app.realName} · {platformText(app)} · {app.phone}
      </Text>
      {app.area ? <Text className='mgrid__line'>配送范围：{app.area}</Text> : null}
      <Text className='muted'>{dateTime(app.createdAt)} 申请</Text>
      {children}
    </View>
  )
}
