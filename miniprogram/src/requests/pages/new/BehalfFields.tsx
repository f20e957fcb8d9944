import { Text, View } from '@tarojs/components'
import type { Building } from '@linli/shared'
import { FormField, TextField, type TextFormLike } from '../../../components/FormField'
import BuildingPicker from './BuildingPicker'
import type { Behalf, DraftForm } from './draft'

/**
 * 代办居民信息: who the request is for (a resident without a phone). The fields are the body's `onBehalfOf`, so
 * their limits and messages are read at `onBehalfOf.*` of the schema.
 */
export default function BehalfFields({ form, buildings }: { form: DraftForm; buildings: Building[] | null }) {
  const behalf = form.values.behalf
  const set = (patch: Partial<Behalf>) => form.set({ behalf: { ...behalf, ...patch } })
  const fields: TextFormLike<Behalf> = { values: behalf, errors: form.errors, set, limits: form.limits, clear: form.clear }
  return (
    <>
      <Text className='section-title'>代办居民信息</Text>
      <View className='card'>
        <TextField form={fields} name='name' path='onBehalfOf.name' label='居民姓名' required placeholder='如：王大爷' />
        <FormField label='楼栋' required error={form.errors['onBehalfOf.buildingId']}>
          <BuildingPicker
            buildings={buildings ?? []}
            value={behalf.buildingId}
            action='选择 ›'
            onChange={(buildingId) => {
              set({ buildingId })
              form.clear('onBehalfOf.buildingId')
            }}
          />
        </FormField>
        <View className='field-pair'>
          <TextField form={fields} name='unit' path='onBehalfOf.unit' label='单元' required placeholder='如：1' />
          <TextField form={fields} name='room' path='onBehalfOf.room' label='房号' required placeholder='如：101' />
        </View>
        <TextField form={fields} name='phone' path='onBehalfOf.phone' label='联系电话（选填）' type='number' placeholder='11位手机号' />
      </View>
    </>
  )
}
