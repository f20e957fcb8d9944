/** 流动网格员 in the mini-program: the report's body from the filing form, and how an application's status reads. */
import { CreateRequestInput } from '@linli/shared'
import { check } from '../src/services/form'
import { EMPTY_DRAFT, requestBody } from '../src/requests/pages/new/draft'
import { platformText, statusText } from '../src/mobile-grid/format'

const ID = (n: number) => n.toString(16).padStart(24, '0')

describe('a 流动网格员上报’s body', () => {
  const draft = { ...EMPTY_DRAFT, category: 'safety' as const, description: '南门外井盖松动，容易绊倒行人', mobileGrid: true }

  it('says its source, in the reporter’s name (never anonymous, never 代办), with their consent to be called', () => {
    const body = requestBody({ ...draft, anonymous: true, onBehalf: true, behalf: { ...EMPTY_DRAFT.behalf, name: '张三', buildingId: 'b1' }, address: '南门外人行道' }, [], null)!
    expect(body).toEqual({ category: 'safety', description: '南门外井盖松动，容易绊倒行人', urgency: 'normal', source: 'mobile_grid', phoneConsent: true, location: { address: '南门外人行道' } })
    expect(check(CreateRequestInput, body).ok).toBe(true)
  })

  it('needs a place: a building, a marked point or a written spot', () => {
    const none = check(CreateRequestInput, requestBody(draft, [], null)!)
    expect(none.ok).toBe(false)
    if (!none.ok) expect(none.errors['location.buildingId']).toBe('请选择问题所在的楼栋，或标注、填写具体地点')
    expect(check(CreateRequestInput, requestBody({ ...draft, buildingId: ID(1) }, [], null)!).ok).toBe(true)
    expect(check(CreateRequestInput, requestBody({ ...draft, lat: 31.2, lng: 121.4, place: '北门' }, [], null)!).ok).toBe(true)
  })

  it('is a resident’s demand again with the switch off', () => {
    const body = requestBody({ ...draft, mobileGrid: false, buildingId: 'b1' }, [], null)!
    expect(body.source).toBeUndefined()
    expect(body.anonymous).toBe(false)
  })
})

describe('an application as it reads', () => {
  it('names the platform, or what they typed for 其他, and says why it was not approved', () => {
    expect(platformText({ platform: 'sf' })).toBe('顺丰')
    expect(platformText({ platform: 'other', platformName: '闪送' })).toBe('闪送')
    expect(statusText({ status: 'pending' })).toBe('审核中')
    expect(statusText({ status: 'approved' })).toBe('已通过')
    expect(statusText({ status: 'rejected', note: '电话无法接通' })).toBe('未通过：电话无法接通')
    expect(statusText({ status: 'revoked' })).toBe('已撤销')
  })
})
