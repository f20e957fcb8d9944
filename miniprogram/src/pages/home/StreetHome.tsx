import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Cell, CellGroup, Tag } from '@nutui/nutui-react-taro'
import type { CommunityDetail } from '@linli/shared'
import { useRecord } from '../../components/useRecord'
import { getCommunity } from '../../services/community'
import { selectStreetCommunity, type SessionState } from '../../services/session'
import { casesPage } from '../../mediation/format'
import { UNITS_ADMIN_PAGE } from '../../units/format'

const go = (url: string) => () => void Taro.navigateTo({ url })

/**
 * The home of street staff (街道工作人员): the communities of their street, which one the 工作台 and the 三率看板
 * act in, and the way to both. They work through their street, not a membership, so nothing here offers joining.
 */
export default function StreetHome({ session }: { session: SessionState }) {
  const streets = session.me?.streets ?? []
  const ids = streets.flatMap((s) => s.communityIds)
  // Public information (name, grids, buildings): the same call the join page makes. One that cannot be read
  // is null, so the others still show.
  const record = useRecord(
    (opts) =>
      Promise.all(ids.map((id) => getCommunity(id, opts).then((d) => [id, d] as const, () => [id, null] as const))).then(
        (pairs): Record<string, CommunityDetail | null> => Object.fromEntries(pairs),
      ),
    [ids.join(',')],
    { refreshOnShow: false },
  )
  const details = record.data ?? {}

  const acting = session.streetCommunityId
  const actingName = acting ? details[acting]?.name : undefined
  const choose = (id: string) => {
    if (id === acting || ids.length < 2) return
    selectStreetCommunity(id)
    void Taro.showToast({ title: `已切换到${details[id]?.name ?? '该社区'}`, icon: 'none' })
  }

  return (
    <View className='street'>
      {streets.map((st) => (
        <View key={st.id} className='card street__card'>
          <Text className='card__title'>{st.name} · 辖{st.communityIds.length}个社区</Text>
          {st.communityIds.length === 0 ? <Text className='muted'>本街道还没有社区。</Text> : null}
          {st.communityIds.map((id) => {
            const d = details[id]
            return (
              <View key={id} className={`street__community ${id === acting ? 'street__community--on' : ''}`} onClick={() => choose(id)}>
                <View className='street__community-body'>
                  <Text className='street__community-name'>{d ? d.name : d === null ? '（社区信息暂不可读）' : '…'}</Text>
                  {d ? (
                    <Text className='muted'>
                      {d.grids.length}个网格 · {d.buildings.length}栋楼
                    </Text>
                  ) : null}
                </View>
                {id === acting && ids.length > 1 ? <Tag type='primary'>当前查看</Tag> : null}
                {id !== acting && ids.length > 1 ? <Text className='muted'>查看</Text> : null}
              </View>
            )
          })}
        </View>
      ))}

      <Text className='section-title'>街道工作{ids.length > 1 && actingName ? `（${actingName}）` : ''}</Text>
      <CellGroup className='home__work street__work'>
        <Cell title='三率看板' description='响应率、解决率、满意率，按类别、网格和月份' clickable extra='查看' onClick={go('/requests/pages/dashboard/index')} />
        <Cell title='诉求工作台' description='社区上报和逾期升级到街道的诉求' clickable extra='处理' onClick={go('/requests/pages/queue/index')} />
        <Cell title='调解案件' description='上报街道和重大风险的矛盾纠纷，司法所、街道人民调解委员会受理' clickable extra='处理' onClick={go(casesPage('mediator'))} />
        <Cell
          title='单位管理'
          description={session.me?.streetAdmin ? '物业、城管、水电气等单位：新建、服务社区、人员加入码' : '物业、城管、水电气等单位及其工作人员（街道管理员可修改）'}
          clickable
          extra={session.me?.streetAdmin ? '管理' : '查看'}
          onClick={go(UNITS_ADMIN_PAGE)}
        />
      </CellGroup>
    </View>
  )
}
