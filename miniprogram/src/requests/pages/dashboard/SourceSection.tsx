import { Text, View } from '@tarojs/components'
import { REQUEST_SOURCE_LABELS, asksForRating, formatRate, type RequestStats } from '@linli/shared'
import F2Chart from '../../../components/F2Chart'
import { percent } from '../../../services/format'
import { ChartCard, barChart, barHeight } from './charts'
import RateCard from './RateCard'

/** A source's row: its count, 就地办结 for findings, and its rates (满意率 only where its filer is asked to rate). */
function sourceLine(s: RequestStats['bySource'][number]): string {
  const parts = [`${s.total}件`]
  if (s.key !== 'resident') parts.push(`就地办结${s.resolvedOnSpot}`)
  parts.push(`响应${percent(s.responseRate)}`, `解决${percent(s.resolutionRate)}`)
  parts.push(asksForRating(s.key) ? `满意${percent(s.satisfactionRate)}` : '无需评价')
  return parts.join(' · ')
}

/**
 * 主动发现: the problems grid workers found on patrol and 流动网格员 reported, beside the residents' own — the share
 * (主动发现率) and every source's count and rates. Kept apart from the headline, which counts residents' requests only.
 */
export default function SourceSection({ stats }: { stats: RequestStats }) {
  const { sources } = stats
  const all = sources.resident + sources.patrol + sources.mobile_grid
  const counted = stats.bySource.map((s) => ({ label: s.label, total: s.total }))
  return (
    <>
      <Text className='section-title'>主动发现（网格员巡查、流动网格员上报）</Text>
      <View className='dash__proactive-box'>
        <RateCard
          className='dash__proactive'
          value={formatRate(stats.proactiveRate)}
          name='主动发现率'
          basis={`主动发现 ${sources.patrol + sources.mobile_grid} / 全部 ${all}`}
          detail={`${REQUEST_SOURCE_LABELS.patrol} ${sources.patrol} · ${REQUEST_SOURCE_LABELS.mobile_grid} ${sources.mobile_grid}`}
        />
      </View>
      <ChartCard title='按来源（件数）' empty={all === 0} chart={<F2Chart id='chartSource' height={barHeight(counted, 160)} deps={[stats]} build={barChart(counted, '#389e0d')} />}>
        {stats.bySource.map((s) => (
          <View key={s.key} className='dash__row dash__source'>
            <Text>{s.label}</Text>
            <Text className='muted'>{sourceLine(s)}</Text>
          </View>
        ))}
      </ChartCard>
    </>
  )
}
