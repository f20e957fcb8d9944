import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { PatrolCoverage } from '@linli/shared'
import ChoiceChips from '../../components/ChoiceChips'
import { ErrorState, Loading } from '../../components/StateView'
import { useRecord } from '../../components/useRecord'
import { useSubmit } from '../../components/useSubmit'
import { ApiError, errorMessage } from '../../services/http'
import { RECORDS_PAGE, patrolPage } from '../format'
import { getCoverage, ongoingPatrol, startPatrol } from '../patrols.api'
import './GridPatrolCard.css'

/** Names of the buildings not checked yet, the first few of a long list. */
const SHOWN_NAMES = 8
function uncheckedText(g: PatrolCoverage['grids'][number]): string {
  const names = g.buildings.filter((b) => !b.checked).map((b) => b.name)
  const more = names.length > SHOWN_NAMES ? `等${names.length}栋` : ''
  return `${names.slice(0, SHOWN_NAMES).join('、')}${more}`
}

/** The grid to start in by default: the one with most buildings still to check this week. */
const busiest = (grids: PatrolCoverage['grids']) => [...grids].sort((a, b) => b.total - b.checked - (a.total - a.checked))[0]?.gridId ?? null

/**
 * 网格巡查 on a grid worker's 首页, the first thing they see: this week's buildings not yet checked in each of their
 * grids, and one big button — 继续巡查 when a patrol is under way, else 开始巡查 (in the grid they choose when they
 * serve several). Read again whenever 首页 shows, so coming back from a patrol shows what it covered.
 */
export default function GridPatrolCard() {
  const record = useRecord((opts) => Promise.all([getCoverage(undefined, opts), ongoingPatrol(opts)]).then(([coverage, ongoing]) => ({ coverage, ongoing })), [])
  const [chosen, setChosen] = useState<string | null>(null)
  const grids = record.data?.coverage.grids ?? []
  const gridId = chosen ?? busiest(grids)

  const [starting, start] = useSubmit(async () => {
    try {
      const p = await startPatrol(grids.length > 1 ? (gridId ?? undefined) : undefined, { silent: true })
      void Taro.navigateTo({ url: patrolPage(p.id) })
    } catch (err) {
      // One under way already (started on another phone, say): open it rather than refuse.
      const ongoing = err instanceof ApiError && err.status === 409 ? (err.details as { patrolId?: string } | undefined)?.patrolId : undefined
      if (ongoing) void Taro.navigateTo({ url: patrolPage(ongoing) })
      else void Taro.showToast({ title: errorMessage(err), icon: 'none' })
    }
  })

  const data = record.data
  const ongoing = data?.ongoing
  return (
    <>
      <Text className='section-title'>网格巡查 · 本周</Text>
      <View className='card gpatrol'>
        {!data && !record.error ? <Loading /> : null}
        {record.error ? <ErrorState message={record.error} onRetry={() => void record.load()} /> : null}
        {data ? (
          <>
            {grids.length === 0 ? <Text className='muted'>您还没有负责的网格，请联系社区管理员。</Text> : null}
            {grids.map((g) => (
              <View key={g.gridId} className='gpatrol__grid'>
                <View className='gpatrol__head'>
                  <Text className='card__title'>{g.gridName}</Text>
                  <Text className='gpatrol__count'>
                    已巡查 {g.checked}/{g.total} 栋
                  </Text>
                </View>
                {g.checked < g.total ? (
                  <Text className='gpatrol__todo'>
                    还有 <Text className='gpatrol__left'>{g.total - g.checked}</Text> 栋未巡查：{uncheckedText(g)}
                  </Text>
                ) : (
                  <Text className='gpatrol__done'>{g.total ? '✓ 本周楼栋已全部巡查' : '本网格还没有登记楼栋'}</Text>
                )}
              </View>
            ))}
            {ongoing ? (
              <Button className='gpatrol__go' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: patrolPage(ongoing.id) })}>
                继续巡查（{ongoing.gridName} · 已打卡{ongoing.checkedCount}栋）
              </Button>
            ) : grids.length > 0 ? (
              <>
                {grids.length > 1 ? (
                  <ChoiceChips className='gpatrol__choose' options={grids.map((g) => ({ id: g.gridId, name: g.gridName }))} selected={gridId} onPick={setChosen} />
                ) : null}
                <Button className='gpatrol__go' type='primary' size='large' block loading={starting} disabled={starting} onClick={start}>
                  开始巡查
                </Button>
              </>
            ) : null}
          </>
        ) : null}
        <View className='gpatrol__records' onClick={() => void Taro.navigateTo({ url: RECORDS_PAGE })}>
          <Text>巡查记录</Text>
          <Text className='muted'>打卡和发现的问题 ›</Text>
        </View>
      </View>
    </>
  )
}
