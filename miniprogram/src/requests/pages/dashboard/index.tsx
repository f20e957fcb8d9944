import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Picker, Text, View } from '@tarojs/components'
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro'
import { formatDuration, formatRate, rateExplanations } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading } from '../../../components/StateView'
import { useRecord } from '../../../components/useRecord'
import F2Chart from '../../../components/F2Chart'
import FigureRow from '../../../components/FigureRow'
import { lastDayOfMonth, monthLabel, percent, shanghaiMonthOf } from '../../../services/format'
import { exportCsv, getStats } from '../../requests.api'
import { ChartCard, barChart, barHeight, monthChart, monthData } from './charts'
import CoverageSection from './CoverageSection'
import RateCard from './RateCard'
import SourceSection from './SourceSection'
import MediationSection from './MediationSection'
import VisitCoverageSection from './VisitCoverageSection'
import '../../components/badges.css'
import './index.css'

// Figures are kept per month of filing (counters maintained on write), so periods are whole months.
const PRESETS = [
  { label: '本月', months: 1 },
  { label: '近半年', months: 6 },
  { label: '近一年', months: 12 },
]

/**
 * 三率看板 for staff and street staff: 响应率, 解决率, 满意率, each with what it counts and what is still pending
 * (a rate alone misled: 100% 响应率 while most requests still waited for an answer), average times, and charts
 * by category, grid and month. The headline counts what residents brought (居民反映), so problems grid workers
 * found and fixed on the spot do not raise it; beside it, 主动发现率 and every source's figures, and patrol coverage.
 */
export default function DashboardPage() {
  const [fromMonth, setFromMonth] = useState(shanghaiMonthOf(-5))
  const [toMonth, setToMonth] = useState(shanghaiMonthOf())
  const from = `${fromMonth}-01`
  const to = lastDayOfMonth(toMonth)
  // Not reloaded on show: the figures change by the quarter hour, and a new range loads them anew.
  const { data: stats, error, load } = useRecord((opts) => getStats(from, to, opts), [from, to], { refreshOnShow: false })
  const [exporting, setExporting] = useState(false)

  const doExport = async () => {
    setExporting(true)
    try {
      await exportCsv({ from, to })
      void Taro.showToast({ title: '已导出', icon: 'none' })
    } catch {
      // getText has shown the reason
    } finally {
      setExporting(false)
    }
  }

  const months = stats ? monthData(stats.byMonth) : []
  // A category only findings fell in has no residents' requests to draw: a row of 0 says nothing.
  const categories = stats ? stats.byCategory.filter((b) => b.total > 0) : []

  return (
    <PageShell className='dash'>
      {/* Issue 19: the leaders' 考核排名 and 每月一题 start from the board. */}
      <CellGroup className='dash__more'>
        <Cell title='考核排名' description='社区、网格、单位按月排名' clickable extra='查看' onClick={() => void Taro.navigateTo({ url: '/requests/pages/rankings/index' })} />
        <Cell title='每月一题' description='本月反复出现的问题，一键议事或主动治理' clickable extra='查看' onClick={() => void Taro.navigateTo({ url: '/requests/pages/hotspots/index' })} />
      </CellGroup>
      <View className='card dash__range'>
        <View className='dash__dates'>
          <Picker mode='date' fields='month' value={fromMonth} end={toMonth} onChange={(e) => setFromMonth(e.detail.value.slice(0, 7))}>
            <Text className='dash__date'>{monthLabel(fromMonth)}</Text>
          </Picker>
          <Text className='muted dash__to'>至</Text>
          <Picker mode='date' fields='month' value={toMonth} start={fromMonth} end={shanghaiMonthOf()} onChange={(e) => setToMonth(e.detail.value.slice(0, 7))}>
            <Text className='dash__date'>{monthLabel(toMonth)}</Text>
          </Picker>
        </View>
        <View className='dash__presets'>
          {PRESETS.map((p) => (
            <Text
              key={p.label}
              className='dash__preset'
              onClick={() => {
                setFromMonth(shanghaiMonthOf(-(p.months - 1)))
                setToMonth(shanghaiMonthOf())
              }}
            >
              {p.label}
            </Text>
          ))}
        </View>
        <Text className='muted dash__note'>按诉求提交月份统计。待响应的诉求在响应或超时后才计入响应率；超时未响应在每15分钟的时限检查后计入</Text>
      </View>

      {!stats && !error ? <Loading /> : null}
      {error ? <ErrorState message={error} onRetry={() => void load()} /> : null}

      {stats ? (
        <>
          <Text className='section-title dash__caption'>三率 · 居民反映的诉求（不含主动发现的问题）</Text>
          <View className='dash__rates'>
            {rateExplanations(stats).map((r) => (
              <RateCard key={r.key} value={r.value} name={r.name} basis={r.basis} detail={r.detail} pending={r.pending} />
            ))}
          </View>
          <FigureRow
            className='card dash__figures'
            itemClassName='dash__figure'
            valueClassName='dash__figure-value'
            figures={[
              { value: stats.total, label: '居民诉求' },
              { value: formatDuration(stats.avgFirstResponseMinutes), label: '平均响应' },
              { value: formatDuration(stats.avgResolveMinutes), label: '平均办结' },
              // 延期率: requests given more time (an approved extension) ÷ all but rejected, withdrawn and duplicates.
              { value: formatRate(stats.extensionRate ?? null), label: '延期率' },
            ]}
          />

          <SourceSection stats={stats} />

          <ChartCard
            title='居民诉求按类别（件数）'
            empty={!categories.length}
            chart={<F2Chart id='chartCategory' height={barHeight(categories, 200)} deps={[stats]} build={barChart(categories, '#c8312b')} />}
          />

          <ChartCard
            title='居民诉求按网格（件数）'
            empty={!stats.byGrid.length}
            chart={<F2Chart id='chartGrid' height={barHeight(stats.byGrid, 180)} deps={[stats]} build={barChart(stats.byGrid, '#1f5fbf')} />}
          >
            {stats.byGrid.map((g) => (
              <View key={g.key} className='dash__row'>
                <Text>{g.label}</Text>
                <Text className='muted'>
                  {g.total}件 · 响应{percent(g.responseRate)} · 解决{percent(g.resolutionRate)} · 满意{percent(g.satisfactionRate)}
                </Text>
                <Text className='muted'>
                  巡查发现{g.sources.patrol}件 · 主动发现率{percent(g.proactiveRate)}
                </Text>
              </View>
            ))}
          </ChartCard>

          <CoverageSection rows={stats.patrolCoverage} />

          {/* 走访覆盖: staff and street staff alike (figures per grid of the community, never a visit's contents). */}
          <VisitCoverageSection />

          <ChartCard title='居民诉求按月份（%）' empty={!months.length} chart={<F2Chart id='chartMonth' height={220} deps={[stats]} build={monthChart(months)} />} />

          <Button className='block-button' type='primary' fill='outline' size='large' block loading={exporting} disabled={exporting} onClick={() => void doExport()}>
            导出CSV
          </Button>

          {/* 矛盾纠纷调处: its own figures (cases are not requests: nothing of them counts in the 三率 above). */}
          <MediationSection fromMonth={fromMonth} toMonth={toMonth} />
        </>
      ) : null}
    </PageShell>
  )
}
