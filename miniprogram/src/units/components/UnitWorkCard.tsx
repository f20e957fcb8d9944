import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { UnitRef } from '@linli/shared'
import { ErrorState, Loading } from '../../components/StateView'
import { useRecord } from '../../components/useRecord'
import { listActiveUnitRequests } from '../units.api'
import { UNIT_QUEUE_PAGE } from '../format'
import UnitMessagesLink from './UnitMessagesLink'
import '../units.css'

/**
 * 单位工作台 on 首页 of a unit's member (物业、城管、自来水公司…): their units and how many dispatched requests wait —
 * 待签收, 办理中, and how many of them are past their deadline (red), and 单位消息 with its unread count. One tap
 * opens the 工作台. Read again whenever
 * 首页 shows.
 */
export default function UnitWorkCard({ units }: { units: UnitRef[] }) {
  const record = useRecord(
    (opts) =>
      listActiveUnitRequests(opts).then((r) => ({
        waiting: r.items.filter((i) => i.dispatch.status === 'dispatched').length,
        working: r.items.filter((i) => i.dispatch.status === 'acknowledged').length,
        overdue: r.items.filter((i) => i.overdue).length,
      })),
    [units.map((u) => u.id).join(',')],
  )
  const data = record.data
  const open = () => void Taro.navigateTo({ url: UNIT_QUEUE_PAGE })
  return (
    <>
      <Text className='section-title'>单位工作台</Text>
      <View className='card uwork' onClick={open}>
        <Text className='card__title'>{units.map((u) => u.name).join('、')}</Text>
        {!data && !record.error ? <Loading /> : null}
        {record.error ? <ErrorState message={record.error} onRetry={() => void record.load()} /> : null}
        {data ? (
          <View className='uwork__figures'>
            <View className='uwork__figure'>
              <Text className={`uwork__number ${data.waiting ? 'uwork__number--on' : ''}`}>{data.waiting}</Text>
              <Text className='muted'>待签收</Text>
            </View>
            <View className='uwork__figure'>
              <Text className='uwork__number'>{data.working}</Text>
              <Text className='muted'>办理中</Text>
            </View>
            <View className='uwork__figure'>
              <Text className={`uwork__number ${data.overdue ? 'uwork__number--late' : ''}`}>{data.overdue}</Text>
              <Text className='muted'>已超时</Text>
            </View>
          </View>
        ) : null}
        <Button className='block-button uwork__open' type='primary' block onClick={open}>
          进入单位工作台
        </Button>
        <UnitMessagesLink />
      </View>
    </>
  )
}
