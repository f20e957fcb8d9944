import { useState } from 'react'
import { Picker, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { RequestExtensionInput, UnitActionInput } from '@linli/shared'
import PhotoGrid from '../../../components/PhotoGrid'
import { usePhotoUploads } from '../../../components/usePhotoUploads'
import { check, errorsFromCall, type FieldErrors } from '../../../services/form'
import { MAX_PHOTOS } from '../../../services/upload'
import { grantUnitPhoto } from '../../units.api'
import { shanghaiInstant } from '../../../services/format'

/** The written unit moves: 回复, 办结 (lead), 协办完成 (helper), 申请延期. */
export type WrittenKind = 'reply' | 'resolve' | 'done' | 'request_extension'

const WORDS: Record<WrittenKind, { title: string; placeholder: string; confirm: string; field: string }> = {
  reply: { title: '回复', placeholder: '请输入回复内容，如：已安排维修师傅明天上午上门', confirm: '发送回复', field: 'body' },
  resolve: { title: '办结', placeholder: '请填写办理结果，居民会看到，如：已更换破裂水管，恢复供水', confirm: '确认办结', field: 'note' },
  done: { title: '协办完成', placeholder: '请填写本单位协办的结果', confirm: '确认完成', field: 'note' },
  request_extension: { title: '申请延期', placeholder: '请说明需要延期的原因，如：需要更换的管材需订货，预计5天到货', confirm: '提交申请', field: 'reason' },
}

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

export type UnitBody = UnitActionInput | { action: 'request_extension'; reason: string; proposedResolveBy: string }

interface Props {
  kind: WrittenKind
  /** The request (办结 photos are granted on it). */
  requestId: string
  /** The current resolution deadline (申请延期 proposes a later day). */
  resolveBy: string
  busy: boolean
  onCancel: () => void
  /** Sends the move; a refusal is shown in the form. */
  onSubmit: (body: UnitBody) => Promise<unknown>
}

/** The form a written unit move opens, checked with the endpoint's schema before it is sent; 办结 may carry photos. */
export default function UnitComposer({ kind, requestId, resolveBy, busy, onCancel, onSubmit }: Props) {
  const w = WORDS[kind]
  const [text, setText] = useState('')
  const [day, setDay] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [sending, setSending] = useState(false)
  // 办结 photos (the lead's only): granted on this request, the unit's people belonging to no community.
  const photos = usePhotoUploads({ purpose: 'request', max: MAX_PHOTOS, grant: grantUnitPhoto(requestId), onAdded: () => setErrors({}) })
  const minDay = (() => {
    const d = new Date(new Date(resolveBy).getTime() + 8 * 3600_000 + 86_400_000).toISOString().slice(0, 10)
    return d > today() ? d : today()
  })()

  const submit = async () => {
    const value = text.trim()
    let body: UnitBody
    if (kind === 'request_extension') {
      if (!day) return setErrors({ proposedResolveBy: '请选择新的办结日期' })
      body = { action: 'request_extension', reason: value, proposedResolveBy: shanghaiInstant(day, '23:59') }
      const res = check(RequestExtensionInput, body)
      if (!res.ok) return setErrors(res.errors)
    } else {
      if (kind === 'resolve' && photos.uploading) return setErrors({ photoKeys: '照片还在上传，请稍候' })
      body = (
        kind === 'reply'
          ? { action: 'reply', body: value }
          : { action: kind, note: value, ...(kind === 'resolve' && photos.keys.length ? { photoKeys: photos.keys } : {}) }
      ) as UnitBody
      const res = check(UnitActionInput, body)
      if (!res.ok) return setErrors(res.errors)
    }
    setErrors({})
    setSending(true)
    try {
      await onSubmit(body)
    } catch (err) {
      setErrors(errorsFromCall(err))
    } finally {
      setSending(false)
    }
  }

  const other = errors.form ?? Object.entries(errors).find(([k]) => k !== w.field && k !== 'proposedResolveBy')?.[1]
  return (
    <View className='card uform'>
      <Text className='card__title'>{w.title}</Text>
      {kind === 'request_extension' ? (
        <>
          <Picker mode='date' value={day || minDay} start={minDay} onChange={(e) => (setDay(e.detail.value), setErrors({}))}>
            <View className='field__select uform__day'>
              <Text>{day ? `新的办结日期：${day}` : '选择新的办结日期'}</Text>
              <Text className='muted'>选择 ›</Text>
            </View>
          </Picker>
          {errors.proposedResolveBy ? <Text className='field__error'>{errors.proposedResolveBy}</Text> : null}
          <Text className='muted uform__hint'>延期由派发方审批；第二次延期需街道审批。审批前请按原时限继续办理。</Text>
        </>
      ) : null}
      <Textarea
        className='field__textarea uform__text'
        value={text}
        placeholder={w.placeholder}
        maxlength={1000}
        onInput={(e) => {
          setText(e.detail.value)
          setErrors({})
        }}
      />
      {errors[w.field] ? <Text className='field__error'>{errors[w.field]}</Text> : null}
      {kind === 'resolve' && !photos.uploadsOff ? (
        <>
          <Text className='muted uform__hint'>办结照片（选填，最多{MAX_PHOTOS}张），居民会看到</Text>
          <PhotoGrid photos={photos} addLabel='办结照片' className='uform__photos' />
        </>
      ) : null}
      {other ? <Text className='field__error'>{other}</Text> : null}
      <View className='form-actions'>
        <Button size='small' onClick={onCancel}>
          取消
        </Button>
        <Button size='small' type='primary' loading={busy || sending} disabled={busy || sending} onClick={() => void submit()}>
          {w.confirm}
        </Button>
      </View>
    </View>
  )
}
