import { useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { VolunteerView } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { Empty } from '../../../components/StateView'
import { ListFooter, ListStatus } from '../../../components/ListStates'
import { usePagedList } from '../../../components/usePagedList'
import { listVolunteers } from '../../volunteer.api'
import { hoursText, starText } from '../../format'
import '../../volunteer.css'
import './index.css'

/** 星级名册 (staff): the community's approved volunteers by confirmed hours, with stars and points. */
export default function RollPage() {
  const list = usePagedList<VolunteerView>((cursor, opts) => listVolunteers({ sort: 'hours', cursor }, opts))
  const { items } = list
  useReachBottom(() => void list.loadMore())

  return (
    <PageShell className='vroll'>
      <ListStatus list={list} empty={<Empty title='还没有已认证的志愿者' description='志愿者注册审核通过后会出现在名册中。' />} />
      {items && items.length > 0 ? (
        <View className='card vroll__list'>
          {items.map((v, i) => (
            <View key={v.id} className='vroll__row'>
              <Text className='vroll__rank'>{i + 1}</Text>
              <View className='vroll__who'>
                <View className='vroll__name-line'>
                  <Text className='vroll__name'>{v.name}</Text>
                  {v.partyMember ? <Text className='vpill vpill--ok vroll__party'>党员</Text> : null}
                </View>
                <Text className='vroll__stars'>{v.stars > 0 ? `${starText(v.stars)} ${v.stars}星` : '未评星'}</Text>
                <Text className='muted vroll__skills'>{v.skills.join('、')}</Text>
              </View>
              <View className='vroll__figures'>
                <Text className='vroll__hours'>{hoursText(v.hours)}小时</Text>
                <Text className='muted'>结余{v.balance}积分</Text>
              </View>
            </View>
          ))}
        </View>
      ) : null}
      <ListFooter list={list} />
    </PageShell>
  )
}
