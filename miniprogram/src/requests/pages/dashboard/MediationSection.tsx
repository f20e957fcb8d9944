import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { formatRate } from '@linli/shared'
import F2Chart from '../../../components/F2Chart'
import FigureRow from '../../../components/FigureRow'
import { ErrorState, Loading } from '../../../components/StateView'
import { useRecord } from '../../../components/useRecord'
import { percent } from '../../../services/format'
import { exportMediationCsv, getMediationStats } from '../../requests.api'
import { ChartCard, barChart, barHeight } from './charts'
import RateCard from './RateCard'
import './MediationSection.css'

/** Days as a leader reads them: 12天, 3.5天, — when nothing concluded yet. */
const days = (d: number | null) => (d === null ? '—' : `${Math.round(d * 10) / 10}天`)

/**
 * 矛盾纠纷: the dispute cases opened in the board's months — the seeds' own measures (化解率, 小事不出网格, 大事不出镇街,
 * 矛盾不上交), the median days to a conclusion, agreements holding at 回访, and cases by type and by risk, as charts;
 * the cases as CSV (no parties or contents). Its own call: mediation is not counted in the requests' 三率.
 */
export default function MediationSection({ fromMonth, toMonth }: { fromMonth: string; toMonth: string }) {
  const { data: m, error, load } = useRecord((opts) => getMediationStats({ from: fromMonth, to: toMonth }, opts), [fromMonth, toMonth], { refreshOnShow: false })
  const [exporting, setExporting] = useState(false)
  const doExport = async () => {
    setExporting(true)
    try {
      await exportMediationCsv({ from: fromMonth, to: toMonth })
      void Taro.showToast({ title: '已导出', icon: 'none' })
    } catch {
      // getText has shown the reason
    } finally {
      setExporting(false)
    }
  }

  const byType = (m?.byType ?? []).filter((t) => t.count > 0).map((t) => ({ label: t.label, total: t.count }))
  const byRisk = (m?.byRisk ?? []).map((r) => ({ label: r.label, total: r.count }))
  return (
    <>
      <Text className='section-title dash__mediation-caption'>矛盾纠纷调处（按登记月份）</Text>
      {!m && !error ? <Loading /> : null}
      {error ? <ErrorState message={error} onRetry={() => void load()} /> : null}
      {m ? (
        <>
          <View className='dash__rates dash__mediation'>
            <RateCard className='dash__mediation-rate' value={formatRate(m.resolutionRate)} name='化解率' basis={`调解成功 ${m.succeeded} / 已结案 ${m.concluded}`} pending={m.total > m.concluded ? `未结案 ${m.total - m.concluded}件，结案后计入` : null} />
            <RateCard className='dash__mediation-rate' value={formatRate(m.gridRate)} name='小事不出网格' basis={`网格员、人民调解员调解成功（未上报）/ 已结案 ${m.concluded}`} />
            <RateCard className='dash__mediation-rate' value={formatRate(m.streetRate)} name='大事不出镇街' basis={`未转出 / 已结案 ${m.concluded}`} detail={`上报街道 ${m.escalated}件`} />
            <RateCard className='dash__mediation-rate' value={formatRate(m.notReferredRate)} name='矛盾不上交' basis={`未转出 / 全部 ${m.total}`} detail={`转出（诉讼、仲裁、信访、12345）${m.referred}件`} />
          </View>
          <FigureRow
            className='card dash__figures'
            itemClassName='dash__figure'
            valueClassName='dash__figure-value'
            figures={[
              { value: m.total, label: '调解案件' },
              { value: days(m.medianDaysToResolve), label: '结案天数中位数' },
              { value: percent(m.followUps.rate), label: m.followUps.held + m.followUps.broken ? `回访履行（${m.followUps.held}/${m.followUps.held + m.followUps.broken}）` : '回访履行' },
            ]}
          />
          <ChartCard
            title='调解案件按类型（件数）'
            empty={!byType.length}
            chart={<F2Chart id='chartMediationType' height={barHeight(byType, 180)} deps={[m]} build={barChart(byType, '#7a4cc2')} />}
          />
          <ChartCard
            title='调解案件按风险等级（件数）'
            empty={m.total === 0}
            chart={<F2Chart id='chartMediationRisk' height={160} deps={[m]} build={barChart(byRisk, '#d46b08')} />}
          />
          <Text className='section-title'>调解案件按状态</Text>
          <View className='card dash__mediation-statuses'>
            {m.total === 0 ? <Text className='muted'>暂无数据</Text> : null}
            {m.byStatus
              .filter((s) => s.count > 0)
              .map((s) => (
                <View key={s.status} className='dash__mediation-status'>
                  <Text>{s.label}</Text>
                  <Text className='muted'>{s.count}件</Text>
                </View>
              ))}
          </View>
          <Button className='block-button' type='primary' fill='outline' size='large' block loading={exporting} disabled={exporting} onClick={() => void doExport()}>
            导出调解案件CSV
          </Button>
        </>
      ) : null}
    </>
  )
}
