import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Tag } from '@nutui/nutui-react-taro'
import { UNIT_TYPES, UNIT_TYPE_LABELS, type UnitType, type UnitView } from '@linli/shared'
import ChoiceChips from '../../../components/ChoiceChips'
import PageShell from '../../../components/PageShell'
import RoleGate from '../../../components/RoleGate'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useRecord } from '../../../components/useRecord'
import { useSession } from '../../../services/session'
import { listStreetUnits } from '../../units.api'
import { editUnitPage, unitAdminPage } from '../../format'
import { isStreetAdmin } from '../../roles'
import '../../units.css'

const ALL = 'all'
const TYPE_CHIPS = [{ id: ALL, name: '全部' }, ...UNIT_TYPES.map((t) => ({ id: t, name: UNIT_TYPE_LABELS[t] }))]

/** One unit in the list: its kind, name, the communities it serves, its members and duty phone. */
function UnitRow({ u }: { u: UnitView }) {
  return (
    <View className={`card unit-row ${u.active ? '' : 'unit-row--off'}`} onClick={() => void Taro.navigateTo({ url: unitAdminPage(u.id) })}>
      <View className='unit-row__head'>
        <Tag type='primary'>{UNIT_TYPE_LABELS[u.type]}</Tag>
        <Text className='unit-row__name'>{u.name}</Text>
        {u.active ? null : <Tag type='default'>已停用</Tag>}
      </View>
      <Text className='muted unit-row__line'>服务社区：{(u.communityNames ?? []).join('、') || `${u.communityIds.length}个`}</Text>
      <Text className='muted unit-row__line'>
        {u.memberCount !== undefined ? `${u.memberCount}名工作人员` : ''}
        {u.phone ? ` · 值班电话 ${u.phone}` : ''}
      </Text>
    </View>
  )
}

/**
 * 单位管理 (街道): the units the street dispatches requests to (吹哨报到) — 物业、城管、住建、市场监管、公安、水电气 —
 * grouped by kind. Street admins add and change units and hand out join codes; other street staff read.
 */
export default function UnitsAdminPage() {
  const session = useSession()
  const street = (session.me?.streets.length ?? 0) > 0
  const admin = isStreetAdmin(session)
  const [type, setType] = useState<UnitType | typeof ALL>(ALL)
  const list = useRecord((opts) => (street ? listStreetUnits({ activeOnly: 'false' }, opts).then((r) => r.items) : Promise.resolve(null)), [street])
  const items = (list.data ?? []).filter((u) => type === ALL || u.type === type)
  // By kind, in the order of UNIT_TYPES, active units first within a kind.
  const groups = UNIT_TYPES.map((t) => ({ type: t, units: items.filter((u) => u.type === t).sort((a, b) => Number(b.active) - Number(a.active)) })).filter((g) => g.units.length > 0)

  return (
    <RoleGate session={session} allowed={street} className='uadmin' title='单位管理由街道工作人员使用' description='街道管理员在这里添加物业、城管、水电气等单位，并生成单位工作人员的加入码。'>
      <PageShell className='uadmin'>
        {admin ? (
          <Button className='block-button uadmin__new' type='primary' block onClick={() => void Taro.navigateTo({ url: editUnitPage() })}>
            新建单位
          </Button>
        ) : (
          <View className='notice'>只有街道管理员可以新建和修改单位，您可以查看。</View>
        )}
        <View className='card'>
          <ChoiceChips options={TYPE_CHIPS} selected={type} onPick={(id) => setType(id as UnitType | typeof ALL)} />
        </View>
        {list.data === null && !list.error ? <Loading /> : null}
        {list.error ? <ErrorState message={list.error} onRetry={() => void list.load()} /> : null}
        {list.data && groups.length === 0 ? (
          <Empty title={type === ALL ? '还没有单位' : `还没有${UNIT_TYPE_LABELS[type]}类单位`} description='添加单位后，社区和街道就可以把诉求派发（吹哨）给它们办理。' />
        ) : null}
        {groups.map((g) => (
          <View key={g.type}>
            <Text className='section-title'>
              {UNIT_TYPE_LABELS[g.type]}（{g.units.length}）
            </Text>
            {g.units.map((u) => (
              <UnitRow key={u.id} u={u} />
            ))}
          </View>
        ))}
      </PageShell>
    </RoleGate>
  )
}
