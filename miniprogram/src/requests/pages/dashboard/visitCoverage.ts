/**
 * 走访覆盖 on the leaders' board: quarters as people name them, the chart's data and the CSV of the figures. The
 * CSV is made on the phone from the figures the board already holds (one row per grid and a 合计 row): nothing
 * more is read, and no visit content is in it.
 */
import { SHANGHAI_OFFSET_MS, type VisitCoverage, type VisitCoverageRow } from '@linli/shared'
import { saveCsvText } from '../../../services/csv'

/** The quarter (Asia/Shanghai) `offset` quarters from this one: `2026Q4`. */
export function shanghaiQuarterOf(offset = 0, now = Date.now()): string {
  const local = new Date(now + SHANGHAI_OFFSET_MS)
  const q = local.getUTCFullYear() * 4 + Math.floor(local.getUTCMonth() / 3) + offset
  return `${Math.floor(q / 4)}Q${(q % 4) + 1}`
}

/** `2026Q4` → `2026年第4季度`. */
export const quarterLabel = (quarter: string) => `${quarter.slice(0, 4)}年第${quarter.slice(5)}季度`

/** A rate as a whole percentage for the chart (0 where there is nothing to count: the row's words say 无). */
const pct = (rate: number | null) => (rate === null ? 0 : Math.round(rate * 100))

export const COVERAGE_SERIES = { visited: '本季度走访覆盖率', flagged: '关爱户按期走访率' } as const

/** Two bars a grid: the share of its households visited this quarter, and of its flagged ones visited in time. */
export const coverageChartData = (rows: readonly VisitCoverageRow[]) =>
  rows.flatMap((r) => [
    { label: r.gridName, name: COVERAGE_SERIES.visited, value: pct(r.visitedRate) },
    { label: r.gridName, name: COVERAGE_SERIES.flagged, value: pct(r.flaggedRate) },
  ])

/** A rate as the CSV writes it: 66.7%, or empty without anything to count. */
const csvRate = (rate: number | null) => (rate === null ? '' : `${Math.round(rate * 1000) / 10}%`)
const csvCell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))

/** The CSV of a quarter's coverage: a header, a row per grid, 合计; CRLF lines as Excel expects. */
export function coverageCsv(c: VisitCoverage): string {
  const header = ['季度', '网格', '登记户数', '本季度已走访户数', '走访覆盖率', '关爱户数', '按期走访关爱户数', '关爱户按期走访率']
  const line = (name: string, r: Omit<VisitCoverageRow, 'gridId' | 'gridName'>) =>
    [c.quarter, name, r.households, r.visited, csvRate(r.visitedRate), r.flagged, r.flaggedInInterval, csvRate(r.flaggedRate)].map(csvCell).join(',')
  return [header.join(','), ...c.grids.map((g) => line(g.gridName, g)), line('合计', c.total)].join('\r\n') + '\r\n'
}

/** Saves the CSV (UTF-8 with a BOM, so Excel reads the Chinese). */
export const saveCoverageCsv = (c: VisitCoverage): Promise<void> => saveCsvText(`\ufeff${coverageCsv(c)}`, `走访覆盖_${c.quarter}.csv`)
