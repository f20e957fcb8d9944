/** The requests pages' pure parts: buttons from the view's `actions`, and the create body from the filing form. */
import { CreateRequestInput, type RequestViewAction } from '@linli/shared'
import { check } from '../src/services/form'
import { actionButtons, composerOf, hatOf } from '../src/requests/pages/detail/actions'
import { EMPTY_DRAFT, bodyToCheck, requestBody, settleUpload } from '../src/requests/pages/new/draft'

describe('detail buttons come from the view', () => {
  const view = (actions: RequestViewAction[], isPublic = false) => ({ actions, public: isPublic })
  const labels = (actions: RequestViewAction[], hat: ReturnType<typeof hatOf>, isPublic = false) => actionButtons(view(actions, isPublic), hat).map((b) => b.label)

  it('shows only what the server offers, in the hat’s order', () => {
    expect(labels(['reply', 'reopen', 'rate'], 'filer')).toEqual(['回复', '评价', '申请重新办理'])
    expect(labels(['reply', 'withdraw'], 'filer')).toEqual(['撤回', '回复'])
    expect(labels(['accept', 'reply', 'escalate', 'reject', 'set_public'], 'handler')).toEqual(['受理', '回复', '上报', '不予受理', '公开'])
    expect(labels(['mark_duplicate', 'reply', 'resolve'], 'handler')).toEqual(['回复', '办结', '标记为重复'])
    expect(labels(['mark_duplicate'], 'filer')).toEqual([])
    expect(labels([], 'handler')).toEqual([])
  })

  it('keeps the moves of the hat worn: a staff member filing their own sees the filer’s from 我的诉求', () => {
    const both = { isFiler: true, isHandler: true }
    expect(hatOf(both, 'mine')).toBe('filer')
    expect(hatOf(both, 'queue')).toBe('handler')
    expect(hatOf({ isFiler: true, isHandler: false }, 'queue')).toBe('filer')
    expect(hatOf({ isFiler: false, isHandler: false }, undefined)).toBe('reader')
    expect(labels(['accept', 'reply', 'withdraw', 'set_public'], 'filer')).toEqual(['撤回', '回复'])
    expect(labels(['accept', 'reply', 'withdraw', 'set_public'], 'reader')).toEqual([])
  })

  it('names 公开 by the request’s state and marks the main and the dangerous moves', () => {
    expect(labels(['set_public'], 'handler', true)).toEqual(['取消公开'])
    const [accept, reject] = actionButtons(view(['accept', 'reject']), 'handler')
    expect(accept).toMatchObject({ action: 'accept', primary: true })
    expect(reject).toMatchObject({ action: 'reject', danger: true })
  })

  it('opens a composer for the written moves only', () => {
    expect(composerOf('resolve')).toBe('resolve')
    expect(composerOf('rate')).toBe('rate')
    expect(composerOf('mark_duplicate')).toBe('duplicate')
    expect(composerOf('accept')).toBeNull()
    expect(composerOf('withdraw')).toBeNull()
  })
})

describe('the filing form’s body', () => {
  it('is null until a category is chosen, then trimmed with empty parts left out', () => {
    expect(requestBody(EMPTY_DRAFT, [], null)).toBeNull()
    const body = requestBody({ ...EMPTY_DRAFT, category: 'facility', title: '  ', description: ' 楼道灯坏了 ', buildingId: 'b1', address: '' }, [], null)
    expect(body).toEqual({ category: 'facility', description: '楼道灯坏了', urgency: 'normal', anonymous: false, phoneConsent: true, location: { buildingId: 'b1' } })
  })

  it('sends uploaded photos and voice by key, and 代办 with the resident instead of the consent', () => {
    const photos = [
      { path: 'a', size: 1, status: 'done' as const, progress: 100, key: 'k/a' },
      { path: 'b', size: 1, status: 'waiting' as const, progress: 0 },
    ]
    const voice = { path: 'v', size: 1, seconds: 3, contentType: 'audio/mpeg' as const, status: 'done' as const, key: 'k/v' }
    const body = requestBody(
      { ...EMPTY_DRAFT, category: 'elderly', onBehalf: true, buildingId: 'b1', behalf: { name: ' 王大爷 ', buildingId: 'b2', unit: '1', room: '101', phone: '' } },
      photos,
      voice,
    )!
    expect(body.photoKeys).toEqual(['k/a'])
    expect(body.voiceKey).toBe('k/v')
    expect(body.phoneConsent).toBeUndefined()
    expect(body.location).toBeUndefined()
    expect(body.onBehalfOf).toEqual({ name: '王大爷', buildingId: 'b2', unit: '1', room: '101' })
  })

  it('counts a voice note waiting for the network as said, so words are not required', () => {
    const voice = { path: 'v', size: 1, seconds: 3, contentType: 'audio/mpeg' as const, status: 'waiting' as const }
    const body = requestBody({ ...EMPTY_DRAFT, category: 'other' }, [], voice)!
    expect(check(CreateRequestInput, body).ok).toBe(false)
    expect(check(CreateRequestInput, bodyToCheck(body, voice)).ok).toBe(true)
    expect(body.voiceKey).toBeUndefined()
  })

  it('settles an upload cut off by leaving the page', () => {
    expect(settleUpload({ status: 'uploading' })).toEqual({ status: 'waiting' })
    expect(settleUpload({ status: 'error', key: 'k' })).toEqual({ status: 'done', key: 'k' })
    expect(settleUpload({ status: 'done', key: 'k' })).toEqual({ status: 'done', key: 'k' })
  })
})
