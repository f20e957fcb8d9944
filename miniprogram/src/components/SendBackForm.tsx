import { useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { z } from 'zod'
import { SEND_BACK_REASONS, SEND_BACK_REASON_LABELS, type SendBackReason } from '@linli/shared'
import { check, errorsFromCall, limitsOf } from '../services/form'
import ChoiceChips from './ChoiceChips'
import './FormField.css'

const REASONS = SEND_BACK_REASONS.map((id) => ({ id, name: SEND_BACK_REASON_LABELS[id] }))

export interface SendBackBody {
  action: 'send_back'
  reason: SendBackReason
  note?: string
}

interface Props {
  /** The endpoint's body schema (the request's or the unit's actions): the page checks what the server will. */
  schema: z.ZodType
  /** Whose words: 本单位 (a unit) or 我 (a person assignee), in the hint. */
  who: string
  busy?: boolean
  onCancel: () => void
  /** Sends the send-back; a refusal is shown under the box. */
  onSubmit: (body: SendBackBody) => Promise<unknown>
}

/**
 * 退单: why the request goes back to whoever dispatched it (不属于本单位职责、信息不全、重复、其他) and a note. A unit and a
 * person assignee use the same form: the dispatcher then re-dispatches it or rejects the send-back (驳回退单).
 */
export default function SendBackForm({ schema, who, busy, onCancel, onSubmit }: Props) {
  const [reason, setReason] = useState<SendBackReason | null>(null)
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [sending, setSending] = useState(false)
  const { maxLength } = limitsOf(schema, 'note')

  const submit = async () => {
    if (!reason) return setErrors({ reason: '请选择退单原因' })
    const body: SendBackBody = { action: 'send_back', reason, ...(note.trim() ? { note: note.trim() } : {}) }
    const res = check(schema, body)
    if (!res.ok) return setErrors(res.errors)
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

  const other = errors.form ?? Object.entries(errors).find(([k]) => k !== 'reason' && k !== 'note')?.[1]
  return (
    <View className='send-back'>
      <Text className='muted'>退回派发方重新派发，请说明原因（居民能看到退单原因）：</Text>
      <ChoiceChips className='send-back__reasons' options={REASONS} selected={reason} onPick={(id) => (setReason(id as SendBackReason), setErrors({}))} />
      {errors.reason ? <Text className='field__error'>{errors.reason}</Text> : null}
      <Textarea
        className='field__textarea send-back__note'
        value={note}
        placeholder={reason === 'other' ? '请说明退单原因（必填）' : `补充说明（选填），如：该问题属于燃气公司，不属于${who}`}
        maxlength={maxLength ?? -1}
        onInput={(e) => {
          setNote(e.detail.value)
          setErrors({})
        }}
      />
      {errors.note ? <Text className='field__error'>{errors.note}</Text> : null}
      {other ? <Text className='field__error'>{other}</Text> : null}
      <View className='form-actions'>
        <Button size='small' onClick={onCancel}>
          取消
        </Button>
        <Button size='small' type='danger' loading={busy || sending} disabled={busy || sending} onClick={() => void submit()}>
          确认退单
        </Button>
      </View>
    </View>
  )
}
