/** Patrols in the mini-program: 楼栋打卡 answered at once and kept right, the finding's body, and how weeks and durations read. */
import { act } from 'react-test-renderer'
import { CreateRequestInput, type PatrolView } from '@linli/shared'
import { renderHook, flush } from './render'
import { ApiError } from '../src/services/http'
import { check } from '../src/services/form'
import { shanghaiWeekOf, weekLabel } from '../src/services/format'
import { useBuildingChecks } from '../src/patrols/useBuildingChecks'
import { findingForm, findingTitle, patrolDuration, patrolTimes } from '../src/patrols/format'
import { EMPTY_DRAFT, findingDraft, requestBody } from '../src/requests/pages/new/draft'

const ID = (n: number) => n.toString(16).padStart(24, '0')
const view = (checked: string[]): PatrolView => ({
  id: ID(1),
  communityId: ID(2),
  gridId: ID(3),
  gridName: '第一网格',
  workerId: ID(4),
  workerName: '刘网格',
  status: 'ongoing',
  startedAt: '2026-03-02T01:00:00.000Z',
  week: '2026-W10',
  checkedBuildingIds: checked,
  buildingCount: 3,
  checkedCount: checked.length,
  findingCount: 0,
  actions: ['check_buildings', 'file_finding', 'end'],
})

const deferred = <T,>() => {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

describe('patrols/useBuildingChecks', () => {
  function setup(server: string[] = []) {
    const sent: { ids: string[]; answer: ReturnType<typeof deferred<PatrolView>> }[] = []
    const answers: PatrolView[] = []
    let conflicts = 0
    const hook = renderHook(() =>
      useBuildingChecks(
        server,
        (ids) => {
          const answer = deferred<PatrolView>()
          sent.push({ ids, answer })
          return answer.promise
        },
        { onAnswer: (v) => answers.push(v), onConflict: () => conflicts++ },
      ),
    )
    return { ...hook, sent, answers, conflicts: () => conflicts }
  }

  it('shows a tapped building checked at once, and keeps it once the server answers', async () => {
    // Prepare
    const { result, sent, answers } = setup()
    // Act
    act(() => void result.current.check('b1'))
    // Assess: ✓ while on the way, marked as pending
    expect([...result.current.checked]).toEqual(['b1'])
    expect(result.current.pending.has('b1')).toBe(true)
    expect(sent.map((s) => s.ids)).toEqual([['b1']])
    await act(async () => sent[0]!.answer.resolve(view(['b1'])))
    expect(result.current.pending.size).toBe(0)
    expect(result.current.checked.has('b1')).toBe(true)
    expect(answers).toHaveLength(1)
  })

  it('keeps every confirmed building when an older answer, listing fewer, arrives last', async () => {
    const { result, sent } = setup()
    act(() => void result.current.check('b1'))
    act(() => void result.current.check('b2'))
    // The second check was applied after the first on the server, and its answer comes back first.
    await act(async () => sent[1]!.answer.resolve(view(['b1', 'b2'])))
    await act(async () => sent[0]!.answer.resolve(view(['b1'])))
    expect([...result.current.checked].sort()).toEqual(['b1', 'b2'])
  })

  it('takes the ✓ back when the check fails, and asks for a reload when the patrol was ended meanwhile', async () => {
    const { result, sent, conflicts } = setup(['b0'])
    let outcome: boolean | undefined
    act(() => void result.current.check('b1').then((ok) => (outcome = ok)))
    await act(async () => sent[0]!.answer.reject(new ApiError('NETWORK', '网络连接失败')))
    await flush()
    expect(outcome).toBe(false)
    expect([...result.current.checked]).toEqual(['b0'])
    expect(conflicts()).toBe(0)

    act(() => void result.current.check('b2'))
    await act(async () => sent[1]!.answer.reject(new ApiError('CONFLICT', '该巡查已结束', 409)))
    expect(result.current.checked.has('b2')).toBe(false)
    expect(conflicts()).toBe(1)
  })

  it('sends nothing for a building already checked (a second tap only makes it the current one)', async () => {
    const { result, sent } = setup(['b1'])
    let outcome: boolean | undefined
    await act(async () => void (outcome = await result.current.check('b1')))
    expect(outcome).toBe(true)
    expect(sent).toHaveLength(0)
  })
})

describe('a patrol finding’s body', () => {
  const id = ID(9)

  it('names the patrol and its source, and leaves out what only a resident’s demand has', () => {
    const body = requestBody({ ...findingDraft(id, 'b1'), category: 'environment', description: '楼道堆放纸箱堵住通道' }, [], null)!
    expect(body).toEqual({ category: 'environment', description: '楼道堆放纸箱堵住通道', urgency: 'normal', source: 'patrol', patrolId: id, location: { buildingId: 'b1' } })
    expect(check(CreateRequestInput, { ...body, location: { buildingId: ID(5) } }).ok).toBe(true)
  })

  it('carries 就地办结 with its note and the uploaded photos of the result, and needs the note', () => {
    const draft = { ...findingDraft(id, null), category: 'safety' as const, description: '消防通道被电动车堵住', finding: { patrolId: id, onSpot: true, note: ' 已联系车主挪走 ' } }
    const done = [{ path: 'p', size: 1, status: 'done' as const, progress: 100, key: 'k/after' }]
    const failed = [{ path: 'q', size: 1, status: 'error' as const, progress: 0 }]
    const body = requestBody(draft, [], null, [...done, ...failed])!
    expect(body.resolvedOnSpot).toEqual({ note: '已联系车主挪走', photoKeys: ['k/after'] })
    expect(body.location).toBeUndefined()
    expect(check(CreateRequestInput, body).ok).toBe(true)

    const noNote = requestBody({ ...draft, finding: { ...draft.finding, note: ' ' } }, [], null)!
    const checked = check(CreateRequestInput, noNote)
    expect(checked.ok).toBe(false)
    if (!checked.ok) expect(Object.keys(checked.errors)).toContain('resolvedOnSpot.note')
  })

  it('leaves a resident’s body as it was', () => {
    const body = requestBody({ ...EMPTY_DRAFT, category: 'facility', description: '楼道灯坏了', buildingId: 'b1' }, [], null)!
    expect(body).toEqual({ category: 'facility', description: '楼道灯坏了', urgency: 'normal', anonymous: false, phoneConsent: true, location: { buildingId: 'b1' } })
  })
})

describe('patrol words', () => {
  // Wednesday 2026-03-04 12:00 in Shanghai.
  const now = Date.parse('2026-03-04T04:00:00Z')

  it('names weeks as people do: 本周, 上周, else the Monday they start on', () => {
    expect(shanghaiWeekOf(0, now)).toBe('2026-W10')
    expect(weekLabel('2026-W10', now)).toBe('本周')
    expect(weekLabel('2026-W09', now)).toBe('上周')
    expect(weekLabel('2026-W05', now)).toBe('1月26日起')
  })

  it('gives a patrol’s length so far or in all, and the form’s address for a finding', () => {
    expect(patrolDuration({ startedAt: '2026-03-04T03:20:00Z' }, now)).toBe('40分钟')
    expect(patrolDuration({ startedAt: '2026-03-04T01:00:00Z', endedAt: '2026-03-04T02:30:00Z' }, now)).toBe('1.5小时')
    expect(findingForm('p1', 'b2')).toBe('/requests/pages/new/index?patrolId=p1&buildingId=b2')
    expect(findingForm('p1', null)).toBe('/requests/pages/new/index?patrolId=p1')
  })
})

describe('a finding in the patrol’s list', () => {
  it('drops the category the API puts before an untitled finding’s words, which the list shows above it', () => {
    expect(findingTitle({ title: '【环境卫生】楼道堆放纸箱', category: 'environment' })).toBe('楼道堆放纸箱')
    expect(findingTitle({ title: '路灯不亮', category: 'facility' })).toBe('路灯不亮')
    expect(findingTitle({ title: '【设施维修】楼道灯', category: 'environment' })).toBe('【设施维修】楼道灯')
  })
})

describe('when a patrol ran', () => {
  it('names the end’s date only when it ended on another day', () => {
    const year = new Date().getUTCFullYear()
    expect(patrolTimes({ startedAt: `${year}-03-04T06:46:00Z`, endedAt: `${year}-03-04T07:30:00Z` })).toBe('03-04 14:46 开始 · 15:30 结束')
    expect(patrolTimes({ startedAt: `${year}-03-04T15:00:00Z`, endedAt: `${year}-03-04T17:00:00Z` })).toBe('03-04 23:00 开始 · 03-05 01:00 结束')
    expect(patrolTimes({ startedAt: `${year}-03-04T06:46:00Z` })).toBe('03-04 14:46 开始')
  })
})
