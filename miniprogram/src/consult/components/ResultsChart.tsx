import type { ConsultationView } from '@linli/shared'
// F2 comes to the chart's build as `f2` (on weapp from the shared `charts` subpackage), never from the main package.
import F2Chart from '../../components/F2Chart'

/** Long option labels would run into each other under the columns: the list below the chart has them in full. */
const short = (label: string) => (label.length > 5 ? `${label.slice(0, 4)}…` : label)

/** The tally as columns, one per option; counts are whole numbers, so the axis top divides by 4. */
export default function ResultsChart({ c }: { c: ConsultationView }) {
  const results = c.results
  if (!results) return null
  const data = c.options.map((o, i) => ({
    // Two options may shorten to the same text; a zero-width suffix keeps F2's categories apart.
    label: short(o.label) + '\u200b'.repeat(i),
    count: results.tallies.find((t) => t.optionId === o.id)?.count ?? 0,
  }))
  const top = Math.max(4, Math.ceil(Math.max(...data.map((d) => d.count)) / 4) * 4)
  return (
    <F2Chart
      id='consultResults'
      height={200}
      deps={[c.id, results.turnout]}
      build={({ f2: { createElement: h, Chart, Axis, Interval } }) =>
        h(
          Chart as any,
          { data, scale: { count: { min: 0, max: top, tickCount: 5 } } },
          h(Axis as any, { field: 'label' }),
          h(Axis as any, { field: 'count' }),
          h(Interval as any, { x: 'label', y: 'count', color: '#c8312b' }),
        )
      }
    />
  )
}
