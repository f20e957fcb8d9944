import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { IS_WEAPP } from '../../services/config'
import '../../components/FormField.css'
import './CodeEntry.css'

/** Reads a QR code with the camera; null when the person closes the scanner. */
export async function scanQr(): Promise<string | null> {
  try {
    return (await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })).result
  } catch {
    return null
  }
}

interface Props {
  value: string
  /** What was typed, tidied by the page (digits only, upper case…). */
  onChange: (value: string) => void
  error?: string | null
  placeholder: string
  maxlength: number
  type?: 'text' | 'number'
  /** 扫码签到, 扫码查验: weapp only (H5 has no camera API), above the box. */
  scanText: string
  onScan: () => void
  submitText: string
  onSubmit: () => void
  busy: boolean
  /** The submit button's spinner, when it differs from `busy` (a second step runs elsewhere). */
  submitting?: boolean
  className?: string
  inputClassName?: string
}

/**
 * A code to scan or type (签到码, 兑换码): the scan button where there is a camera, the box and its button in one
 * row, and the refusal under them. What the code means and how it is checked stay with the page.
 */
export default function CodeEntry(p: Props) {
  return (
    <>
      {IS_WEAPP ? (
        <Button className='block-button' type='primary' block disabled={p.busy} onClick={p.onScan}>
          {p.scanText}
        </Button>
      ) : null}
      <View className={`code-entry ${p.className ?? ''}`}>
        <Input
          className={`field__input code-entry__input ${p.inputClassName ?? ''}`}
          type={p.type ?? 'text'}
          value={p.value}
          maxlength={p.maxlength}
          placeholder={p.placeholder}
          onInput={(e) => p.onChange(e.detail.value)}
          onConfirm={p.onSubmit}
        />
        <Button type='primary' fill={IS_WEAPP ? 'outline' : 'solid'} loading={p.submitting ?? p.busy} disabled={p.busy} onClick={p.onSubmit}>
          {p.submitText}
        </Button>
      </View>
      {p.error ? <Text className='field__error'>{p.error}</Text> : null}
    </>
  )
}
