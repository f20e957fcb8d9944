import { Text, View } from '@tarojs/components'
import type { Building } from '@linli/shared'
import { FormField, TextField } from '../../../components/FormField'
import { ErrorState } from '../../../components/StateView'
import { PlaceMarker } from '../../components/RequestPlace'
import BuildingPicker from './BuildingPicker'
import type { DraftForm } from './draft'

interface Props {
  form: DraftForm
  /** The community's buildings; null while they load (or when loading failed: `loadError`). */
  buildings: Building[] | null
  loadError: string | null
  onReload: () => void
}

/** 地点: the building (not for 代办, whose building is the resident's), a marked point, and a free-text spot. */
export default function PlaceFields({ form, buildings, loadError, onReload }: Props) {
  const { values: draft, errors } = form
  return (
    <>
      <Text className='section-title'>地点</Text>
      <View className='card'>
        {!draft.onBehalf ? (
          <FormField label='楼栋' error={errors['location.buildingId']}>
            {buildings === null ? (
              loadError ? (
                <ErrorState message={loadError} onRetry={onReload} />
              ) : (
                <Text className='muted'>加载中…</Text>
              )
            ) : (
              <BuildingPicker buildings={buildings} value={draft.buildingId} action='更换 ›' onChange={(buildingId) => form.set({ buildingId })} />
            )}
          </FormField>
        ) : null}
        {/* Beside the building, never instead of it: the building routes the request, the point finds the spot. */}
        <PlaceMarker
          value={draft.lat != null && draft.lng != null ? { lat: draft.lat, lng: draft.lng, place: draft.place } : null}
          onChange={(p) => {
            form.set({ lat: p?.lat, lng: p?.lng, place: p?.place })
            form.clear('location.place', 'location.lat', 'location.lng')
          }}
        />
        {errors['location.place'] ?? errors['location.lng'] ?? errors['location.lat'] ? (
          <Text className='field__error'>{errors['location.place'] ?? errors['location.lng'] ?? errors['location.lat']}</Text>
        ) : null}
        <TextField form={form} name='address' path='location.address' label='具体位置（选填）' placeholder='如：2单元门口、地下车库B区' />
      </View>
    </>
  )
}
