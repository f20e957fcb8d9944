import { useState, type ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { Picker, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { formatDuration, rateExplanations, type StatsBucket } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading } from '../../../components/StateView'
import { useRecord } from '../../../components/useRecord'
import F2Chart, { type ChartSize } from '../../../components/F2Chart'
import { lastDayOfMonth, monthLabel, percent, shanghaiMonthOf } from '../../../services/format'
import { exportCsv, getStats } from '../../requests.api'
import '../../components/badges.css'
import './index.css'

// Figures are kept per month of filing (counters maintained on write), so periods are whole months.
const PRESETS = [
  { label: '本月', months: 1 },
  { label: '近半年', months: 6 },
  { label: '近一年', months: 12 },
]

const RATE_NAMES = [
  { key: 'responseRate', name: '响应率' },
  { key: 'resolutionRate', name: '解决率' },
  { key: 'satisfactionRate', name: '满意率' },
] as const

/** Rates by month, one line each; months without a figure leave a gap rather than a fake 0. */
function monthData(buckets: StatsBucket[]) {
  return buckets.flatMap((b) =>
    RATE_NAMES.filter((r) => b[r.key] !== null).map((r) => ({ month: b.label, name: r.name, value: Math.round((b[r.key] ?? 0) * 100) })),
  )
}

/** Counts are whole numbers: a top that divides by 4 keeps the ticks whole (0, 1, 2, 3, 4 rather than 0.4, 0.8). */
const countScale = (data: StatsBucket[]) => {
  const top = Math.max(4, Math.ceil(Math.max(...data.map((b) => b.total)) / 4) * 4)
  return { min: 0, max: top, tickCount: 5 }
}

/**
 * Counts as columns, or as bars with their names on the left when the names would not fit side by side under the
 * columns (eight categories of four characters do not at 大字模式's size; overlapping names read as none).
 */
const barChart =
  (data: StatsBucket[], color: string) =>
  ({ f2: { createElement: h, Chart, Axis, Interval }, width, labelPx }: ChartSize) => {
    const longest = Math.max(...data.map((b) => b.label.length))
    // The plot is the width less the value axis; each name needs its characters plus a gap.
    const sideways = data.length * (longest + 1) * labelPx > width - 3 * labelPx
    return h(
      Chart as any,
      {
        data: data.map((b) => ({ label: b.label, total: b.total })),
        scale: { total: countScale(data) },
        ...(sideways ? { coord: { transposed: true } } : {}),
      },
      h(Axis as any, { field: 'label' }),
      h(Axis as any, { field: 'total' }),
      h(Interval as any, { x: 'label', y: 'total', color }),
    )
  }

/**
 * Month names (2026年12月) are long: a year of them side by side overlapped, and more so in 大字模式. Show as many
 * as fit, evenly spaced, the last one always.
 */
function monthTicks(data: { month: string }[], width: number, labelPx: number) {
  const names = [...new Set(data.map((d) => d.month))]
  const longest = Math.max(...names.map((n) => n.length))
  // Digits are about half as wide as characters; a gap of one character between names.
  const fit = Math.max(2, Math.floor((width - 3 * labelPx) / ((longest * 0.75 + 1) * labelPx)))
  return names.length > fit ? { tickCount: fit, showLast: true } : {}
}

/** Sideways bars need a row each: the chart grows with the number of rows. */
const barHeight = (data: StatsBucket[], base: number) => Math.max(base, data.length * 34 + 40)

/** A chart under its section title, or 暂无数据 when there is nothing to draw; `children` go under the chart. */
function ChartCard({ title, empty, chart, children }: { title: string; empty: boolean; chart: ReactNode; children?: ReactNode }) {
  return (
    <>
      <Text className='section-title'>{title}</Text>
      <View className='card dash__chart'>
        {empty ? <Text className='muted'>暂无数据</Text> : chart}
        {children}
      </View>
    </>
  )
}

/**
 * 三率看板 for staff and street staff: 响应率, 解决率, 满意率, each with what it counts and what is still pending
 * (a rate alone misled: 100% 响应率 while most requests still waited for an answer), average times, and charts
 * by category, grid and month.
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

  return (
    <PageShell className='dash'>
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
          <View className='dash__rates'>
            {rateExplanations(stats).map((r) => (
              <View key={r.key} className='dash__rate'>
                <View className='dash__rate-head'>
                  <Text className='dash__rate-value'>{r.value}</Text>
                  <Text className='muted dash__rate-name'>{r.name}</Text>
                </View>
                <View className='dash__rate-body'>
                  <Text className='dash__rate-basis'>{r.basis}</Text>
                  {r.detail ? <Text className='muted dash__rate-detail'>{r.detail}</Text> : null}
                  {r.pending ? <Text className='pill dash__rate-pending'>{r.pending}</Text> : null}
                </View>
              </View>
            ))}
          </View>
          <View className='card dash__figures'>
            <View className='dash__figure'>
              <Text className='dash__figure-value'>{stats.total}</Text>
              <Text className='muted'>诉求总数</Text>
            </View>
            <View className='dash__figure'>
              <Text className='dash__figure-value'>{formatDuration(stats.avgFirstResponseMinutes)}</Text>
              <Text className='muted'>平均响应</Text>
            </View>
            <View className='dash__figure'>
              <Text className='dash__figure-value'>{formatDuration(stats.avgResolveMinutes)}</Text>
              <Text className='muted'>平均办结</Text>
            </View>
          </View>

          <ChartCard
            title='按类别（件数）'
            empty={!stats.byCategory.length}
            chart={<F2Chart id='chartCategory' height={barHeight(stats.byCategory, 200)} deps={[stats]} build={barChart(stats.byCategory, '#c8312b')} />}
          />

          <ChartCard
            title='按网格（件数）'
            empty={!stats.byGrid.length}
            chart={<F2Chart id='chartGrid' height={barHeight(stats.byGrid, 180)} deps={[stats]} build={barChart(stats.byGrid, '#1f5fbf')} />}
          >
            {stats.byGrid.map((g) => (
              <View key={g.key} className='dash__row'>
                <Text>{g.label}</Text>
                <Text className='muted'>
                  {g.total}件 · 响应{percent(g.responseRate)} · 解决{percent(g.resolutionRate)} · 满意{percent(g.satisfactionRate)}
                </Text>
              </View>
            ))}
          </ChartCard>

          <ChartCard
            title='按月份（%）'
            empty={!months.length}
            chart={
              <F2Chart
                id='chartMonth'
                height={220}
                deps={[stats]}
                build={({ f2: { createElement: h, Chart, Axis, Line, Point, Legend }, width, labelPx }: ChartSize) =>
                  h(
                    Chart as any,
                    { data: months, scale: { value: { min: 0, max: 100, tickCount: 5 }, month: monthTicks(months, width, labelPx) } },
                    h(Axis as any, { field: 'month' }),
                    h(Axis as any, { field: 'value' }),
                    h(Line as any, { x: 'month', y: 'value', color: { field: 'name', range: ['#1f5fbf', '#fa8c16', '#389e0d'] } }),
                    h(Point as any, { x: 'month', y: 'value', color: { field: 'name', range: ['#1f5fbf', '#fa8c16', '#389e0d'] } }),
                    h(Legend as any, { position: 'top' }),
                  )
                }
              />
            }
          />

          <Button className='block-button' type='primary' fill='outline' size='large' block loading={exporting} disabled={exporting} onClick={() => void doExport()}>
            导出CSV
          </Button>
        </>
      ) : null}
    </PageShell>
  )
}
