import { useMemo } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import qrcode from 'qrcode-generator'
import './QrCode.css'

/** Modules of white around the code: scanners need a quiet zone (the standard asks for 4). */
const QUIET = 4

/** Width of the window in px, to turn the 375-wide design size into whole device pixels per module. */
function windowWidth(): number {
  try {
    const info = typeof Taro.getWindowInfo === 'function' ? Taro.getWindowInfo() : Taro.getSystemInfoSync()
    return info.windowWidth || 375
  } catch {
    return 375
  }
}

/** One row as runs of equal modules, so a row is a handful of views rather than one per module. */
function runsOf(qr: ReturnType<typeof qrcode>, row: number, count: number): { dark: boolean; length: number }[] {
  const runs: { dark: boolean; length: number }[] = []
  for (let col = 0; col < count; col++) {
    const dark = qr.isDark(row, col)
    const last = runs[runs.length - 1]
    if (last && last.dark === dark) last.length++
    else runs.push({ dark, length: 1 })
  }
  return runs
}

interface Props {
  /** The text to encode. */
  value: string
  /** Side in design px (375-wide, like our CSS); the code is drawn in whole pixels per module, so it may come out a little smaller. */
  size?: number
  className?: string
}

/**
 * A QR code drawn with views (rows of dark and light runs): no canvas, so it looks the same on weapp and H5 and
 * shows up in screenshots. Error correction M, as phones scan it off another phone's screen.
 */
export default function QrCode({ value, size = 220, className = '' }: Props) {
  const model = useMemo(() => {
    const qr = qrcode(0, 'M')
    qr.addData(value)
    qr.make()
    const count = qr.getModuleCount()
    const rows = Array.from({ length: count }, (_, r) => runsOf(qr, r, count))
    return { count, rows }
  }, [value])

  // Whole device pixels per module keep the edges sharp and the rows free of hairline seams.
  const px = (size * windowWidth()) / 375
  const cell = Math.max(2, Math.floor(px / (model.count + 2 * QUIET)))
  const side = cell * (model.count + 2 * QUIET)

  return (
    <View className={`qrcode ${className}`} style={{ width: `${side}px`, height: `${side}px`, padding: `${cell * QUIET}px`, boxSizing: 'border-box' }} aria-label='二维码'>
      {model.rows.map((runs, r) => (
        <View key={r} className='qrcode__row' style={{ height: `${cell}px` }}>
          {runs.map((run, i) => (
            <View key={i} className={run.dark ? 'qrcode__dark' : 'qrcode__light'} style={{ width: `${run.length * cell}px`, height: `${cell}px` }} />
          ))}
        </View>
      ))}
    </View>
  )
}
