/** The form helpers of the mini-program's core read limits and messages from the shared schemas. */
import { z } from 'zod'
import { ApiError } from '../src/services/http'
import { check, errorsFromCall, errorsFromIssues, fieldSchema, limitsOf, maxLengthOf, withoutErrors } from '../src/services/form'
import { CreateRequestInput, api } from '@linli/shared'

describe('limits come from the schema', () => {
  it('reads text lengths through optional, refinements and nested objects', () => {
    expect(maxLengthOf(CreateRequestInput, 'title')).toBe(40)
    expect(maxLengthOf(CreateRequestInput, 'description')).toBe(1000)
    expect(limitsOf(CreateRequestInput, 'onBehalfOf.name')).toMatchObject({ minLength: 1, maxLength: 20 })
    expect(limitsOf(CreateRequestInput, 'photoKeys')).toEqual({ maxItems: 9 })
  })

  it('finds a field in the options of a union body (the consultation actions)', () => {
    const body = api.consultations.act.body!
    expect(limitsOf(body, 'reason')).toMatchObject({ minLength: 2, maxLength: 500 })
    expect(fieldSchema(body, 'nope')).toBeUndefined()
  })

  it('reads numeric bounds', () => {
    expect(limitsOf(z.object({ n: z.coerce.number().int().min(1).max(9999) }), 'n')).toMatchObject({ min: 1, max: 9999 })
    expect(limitsOf(z.object({ s: z.string() }), 's')).toEqual({ minLength: undefined, maxLength: undefined, min: undefined, max: undefined })
  })
})

describe('errors', () => {
  it('turns zod issues into one message per field path, the first one winning', () => {
    const res = check(CreateRequestInput, { category: 'property', title: 'x'.repeat(41), onBehalfOf: { name: '', buildingId: 'bad', unit: '1', room: '2' } })
    expect(res.ok).toBe(false)
    if (res.ok) return
    expect(res.errors.title).toBe('标题最多40个字')
    expect(Object.keys(res.errors)).toEqual(expect.arrayContaining(['title', 'onBehalfOf.name', 'onBehalfOf.buildingId']))
  })

  it('lets a page word a message of its own', () => {
    expect(errorsFromIssues([{ path: ['onBehalfOf', 'buildingId'], message: 'Invalid' }], { 'onBehalfOf.buildingId': '请选择楼栋' })).toEqual({
      'onBehalfOf.buildingId': '请选择楼栋',
    })
    expect(errorsFromIssues([{ path: [], message: '整体不对' }])).toEqual({ form: '整体不对' })
  })

  it('passes a valid body through, parsed', () => {
    const res = check(CreateRequestInput, { category: 'property', description: '  楼道灯坏了三天  ' })
    expect(res).toEqual({ ok: true, data: { category: 'property', description: '楼道灯坏了三天' } })
  })

  it('clears the fields typed into and the form-wide message', () => {
    const errors = { title: 'a', description: 'b', form: 'c' }
    expect(withoutErrors(errors, ['title'])).toEqual({ description: 'b' })
    const untouched = { title: 'a' }
    expect(withoutErrors(untouched, ['description'])).toBe(untouched)
  })

  it("maps the server's refusal to fields, content refusal to its field, anything else to the form", () => {
    const invalid = new ApiError('VALIDATION_FAILED', '输入有误', 400, [{ path: 'title', message: '标题最多40个字' }])
    expect(errorsFromCall(invalid)).toEqual({ title: '标题最多40个字' })
    const rejected = new ApiError('CONTENT_REJECTED', '内容含有违规信息', 400)
    expect(errorsFromCall(rejected, 'description')).toEqual({ description: '内容含有违规信息' })
    expect(errorsFromCall(new ApiError('CONFLICT', '已被他人受理', 409))).toEqual({ form: '已被他人受理' })
  })
})

describe('fixed-width patterns give an input its maxlength', () => {
  it('reads a phone number, a code, and refuses what is not fixed', () => {
    expect(limitsOf(z.object({ p: z.string().regex(/^1[3-9]\d{9}$/) }), 'p')).toMatchObject({ minLength: 11, maxLength: 11 })
    expect(limitsOf(z.object({ c: z.string().regex(/^\d{6}$/) }), 'c')).toMatchObject({ minLength: 6, maxLength: 6 })
    expect(limitsOf(z.object({ c: z.string().regex(/^[A-Z]{2,4}-\d{3}$/) }), 'c')).toMatchObject({ minLength: 6, maxLength: 8 })
    expect(limitsOf(z.object({ k: z.string().regex(/^[A-Za-z0-9/_.-]{1,200}$/) }), 'k')).toMatchObject({ maxLength: 200 })
    expect(limitsOf(z.object({ x: z.string().regex(/^a+$/) }), 'x').maxLength).toBeUndefined()
    expect(limitsOf(z.object({ x: z.string().regex(/^(ab){2}$/) }), 'x').maxLength).toBeUndefined()
  })
})
