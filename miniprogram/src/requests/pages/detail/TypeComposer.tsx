import { useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { REQUEST_TYPES, REQUEST_TYPE_LABELS, RequestActionInput, type RequestType, type RequestView } from '@linli/shared'
import ChoiceChips from '../../../components/ChoiceChips'
import { check, errorsFromCall, type FieldErrors } from '../../../services/form'
import { actOnRequest } from '../../requests.api'
import type { Perform } from './Composer'

interface Props {
  r: RequestView
  busy: boolean
  perform: Perform
  onCancel: () => void
}

const OPTIONS = REQUEST_TYPES.map((t) => ({ id: t, name: REQUEST_TYPE_LABELS[t] }))

/**
 * 改类型: a handler corrects what the request is (咨询, 求助, 投诉, 建议); the server recomputes its deadlines from
 * the resident's submission and tells the resident on the timeline.
 */
export default function TypeComposer({ r, busy, perform, onCancel }: Props) {
  const [type, setType] = useState<RequestType>(r.type)
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const error = errors.type ?? errors.note ?? errors.form ?? Object.values(errors)[0]
  const submit = async () => {
    const body = { action: 'set_type' as const, type, ...(note.trim() ? { note: note.trim() } : {}) }
    if (type === r.type) return setErrors({ type: `该诉求已是“${REQUEST_TYPE_LABELS[type]}”类，请选择其他类型` })
    const res = check(RequestActionInput, body)
    if (!res.ok) return setErrors(res.errors)
    await perform(
      async () => {
        try {
          return await actOnRequest(r.id, body, { silent: true })
        } catch (err) {
          setErrors(errorsFromCall(err, 'type'))
          throw err
        }
      },
      () => `已改为“${REQUEST_TYPE_LABELS[type]}”，办理时限已按提交时间重新计算`,
    )
  }
  return (
    <View className='card rdetail__composer rdetail__type-composer'>
      <Text className='card__title'>改类型</Text>
      <Text className='muted'>当前：{REQUEST_TYPE_LABELS[r.type]}。改后按居民提交时间重新计算办理时限，居民可看到这次调整。</Text>
      <ChoiceChips options={OPTIONS} selected={type} onPick={(id) => (setType(id as RequestType), setErrors({}))} />
      <Textarea className='field__textarea rdetail__text' value={note} maxlength={200} placeholder='说明（选填），如：经核实属于投诉' onInput={(e) => (setNote(e.detail.value), setErrors({}))} />
      {error ? <Text className='field__error'>{error}</Text> : null}
      <View className='form-actions'>
        <Button size='small' disabled={busy} onClick={onCancel}>
          取消
        </Button>
        <Button size='small' type='primary' loading={busy} disabled={busy} onClick={() => void submit()}>
          确认修改
        </Button>
      </View>
    </View>
  )
}
