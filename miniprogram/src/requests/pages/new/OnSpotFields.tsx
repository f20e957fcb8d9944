import { Text, View } from '@tarojs/components'
import { FormField, TextField, type TextFormLike } from '../../../components/FormField'
import PhotoGrid from '../../../components/PhotoGrid'
import type { PhotoUploads } from '../../../components/usePhotoUploads'
import type { DraftForm, Finding } from './draft'
import { SwitchRow } from './OptionFields'

/**
 * 就地办结 for a patrol finding: off, the finding enters the normal loop; on, it asks what was done there (处理说明,
 * required) and photos of the result (optional), and the one submit files it and closes it. The fields are the
 * body's `resolvedOnSpot`, so their limits and messages are read there in the schema.
 */
export default function OnSpotFields({ form, photos }: { form: DraftForm; photos: PhotoUploads }) {
  const finding = form.values.finding
  if (!finding) return null
  const set = (patch: Partial<Finding>) => form.set({ finding: { ...finding, ...patch } })
  const fields: TextFormLike<Finding> = { values: finding, errors: form.errors, set, limits: form.limits, clear: form.clear }
  const photoError = Object.entries(form.errors).find(([k]) => k.startsWith('resolvedOnSpot.photoKeys'))?.[1]
  return (
    <>
      <Text className='section-title'>处理情况</Text>
      <View className='card'>
        <SwitchRow
          title='就地办结'
          hint={finding.onSpot ? '已当场解决：提交即办结，不再派单' : '当场解决了就打开；没解决的提交后进入办理流程'}
          className='rnew__onspot'
          checked={finding.onSpot}
          onChange={(onSpot) => {
            set({ onSpot })
            form.clear('resolvedOnSpot.note')
          }}
        />
        {finding.onSpot ? (
          <>
            <TextField
              form={fields}
              name='note'
              path='resolvedOnSpot.note'
              label='处理说明'
              required
              multiline
              counter
              placeholder='现场是怎么处理的，如：已联系住户，纸箱清理完毕'
              inputClassName='rnew__onspot-note'
            />
            <FormField label={`处理后的照片（选填，最多${photos.max}张）`} error={photoError}>
              <PhotoGrid photos={photos} addLabel='拍处理结果' className='rnew__onspot-photos' />
            </FormField>
          </>
        ) : null}
      </View>
    </>
  )
}
