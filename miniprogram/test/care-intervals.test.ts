/** 关爱探访间隔 in 社区设置: the part of the settings body the admin's numbers make, checked with the shared schema. */
import { DEFAULT_COMMUNITY_SETTINGS, api } from '@linli/shared'
import { check } from '../src/services/form'
import { CARE_INTERVAL_MESSAGES, careIntervalChanges, careIntervalValuesOf } from '../src/staff/pages/settings/CareIntervalsFields'

const saved = DEFAULT_COMMUNITY_SETTINGS
const schema = api.communities.updateSettings.body
const typed = (patch: Record<string, string>) => ({ careIntervals: { ...careIntervalValuesOf(saved).careIntervals, ...patch } })

describe('社区设置 · 关爱探访间隔', () => {
  it('shows the stored intervals (defaults) and sends nothing while unchanged', () => {
    expect(careIntervalValuesOf(saved)).toEqual({ careIntervals: { living_alone: '7', elderly: '14', disabled: '14', low_income: '30', other: '30' } })
    expect(careIntervalChanges(careIntervalValuesOf(saved), saved)).toEqual({})
  })

  it('sends every flag’s interval when any changed', () => {
    const body = careIntervalChanges(typed({ living_alone: '5' }), saved)
    expect(body).toEqual({ careVisitIntervals: { living_alone: 5, elderly: 14, disabled: 14, low_income: 30, other: 30 } })
    expect(check(schema, body).ok).toBe(true)
  })

  it('refuses in words what the server would refuse: 0, over 365, not a whole number', () => {
    for (const v of ['0', '366', '2.5']) {
      expect(check(schema, careIntervalChanges(typed({ elderly: v }), saved), CARE_INTERVAL_MESSAGES)).toEqual({ ok: false, errors: { 'careVisitIntervals.elderly': '请填写1到365之间的整数天数' } })
    }
  })
})
