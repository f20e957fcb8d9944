import { useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { api, type OutputOf, type VolunteerMe } from '@linli/shared'
import FigureRow from '../../../components/FigureRow'
import PageShell from '../../../components/PageShell'
import { Empty } from '../../../components/StateView'
import { ListFooter, ListStatus } from '../../../components/ListStates'
import { usePagedList } from '../../../components/usePagedList'
import { getLedger, getMyVolunteer } from '../../volunteer.api'
import { hoursText } from '../../format'
import { shanghaiParts } from '../../../services/format'
import StarProgress from '../../components/StarProgress'
import '../../volunteer.css'
import './index.css'

type Entry = OutputOf<typeof api.volunteers.ledger>['items'][number]

/**
 * 积分存折: every movement of points like a bank passbook — date, 摘要, 存入, 取出, 结余 — newest first. A volunteer's
 * shows their service hours and the way to the next star too; a resident's points account (积分账户: 随手拍奖励
 * without volunteering) shows its points only. A line for a request (随手拍奖励) opens it.
 */
export default function PassbookPage() {
  const [me, setMe] = useState<VolunteerMe | null>(null)
  const list = usePagedList<Entry>(
    (cursor, opts) => {
      // The figures above the passbook follow every reload of its first page.
      if (!cursor) getMyVolunteer({ silent: true }).then(setMe, () => undefined)
      return getLedger(cursor, opts)
    },
  )
  const { items } = list
  useReachBottom(() => void list.loadMore())

  return (
    <PageShell className='vbook'>
      {me ? <PassbookHead me={me} /> : null}

      <ListStatus
        list={list}
        empty={<Empty title='存折里还没有记录' description='参加志愿活动、工作人员确认时长后，或反映的问题被确认为有效举报（随手拍有奖），积分会存入这里。' />}
      />
      {items && items.length > 0 ? (
        <View className='card vbook__table'>
          <View className='vbook__row vbook__row--head'>
            <Text className='vbook__date'>日期</Text>
            <Text className='vbook__note'>摘要</Text>
            <Text className='vbook__num'>存入</Text>
            <Text className='vbook__num'>取出</Text>
            <Text className='vbook__num'>结余</Text>
          </View>
          {items.map((e) => {
            const day = shanghaiParts(e.createdAt).date
            return (
              <View
                key={e.id}
                className={`vbook__row ${e.requestId ? 'vbook__row--link' : ''}`}
                onClick={e.requestId ? () => void Taro.navigateTo({ url: `/requests/pages/detail/index?id=${e.requestId}` }) : undefined}
              >
                <Text className='vbook__date'>
                  {day.slice(0, 4)}
                  {'\n'}
                  {day.slice(5)}
                </Text>
                <Text className='vbook__note'>{e.note}</Text>
                <Text className='vbook__num vbook__num--in'>{e.amount > 0 ? `+${e.amount}` : ''}</Text>
                <Text className='vbook__num vbook__num--out'>{e.amount < 0 ? `−${-e.amount}` : ''}</Text>
                <Text className='vbook__num vbook__num--balance'>{e.balanceAfter}</Text>
              </View>
            )
          })}
        </View>
      ) : null}
      <ListFooter list={list} end />
    </PageShell>
  )
}

/**
 * The figures above the passbook. A volunteer's: balance, all points earned (service points and 随手拍奖励 alike;
 * the server keeps them apart, only the first is ranked), hours and the way to the next star. A points account
 * without volunteering: balance and rewards, with how points come in.
 */
function PassbookHead({ me }: { me: VolunteerMe }) {
  const points = me.status === 'points'
  const balance = { value: me.balance, label: '积分结余', valueClassName: 'vbook__value--points' }
  return (
    <View className='card vbook__head'>
      <FigureRow
        className='vbook__summary'
        itemClassName='vbook__figure'
        valueClassName='vbook__value'
        figures={
          points
            ? [balance, { value: me.rewardPoints, label: '随手拍奖励' }]
            : [balance, { value: me.pointsEarned + me.rewardPoints, label: '累计获得' }, { value: hoursText(me.hours), label: '服务小时' }]
        }
      />
      {points ? (
        <Text className='muted vbook__intro'>反映的问题办结后经确认为有效举报，积分存入这里，可在积分超市兑换。注册志愿者后，服务积分也存入这本存折。</Text>
      ) : (
        <StarProgress progress={me.starProgress} />
      )}
    </View>
  )
}
