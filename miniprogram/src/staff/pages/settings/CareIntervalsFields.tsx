import { Input, Text, View } from '@tarojs/components'
import { CARE_FLAGS, CARE_FLAG_LABELS, api, type CareFlag, type CareVisitIntervals, type CommunitySettings } from '@linli/shared'
import { FormField } from '../../../components/FormField'
import type { FieldErrors } from '../../../services/form'
import { limitsOf } from '../../../services/form'

const days = limitsOf(api.communities.updateSettings.body, 'careVisitIntervals.living_alone')

/** What the form holds of 关爱探访: each flag's interval as typed. */
export type CareIntervalValues = { careIntervals: Record<CareFlag, string> }

export const careIntervalValuesOf = (s: CommunitySettings): CareIntervalValues => ({
  careIntervals: Object.fromEntries(CARE_FLAGS.map((f) => [f, String(s.careVisitIntervals[f])])) as Record<CareFlag, string>,
})

/** A whole number as typed becomes a number; anything else is sent as typed, so the schema refuses it in the words below. */
const typed = (v: string): number | string => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : v)

/** The intervals to send when any changed (they go together: the schema wants every flag's). */
export function careIntervalChanges(v: CareIntervalValues, saved: CommunitySettings): Partial<CommunitySettings> {
  const next = Object.fromEntries(CARE_FLAGS.map((f) => [f, typed(v.careIntervals[f])]))
  return CARE_FLAGS.every((f) => next[f] === saved.careVisitIntervals[f]) ? {} : { careVisitIntervals: next as CareVisitIntervals }
}

export const CARE_INTERVAL_MESSAGES = Object.fromEntries(CARE_FLAGS.map((f) => [`careVisitIntervals.${f}`, `请填写${days.min}到${days.max}之间的整数天数`]))

interface Props {
  values: CareIntervalValues
  errors: FieldErrors
  set: (patch: Partial<CareIntervalValues>) => void
  clear: (...keys: string[]) => void
}

/** 关爱探访 in 社区设置: days between visits for each care flag (a household follows the shortest of its flags). */
export default function CareIntervalsFields({ values, errors, set, clear }: Props) {
  return (
    <>
      <Text className='section-title'>关爱探访间隔</Text>
      <View className='card settings__card'>
        {CARE_FLAGS.map((f) => (
          <FormField key={f} error={errors[`careVisitIntervals.${f}`]}>
            <View className='settings__row'>
              <Text className='settings__row-label'>{CARE_FLAG_LABELS[f]}</Text>
              <Input
                className='field__input settings__number'
                type='number'
                value={values.careIntervals[f]}
                maxlength={String(days.max ?? 365).length}
                onInput={(e) => {
                  set({ careIntervals: { ...values.careIntervals, [f]: e.detail.value } })
                  clear(`careVisitIntervals.${f}`, 'careVisitIntervals')
                }}
              />
              <Text className='settings__unit'>天</Text>
            </View>
          </FormField>
        ))}
        <Text className='muted settings__hint'>网格员按间隔上门探访有关爱标记的住户；一户有多个标记时按最短的间隔。</Text>
      </View>
      {errors.careVisitIntervals ? <Text className='field__error settings__error--outside'>{errors.careVisitIntervals}</Text> : null}
    </>
  )
}
