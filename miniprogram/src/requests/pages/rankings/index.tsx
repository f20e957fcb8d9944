import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Picker, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import {
  RANKING_KEY_LABELS,
  RANKING_SUBJECTS,
  RANKING_SUBJECT_LABELS,
  formatRankingValue,
  hasAnyRole,
  type RankingKey,
  type RankingSubject,
} from '@linli/shared'
import PageShell from '../../../components/PageShell'
import ChoiceChips from '../../../components/ChoiceChips'
import RoleGate from '../../../components/RoleGate'
import F2Chart from '../../../components/F2Chart'
import { ErrorState, Loading } from '../../../components/StateView'
import { useRecord } from '../../../components/useRecord'
import { monthLabel, shanghaiMonthOf } from '../../../services/format'
import { currentRoles, useSession, type SessionState } from '../../../services/session'
import { exportRankings, getRankings } from '../../requests.api'
import { chartData, chartHeight, chartTitle, rankingChart } from './chart'
import './index.css'

/** Staff of the community, or street staff acting in one of their street's communities (no membership there). */
const leads = (s: SessionState) => hasAnyRole(currentRoles(s), ['staff', 'street_staff']) || (!s.current && s.streetCommunityId !== null)

const RATE_KEYS: RankingKey[] = ['resolutionRate', 'responseRate', 'satisfactionRate', 'onTimeRate', 'sendBackRate', 'extensionRate']

/**
 * 考核排名 for street staff (their street's communities, grids and units) and community staff (their community's
 * grids and the units serving it): a month, a tab per kind, the figure to rank by, a chart and the table of every
 * figure, CSV for Excel. 退单率 and 延期率 rank lowest first.
 */
export default function RankingsPage() {
  const session = useSession()
  const [month, setMonth] = useState(shanghaiMonthOf())
  const [of, setOf] = useState<RankingSubject>('community')
  const [sort, setSort] = useState<RankingKey>('resolutionRate')
  const sortOf = of !== 'unit' && sort === 'ratingAverage' ? 'resolutionRate' : sort
  const { data, error, load } = useRecord((opts) => getRankings({ month, of, sort: sortOf }, opts), [month, of, sortOf], { refreshOnShow: false })
  const [exporting, setExporting] = useState(false)
  const keys: RankingKey[] = of === 'unit' ? [...RATE_KEYS, 'ratingAverage'] : RATE_KEYS
  const bars = data ? chartData(data.rows, data.sort) : []

  const doExport = async () => {
    setExporting(true)
    try {
      await exportRankings({ month, of, sort: sortOf })
      void Taro.showToast({ title: '已导出', icon: 'none' })
    } catch {
      // the call has shown the reason
    } finally {
      setExporting(false)
    }
  }

  return (
    <RoleGate session={session} allowed={leads(session)} title='考核排名供社区和街道工作人员使用'>
    <PageShell className='rank'>
      <View className='card rank__head'>
        <Picker mode='date' fields='month' value={month} end={shanghaiMonthOf()} onChange={(e) => setMonth(e.detail.value.slice(0, 7))}>
          <Text className='rank__month'>{monthLabel(month)}</Text>
        </Picker>
        <View className='rank__tabs'>
          {RANKING_SUBJECTS.map((s) => (
            <Text key={s} className={`rank__tab ${of === s ? 'rank__tab--on' : ''}`} onClick={() => setOf(s)}>
              {RANKING_SUBJECT_LABELS[s]}
            </Text>
          ))}
        </View>
        <Text className='muted rank__label'>排名依据</Text>
        <ChoiceChips options={keys.map((k) => ({ id: k, name: RANKING_KEY_LABELS[k] }))} selected={sortOf} onPick={(id) => setSort(id as RankingKey)} />
        {data ? <Text className='muted rank__note'>{data.scope === 'street' ? `${data.scopeName}各${RANKING_SUBJECT_LABELS[of]}` : `${data.scopeName}${of === 'community' ? '' : `的${RANKING_SUBJECT_LABELS[of]}`}`} · 退单率、延期率越低越好 · 社区、网格按居民反映的诉求统计，单位按派单统计</Text> : null}
      </View>

      {!data && !error ? <Loading /> : null}
      {error ? <ErrorState message={error} onRetry={() => void load()} /> : null}

      {data ? (
        <>
          <Text className='section-title'>{chartTitle(data.sort)}</Text>
          <View className='card rank__chart'>
            {bars.length ? (
              <F2Chart id='chartRanking' height={chartHeight(bars.length)} deps={[data]} build={rankingChart(bars, data.sort)} />
            ) : (
              <Text className='muted'>本月暂无可排名的数据</Text>
            )}
          </View>

          <Text className='section-title'>排名明细</Text>
          {data.rows.length === 0 ? <Text className='muted rank__empty'>暂无{RANKING_SUBJECT_LABELS[of]}</Text> : null}
          {data.rows.map((r) => (
            <View key={r.key} className='card rank__row'>
              <View className='rank__row-head'>
                <Text className={`rank__place ${r.rank !== null && r.rank <= 3 ? 'rank__place--top' : ''}`}>{r.rank ?? '—'}</Text>
                <View className='rank__who'>
                  <Text className='rank__name'>{r.label}</Text>
                  <Text className='muted'>
                    {r.detail ? `${r.detail} · ` : ''}
                    {of === 'unit' ? `派单${r.total}件` : `居民诉求${r.total}件`}
                  </Text>
                </View>
                <Text className='rank__value'>{formatRankingValue(data.sort, r[data.sort])}</Text>
              </View>
              <View className='rank__grid'>
                {keys.map((k) => (
                  <View key={k} className='rank__cell'>
                    <Text className='rank__cell-value'>{formatRankingValue(k, r[k])}</Text>
                    <Text className='muted rank__cell-name'>{RANKING_KEY_LABELS[k]}</Text>
                  </View>
                ))}
              </View>
            </View>
          ))}

          <Button className='block-button' type='primary' fill='outline' size='large' block loading={exporting} disabled={exporting} onClick={() => void doExport()}>
            导出CSV
          </Button>
        </>
      ) : null}
    </PageShell>
    </RoleGate>
  )
}
