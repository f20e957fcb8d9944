import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import type { RequestView } from '@linli/shared'
import { CAN_OPEN_MAP, LOCATION_TEXT, formatCoordinates, locate, openOnMap, type MarkedPoint } from '../location'
import './RequestPlace.css'

interface MarkerProps {
  value: MarkedPoint | null
  onChange: (point: MarkedPoint | null) => void
}

/**
 * The filing form's 定位 row, under the building picker: one big tap marks the place (WeChat's map, or the
 * browser's position), shows what was marked with 清除, and says plainly why when it could not.
 */
export function PlaceMarker({ value, onChange }: MarkerProps) {
  const [locating, setLocating] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const mark = async () => {
    if (locating) return
    setLocating(true)
    setError(null)
    const res = await locate(value ?? undefined)
    setLocating(false)
    if (res.ok) onChange(res.point)
    else if (res.reason !== 'cancelled') setError(res.message) // closing the map is a choice, not an error
  }

  return (
    <View className='rplace'>
      <View className={`rplace__mark ${locating ? 'rplace__mark--busy' : ''}`} onClick={() => void mark()}>
        <View className='rplace__mark-row'>
          <View className='rplace__pin' />
          <Text className='rplace__mark-label'>{locating ? LOCATION_TEXT.locating : value ? LOCATION_TEXT.remark : LOCATION_TEXT.mark}</Text>
        </View>
        <Text className='rplace__mark-hint'>{LOCATION_TEXT.hint}</Text>
      </View>
      {value ? (
        <View className='rplace__marked'>
          <View className='rplace__marked-body'>
            <Text className='rplace__marked-text'>已标注：{value.place ?? '当前位置'}</Text>
            {/* The browser gives no place name: the coordinates, on a line of their own, say what was marked. */}
            {value.place ? null : <Text className='rplace__marked-coords'>坐标 {formatCoordinates(value)}</Text>}
          </View>
          <Text
            className='rplace__clear'
            onClick={() => {
              setError(null)
              onChange(null)
            }}
          >
            {LOCATION_TEXT.clear}
          </Text>
        </View>
      ) : null}
      {error ? <Text className='rplace__error'>{error}</Text> : null}
    </View>
  )
}

type PlaceFields = Pick<RequestView, 'buildingName' | 'address' | 'place' | 'lat' | 'lng' | 'coordinatesRounded'>

/**
 * Where a request is, on its page: the building and typed spot, the place marked on the map, and the point —
 * a 查看位置 link to WeChat's map, or the coordinates as text on H5 (no map service there). The server decides
 * who gets which (request.visibility.ts): other residents get the building and, for a public request, a point
 * rounded to about 100 m.
 */
export function RequestPlace({ r }: { r: PlaceFields }) {
  const where = [r.buildingName, r.address].filter(Boolean).join(' ')
  const point = r.lat != null && r.lng != null ? { lat: r.lat, lng: r.lng } : null
  const rough = !!r.coordinatesRounded
  return (
    <>
      {where ? <Text className='muted'>位置：{where}</Text> : null}
      {r.place ? <Text className='muted rplace__place'>地点：{r.place}</Text> : null}
      {point ? (
        CAN_OPEN_MAP ? (
          <Text className='rplace__open' onClick={() => openOnMap(point, r.place ?? r.buildingName, r.address)}>
            {rough ? '查看大致位置 ›' : LOCATION_TEXT.openMap}
          </Text>
        ) : (
          <Text className='muted rplace__coords'>
            {rough ? '大致坐标' : '坐标'}：{formatCoordinates(point, rough)}
            {rough ? '（约百米范围）' : ''}
          </Text>
        )
      ) : null}
    </>
  )
}
