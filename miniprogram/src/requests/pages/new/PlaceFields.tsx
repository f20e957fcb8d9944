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

/**
 * 地点: the building (not for 代办, whose building is the resident's), a marked point, and a free-text spot. A
 * 流动网格员's report needs one of the three, and no building at a public place.
 */
export default function PlaceFields({ form, buildings, loadError, onReload }: Props) {
  const { values: draft, errors } = form
  return (
    <>
      <Text className='section-title'>地点</Text>
      <View className='card'>
        {!draft.onBehalf ? (
          <FormField label={draft.mobileGrid ? '楼栋（公共场所可不选，在下方标注或填写地点）' : '楼栋'} error={errors['location.buildingId']}>
            {buildings === null ? (
              loadError ? (
                <ErrorState message={loadError} onRetry={onReload} />
              ) : (
                <Text className='muted'>加载中…</Text>
              )
            ) : (
              <BuildingPicker buildings={buildings} value={draft.buildingId} action='更换 ›' onChange={(buildingId) => form.set({ buildingId })} />
            )}
            {/* A 流动网格员's report may be at a public place: no building at all. */}
            {draft.mobileGrid && draft.buildingId ? (
              <Text className='rnew__no-building' onClick={() => form.set({ buildingId: null })}>
                不在楼栋里？清除楼栋
              </Text>
            ) : null}
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
