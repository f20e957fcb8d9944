/** Core pieces added for the volunteering pages: the list states around a paged list, and code lengths from patterns. */
import { act, create, type ReactTestRenderer } from 'react-test-renderer'
import { CheckinInput, RedemptionCodeParams, RewardInput } from '@linli/shared'
import * as z from 'zod'
import { ListFooter, ListStatus } from '../src/components/ListStates'
import { limitsOf } from '../src/services/form'
import { useShownAgain } from '../src/components/useShownAgain'
import { useForm } from '../src/components/useForm'
import { ApiError } from '../src/services/http'
import { fire } from './taro-lifecycle'


const render = (el: JSX.Element) => {
  let root!: ReactTestRenderer
  act(() => {
    root = create(el)
  })
  return root
}
const texts = (root: ReactTestRenderer) => root.root.findAll((n) => typeof n.type === 'string' && n.type === 'Text').map((n) => n.props.children)
const list = (over: Partial<Parameters<typeof ListFooter>[0]['list'] & { error: string | null }> = {}) => ({
  items: [] as unknown[] | null,
  error: null as string | null,
  nextCursor: null as string | null,
  loadingMore: false,
  load: jest.fn(async () => undefined),
  loadMore: jest.fn(async () => undefined),
  ...over,
})

describe('ListStatus', () => {
  it('shows loading before the first page, then the empty state only when nothing came', () => {
    expect(texts(render(<ListStatus list={list({ items: null })} empty={<span>空</span>} />))).toContain('加载中…')
    const empty = render(<ListStatus list={list({ items: [] })} empty={<span>空</span>} />)
    expect(empty.root.findAll((n) => n.type === 'span')).toHaveLength(1)
    expect(render(<ListStatus list={list({ items: [1] })} empty={<span>空</span>} />).root.findAll((n) => n.type === 'span')).toHaveLength(0)
  })

  it('shows the error with a retry that loads again', () => {
    const l = list({ items: null, error: '网络不给力' })
    const root = render(<ListStatus list={l} />)
    expect(texts(root)).toContain('网络不给力')
    expect(texts(root)).not.toContain('加载中…')
    act(() => root.root.findAll((n) => n.type === 'Button')[0]!.props.onClick())
    expect(l.load).toHaveBeenCalled()
  })
})

describe('ListFooter', () => {
  it('offers 加载更多 while there is a next page', () => {
    const l = list({ items: [1], nextCursor: 'c' })
    const root = render(<ListFooter list={l} end />)
    act(() => root.root.findAll((n) => n.type === 'Button')[0]!.props.onClick())
    expect(l.loadMore).toHaveBeenCalled()
  })

  it('says 没有更多了 at the end only when asked and when something was shown', () => {
    expect(texts(render(<ListFooter list={list({ items: [1] })} end />))).toEqual(['没有更多了'])
    expect(render(<ListFooter list={list({ items: [1] })} />).toJSON()).toBeNull()
    expect(render(<ListFooter list={list({ items: [] })} end />).toJSON()).toBeNull()
  })
})

describe('limitsOf a fixed-width code', () => {
  it('reads the length from the pattern', () => {
    expect(limitsOf(CheckinInput, 'code')).toMatchObject({ minLength: 6, maxLength: 6 })
    expect(limitsOf(RedemptionCodeParams, 'code')).toMatchObject({ minLength: 8, maxLength: 8 })
    expect(limitsOf(z.object({ pin: z.string().regex(/^\d{4,6}$/) }), 'pin')).toMatchObject({ minLength: 4, maxLength: 6 })
  })

  it('leaves other patterns alone, and explicit limits win', () => {
    expect(limitsOf(z.object({ a: z.string().regex(/^[a-z]+\d{2}$/) }), 'a').maxLength).toBeUndefined()
    expect(limitsOf(z.object({ a: z.string().max(5).regex(/^\d{6}$/) }), 'a').maxLength).toBe(5)
  })
})

describe('useShownAgain', () => {
  it('runs on every show but the first', () => {
    const again = jest.fn()
    function Page() {
      useShownAgain(again)
      return null
    }
    render(<Page />)
    act(() => fire('show'))
    expect(again).not.toHaveBeenCalled()
    act(() => fire('show'))
    act(() => fire('show'))
    expect(again).toHaveBeenCalledTimes(2)
  })
})

describe('useForm send', () => {
  function setup() {
    const result = { current: undefined as unknown as ReturnType<typeof useForm<{ name: string }, typeof RewardInput>> }
    function Probe() {
      result.current = useForm({ schema: RewardInput, initial: { name: '' }, toBody: (v) => ({ name: v.name.trim(), cost: 10, stock: 1 }) })
      return null
    }
    render(<Probe />)
    return result
  }

  it('does not call when the schema refuses, and shows its message', async () => {
    const form = setup()
    const call = jest.fn(async () => 'ok')
    let answer: unknown
    await act(async () => void (answer = await form.current.send(call)))
    expect(call).not.toHaveBeenCalled()
    expect(answer).toBeNull()
    expect(form.current.errors.name).toBe('请填写名称')
  })

  it("sends the checked body, and shows the server's refusal on the field", async () => {
    const form = setup()
    act(() => form.current.set({ name: ' 理发 ' }))
    const call = jest.fn(async (_body: unknown): Promise<string> => {
      throw new ApiError('VALIDATION_FAILED', '输入有误', 400, [{ path: 'name', message: '名称已存在' }])
    })
    let answer: unknown
    await act(async () => void (answer = await form.current.send(call)))
    expect(call).toHaveBeenCalledWith({ name: '理发', cost: 10, stock: 1 })
    expect(answer).toBeNull()
    expect(form.current.errors).toEqual({ name: '名称已存在' })
    await act(async () => void (answer = await form.current.send(async () => 'done')))
    expect(answer).toBe('done')
    expect(form.current.errors).toEqual({})
  })
})
