import { useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { z } from 'zod'
import { errorsFromCall, fieldSchema, limitsOf } from '../services/form'
import './FormField.css'

interface Props {
  /** The endpoint's body schema and the path of its reason field: limits and messages come from there. */
  schema: z.ZodType
  path?: string
  placeholder: string
  /** Said when the reason is too short, in the page's words (whom the reason is for). */
  requiredMessage?: string
  confirmText: string
  /** The confirm button's colour: danger (default) for a refusal, primary for a move that is not one (提交审核). */
  confirmType?: 'danger' | 'primary'
  busy?: boolean
  className?: string
  onCancel: () => void
  /** Sends the reason; a refusal is shown under the box (the server's field message, or its message). */
  onSubmit: (reason: string) => Promise<void>
}

/**
 * The reject-with-reason box (驳回, 移出, 隐藏…): the reason someone will read, checked with the endpoint's schema
 * before it is sent, with 取消 and a confirm button. The page decides where it appears (inline under a card).
 */
export default function ReasonPrompt({ schema, path = 'reason', placeholder, requiredMessage, confirmText, confirmType = 'danger', busy, className = '', onCancel, onSubmit }: Props) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [sending, setSending] = useState(false)
  const { maxLength } = limitsOf(schema, path)

  const submit = async () => {
    const field = fieldSchema(schema, path)
    const res = field?.safeParse(reason.trim())
    if (res && !res.success) {
      const issue = res.error.issues[0]!
      return setError(issue.code === 'too_small' && requiredMessage ? requiredMessage : issue.message)
    }
    setError(null)
    setSending(true)
    try {
      await onSubmit(reason.trim())
    } catch (err) {
      const errors = errorsFromCall(err)
      setError(errors[path] ?? Object.values(errors)[0] ?? null)
    } finally {
      setSending(false)
    }
  }

  return (
    <View className={`reason-prompt ${className}`}>
      <Textarea
        className='field__textarea reason-prompt__text'
        value={reason}
        placeholder={placeholder}
        maxlength={maxLength ?? -1}
        onInput={(e) => {
          setReason(e.detail.value)
          setError(null)
        }}
      />
      {error ? <Text className='field__error'>{error}</Text> : null}
      <View className='form-actions'>
        <Button size='small' onClick={onCancel}>
          取消
        </Button>
        <Button size='small' type={confirmType} loading={busy || sending} disabled={busy || sending} onClick={() => void submit()}>
          {confirmText}
        </Button>
      </View>
    </View>
  )
}
