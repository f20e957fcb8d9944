/** 随手拍有奖 in 社区设置: the part of the settings body the admin's switch and numbers make, checked with the shared schema. */
import { DEFAULT_COMMUNITY_SETTINGS, api } from '@linli/shared'
import { check } from '../src/services/form'
import { REWARD_MESSAGES, rewardChanges, rewardValuesOf } from '../src/staff/pages/settings/ReportRewardsFields'

const saved = DEFAULT_COMMUNITY_SETTINGS
const schema = api.communities.updateSettings.body

describe('社区设置 · 随手拍有奖', () => {
  it('shows the stored settings (off, 10 points, 100 a month by default) and sends nothing while unchanged', () => {
    expect(rewardValuesOf(saved)).toEqual({ rewardsOn: false, rewardPoints: '10', rewardCap: '100' })
    expect(rewardChanges(rewardValuesOf(saved), saved)).toEqual({})
  })

  it('sends the three together when any changed', () => {
    const body = rewardChanges({ rewardsOn: true, rewardPoints: '10', rewardCap: '50' }, saved)
    expect(body).toEqual({ reportRewards: { enabled: true, pointsPerReport: 10, monthlyCap: 50 } })
    expect(check(schema, body).ok).toBe(true)
  })

  it('refuses in words what the server would refuse: a cap below one reward, points not a whole number', () => {
    const low = check(schema, rewardChanges({ rewardsOn: true, rewardPoints: '20', rewardCap: '10' }, saved), REWARD_MESSAGES)
    expect(low).toEqual({ ok: false, errors: { 'reportRewards.monthlyCap': '每月上限不能少于每条奖励的积分' } })
    const typed = check(schema, rewardChanges({ rewardsOn: true, rewardPoints: '2.5', rewardCap: '50' }, saved), REWARD_MESSAGES)
    expect(typed).toEqual({ ok: false, errors: { 'reportRewards.pointsPerReport': '请填写1到1000之间的整数' } })
  })
})
