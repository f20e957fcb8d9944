/** The ranking chart: one bar a community, grid or unit, its figure by the chosen measure (F2 through components/F2Chart). */
import { RANKING_KEY_LABELS, type RankingKey, type RankingRow } from '@linli/shared'
import type { ChartSize } from '../../../components/F2Chart'

/** The rows that have the figure, best first (the order of the ranking), as the chart draws them. */
export function chartData(rows: readonly RankingRow[], key: RankingKey) {
  return rows
    .filter((r) => r[key] !== null)
    .slice(0, 15)
    .map((r) => ({ label: r.label, value: key === 'ratingAverage' ? r[key]! : Math.round(r[key]! * 1000) / 10 }))
}

/** A row a bar, names on the left (sideways: names are long and the list can be long). */
export const rankingChart =
  (data: ReturnType<typeof chartData>, key: RankingKey) =>
  ({ f2: { createElement: h, Chart, Axis, Interval } }: ChartSize) =>
    h(
      Chart as any,
      {
        // F2 draws the first category at the bottom of a transposed chart: reversed, the best is on top.
        data: [...data].reverse(),
        scale: { value: key === 'ratingAverage' ? { min: 0, max: 5, tickCount: 6 } : { min: 0, max: 100, tickCount: 5 } },
        coord: { transposed: true },
      },
      h(Axis as any, { field: 'label' }),
      h(Axis as any, { field: 'value' }),
      h(Interval as any, { x: 'label', y: 'value', color: '#c8312b' }),
    )

/** A bar a row: the chart grows with the rows. */
export const chartHeight = (n: number) => Math.max(160, n * 34 + 40)

export const chartTitle = (key: RankingKey) => `${RANKING_KEY_LABELS[key]}${key === 'ratingAverage' ? '（分）' : '（%）'}`
