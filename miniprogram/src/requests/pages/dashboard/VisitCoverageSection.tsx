import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ChartSize } from '../../../components/F2Chart'
import F2Chart from '../../../components/F2Chart'
import { ErrorState, Loading } from '../../../components/StateView'
import Switcher from '../../../components/Switcher'
import { useRecord } from '../../../components/useRecord'
import { percent } from '../../../services/format'
import { COVERAGE_SERIES, coverageChartData, quarterLabel, saveCoverageCsv, shanghaiQuarterOf } from './visitCoverage'
import { getVisitCoverage } from '../../requests.api'

type Which = 'this' | 'last'
const QUARTERS: { key: Which; label: string }[] = [
  { key: 'this', label: '本季度' },
  { key: 'last', label: '上季度' },
]
const COLORS = ['#1f5fbf', '#fa8c16']

/** Two bars per grid, in %: names on the left when they would not fit under the columns (as the board's other charts). */
const coverageChart =
  (data: ReturnType<typeof coverageChartData>) =>
  ({ f2: { createElement: h, Chart, Axis, Interval, Legend }, width, labelPx }: ChartSize) => {
    const names = [...new Set(data.map((d) => d.label))]
    const longest = Math.max(...names.map((n) => n.length))
    const sideways = names.length * (longest + 1) * labelPx > width - 3 * labelPx
    return h(
      Chart as any,
      { data, scale: { value: { min: 0, max: 100, tickCount: 5 } }, ...(sideways ? { coord: { transposed: true } } : {}) },
      h(Axis as any, { field: 'label' }),
      h(Axis as any, { field: 'value' }),
      h(Interval as any, { x: 'label', y: 'value', color: { field: 'name', range: COLORS }, adjust: 'dodge' }),
      h(Legend as any, { position: 'top' }),
    )
  }

/**
 * 走访覆盖 on the leaders' board (staff): per grid, the share of its households visited this quarter (or the last),
 * and of its flagged households visited within their interval now; a chart, the figures, and their CSV.
 */
export default function VisitCoverageSection() {
  const [which, setWhich] = useState<Which>('this')
  const quarter = shanghaiQuarterOf(which === 'this' ? 0 : -1)
  const { data, error, load } = useRecord((opts) => getVisitCoverage(quarter, opts), [quarter], { refreshOnShow: false })
  const [exporting, setExporting] = useState(false)
  const grids = data?.grids ?? []

  const doExport = async () => {
    if (!data) return
    setExporting(true)
    try {
      await saveCoverageCsv(data)
      void Taro.showToast({ title: '已导出', icon: 'none' })
    } catch {
      void Taro.showToast({ title: '导出失败，请稍后再试', icon: 'none' })
    } finally {
      setExporting(false)
    }
  }

  return (
    <>
      <Text className='section-title'>走访覆盖（{quarterLabel(quarter)}）</Text>
      <View className='card dash__chart dash__visits'>
        <Switcher look='segments' options={QUARTERS} value={which} onChange={setWhich} className='dash__visits-quarter' />
        {!data && !error ? <Loading /> : null}
        {error ? <ErrorState message={error} onRetry={() => void load()} /> : null}
        {data && grids.length === 0 ? <Text className='muted'>暂无数据</Text> : null}
        {data && grids.length ? (
          <>
            <F2Chart id='chartVisits' height={Math.max(200, grids.length * 56 + 60)} deps={[data]} build={coverageChart(coverageChartData(grids))} />
            {grids.map((g) => (
              <View key={g.gridId} className='dash__row dash__visit-row'>
                <Text>{g.gridName}</Text>
                <Text className='muted'>
                  {COVERAGE_SERIES.visited} {percent(g.visitedRate)}（{g.visited}/{g.households}户）
                </Text>
                <Text className='muted'>
                  {COVERAGE_SERIES.flagged} {g.flagged ? `${percent(g.flaggedRate)}（${g.flaggedInInterval}/${g.flagged}户）` : '无关爱户'}
                </Text>
              </View>
            ))}
            <View className='dash__row dash__visit-row dash__visit-total'>
              <Text className='dash__visit-total-name'>合计</Text>
              <Text className='muted'>
                走访覆盖 {percent(data.total.visitedRate)}（{data.total.visited}/{data.total.households}户） · 关爱户按期 {percent(data.total.flaggedRate)}（{data.total.flaggedInInterval}/{data.total.flagged}户）
              </Text>
            </View>
            <Button className='block-button dash__visits-export' fill='outline' block loading={exporting} disabled={exporting} onClick={() => void doExport()}>
              导出走访覆盖CSV
            </Button>
          </>
        ) : null}
      </View>
    </>
  )
}
