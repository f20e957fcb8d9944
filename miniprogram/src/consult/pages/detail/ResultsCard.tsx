import { Text, View } from '@tarojs/components'
import type { ConsultationResults, ConsultationView } from '@linli/shared'
import { share } from '../../../services/format'
import { voterUnit } from '../../format'
import ResultsChart from '../../components/ResultsChart'
import FigureRow from '../../../components/FigureRow'
import Meter from './Meter'

const quorumText = (quorum: number | undefined, met: boolean) =>
  quorum ? `${met ? '达到' : '未达到'}最低投票率 ${Math.round(quorum * 100)}%，结果${met ? '有效' : '无效'}` : '未设最低投票率，结果有效'

/** 表决结果: the chart, each option's votes and share, turnout against the eligible, and whether the quorum was met. */
export default function ResultsCard({ c, results }: { c: ConsultationView; results: ConsultationResults }) {
  const unit = voterUnit(c)
  const figures = [
    { value: String(results.turnout), label: `投票${unit}数` },
    { value: String(results.eligible), label: `可投票${unit}数` },
    { value: `${share(results.turnout, results.eligible)}%`, label: '投票率' },
  ]
  return (
    <View className='card cdetail__results'>
      {results.quorumMet ? null : <View className='cdetail__invalid'>投票未达到最低投票率，结果无效</View>}
      <ResultsChart c={c} />
      {c.options.map((o) => {
        const count = results.tallies.find((t) => t.optionId === o.id)?.count ?? 0
        return (
          <View key={o.id} className='cdetail__tally'>
            <View className='cdetail__tally-head'>
              <Text className='cdetail__tally-label'>{o.label}</Text>
              <Text className='cdetail__tally-count'>
                {count}票 · {share(count, results.turnout)}%
              </Text>
            </View>
            <Meter part={count} whole={results.turnout} />
          </View>
        )
      })}
      <FigureRow figures={figures} className='cdetail__figures' itemClassName='cdetail__figure-box' valueClassName='cdetail__figure-value' />
      <Text className={`cdetail__quorum ${results.quorumMet ? 'cdetail__quorum--ok' : 'cdetail__quorum--bad'}`}>{quorumText(c.quorum, results.quorumMet)}</Text>
    </View>
  )
}
