/** Display helpers of the volunteer feature: stars, hours, activity times and status pills (general formatting: services/format.ts). */
import { ACTIVITY_STATUS_LABELS, type ActivityView, type RedemptionStatus } from '@linli/shared'
import type { z } from 'zod'
import { shanghaiParts } from '../services/format'
import { limitsOf } from '../services/form'

const MAX_STARS = 5

/** ★ for each star reached, ☆ for the rest of the five. */
export function starText(stars: number): string {
  const n = Math.max(0, Math.min(MAX_STARS, stars))
  return '★'.repeat(n) + '☆'.repeat(MAX_STARS - n)
}

const STAR_NUMERALS = ['', '一', '二', '三', '四', '五']
/** A star level as people say it: 三星志愿者. */
export function starLevelName(stars: number): string {
  return `${STAR_NUMERALS[stars] ?? stars}星志愿者`
}

/** Hours to one decimal without a trailing .0 (12, 2.5). */
export function hoursText(h: number): string {
  return String(Math.round(h * 10) / 10)
}

/** `MM-DD HH:mm–HH:mm` (the end date too when it differs; the year when not this year). */
export function activityTime(a: Pick<ActivityView, 'startAt' | 'endAt'>): string {
  const s = shanghaiParts(a.startAt)
  const e = shanghaiParts(a.endAt)
  const thisYear = shanghaiParts(Date.now()).date.slice(0, 4)
  const day = (d: string) => (d.slice(0, 4) === thisYear ? d.slice(5) : d)
  return s.date === e.date ? `${day(s.date)} ${s.time}–${e.time}` : `${day(s.date)} ${s.time} 至 ${day(e.date)} ${e.time}`
}

export const activityStatusLabel = (a: Pick<ActivityView, 'status'>) => ACTIVITY_STATUS_LABELS[a.status]

/** The caller's place on an activity as a short badge, or null. */
export function myBadge(a: Pick<ActivityView, 'mine'>): { text: string; tone: 'ok' | 'wait' | 'done' } | null {
  const m = a.mine
  if (m.confirmedHours !== undefined) return { text: `已记${hoursText(m.confirmedHours)}小时`, tone: 'done' }
  if (m.checkedOut) return { text: '已签退', tone: 'done' }
  if (m.checkedIn) return { text: '已签到', tone: 'ok' }
  if (m.status === 'confirmed') return { text: '已报名', tone: 'ok' }
  if (m.status === 'waitlisted') return { text: `候补第${m.position ?? '-'}位`, tone: 'wait' }
  return null
}

const REDEMPTION_TONE: Record<RedemptionStatus, 'ok' | 'done' | 'off'> = { issued: 'ok', fulfilled: 'done', cancelled: 'off', expired: 'off' }
/** A redemption code's status as a pill (volunteer.css vpill): 待核销 stands out, the finished ones fade. */
export const redemptionPill = (status: RedemptionStatus) => `vpill vpill--${REDEMPTION_TONE[status]}`

/** Names as options of ChoiceChips (the name is its own id). */
export const chipsOf = (names: readonly string[]) => names.map((name) => ({ id: name, name }))

/** Skills communities usually ask for: volunteers pick theirs when registering, staff tag activities with them. */
export const VOLUNTEER_SKILLS = ['助老助残', '环境整治', '文明劝导', '治安巡逻', '便民维修', '医疗健康', '法律咨询', '教育辅导', '文艺宣传', '心理疏导', '应急救援', '垃圾分类']

/** A number typed in a box; an empty box is no number (NaN), so the schema refuses it rather than reading 0. */
export const typedNumber = (s: string) => (s.trim() === '' ? Number.NaN : Number(s))

/**
 * "请填写名额（1–1000的整数）" with the range from the schema: its own messages name one limit at a time, and an
 * empty or half-typed number reads better with the whole range.
 */
export function wholeNumberMessage(schema: z.ZodType, path: string, what: string): string {
  const { min, max } = limitsOf(schema, path)
  return `请填写${what}（${min}–${max}的整数）`
}
