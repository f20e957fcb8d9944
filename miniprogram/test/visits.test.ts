/**
 * Visits in the mini-program: the body the visit form sends (consent per person, names only with it, rows kept in
 * order so errors land on them), the draft that outlives the page, the 代办 body from a visit, and the coverage
 * board's quarters, chart data and CSV.
 */
import { CreateRequestInput, CreateVisitInput, type VisitCoverage } from '@linli/shared'
import { check } from '../src/services/form'
import { addDays } from '../src/visits/pages/new/FollowUpFields'
import { dropDraft, emptyDraft, keepDraft, loadDraft, visitBody, type VisitDraft } from '../src/visits/pages/new/draft'
import { COVERAGE_SERIES, coverageChartData, coverageCsv, quarterLabel, shanghaiQuarterOf } from '../src/requests/pages/dashboard/visitCoverage'
import { dueLine, isDue, newVisitPage, visitPage } from '../src/visits/format'
import { requestBody } from '../src/requests/pages/new/draft'
import { visitDraft } from '../src/requests/pages/new/useVisitPrefill'

const ID = (n: number) => n.toString(16).padStart(24, '0')
const HOUSEHOLD = ID(1)
const GRANDMA = ID(2) // no account
const SON = ID(3) // uses the mini-program

const draft = (patch: Partial<VisitDraft> = {}): VisitDraft => ({ ...emptyDraft(), date: '2026-12-07', topics: ['hardship'], ...patch })

describe('visits/new: the body the form sends', () => {
  it('asks consent of an occupant without an account only, and counts a forgotten toggle as not agreed', () => {
    // Prepare: both met, nothing said about the grandmother's consent
    const d = draft({ met: [GRANDMA, SON] })
    // Act
    const body = visitBody(HOUSEHOLD, d, new Set([GRANDMA]))
    // Assess
    expect(body.met).toEqual([
      { kind: 'occupant', occupantId: GRANDMA, consent: 'refused' },
      { kind: 'occupant', occupantId: SON },
    ])
    expect(check(CreateVisitInput, body).ok).toBe(true)
  })

  it('sends the consent given at the door', () => {
    const body = visitBody(HOUSEHOLD, draft({ met: [GRANDMA], consent: { [GRANDMA]: 'given' } }), new Set([GRANDMA]))
    expect(body.met).toEqual([{ kind: 'occupant', occupantId: GRANDMA, consent: 'given' }])
  })

  it('names a guest only with their consent, and sends nothing that identifies one who refused', () => {
    const d = draft({
      met: [SON],
      guests: [
        { key: 'a', name: ' 孙丽 ', relation: '女儿', consent: 'given' },
        { key: 'b', name: '王阿姨', relation: '保姆', consent: 'refused' },
      ],
    })
    const body = visitBody(HOUSEHOLD, d, new Set())
    expect(body.met).toEqual([
      { kind: 'occupant', occupantId: SON },
      { kind: 'other', consent: 'given', name: '孙丽', relation: '女儿' },
      { kind: 'other', consent: 'refused' },
    ])
    expect(check(CreateVisitInput, body).ok).toBe(true)
  })

  it('puts a guest’s error at met.N after the occupants, where the form shows it', () => {
    const body = visitBody(HOUSEHOLD, draft({ met: [SON], guests: [{ key: 'a', name: '', relation: '', consent: 'given' }] }), new Set())
    const res = check(CreateVisitInput, body)
    expect(res.ok).toBe(false)
    if (!res.ok) expect(Object.keys(res.errors)).toContain('met.1.name')
  })

  it('keeps an empty follow-up row, so its error shows on that row', () => {
    const body = visitBody(HOUSEHOLD, draft({ followUps: [{ key: 'a', text: '帮忙申请补贴', dueOn: '2026-12-14' }, { key: 'b', text: '', dueOn: '2026-12-14' }] }), new Set())
    const res = check(CreateVisitInput, body)
    expect(res.ok).toBe(false)
    if (!res.ok) expect(res.errors['followUps.1.text']).toBe('待办事项至少2个字')
  })

  it('names a household not on the register by its address, and asks for the building by name', () => {
    const d = draft({ address: { buildingId: ID(5), unit: ' 8 ', room: '801 ' } })
    const body = visitBody(null, d, new Set())
    expect(body).toMatchObject({ address: { buildingId: ID(5), unit: '8', room: '801' } })
    expect(body).not.toHaveProperty('householdId')
    expect(check(CreateVisitInput, body).ok).toBe(true)
    const res = check(CreateVisitInput, visitBody(null, draft(), new Set()), { 'address.buildingId': '请选择楼栋' })
    expect(res.ok).toBe(false)
    if (!res.ok) expect(res.errors).toMatchObject({ 'address.buildingId': '请选择楼栋', 'address.unit': '单元不能为空', 'address.room': '房号不能为空' })
  })

  it('refuses a visit without topics, and leaves out empty notes', () => {
    const body = visitBody(HOUSEHOLD, draft({ topics: [], notes: '  ' }), new Set())
    expect(body).not.toHaveProperty('notes')
    const res = check(CreateVisitInput, body)
    expect(res.ok).toBe(false)
    if (!res.ok) expect(Object.keys(res.errors)).toEqual(['topics'])
  })
})

describe('visits/new: the draft', () => {
  it('outlives the page per household until the visit is recorded, with one key for all its sends', () => {
    const kept = draft({ notes: '孙奶奶腿脚不便' })
    keepDraft(HOUSEHOLD, kept)
    expect(loadDraft(HOUSEHOLD)).toBe(kept)
    expect(loadDraft(ID(9)).notes).toBe('')
    dropDraft(HOUSEHOLD)
    const fresh = loadDraft(HOUSEHOLD)
    expect(fresh.notes).toBe('')
    expect(fresh.idempotencyKey).not.toBe(kept.idempotencyKey)
  })

  it('dates follow-ups by calendar days, across months and years', () => {
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04')
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01')
  })
})

describe('requests/new: 代办 from a visit', () => {
  it('files on behalf of the household with the visit’s id, and never without 代办', () => {
    const d = {
      ...visitDraft(ID(7)),
      category: 'safety' as const,
      description: '楼道扶手松动，老人上下楼不安全',
      behalf: { name: '孙奶奶', buildingId: ID(5), unit: '1', room: '101', phone: '' },
    }
    const body = requestBody(d, [], null)!
    expect(body).toMatchObject({ visitId: ID(7), onBehalfOf: { name: '孙奶奶', buildingId: ID(5), unit: '1', room: '101' } })
    expect(check(CreateRequestInput, body).ok).toBe(true)
    // Without 代办 the visit's id is not sent (the server would refuse it).
    expect(requestBody({ ...d, onBehalf: false }, [], null)).not.toHaveProperty('visitId')
  })
})

describe('visits/format and coverage', () => {
  it('names quarters in Shanghai time, across the year', () => {
    // 2026-12-31 20:00 UTC is 2027-01-01 04:00 in Shanghai.
    const newYear = Date.parse('2026-12-31T20:00:00Z')
    expect(shanghaiQuarterOf(0, newYear)).toBe('2027Q1')
    expect(shanghaiQuarterOf(-1, newYear)).toBe('2026Q4')
    expect(shanghaiQuarterOf(0, Date.parse('2026-09-30T15:59:00Z'))).toBe('2026Q3')
    expect(quarterLabel('2026Q4')).toBe('2026年第4季度')
  })

  const coverage: VisitCoverage = {
    quarter: '2026Q4',
    from: '2026-09-30T16:00:00.000Z',
    to: '2026-12-31T16:00:00.000Z',
    grids: [
      { gridId: ID(1), gridName: '第一网格', households: 3, visited: 2, visitedRate: 2 / 3, flagged: 2, flaggedInInterval: 1, flaggedRate: 0.5 },
      { gridId: ID(2), gridName: '第二网格, 南区', households: 0, visited: 0, visitedRate: null, flagged: 0, flaggedInInterval: 0, flaggedRate: null },
    ],
    total: { households: 3, visited: 2, visitedRate: 2 / 3, flagged: 2, flaggedInInterval: 1, flaggedRate: 0.5 },
  }

  it('draws two bars a grid in whole percent, 0 where there is nothing to count', () => {
    expect(coverageChartData(coverage.grids)).toEqual([
      { label: '第一网格', name: COVERAGE_SERIES.visited, value: 67 },
      { label: '第一网格', name: COVERAGE_SERIES.flagged, value: 50 },
      { label: '第二网格, 南区', name: COVERAGE_SERIES.visited, value: 0 },
      { label: '第二网格, 南区', name: COVERAGE_SERIES.flagged, value: 0 },
    ])
  })

  it('writes the CSV with a row per grid and 合计, quoting what needs it and leaving empty rates empty', () => {
    expect(coverageCsv(coverage).split('\r\n')).toEqual([
      '季度,网格,登记户数,本季度已走访户数,走访覆盖率,关爱户数,按期走访关爱户数,关爱户按期走访率',
      '2026Q4,第一网格,3,2,66.7%,2,1,50%',
      '2026Q4,"第二网格, 南区",0,0,,0,0,',
      '2026Q4,合计,3,2,66.7%,2,1,50%',
      '',
    ])
  })

  it('says where a flagged household stands, and what 只看到期 keeps', () => {
    expect(dueLine({ intervalDays: 7, state: 'never_visited' })).toBe('从未走访，请尽快安排（每7天）')
    expect(dueLine({ intervalDays: 7, lastVisitAt: '2026-12-01T02:00:00.000Z', dueAt: '2026-12-07T16:00:00.000Z', state: 'due_soon' })).toBe('上次走访 12-01 · 应于 12-08 走访（每7天）')
    expect(['never_visited', 'overdue', 'due_soon', 'ok'].filter((s) => isDue(s as never))).toEqual(['never_visited', 'overdue', 'due_soon'])
    expect(newVisitPage(HOUSEHOLD)).toBe(`/visits/pages/new/index?householdId=${HOUSEHOLD}`)
    expect(visitPage(ID(4))).toBe(`/visits/pages/detail/index?id=${ID(4)}`)
  })
})
