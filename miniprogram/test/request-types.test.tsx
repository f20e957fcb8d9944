/** 诉求类型 (咨询/求助/投诉/建议): the filing form's plain-word chooser, the body it sends, 改类型's button, and 诉求办理时限 in 社区设置. */
import { act, create } from 'react-test-renderer'
import { DEFAULT_COMMUNITY_SETTINGS, RequestActionInput, api, type RequestView } from '@linli/shared'
import { check } from '../src/services/form'
import { EMPTY_DRAFT, requestBody } from '../src/requests/pages/new/draft'
import TypePicker from '../src/requests/pages/new/TypePicker'
import { actionButtons, composerOf } from '../src/requests/pages/detail/actions'
import { typeDeadlineChanges, typeDeadlineValuesOf } from '../src/staff/pages/settings/TypeDeadlinesFields'

const texts = (node: unknown): string[] => {
  const out: string[] = []
  const walk = (n: any) => {
    if (typeof n === 'string') out.push(n)
    else if (Array.isArray(n)) n.forEach(walk)
    else if (n?.children) n.children.forEach(walk)
  }
  walk(node)
  return out
}

describe('the filing form’s type', () => {
  it('offers the four types in a resident’s words, 我需要帮助 chosen until another is tapped', () => {
    const picked: string[] = []
    let root!: ReturnType<typeof create>
    act(() => {
      root = create(<TypePicker value={undefined} onChange={(t) => picked.push(t)} />)
    })
    const all = texts(root.toJSON())
    for (const words of ['我想咨询', '我需要帮助', '我要投诉', '我有建议']) expect(all).toContain(words)
    const tiles = root.root.findAll((n) => typeof n.props.className === 'string' && n.props.className.startsWith('rnew__type rnew__type--'))
    // (A tile is found as the component and as what it renders: the same class twice.)
    expect([...new Set(tiles.filter((t) => t.props.className.includes('rnew__type--on')).map((t) => t.props.className))]).toEqual(['rnew__type rnew__type--help rnew__type--on'])
    act(() => tiles.find((t) => t.props.className.includes('rnew__type--complaint'))!.props.onClick())
    expect(picked).toEqual(['complaint'])
  })

  it('sends the chosen type for a resident’s demand; none for a finding, none when untouched', () => {
    expect(requestBody({ ...EMPTY_DRAFT, category: 'facility', description: '楼道灯坏了', type: 'complaint' }, [], null)).toMatchObject({ type: 'complaint' })
    expect(requestBody({ ...EMPTY_DRAFT, category: 'facility', description: '楼道灯坏了' }, [], null)!.type).toBeUndefined()
    const finding = requestBody({ ...EMPTY_DRAFT, category: 'facility', description: '楼道灯坏了', type: 'consult', finding: { patrolId: 'p1', onSpot: false, note: '' } }, [], null)!
    expect(finding.type).toBeUndefined()
  })
})

describe('改类型 on the detail page', () => {
  it('is a handler’s button with its own form', () => {
    const r = { actions: ['accept', 'set_type'], public: false } as unknown as RequestView
    expect(actionButtons(r, 'handler').map((b) => b.label)).toContain('改类型')
    expect(actionButtons(r, 'filer').map((b) => b.label)).not.toContain('改类型')
    expect(composerOf('set_type')).toBe('set_type')
    expect(check(RequestActionInput, { action: 'set_type', type: 'complaint' }).ok).toBe(true)
    expect(check(RequestActionInput, { action: 'set_type', type: 'praise' }).ok).toBe(false)
  })
})

describe('社区设置 · 诉求办理时限', () => {
  const saved = DEFAULT_COMMUNITY_SETTINGS
  const schema = api.communities.updateSettings.body
  it('shows the defaults (咨询 2, 求助 7, 投诉 15, 建议 15 working days; respond 1) and sends nothing while unchanged', () => {
    const v = typeDeadlineValuesOf(saved)
    expect(v.typeDeadlines.consult.grid).toEqual({ value: '2', unit: 'workdays' })
    expect(v.typeDeadlines.help.street).toEqual({ value: '7', unit: 'workdays' })
    expect(v.typeDeadlines.complaint.respond).toEqual({ value: '1', unit: 'workdays' })
    expect(typeDeadlineChanges(v, saved)).toEqual({})
  })
  it('sends the whole table when a span changed, in working days or hours, checked by the shared schema', () => {
    const v = typeDeadlineValuesOf(saved)
    v.typeDeadlines.complaint.respond = { value: '4', unit: 'hours' }
    const body = typeDeadlineChanges(v, saved)
    expect(body.requestTypeDeadlines!.complaint.respond).toEqual({ value: 4, unit: 'hours' })
    expect(body.requestTypeDeadlines!.help.resolve.grid).toEqual({ value: 7, unit: 'workdays' })
    expect(check(schema, body).ok).toBe(true)
  })
  it('refuses what the server would: 0, more than 60 working days, not a number', () => {
    for (const value of ['0', '61', '2.5']) {
      const v = typeDeadlineValuesOf(saved)
      v.typeDeadlines.help.grid = { value, unit: 'workdays' }
      const res = check(schema, typeDeadlineChanges(v, saved))
      expect(res.ok).toBe(false)
      if (!res.ok) expect(Object.keys(res.errors)[0]).toMatch(/^requestTypeDeadlines\.help\.resolve\.grid/)
    }
  })
})

describe('deadlines as residents read them', () => {
  it('say 24:00 of the last working day, never 00:00 of the next', async () => {
    const { formatDeadline } = await import('../src/services/format')
    expect(formatDeadline('2026-12-09T16:00:00.000Z', true)).toBe('2026-12-09 24:00')
    expect(formatDeadline('2026-12-31T16:00:00.000Z', true)).toBe('2026-12-31 24:00')
    expect(formatDeadline('2026-12-09T02:00:00.000Z', true)).toBe('2026-12-09 10:00')
  })
})
