/** Core pieces the communities pages brought in: chips, the send-once hook, confirm, household text, useRecord's initial. */
import { act, create, type ReactTestRenderer } from 'react-test-renderer'
import { renderHook, flush } from './render'
import Taro from '@tarojs/taro'
import ChoiceChips, { toggled } from '../src/components/ChoiceChips'
import { useSubmit } from '../src/components/useSubmit'
import { useRecord } from '../src/components/useRecord'
import { householdText } from '../src/services/community'
import { confirmed } from '../src/services/confirm'
import { fire } from './taro-lifecycle'



describe('ChoiceChips', () => {
  const options = [
    { id: 'a', name: '1号楼' },
    { id: 'b', name: '2号楼' },
  ]
  const chips = (root: ReactTestRenderer) => root.root.findAll((n) => n.type === 'View' && String(n.props.className).startsWith('chip '))

  it('marks the chosen one, or the chosen several, and hands a tap to the page', () => {
    const picked: string[] = []
    let root!: ReactTestRenderer
    act(() => void (root = create(<ChoiceChips options={options} selected='b' onPick={(id) => picked.push(id)} />)))
    expect(chips(root).map((c) => c.props.className.includes('chip--on'))).toEqual([false, true])
    act(() => chips(root)[0]!.props.onClick())
    expect(picked).toEqual(['a'])
    act(() => root.update(<ChoiceChips options={options} selected={['a', 'b']} onPick={() => undefined} />))
    expect(chips(root).every((c) => c.props.className.includes('chip--on'))).toBe(true)
    act(() => root.update(<ChoiceChips options={options} selected={null} onPick={() => undefined} />))
    expect(chips(root).some((c) => c.props.className.includes('chip--on'))).toBe(false)
  })

  it('toggles one id of several', () => {
    expect(toggled(['a'], 'b')).toEqual(['a', 'b'])
    expect(toggled(['a', 'b'], 'a')).toEqual(['b'])
  })
})

describe('useSubmit', () => {
  it('spins while the work runs and ignores a second tap meanwhile', async () => {
    let calls = 0
    let finish!: () => void
    const { result } = renderHook(() => useSubmit(() => new Promise<void>((r) => ((calls += 1), (finish = r)))))
    act(() => result.current[1]())
    act(() => result.current[1]())
    expect(calls).toBe(1)
    expect(result.current[0]).toBe(true)
    await act(async () => finish())
    await flush()
    expect(result.current[0]).toBe(false)
    act(() => result.current[1]())
    expect(calls).toBe(2)
  })

  it('stops spinning when the work fails', async () => {
    const { result } = renderHook(() => useSubmit(() => Promise.reject(new Error('refused'))))
    act(() => result.current[1]())
    await flush()
    expect(result.current[0]).toBe(false)
  })
})

describe('useRecord initial', () => {
  it('shows the handed-over copy at once, then the loaded record', async () => {
    let resolve!: (v: string) => void
    const { result } = renderHook(() => useRecord(() => new Promise<string>((r) => (resolve = r)), [], { initial: () => 'masked copy', refreshOnShow: false }))
    expect(result.current.data).toBe('masked copy')
    await act(async () => resolve('full record'))
    expect(result.current.data).toBe('full record')
    fire('show')
    expect(result.current.data).toBe('full record')
  })
})

describe('householdText', () => {
  it('writes an address as everyone does, or says there is none', () => {
    expect(householdText({ buildingId: 'b', buildingName: '3号楼', unit: '1', room: '301' })).toBe('3号楼 1单元 301')
    expect(householdText(undefined)).toBe('未登记住址')
    expect(householdText(undefined, '未填写')).toBe('未填写')
  })
})

describe('confirmed', () => {
  it('asks with WeChat\'s modal and answers whether it was confirmed; a danger button is red', async () => {
    const asked: Record<string, unknown>[] = []
    const t = Taro as unknown as { showModal?: (o: Record<string, unknown>) => Promise<{ confirm: boolean }> }
    t.showModal = async (o) => (asked.push(o), { confirm: o.title === '移出社区' })
    expect(await confirmed('移出社区', '确定吗？', { confirmText: '移出', danger: true })).toBe(true)
    expect(await confirmed('退出登录', '确定退出登录吗？')).toBe(false)
    expect(asked[0]).toMatchObject({ confirmText: '移出', confirmColor: '#d4380d' })
    expect(asked[1]).toEqual({ title: '退出登录', content: '确定退出登录吗？', confirmText: '确定' })
    delete t.showModal
  })
})
