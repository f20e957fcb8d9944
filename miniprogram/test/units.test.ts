/** Units (单位) and 吹哨报到 in the app: the pure parts of their pages. */
import type { RequestViewAction, TimelineEntry } from '@linli/shared'
import { codeFromScan, joinQrText, timeLeft } from '../src/units/format'
import { actionButtons, composerOf } from '../src/requests/pages/detail/actions'
import { isHandOff } from '../src/requests/pages/detail/HandOffs'

describe('unit join codes', () => {
  it('reads the code back from its QR code, a bare code, or nothing', () => {
    expect(codeFromScan(joinQrText('AB23CD45'))).toBe('AB23CD45')
    expect(codeFromScan(' ab23cd45 ')).toBe('AB23CD45')
    expect(codeFromScan('https://example.com/')).toBeNull()
    expect(codeFromScan('')).toBeNull()
  })
})

describe('a unit’s own deadlines', () => {
  const now = Date.parse('2026-12-07T00:00:00Z')
  it('says how long is left, in days beyond two, and 已超时 once passed', () => {
    expect(timeLeft('2026-12-07T05:30:00Z', now)).toEqual({ label: '剩余5小时', overdue: false })
    expect(timeLeft('2026-12-07T00:20:00Z', now)).toEqual({ label: '剩余20分钟', overdue: false })
    expect(timeLeft('2026-12-10T00:00:00Z', now)).toEqual({ label: '剩余3天', overdue: false })
    expect(timeLeft('2026-12-06T23:00:00Z', now)).toEqual({ label: '已超时', overdue: true })
  })
})

describe('吹哨报到 on the request page', () => {
  const labels = (actions: RequestViewAction[], sendBack?: object) =>
    actionButtons({ actions, public: false, ...(sendBack ? { sendBack: sendBack as never } : {}) }, 'handler').map((b) => b.label)

  it('offers the dispatch moves the server offers, 重新派发 once a unit sent it back', () => {
    expect(labels(['accept', 'dispatch', 'assign', 'reply'])).toEqual(['受理', '派发（吹哨）', '分派', '回复'])
    expect(labels(['dispatch', 'reject_send_back'], { kind: 'unit', byName: '自来水公司', reason: 'not_ours', reasonLabel: '不属于本单位职责', at: '2026-12-07T00:00:00Z' })).toEqual(['重新派发', '驳回退单'])
    expect(labels(['reply', 'send_back', 'recall_dispatch'])).toEqual(['回复', '退单', '撤回派发'])
    expect(labels(['rate_unit'])).toEqual(['单位办理评价'])
  })

  it('opens each dispatch move’s own form; 撤回派发 runs after a confirmation', () => {
    expect(composerOf('dispatch')).toBe('dispatch')
    expect(composerOf('send_back')).toBe('send_back')
    expect(composerOf('reject_send_back')).toBe('reject_send_back')
    expect(composerOf('rate_unit')).toBe('rate_unit')
    expect(composerOf('recall_dispatch')).toBeNull()
  })

  it('lists the hand-offs of the timeline, not the replies', () => {
    const entry = (type: string): TimelineEntry => ({ id: '0'.repeat(24), type, actorLabel: '社区工作者', at: '2026-12-07T00:00:00Z' })
    expect(['submitted', 'dispatched', 'acknowledged', 'sent_back', 'send_back_rejected', 'assign', 'escalated_street', 'resolve'].map(entry).every(isHandOff)).toBe(true)
    expect(['reply', 'unit_rated', 'rated_satisfied'].map(entry).some(isHandOff)).toBe(false)
  })
})
