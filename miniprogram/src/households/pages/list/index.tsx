import { useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { hasAnyRole, type HouseholdRecordView } from '@linli/shared'
import ChoiceChips from '../../../components/ChoiceChips'
import { ListFooter, ListStatus } from '../../../components/ListStates'
import PageShell from '../../../components/PageShell'
import RoleGate from '../../../components/RoleGate'
import { Empty } from '../../../components/StateView'
import { usePagedList } from '../../../components/usePagedList'
import { useRecord } from '../../../components/useRecord'
import { useShownAgain } from '../../../components/useShownAgain'
import { getCommunity } from '../../../services/community'
import { currentRoles, useSession } from '../../../services/session'
import HouseholdRow from '../../components/HouseholdRow'
import { IMPORT_PAGE, listHouseholds } from '../../households.api'
import { UNREGISTERED_VISIT_PAGE } from '../../../visits/format'
import '../../households.css'

const ALL = 'all'

/**
 * 住户名册: the households of the community (staff) or of the grid worker's grids, newest first, by building. Staff
 * import a CSV from here; a tap opens a household with its occupants.
 */
export default function HouseholdListPage() {
  const session = useSession()
  const { current } = session
  const roles = currentRoles(session)
  const staff = hasAnyRole(roles, ['staff'])
  const worker = staff || roles.includes('grid_worker')
  const communityId = current?.communityId
  const [buildingId, setBuildingId] = useState(ALL)

  const community = useRecord((opts) => (communityId && worker ? getCommunity(communityId, opts) : Promise.resolve(null)), [communityId, worker], { refreshOnShow: false })
  const buildings = (community.data?.buildings ?? []).filter((b) => staff || current?.gridIds.includes(b.gridId))

  const list = usePagedList<HouseholdRecordView>(
    (cursor, opts) => (worker ? listHouseholds({ cursor, buildingId: buildingId === ALL ? undefined : buildingId }, opts) : Promise.resolve({ items: [], nextCursor: null })),
    undefined,
    [buildingId, communityId, worker],
  )
  useShownAgain(() => void list.load())
  useReachBottom(() => void list.loadMore())

  return (
    <RoleGate session={session} allowed={worker} className='hh-list' title='住户名册仅供网格员和社区工作者查看' description='社区登记的住户和联系方式只用于走访和服务。'>
      <PageShell className='hh-list'>
        {buildings.length > 1 ? (
          <View className='card'>
            <ChoiceChips options={[{ id: ALL, name: '全部楼栋' }, ...buildings]} selected={buildingId} onPick={setBuildingId} />
          </View>
        ) : null}
        <View className='hh-actions'>
          {staff ? (
            <Button type='primary' onClick={() => void Taro.navigateTo({ url: IMPORT_PAGE })}>
              登记或批量导入
            </Button>
          ) : null}
          {/* A door with no record yet: the visit puts the household on the register. */}
          <Button className='hh-actions__visit' type='primary' fill='outline' onClick={() => void Taro.navigateTo({ url: UNREGISTERED_VISIT_PAGE })}>
            走访未登记的住户
          </Button>
        </View>
        <Text className='section-title'>{staff ? '全社区住户' : '我负责网格的住户'}</Text>
        <ListStatus list={list} empty={<Empty title='还没有登记的住户' description={staff ? '居民加入社区后自动登记；不用微信的住户可以批量导入。' : '社区登记住户后会显示在这里。'} />} />
        {list.items?.map((h) => <HouseholdRow key={h.id} h={h} />)}
        <ListFooter list={list} end />
      </PageShell>
    </RoleGate>
  )
}
