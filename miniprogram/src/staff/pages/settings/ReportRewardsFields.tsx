import { Input, Text, View } from '@tarojs/components'
import { Cell, CellGroup, Switch } from '@nutui/nutui-react-taro'
import { api, type CommunitySettings, type ReportRewardSettings } from '@linli/shared'
import { FormField } from '../../../components/FormField'
import type { FieldErrors } from '../../../services/form'
import { limitsOf } from '../../../services/form'

const schema = api.communities.updateSettings.body
const points = limitsOf(schema, 'reportRewards.pointsPerReport')
const cap = limitsOf(schema, 'reportRewards.monthlyCap')

/** What the form holds of 随手拍有奖: the numbers as typed. */
export interface RewardValues {
  rewardsOn: boolean
  rewardPoints: string
  rewardCap: string
}

export const rewardValuesOf = (s: CommunitySettings): RewardValues => ({
  rewardsOn: s.reportRewards.enabled,
  rewardPoints: String(s.reportRewards.pointsPerReport),
  rewardCap: String(s.reportRewards.monthlyCap),
})

/** A whole number as typed becomes a number; anything else is sent as typed, so the schema refuses it in the words below. */
const typed = (v: string): number | string => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : v)

/** The settings to send when any part of them changed (the three go together: the cap is checked against the points). */
export function rewardChanges(v: RewardValues, saved: CommunitySettings): Partial<CommunitySettings> {
  const next = { enabled: v.rewardsOn, pointsPerReport: typed(v.rewardPoints), monthlyCap: typed(v.rewardCap) }
  const before = saved.reportRewards
  const same = next.enabled === before.enabled && next.pointsPerReport === before.pointsPerReport && next.monthlyCap === before.monthlyCap
  return same ? {} : { reportRewards: next as ReportRewardSettings }
}

// zod's own words for a number typed wrong are English-ish; ours say the range (read from the schema).
export const REWARD_MESSAGES = {
  'reportRewards.pointsPerReport': `请填写${points.min}到${points.max}之间的整数`,
}

interface Props {
  values: RewardValues
  errors: FieldErrors
  set: (patch: Partial<RewardValues>) => void
  clear: (...keys: string[]) => void
}

/** 随手拍有奖 in 社区设置: on or off, points per valid report, and the monthly cap per reporter. */
export default function ReportRewardsFields({ values, errors, set, clear }: Props) {
  const number = (name: 'rewardPoints' | 'rewardCap', path: string, label: string, max: number | undefined) => (
    <FormField error={errors[path]}>
      <View className='settings__row'>
        <Text className='settings__row-label'>{label}</Text>
        <Input
          className='field__input settings__number'
          type='number'
          value={values[name]}
          maxlength={max ? String(max).length : 6}
          onInput={(e) => {
            set({ [name]: e.detail.value } as Partial<RewardValues>)
            clear(path, 'reportRewards')
          }}
        />
        <Text className='settings__unit'>积分</Text>
      </View>
    </FormField>
  )
  return (
    <>
      <Text className='section-title'>随手拍有奖</Text>
      <CellGroup>
        <Cell
          title='奖励有效举报'
          description={values.rewardsOn ? '居民和流动网格员首次反映的问题经办结确认有效后获得积分' : '已关闭：办结诉求不发放积分'}
          extra={<Switch checked={values.rewardsOn} onChange={(on) => (set({ rewardsOn: on }), clear('reportRewards'))} />}
        />
      </CellGroup>
      {/* The numbers stay editable while it is off: an admin may set them before turning it on. */}
      <View className='card settings__card settings__rewards'>
        {number('rewardPoints', 'reportRewards.pointsPerReport', '每条有效举报', points.max)}
        {number('rewardCap', 'reportRewards.monthlyCap', '每人每月最多', cap.max)}
        <Text className='muted settings__hint'>
          办结时由网格员或社区工作者确认是否为有效举报（重复、无效的反映可不给奖励）。只奖励首个反映问题的人，“我也遇到”不奖励；巡查发现和代办的诉求不奖励。积分记入居民的积分存折，可在积分超市兑换，不计入志愿服务时长、星级和排行榜。
        </Text>
      </View>
      {errors.reportRewards ? <Text className='field__error settings__error--outside'>{errors.reportRewards}</Text> : null}
    </>
  )
}
