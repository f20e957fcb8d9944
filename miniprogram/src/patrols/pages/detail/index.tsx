import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading } from '../../../components/StateView'
import { useRecord } from '../../../components/useRecord'
import { confirmed } from '../../../services/confirm'
import FindingList from '../../components/FindingList'
import { checkBuildings, endPatrol, getPatrol } from '../../patrols.api'
import { findingForm } from '../../format'
import { useBuildingChecks } from '../../useBuildingChecks'
import BuildingTiles from './BuildingTiles'
import PatrolHead from './PatrolHead'
import './index.css'

/**
 * 巡查: while under way, the grid's buildings to check in as the worker walks, a big 上报问题 for what they find
 * (the filing form, set for this patrol and the building they are at), the findings so far and 结束巡查; once
 * ended, what it covered. Every button follows the view's `actions` (staff overseeing a patrol may only end it).
 */
export default function PatrolPage() {
  const id = useRouter().params.id ?? ''
  const record = useRecord((opts) => getPatrol(id, opts), [id])
  const p = record.data
  const [current, setCurrent] = useState<string | null>(null)
  const checks = useBuildingChecks(p?.checkedBuildingIds ?? [], (ids) => checkBuildings(id, ids), {
    onAnswer: (view) => record.setData(view),
    onConflict: () => void record.load(),
  })

  if (!p) {
    return <PageShell className='patrol'>{record.error ? <ErrorState message={record.error} onRetry={() => void record.load()} /> : <Loading />}</PageShell>
  }

  const buildings = p.buildings ?? []
  const checkedHere = buildings.filter((b) => checks.checked.has(b.id)).length
  const can = (a: (typeof p.actions)[number]) => p.actions.includes(a)
  const currentName = buildings.find((b) => b.id === current)?.name

  const tap = (buildingId: string) => {
    setCurrent(buildingId)
    void checks.check(buildingId).then((ok) => ok || setCurrent((c) => (c === buildingId ? null : c)))
  }

  const end = async () => {
    const sure = await confirmed('结束巡查？', `已打卡${checkedHere}栋楼，上报${p.findingCount}个问题。结束后不能再打卡和上报。`, { confirmText: '结束巡查' })
    if (sure) await record.act(() => endPatrol(id), () => '巡查已结束')
  }

  return (
    <PageShell className='patrol'>
      <PatrolHead p={p} checked={checkedHere} />

      {p.status === 'ongoing' ? (
        <>
          <Text className='section-title'>{can('check_buildings') ? '到达楼栋后点一下打卡' : '楼栋打卡'}</Text>
          <View className='card'>
            {buildings.length ? (
              <BuildingTiles buildings={buildings} checked={checks.checked} pending={checks.pending} current={current} canCheck={can('check_buildings')} onTap={tap} />
            ) : (
              <Text className='muted'>本网格还没有登记楼栋，请联系社区管理员。</Text>
            )}
          </View>
          {can('file_finding') ? (
            <Button className='block-button patrol__report' type='primary' size='large' block onClick={() => void Taro.navigateTo({ url: findingForm(id, current) })}>
              {currentName ? `上报问题（${currentName}）` : '上报问题'}
            </Button>
          ) : null}
        </>
      ) : (
        <>
          <Text className='section-title'>巡查的楼栋</Text>
          <View className='card'>
            <Text className='patrol__buildings'>已打卡：{buildings.filter((b) => b.checked).map((b) => b.name).join('、') || '无'}</Text>
            {buildings.some((b) => !b.checked) ? (
              <Text className='muted patrol__buildings'>未打卡：{buildings.filter((b) => !b.checked).map((b) => b.name).join('、')}</Text>
            ) : null}
          </View>
        </>
      )}

      <Text className='section-title'>本次发现的问题（{p.findingCount}）</Text>
      <View className='card'>
        <FindingList findings={p.findings ?? []} empty={p.status === 'ongoing' ? '还没有上报问题。发现问题点“上报问题”，能当场解决的可以就地办结。' : '本次巡查没有上报问题。'} />
      </View>

      {can('end') ? (
        <Button className='block-button patrol__end' fill='outline' size='large' block loading={record.busy} disabled={record.busy} onClick={() => void end()}>
          结束巡查
        </Button>
      ) : null}
    </PageShell>
  )
}
