/** The mini-program's core hooks and form components, rendered with react-test-renderer (no browser). */
import { act, create, type ReactTestRenderer } from 'react-test-renderer'
import { renderHook, flush } from './render'
import { api, CreateRequestInput } from '@linli/shared'
import { ApiError } from '../src/services/http'
import { useForm } from '../src/components/useForm'
import { useRecord } from '../src/components/useRecord'
import { usePagedList } from '../src/components/usePagedList'
import { TextField } from '../src/components/FormField'
import ReasonPrompt from '../src/components/ReasonPrompt'
import { fire, pullDownStopped, toasts } from './taro-lifecycle'

// react-test-renderer warns unless told it runs inside act-aware tests.

/** The error lines shown (host elements only: the stand-in component and its element share props). */
const errorsIn = (root: ReactTestRenderer) => root.root.findAll((n) => n.type === 'Text' && n.props.className === 'field__error')


const deferred = <T,>() => {
  let resolve!: (v: T) => void
  let reject!: (e: unknown) => void
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)))
  return { promise, resolve, reject }
}

describe('useForm', () => {
  const setup = () =>
    renderHook(() =>
      useForm({
        schema: CreateRequestInput,
        initial: { category: 'property' as const, title: '', description: '' },
        toBody: (v) => ({ category: v.category, description: v.description.trim(), ...(v.title.trim() ? { title: v.title.trim() } : {}) }),
      }),
    )

  it('shows the schema messages on validate, and typing clears only that field', () => {
    const { result } = setup()
    act(() => result.current.set({ title: 'x'.repeat(41), description: '短' }))
    let body: unknown
    act(() => void (body = result.current.validate()))
    expect(body).toBeNull()
    expect(result.current.errors).toEqual({ title: '标题最多40个字', description: '请至少写5个字说清楚问题，或录一段语音' })
    act(() => result.current.set({ title: '楼道灯' }))
    expect(result.current.errors).toEqual({ description: '请至少写5个字说清楚问题，或录一段语音' })
  })

  it('gives the parsed body when valid, and the limits of a field', () => {
    const { result } = setup()
    act(() => result.current.set({ description: '  三号楼楼道灯不亮了  ' }))
    let body: unknown
    act(() => void (body = result.current.validate()))
    expect(body).toEqual({ category: 'property', description: '三号楼楼道灯不亮了' })
    expect(result.current.limits('description').maxLength).toBe(1000)
  })

  it("shows the server's field messages after a refused call, and resets", () => {
    const { result } = setup()
    act(() => void result.current.fail(new ApiError('VALIDATION_FAILED', '输入有误', 400, [{ path: 'title', message: '标题含有敏感词' }])))
    expect(result.current.errors).toEqual({ title: '标题含有敏感词' })
    act(() => void result.current.fail(new ApiError('INTERNAL', '服务繁忙', 500)))
    expect(result.current.errors).toEqual({ form: '服务繁忙' })
    act(() => result.current.reset())
    expect(result.current.errors).toEqual({})
    expect(result.current.values.title).toBe('')
  })
})

describe('TextField', () => {
  it("takes maxlength from the schema and writes into the form, clearing the field's error", () => {
    const { result } = setup2()
    function Field() {
      const form = useForm({ schema: CreateRequestInput, initial: { category: 'property', title: '' } })
      result.current = form
      return <TextField form={form} name='title' label='标题' />
    }
    let root!: ReactTestRenderer
    act(() => {
      root = create(<Field />)
    })
    act(() => result.current!.setErrors({ title: '标题最多40个字' }))
    const input = root.root.findByType('Input' as never)
    expect(input.props.maxlength).toBe(40)
    expect(errorsIn(root)).toHaveLength(1)
    act(() => input.props.onInput({ detail: { value: '电梯停运' } }))
    expect(result.current!.values.title).toBe('电梯停运')
    expect(errorsIn(root)).toHaveLength(0)
  })
  const setup2 = () => ({ result: { current: null as null | ReturnType<typeof useForm<{ category: string; title: string }, typeof CreateRequestInput>> } })
})

describe('ReasonPrompt', () => {
  const schema = api.volunteers.review.body!

  it('refuses a too-short reason in the words the page gives, before any call', async () => {
    const onSubmit = jest.fn(async () => undefined)
    let root!: ReactTestRenderer
    act(() => {
      root = create(<ReasonPrompt schema={schema} placeholder='理由' requiredMessage='请填写不通过的理由' confirmText='确认驳回' onCancel={() => undefined} onSubmit={onSubmit} />)
    })
    expect(root.root.findByType('Textarea' as never).props.maxlength).toBe(200)
    await act(async () => root.root.findAllByType('Button' as never)[1]!.props.onClick())
    expect(onSubmit).not.toHaveBeenCalled()
    expect(errorsIn(root)[0]!.props.children).toBe('请填写不通过的理由')
  })

  it("sends the trimmed reason and shows the server's refusal under the box", async () => {
    const onSubmit = jest.fn(async () => {
      throw new ApiError('VALIDATION_FAILED', '输入有误', 400, [{ path: 'reason', message: '理由含有敏感词' }])
    })
    let root!: ReactTestRenderer
    act(() => {
      root = create(<ReasonPrompt schema={schema} placeholder='理由' confirmText='确认驳回' onCancel={() => undefined} onSubmit={onSubmit} />)
    })
    act(() => root.root.findByType('Textarea' as never).props.onInput({ detail: { value: '  请先完成入驻登记  ' } }))
    await act(async () => root.root.findAllByType('Button' as never)[1]!.props.onClick())
    expect(onSubmit).toHaveBeenCalledWith('请先完成入驻登记')
    expect(errorsIn(root)[0]!.props.children).toBe('理由含有敏感词')
  })
})

describe('useRecord', () => {
  it('loads, keeps the error on the page, reloads on show and pull-down, and drops an older answer', async () => {
    const answers: ReturnType<typeof deferred<{ v: number }>>[] = []
    const fetch = jest.fn(() => {
      const d = deferred<{ v: number }>()
      answers.push(d)
      return d.promise
    })
    const { result } = renderHook(() => useRecord(fetch, []))
    expect(result.current.data).toBeNull()
    await act(async () => answers[0]!.reject(new ApiError('NETWORK', '网络不通', null)))
    expect(result.current.error).toBe('网络不通')
    expect(toasts).toEqual([]) // the page shows it, not a toast

    // Shown again before anything loaded: no reload (the retry button does that).
    act(() => fire('show'))
    expect(fetch).toHaveBeenCalledTimes(1)
    act(() => void result.current.load())
    await act(async () => answers[1]!.resolve({ v: 1 }))
    expect(result.current).toMatchObject({ data: { v: 1 }, error: null })

    // Two loads race (show, then pull-down): the older answer arriving last is dropped.
    act(() => fire('show'))
    act(() => fire('pullDown'))
    await act(async () => answers[3]!.resolve({ v: 3 }))
    await act(async () => answers[2]!.resolve({ v: 2 }))
    await flush()
    expect(result.current.data).toEqual({ v: 3 })
    expect(pullDownStopped).toBe(1)
  })

  it('act keeps the answered record, toasts what happened, and reloads after a 409', async () => {
    let version = 1
    const fetch = jest.fn(async () => ({ v: version }))
    const { result } = renderHook(() => useRecord(fetch, []))
    await flush()
    await act(async () => void (await result.current.act(async () => ({ v: 5 }), () => '已受理')))
    expect(result.current.data).toEqual({ v: 5 })
    expect(toasts).toEqual(['已受理'])
    version = 7
    await act(async () => {
      const out = await result.current.act(async () => {
        throw new ApiError('CONFLICT', '已被他人受理', 409)
      })
      expect(out).toBeNull()
    })
    await flush()
    expect(result.current.data).toEqual({ v: 7 })
    expect(result.current.busy).toBe(false)
  })
})

describe('usePagedList', () => {
  it('keeps the list when 加载更多 fails and starts over on pull-down', async () => {
    const pages: Record<string, { items: number[]; nextCursor: string | null }> = { first: { items: [1, 2], nextCursor: 'c2' }, c2: { items: [3], nextCursor: null } }
    let failNext = false
    const fetch = jest.fn(async (cursor?: string) => {
      if (failNext) throw new ApiError('NETWORK', '网络不通', null)
      return pages[cursor ?? 'first']!
    })
    const { result } = renderHook(() => usePagedList<number>(fetch))
    await flush()
    expect(result.current.items).toEqual([1, 2])
    failNext = true
    await act(async () => result.current.loadMore())
    expect(result.current.items).toEqual([1, 2])
    expect(result.current.nextCursor).toBe('c2')
    failNext = false
    await act(async () => result.current.loadMore())
    expect(result.current).toMatchObject({ items: [1, 2, 3], nextCursor: null })
    act(() => fire('pullDown'))
    await flush()
    expect(result.current.items).toEqual([1, 2])
  })
})
