import { Input, Text, View } from '@tarojs/components'
import { ConsultationActionInput } from '@linli/shared'
import { FormError, FormField, TextField } from '../../../components/FormField'
import { useForm } from '../../../components/useForm'
import { limitsOf } from '../../../services/form'
import { ComposerButtons, sendAct, type ComposerProps } from './ComposerParts'
import PhotoGrid from '../../../components/PhotoGrid'
import { usePhotoUploads } from '../../../components/usePhotoUploads'

/** Shortcuts for the usual steps of the work. */
const PROGRESS_PICKS = [10, 30, 50, 80]
const PROGRESS = limitsOf(ConsultationActionInput, 'progress')
const MAX_PHOTOS = limitsOf(ConsultationActionInput, 'photoKeys').maxItems ?? 9
/** The schema's own message for a number out of range is not for residents' eyes: the range in words. */
const PROGRESS_MESSAGE = `请填写${PROGRESS.min}到${PROGRESS.max}之间的整数`
const clamp = (n: number) => Math.min(PROGRESS.max ?? n, Math.max(PROGRESS.min ?? n, n))

/** 发布落实进展: how far the work is (a percentage), what was done and what comes next, with photos. */
export default function UpdateForm(p: ComposerProps) {
  // An update is posted at once: a photo that cannot go up fails with 失败·重试 rather than waiting for a network.
  const photos = usePhotoUploads({ purpose: 'consultation', max: MAX_PHOTOS })
  const form = useForm({
    schema: ConsultationActionInput,
    initial: { progress: String(clamp(p.c.progress)), note: '' },
    toBody: (v) => ({
      action: 'post_update',
      note: v.note.trim(),
      // Not a whole number (empty, 3.5): NaN, which the schema refuses with PROGRESS_MESSAGE.
      progress: /^\d+$/.test(v.progress.trim()) ? Number(v.progress.trim()) : NaN,
      ...(photos.keys.length ? { photoKeys: photos.keys } : {}),
    }),
    messages: { progress: PROGRESS_MESSAGE },
  })
  const send = sendAct(p, form, 'note')

  const submit = () => {
    const body = form.validate()
    if (photos.uploading) return form.setErrors((e) => ({ ...(body ? {} : e), photoKeys: '照片还在上传，请稍候' }))
    void send(body, '进展已发布')
  }

  return (
    <>
      <FormField error={form.errors.progress}>
        <View className='cdetail__progress-input'>
          <Text>落实进度</Text>
          <Input
            className='field__input cdetail__percent'
            type='number'
            value={form.values.progress}
            maxlength={String(PROGRESS.max).length}
            onInput={(e) => form.set({ progress: e.detail.value })}
          />
          <Text>%</Text>
          <View className='cdetail__picks'>
            {PROGRESS_PICKS.map((n) => (
              <Text key={n} className='cdetail__pick' onClick={() => form.set({ progress: String(n) })}>
                {n}%
              </Text>
            ))}
          </View>
        </View>
      </FormField>
      <TextField form={form} name='note' multiline placeholder='说说做了什么、下一步安排（居民都能看到）' />
      <FormField error={form.errors.photoKeys}>
        <PhotoGrid photos={photos} addLabel='照片' className='cdetail__photos' />
      </FormField>
      <FormError errors={form.errors} />
      <ComposerButtons confirmText='发布进展' busy={p.busy} onCancel={p.onCancel} onSubmit={submit} />
    </>
  )
}
