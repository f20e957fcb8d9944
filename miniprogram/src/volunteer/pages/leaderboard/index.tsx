import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { api, type OutputOf } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useRecord } from '../../../components/useRecord'
import { getLeaderboard } from '../../volunteer.api'
import Switcher from '../../../components/Switcher'
import { hoursText, starText } from '../../format'
import '../../volunteer.css'
import './index.css'

type Board = OutputOf<typeof api.volunteers.leaderboard>
type By = Board['by']
type Period = Board['period']

const BY: { key: By; label: string }[] = [
  { key: 'hours', label: '服务时长' },
  { key: 'points', label: '获得积分' },
]
const PERIODS: { key: Period; label: string }[] = [
  { key: 'month', label: '本月' },
  { key: 'year', label: '本年' },
  { key: 'all', label: '累计' },
]

/** 排行榜: volunteers by hours or points earned this month, this year or in all; anonymous ones as 志愿者***. */
export default function LeaderboardPage() {
  const [by, setBy] = useState<By>('hours')
  const [period, setPeriod] = useState<Period>('month')
  // A changed choice loads afresh; a slower answer to an earlier choice is dropped (useRecord).
  const { data: board, error, load } = useRecord((opts) => getLeaderboard({ by, period }, opts), [by, period], { refreshOnShow: false })

  return (
    <PageShell className='vboard'>
      <Switcher look='tabs' options={BY} value={by} onChange={setBy} itemClassName='vboard__by' />
      <Switcher look='segments' options={PERIODS} value={period} onChange={setPeriod} itemClassName='vboard__period' />

      {!board && !error ? <Loading /> : null}
      {error ? <ErrorState message={error} onRetry={() => void load()} /> : null}
      {board && board.items.length === 0 ? <Empty title='暂无排名' description='这段时间还没有确认的志愿服务。' /> : null}
      {board && board.items.length > 0 ? (
        <View className='card vboard__list'>
          {board.items.map((row) => (
            <View key={`${row.rank}-${row.name}`} className={`vboard__row ${row.me ? 'vboard__row--me' : ''}`}>
              <Text className={`vboard__rank ${row.rank <= 3 ? `vboard__rank--top vboard__rank--${row.rank}` : ''}`}>{row.rank}</Text>
              <View className='vboard__who'>
                <Text className='vboard__name'>
                  {row.name}
                  {row.me ? '（我）' : ''}
                </Text>
                <Text className='vboard__stars'>{row.stars > 0 ? starText(row.stars) : ''}</Text>
              </View>
              <Text className='vboard__value'>{board.by === 'hours' ? `${hoursText(row.value)}小时` : `${row.value}积分`}</Text>
            </View>
          ))}
        </View>
      ) : null}
      <Text className='vboard__note muted'>选择“排行榜匿名”的志愿者显示为“志愿者***”</Text>
    </PageShell>
  )
}
