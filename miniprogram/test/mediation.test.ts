/** Dispute mediation in the mini-program: the bodies its forms send (checked with the API's own schemas) and how a case reads. */
import { CaseSessionInput, CreateCaseInput } from '@linli/shared'
import { check } from '../src/services/form'
import {
  EMPTY_CASE,
  caseBody,
  caseKind,
  casePage,
  caseState,
  caseTagType,
  casesPage,
  confirmationText,
  mediatorNames,
  newCaseFromVisit,
  newCasePage,
  outsiderParty,
  residentParty,
  riskTagType,
  sessionBody,
  splitNames,
  unconfirmedCount,
  withParty,
  type SessionForm,
} from '../src/mediation/format'
import { followUpChanges, followUpValuesOf } from '../src/staff/pages/settings/MediationFollowUpField'

const ID = (n: number) => n.toString(16).padStart(24, '0')

describe('mediation/format: opening a case', () => {
  it('sends residents by membership and outsiders by name, with a contact only when given', () => {
    // Prepare
    const v = {
      ...EMPTY_CASE,
      type: 'neighbour' as const,
      place: ' 1号楼2单元 ',
      summary: ' 楼上漏水 ',
      parties: [residentParty({ membershipId: ID(1), name: '张阿姨', address: '1号楼 1单元 101' }), outsiderParty(' 王租客 ', ''), outsiderParty('赵先生', '13900000009')],
    }
    // Act
    const body = caseBody(v)
    // Assess
    expect(body).toEqual({ type: 'neighbour', risk: 'ordinary', place: '1号楼2单元', summary: '楼上漏水', parties: [{ membershipId: ID(1) }, { name: '王租客' }, { name: '赵先生', phone: '13900000009' }] })
    expect(check(CreateCaseInput, body).ok).toBe(true)
    expect(v.parties.map((p) => p.label)).toEqual(['张阿姨（1号楼 1单元 101）', '王租客（未使用小程序）', '赵先生（13900000009，未使用小程序）'])
  })

  it('names the request a case comes from, and asks for a type the form did not get', () => {
    const body = caseBody({ ...EMPTY_CASE, place: '2号楼', summary: '噪音', parties: [outsiderParty('李四', '')] }, { requestId: ID(9), visitId: ID(8) })
    expect(body).toMatchObject({ requestId: ID(9), type: undefined })
    // A case comes from one request or one visit at most: the request wins.
    expect(body).not.toHaveProperty('visitId')
    expect(caseBody({ ...EMPTY_CASE, type: 'family', place: '2号楼', summary: '噪音', parties: [outsiderParty('李四', ''), outsiderParty('王五', '')] }, { visitId: ID(8) })).toMatchObject({ visitId: ID(8) })
    const res = check(CreateCaseInput, body, { type: '请选择纠纷类型' })
    expect(res.ok).toBe(false)
    if (!res.ok) expect(res.errors.type).toBe('请选择纠纷类型')
  })

  it('does not name the same party twice', () => {
    const a = residentParty({ membershipId: ID(1), name: '张阿姨' })
    const once = withParty([], a)
    expect(withParty(once, residentParty({ membershipId: ID(1), name: '张阿姨' }))).toHaveLength(1)
    expect(withParty(once, outsiderParty('张阿姨', ''))).toHaveLength(2)
  })
})

describe('mediation/format: a session', () => {
  const form: SessionForm = { date: '2026-12-07', time: '14:30', place: ' 社区调解室 ', attendees: ['张阿姨', '李师傅'], others: '物业王经理、 李师傅,楼长', said: ' 双方同意分摊维修费 ', nextStep: '  ' }

  it('sends the Shanghai instant, everyone who came once, and leaves an empty next step out', () => {
    const body = sessionBody(form)
    expect(body).toEqual({ at: '2026-12-07T14:30:00+08:00', place: '社区调解室', attendees: ['张阿姨', '李师傅', '物业王经理', '楼长'], said: '双方同意分摊维修费', nextStep: undefined })
    expect(check(CaseSessionInput, body).ok).toBe(true)
  })

  it('asks for attendees when nobody was picked or written', () => {
    const res = check(CaseSessionInput, sessionBody({ ...form, attendees: [], others: ' ' }))
    expect(res.ok).toBe(false)
    if (!res.ok) expect(Object.keys(res.errors)).toContain('attendees')
  })

  it('splits written names on 顿号, commas and spaces', () => {
    expect(splitNames('王经理、楼长，李四, 赵五  钱六')).toEqual(['王经理', '楼长', '李四', '赵五', '钱六'])
    expect(splitNames('  ')).toEqual([])
  })
})

describe('mediation/format: how a case reads', () => {
  it('labels kind, state and who mediates', () => {
    expect(caseKind({ type: 'tenancy', risk: 'serious' })).toBe('房屋租赁纠纷 · 风险重大')
    expect(caseState({ status: 'mediating', level: 'street' })).toBe('调解中 · 街道受理')
    expect(caseState({ status: 'agreed', level: 'community' })).toBe('调解成功·待确认')
    expect(mediatorNames({ mediators: [{ userId: ID(1), name: '刘网格', roleLabel: '网格员' }, { userId: ID(2), name: '钱调解', roleLabel: '人民调解员' }] })).toBe('刘网格（网格员）、钱调解（人民调解员）')
    expect(mediatorNames({ mediators: [] })).toBe('未指定')
  })

  it('colours waiting states, done states and a failure apart', () => {
    expect(caseTagType('open')).toBe('warning')
    expect(caseTagType('agreed')).toBe('warning')
    expect(caseTagType('mediating')).toBe('primary')
    expect(caseTagType('confirmed')).toBe('success')
    expect(caseTagType('closed')).toBe('success')
    expect(caseTagType('failed')).toBe('danger')
    expect(caseTagType('referred')).toBe('default')
    expect(riskTagType('serious')).toBe('danger')
    expect(riskTagType('major')).toBe('warning')
    expect(riskTagType('ordinary')).toBe('default')
  })

  it('says who confirmed the agreement, and how', () => {
    expect(confirmationText({ hasAccount: true })).toBe('待确认')
    expect(confirmationText({ hasAccount: false })).toBe('待签字')
    expect(confirmationText({ hasAccount: true, confirmation: { at: '2026-12-07T06:30:00.000Z', by: 'self' } })).toMatch(/^已确认 .*14:30$/)
    expect(confirmationText({ hasAccount: false, confirmation: { at: '2026-12-07T06:30:00.000Z', by: 'paper' } })).toMatch(/^已纸质签字 /)
    expect(unconfirmedCount([{ confirmation: { at: 'x', by: 'self' } }, {}, {}])).toBe(2)
  })

  it('routes to the lists, the form and a case', () => {
    expect(casePage(ID(3))).toBe(`/mediation/pages/detail/index?id=${ID(3)}`)
    expect(casesPage('party')).toBe('/mediation/pages/list/index?scope=party')
    expect(casesPage()).toBe('/mediation/pages/list/index')
    expect(newCasePage(ID(4))).toBe(`/mediation/pages/new/index?requestId=${ID(4)}`)
    expect(newCasePage()).toBe('/mediation/pages/new/index')
    expect(newCaseFromVisit(ID(5))).toBe(`/mediation/pages/new/index?visitId=${ID(5)}`)
  })
})

describe('社区设置: 调解回访', () => {
  const saved = { mediationFollowUpDays: 30 } as Parameters<typeof followUpValuesOf>[0]

  it('sends the days only when they changed, and what is not a whole number as typed (the schema refuses it)', () => {
    expect(followUpValuesOf(saved)).toEqual({ followUpDays: '30' })
    expect(followUpChanges({ followUpDays: ' 30 ' }, saved)).toEqual({})
    expect(followUpChanges({ followUpDays: '14' }, saved)).toEqual({ mediationFollowUpDays: 14 })
    expect(followUpChanges({ followUpDays: '两周' }, saved)).toEqual({ mediationFollowUpDays: '两周' })
  })
})
