import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import PageShell from '../../../components/PageShell'
import RoleGate from '../../../components/RoleGate'
import Switcher from '../../../components/Switcher'
import { Empty } from '../../../components/StateView'
import { ListStatus } from '../../../components/ListStates'
import { usePagedList } from '../../../components/usePagedList'
import { useShownAgain } from '../../../components/useShownAgain'
import { useSession } from '../../../services/session'
import DispatchRow from '../../components/DispatchRow'
import UnitMessagesLink from '../../components/UnitMessagesLink'
import { listUnitRequests, type UnitQueueItem, type UnitQueueStatus } from '../../units.api'
import { UNIT_JOIN_PAGE } from '../../format'
import { myUnits } from '../../roles'
import '../../units.css'

const TABS: { key: UnitQueueStatus; label: string }[] = [
  { key: 'dispatched', label: '待签收' },
  { key: 'acknowledged', label: '办理中' },
  { key: 'sent_back', label: '退单中' },
  { key: 'resolved', label: '已办结' },
]

const EMPTY: Record<UnitQueueStatus, { title: string; description: string }> = {
  dispatched: { title: '没有待签收的诉求', description: '社区或街道派发（吹哨）给本单位的诉求会出现在这里，请在签收时限内签收。' },
  acknowledged: { title: '没有办理中的诉求', description: '签收后的诉求在这里，办结前可以回复居民、申请延期或退单。' },
  sent_back: { title: '没有退单中的诉求', description: '本单位退回的诉求等待派发方重新派发或驳回，驳回后会回到待签收。' },
  resolved: { title: '还没有办结的诉求', description: '办结后社区会对本单位的办理进行评价。' },
}

/**
 * 单位工作台: the requests dispatched to the caller's units (物业、城管、自来水公司…), by state — 待签收, 办理中, 退单中,
 * 已办结 — each with its own deadline (red once passed). Street-scoped: no community membership is needed.
 */
export default function UnitQueuePage() {
  const session = useSession()
  const units = myUnits(session)
  const [tab, setTab] = useState<UnitQueueStatus>('dispatched')
  const list = usePagedList<UnitQueueItem>(
    (_cursor, opts) => (units.length ? listUnitRequests(tab, opts) : Promise.resolve({ items: [], nextCursor: null })),
    undefined,
    [tab, units.length],
  )
  // Back from a request that was acknowledged, resolved or sent back: the tabs have moved.
  useShownAgain(() => void list.load())

  return (
    <RoleGate
      session={session}
      allowed={units.length > 0}
      className='uqueue'
      title='单位工作台供单位工作人员使用'
      description='物业、城管、水电气等单位的工作人员，请先用街道给的加入码加入单位。'
    >
      <PageShell className='uqueue'>
        <View className='card uqueue__units'>
          <Text className='card__title'>{units.map((u) => u.name).join('、')}</Text>
          <Text className='muted'>社区和街道派发的诉求请按时签收、办理；不属于本单位的请退单并说明原因。</Text>
          <UnitMessagesLink />
        </View>
        <Switcher look='tabs' className='uqueue__tabs' options={TABS} value={tab} onChange={setTab} itemClassName='uqueue__tab' />
        <ListStatus list={list} empty={<Empty title={EMPTY[tab].title} description={EMPTY[tab].description} />} />
        {list.items?.map((item) => <DispatchRow key={item.dispatch.dispatchId} item={item} />)}
        {list.items && list.items.length > 0 ? <Text className='list-end muted'>没有更多了</Text> : null}
        <Text className='uqueue__join muted' onClick={() => void Taro.navigateTo({ url: UNIT_JOIN_PAGE })}>
          加入其他单位 ›
        </Text>
      </PageShell>
    </RoleGate>
  )
}
