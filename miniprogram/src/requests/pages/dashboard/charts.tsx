/** The charts of the 三率 board (F2 through components/F2Chart) and the card each sits in. */
import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import type { StatsBucket } from '@linli/shared'
import type { ChartSize } from '../../../components/F2Chart'

const RATE_NAMES = [
  { key: 'responseRate', name: '响应率' },
  { key: 'resolutionRate', name: '解决率' },
  { key: 'satisfactionRate', name: '满意率' },
] as const

/** Rates by month, one line each; months without a figure leave a gap rather than a fake 0. */
export function monthData(buckets: StatsBucket[]) {
  return buckets.flatMap((b) =>
    RATE_NAMES.filter((r) => b[r.key] !== null).map((r) => ({ month: b.label, name: r.name, value: Math.round((b[r.key] ?? 0) * 100) })),
  )
}

/** What a bar chart counts: one bar a row of a breakdown (a category, a grid, a source). */
export interface Counted {
  label: string
  total: number
}

/** Counts are whole numbers: a top that divides by 4 keeps the ticks whole (0, 1, 2, 3, 4 rather than 0.4, 0.8). */
const countScale = (data: readonly Counted[]) => {
  const top = Math.max(4, Math.ceil(Math.max(...data.map((b) => b.total)) / 4) * 4)
  return { min: 0, max: top, tickCount: 5 }
}

/**
 * Counts as columns, or as bars with their names on the left when the names would not fit side by side under the
 * columns (eight categories of four characters do not at 大字模式's size; overlapping names read as none).
 */
export const barChart =
  (data: readonly Counted[], color: string) =>
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

const RATE_COLORS = ['#1f5fbf', '#fa8c16', '#389e0d']

/** The three rates by month, a line each, in % (the data of `monthData`). */
export const monthChart =
  (months: ReturnType<typeof monthData>) =>
  ({ f2: { createElement: h, Chart, Axis, Line, Point, Legend }, width, labelPx }: ChartSize) =>
    h(
      Chart as any,
      { data: months, scale: { value: { min: 0, max: 100, tickCount: 5 }, month: monthTicks(months, width, labelPx) } },
      h(Axis as any, { field: 'month' }),
      h(Axis as any, { field: 'value' }),
      h(Line as any, { x: 'month', y: 'value', color: { field: 'name', range: RATE_COLORS } }),
      h(Point as any, { x: 'month', y: 'value', color: { field: 'name', range: RATE_COLORS } }),
      h(Legend as any, { position: 'top' }),
    )

/** Sideways bars need a row each: the chart grows with the number of rows. */
export const barHeight = (data: readonly Counted[], base: number) => Math.max(base, data.length * 34 + 40)

/** A chart under its section title, or 暂无数据 when there is nothing to draw; `children` go under the chart. */
export function ChartCard({ title, empty, chart, children }: { title: string; empty: boolean; chart: ReactNode; children?: ReactNode }) {
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
