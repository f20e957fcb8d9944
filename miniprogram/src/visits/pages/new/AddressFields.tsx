import { Input, Text, View } from '@tarojs/components'
import type { Building } from '@linli/shared'
import ChoiceChips from '../../../components/ChoiceChips'
import { FormField } from '../../../components/FormField'
import type { FieldErrors } from '../../../services/form'
import type { AddressDraft, VisitDraft } from './draft'

interface Props {
  draft: VisitDraft
  /** The buildings the caller may visit (a grid worker: their grids'; staff: all). */
  buildings: readonly Building[]
  errors: FieldErrors
  set: (patch: Partial<VisitDraft>) => void
  clear: (...keys: string[]) => void
}

/**
 * 住户地址 of a household not on the register: building (chips: a grid has few), unit and room. The visit puts it on
 * the register (住户名册), so the next visit finds it.
 */
export default function AddressFields({ draft, buildings, errors, set, clear }: Props) {
  const a = draft.address
  const change = (patch: Partial<AddressDraft>) => {
    set({ address: { ...a, ...patch } })
    clear('householdId', ...Object.keys(patch).map((k) => `address.${k}`))
  }
  return (
    <>
      <Text className='section-title'>住户地址（未登记的住户，提交后自动建档）</Text>
      <View className='card'>
        <FormField label='楼栋' required error={errors['address.buildingId'] ?? errors.householdId}>
          {buildings.length ? (
            <ChoiceChips className='vnew__buildings' options={buildings} selected={a.buildingId} onPick={(buildingId) => change({ buildingId })} />
          ) : (
            <Text className='muted'>您负责的网格还没有楼栋，请联系社区管理员。</Text>
          )}
        </FormField>
        <View className='field-pair'>
          <FormField label='单元' required error={errors['address.unit']}>
            <Input className='field__input vnew__unit' value={a.unit} placeholder='如：1' maxlength={16} onInput={(e) => change({ unit: e.detail.value })} />
          </FormField>
          <FormField label='房号' required error={errors['address.room']}>
            <Input className='field__input vnew__room' value={a.room} placeholder='如：101' maxlength={16} onInput={(e) => change({ room: e.detail.value })} />
          </FormField>
        </View>
      </View>
    </>
  )
}
