import { Input, Text, View } from '@tarojs/components'
import { api, type CommunitySettings } from '@linli/shared'
import { FormField } from '../../../components/FormField'
import type { FieldErrors } from '../../../services/form'
import { limitsOf } from '../../../services/form'

const days = limitsOf(api.communities.updateSettings.body, 'mediationFollowUpDays')

/** What the form holds of 调解回访: the days from an agreement to its 回访, as typed. */
export type MediationFollowUpValues = { followUpDays: string }

export const followUpValuesOf = (s: CommunitySettings): MediationFollowUpValues => ({ followUpDays: String(s.mediationFollowUpDays) })

/** The days to send when changed; anything but a whole number is sent as typed, so the schema refuses it in the words below. */
export function followUpChanges(v: MediationFollowUpValues, saved: CommunitySettings): Partial<CommunitySettings> {
  const typed = /^\d+$/.test(v.followUpDays.trim()) ? Number(v.followUpDays.trim()) : v.followUpDays
  return typed === saved.mediationFollowUpDays ? {} : ({ mediationFollowUpDays: typed } as Partial<CommunitySettings>)
}

export const FOLLOW_UP_MESSAGES = { mediationFollowUpDays: `请填写${days.min}到${days.max}之间的整数天数` }

interface Props {
  values: MediationFollowUpValues
  errors: FieldErrors
  set: (patch: Partial<MediationFollowUpValues>) => void
}

/** 调解回访 in 社区设置: how many days after an agreement the mediator calls on the parties to see that it holds. */
export default function MediationFollowUpField({ values, errors, set }: Props) {
  return (
    <>
      <Text className='section-title'>矛盾纠纷调解</Text>
      <View className='card settings__card'>
        <FormField error={errors.mediationFollowUpDays}>
          <View className='settings__row'>
            <Text className='settings__row-label'>协议达成后回访</Text>
            <Input
              className='field__input settings__number'
              type='number'
              value={values.followUpDays}
              maxlength={String(days.max ?? 365).length}
              onInput={(e) => set({ followUpDays: e.detail.value })}
            />
            <Text className='settings__unit'>天</Text>
          </View>
        </FormField>
        <Text className='muted settings__hint'>调解员在此天数后回访当事人，了解调解协议是否履行；之后达成的协议按新天数计算。</Text>
      </View>
    </>
  )
}
