import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { api, type OutputOf } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { errorMessage } from '../../../services/http'
import { getLeaderboard } from '../../volunteer.api'
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
  const [board, setBoard] = useState<Board | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = async (b: By, p: Period) => {
    setError(null)
    setBoard(null)
    try {
      const res = await getLeaderboard({ by: b, period: p }, { silent: true })
      // A slower answer to an earlier choice must not replace this one.
      if (res.by === b && res.period === p) setBoard(res)
    } catch (err) {
      setError(errorMessage(err))
    }
  }
  useEffect(() => {
    void load(by, period)
  }, [by, period])

  return (
    <PageShell className='vboard'>
      <View className='vboard__switch'>
        {BY.map((b) => (
          <Text key={b.key} className={`vboard__by ${by === b.key ? 'vboard__by--on' : ''}`} onClick={() => setBy(b.key)}>
            {b.label}
          </Text>
        ))}
      </View>
      <View className='vboard__periods'>
        {PERIODS.map((p) => (
          <Text key={p.key} className={`vboard__period ${period === p.key ? 'vboard__period--on' : ''}`} onClick={() => setPeriod(p.key)}>
            {p.label}
          </Text>
        ))}
      </View>

      {!board && !error ? <Loading /> : null}
      {error ? <ErrorState message={error} onRetry={() => void load(by, period)} /> : null}
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
      <Text className='vend muted'>选择“排行榜匿名”的志愿者显示为“志愿者***”</Text>
    </PageShell>
  )
}
