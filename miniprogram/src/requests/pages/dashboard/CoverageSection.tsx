import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import type { CoverageWeek } from '@linli/shared'
import { share, weekLabel } from '../../../services/format'

/** Weeks shown before 查看全部: a month of patrols is what a leader checks first. */
const RECENT_WEEKS = 4

/** The rows by week, newest week first (ISO weeks sort as strings). */
function byWeek(rows: readonly CoverageWeek[]): [string, CoverageWeek[]][] {
  const weeks = new Map<string, CoverageWeek[]>()
  for (const r of rows) weeks.set(r.week, [...(weeks.get(r.week) ?? []), r])
  return [...weeks].sort(([a], [b]) => (a < b ? 1 : -1))
}

/** 巡查覆盖: per week and grid, the buildings its patrols checked out of its buildings, as a bar and in numbers. */
export default function CoverageSection({ rows }: { rows: readonly CoverageWeek[] }) {
  const [all, setAll] = useState(false)
  const weeks = byWeek(rows)
  return (
    <>
      <Text className='section-title'>巡查覆盖（已巡查楼栋 / 楼栋数）</Text>
      <View className='card dash__coverage'>
        {weeks.length === 0 ? <Text className='muted'>暂无数据</Text> : null}
        {(all ? weeks : weeks.slice(0, RECENT_WEEKS)).map(([week, grids]) => (
          <View key={week} className='dash__week'>
            <Text className='dash__week-name'>{weekLabel(week)}</Text>
            {grids.map((g) => (
              <View key={g.gridId} className='dash__cover'>
                <Text className='dash__cover-grid'>{g.label}</Text>
                <View className='dash__cover-bar'>
                  <View className='dash__cover-fill' style={{ width: `${share(g.checked, g.buildings)}%` }} />
                </View>
                <Text className='dash__cover-value'>
                  {g.checked}/{g.buildings}
                </Text>
              </View>
            ))}
          </View>
        ))}
        {weeks.length > RECENT_WEEKS ? (
          <Text className='dash__more' onClick={() => setAll(!all)}>
            {all ? `只看最近${RECENT_WEEKS}周` : `查看全部${weeks.length}周`}
          </Text>
        ) : null}
      </View>
    </>
  )
}
