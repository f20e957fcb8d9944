/** The case page's moves (mediation/pages/detail/useCase.ts): the answer kept, a 409 said as 已被他人处理，请刷新 and reloaded, other refusals left to the form. */
import { act } from 'react-test-renderer'
import type { CaseView } from '@linli/shared'
import { ApiError } from '../src/services/http'
import { flush, renderHook } from './render'
import { toasts } from './taro-lifecycle'

const ID = (n: number) => n.toString(16).padStart(24, '0')
const view = (status: CaseView['status']): CaseView => ({
  id: ID(1),
  number: 'TJ-000001',
  type: 'neighbour',
  risk: 'ordinary',
  status,
  level: 'community',
  origin: 'staff',
  mediators: [{ userId: ID(2), name: '刘网格', roleLabel: '网格员' }],
  partyCount: 2,
  createdAt: '2026-12-01T01:00:00.000Z',
  updatedAt: '2026-12-01T01:00:00.000Z',
  reopenCount: 0,
  viewer: { isMediator: true, isParty: false },
  actions: ['conclude'],
})

const loads: CaseView[] = []
jest.mock('../src/mediation/mediation.api', () => ({ getCase: jest.fn(async () => loads.shift()) }))
import { useCase } from '../src/mediation/pages/detail/useCase'

describe('mediation/useCase', () => {
  it('keeps the case a move answers, closes the form and says it is done', async () => {
    loads.push(view('mediating'))
    const { result } = renderHook(() => useCase(ID(1)))
    await flush()
    act(() => result.current.open('conclude'))
    await act(async () => void (await result.current.move(async () => view('agreed'), '已登记调解协议，等待各方确认')))
    expect(result.current.c?.status).toBe('agreed')
    expect(result.current.composer).toBeNull()
    expect(toasts).toEqual(['已登记调解协议，等待各方确认'])
  })

  it('on a 409 (another mediator concluded it first) says 已被他人处理，请刷新 and shows where the case stands', async () => {
    loads.push(view('mediating'), view('failed'))
    const { result } = renderHook(() => useCase(ID(1)))
    await flush()
    act(() => result.current.open('conclude'))
    let answer: CaseView | null = view('open')
    await act(async () => {
      answer = await result.current.move(async () => {
        throw new ApiError('CONFLICT', '案件状态已变化', 409)
      }, '不该出现')
    })
    await flush()
    expect(answer).toBeNull()
    expect(toasts).toEqual(['已被他人处理，请刷新'])
    expect(result.current.composer).toBeNull()
    expect(result.current.c?.status).toBe('failed')
  })

  it('leaves any other refusal to the form that asked (thrown), the form still open', async () => {
    loads.push(view('mediating'))
    const { result } = renderHook(() => useCase(ID(1)))
    await flush()
    act(() => result.current.open('conclude'))
    let thrown: unknown = null
    await act(async () => {
      await result.current.move(async () => {
        throw new ApiError('VALIDATION_FAILED', '请填写调解协议内容', 422)
      }, '不该出现').catch((err) => (thrown = err))
    })
    expect((thrown as ApiError).status).toBe(422)
    expect(result.current.composer).toBe('conclude')
    expect(result.current.c?.status).toBe('mediating')
    expect(toasts).toEqual([])
  })
})
