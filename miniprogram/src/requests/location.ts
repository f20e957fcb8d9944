/**
 * Marking where a problem is, per platform: WeChat's map picker (`chooseLocation`) on the mini-program, the
 * browser's position on H5. Always beside the building picker, never instead of it: a point helps the grid worker
 * find a broken lamp in a garden, the building routes the request to the right grid.
 *
 * Coordinates leave this module in WGS-84 (what the server stores and Open311 speaks) and enter WeChat's map in
 * GCJ-02 (shared/common/geo.ts says why).
 */
import Taro from '@tarojs/taro'
import { gcj02ToWgs84, stripForbiddenText, wgs84ToGcj02 } from '@linli/shared'
import { IS_WEAPP } from '../services/config'
import { ensurePrivacyAuthorized } from '../services/privacy'

/** A point the filer marked, WGS-84, with the map's name and address of the place when the map gave one. */
export interface MarkedPoint {
  lat: number
  lng: number
  place?: string
}

export type LocateFailure = 'cancelled' | 'privacy' | 'denied' | 'unavailable' | 'timeout'
export type LocateResult = { ok: true; point: MarkedPoint } | { ok: false; reason: LocateFailure; message: string }

/** What people read about locating, in one place. */
export const LOCATION_TEXT = {
  // No emoji: phones without an emoji font (and the test browser) show a box; the pin is drawn in CSS.
  mark: '标注当前位置',
  remark: '重新标注位置',
  locating: '正在定位…',
  hint: IS_WEAPP ? '打开地图，可拖动选择问题所在的准确位置' : '用手机定位标出问题所在的位置，方便网格员找到',
  clear: '清除',
  failures: {
    cancelled: '',
    privacy: '您未同意隐私保护指引，暂时不能标注位置。仍可选择楼栋、填写具体位置。',
    denied: IS_WEAPP
      ? '未获得位置权限。可点右上角“···”→“设置”允许使用位置信息；也可以只选择楼栋、填写具体位置。'
      : '未获得定位权限。可在浏览器设置中允许本网站使用位置；也可以只选择楼栋、填写具体位置。',
    unavailable: '暂时无法获取位置（手机不支持或未开启定位服务）。请选择楼栋并填写具体位置。',
    timeout: '定位超时，请到开阔处再试；也可以只选择楼栋、填写具体位置。',
  } satisfies Record<LocateFailure, string>,
  openMap: '查看位置 ›',
}

/** The server takes at most 100 characters of place (RequestLocation.place). */
const PLACE_MAX = 100

// Six decimals are about 10 cm: finer than any phone measures, and short on screen and in the database.
const round6 = (v: number) => Math.round(v * 1e6) / 1e6

const failed = (reason: LocateFailure): LocateResult => ({ ok: false, reason, message: LOCATION_TEXT.failures[reason] })

/** The map's name and address as one line the server accepts: no control characters, at most 100 characters. */
function placeText(name: string | undefined, address: string | undefined): string | undefined {
  const n = stripForbiddenText(name ?? '', 'line').trim()
  const a = stripForbiddenText(address ?? '', 'line').trim()
  const both = n && a && !a.includes(n) ? `${n}（${a}）` : a || n
  if (!both) return undefined
  if (both.length <= PLACE_MAX) return both
  return (n && n.length <= PLACE_MAX ? n : both.slice(0, PLACE_MAX)) || undefined
}

/** WeChat: the map picker, opened where the user marked last (or at their position). They may cancel. */
async function pickOnMap(near?: MarkedPoint): Promise<LocateResult> {
  // Our popup first, so the user reads why before WeChat's own prompt (services/privacy.ts).
  if (!(await ensurePrivacyAuthorized())) return failed('privacy')
  try {
    const start = near ? wgs84ToGcj02(near) : undefined
    const res = await Taro.chooseLocation(start ? { latitude: start.lat, longitude: start.lng } : {})
    const wgs = gcj02ToWgs84({ lat: res.latitude, lng: res.longitude })
    return { ok: true, point: { lat: round6(wgs.lat), lng: round6(wgs.lng), place: placeText(res.name, res.address) } }
  } catch (err) {
    const msg = String((err as { errMsg?: string } | undefined)?.errMsg ?? err)
    if (/cancel/i.test(msg)) return failed('cancelled')
    if (/privacy/i.test(msg)) return failed('privacy')
    if (/auth|deny|denied|permission/i.test(msg)) return failed('denied')
    return failed('unavailable')
  }
}

/** H5: the browser's position (no map: the H5 build has no map service to ask for a place name). */
function browserPosition(): Promise<LocateResult> {
  const geo = typeof navigator !== 'undefined' ? navigator.geolocation : undefined
  // Absent outside a secure origin and on some webviews.
  if (!geo) return Promise.resolve(failed('unavailable'))
  return new Promise((resolve) => {
    geo.getCurrentPosition(
      (pos) => resolve({ ok: true, point: { lat: round6(pos.coords.latitude), lng: round6(pos.coords.longitude) } }),
      // GeolocationPositionError: 1 PERMISSION_DENIED, 2 POSITION_UNAVAILABLE, 3 TIMEOUT.
      (err) => resolve(failed(err.code === 1 ? 'denied' : err.code === 3 ? 'timeout' : 'unavailable')),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    )
  })
}

/** Marks where the problem is on this platform. Resolves, never rejects: the form shows the message. */
export function locate(near?: MarkedPoint): Promise<LocateResult> {
  return IS_WEAPP ? pickOnMap(near) : browserPosition()
}

/** Whether this platform can show a point on a map (WeChat's `openLocation`; the H5 build has no map service). */
export const CAN_OPEN_MAP = IS_WEAPP

/** Opens WeChat's map at a stored (WGS-84) point. */
export function openOnMap(point: { lat: number; lng: number }, name?: string, address?: string): void {
  const gcj = wgs84ToGcj02(point)
  void Taro.openLocation({ latitude: gcj.lat, longitude: gcj.lng, name, address, scale: 18 }).catch(() => undefined)
}

/** Coordinates as text, for where no map can be shown; rounded points say they are rough. */
export function formatCoordinates(point: { lat: number; lng: number }, rounded = false): string {
  const digits = rounded ? 3 : 5
  return `${point.lat.toFixed(digits)}, ${point.lng.toFixed(digits)}`
}
