import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { activityHours, api, type OutputOf } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { FormField } from '../../../components/FormField'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useRecord } from '../../../components/useRecord'
import { check, errorsFromCall, limitsOf } from '../../../services/form'
import type { CallOptions } from '../../../services/http'
import { confirmAttendance, getActivity, getRoster } from '../../volunteer.api'
import { activityTime, hoursText } from '../../format'
import { shanghaiParts } from '../../../services/format'
import '../../volunteer.css'
import './index.css'

type Entry = OutputOf<typeof api.activities.roster>['items'][number]

const SCHEMA = api.activities.attendance.body
// The schema bounds the hours of one confirmation.
const MAX_HOURS = limitsOf(SCHEMA, 'hours').max!
// Hours to one decimal place (2.5): room for the digits of the most, a point and a tenth.
const HOURS_MAXLENGTH = String(MAX_HOURS).length + 2

const STATUS: Record<Entry['status'], { text: string; tone: string }> = {
  confirmed: { text: '已报名', tone: 'ok' },
  waitlisted: { text: '候补', tone: 'wait' },
  walk_in: { text: '现场签到', tone: 'off' },
}

const time = (iso?: string) => (iso ? shanghaiParts(iso).time : '—')

async function loadRoster(id: string, opts: CallOptions) {
  const [activity, roster] = await Promise.all([getActivity(id, opts), getRoster(id, opts)])
  return { activity, items: roster.items }
}

/** 报名名单 (staff): who signed up, checked in and out; confirm each volunteer's hours, which credits the points once. */
export default function RosterPage() {
  const id = useRouter().params.id ?? ''
  const { data, setData, error, load } = useRecord((opts) => loadRoster(id, opts), [id])
  const activity = data?.activity ?? null
  const items = data?.items ?? null
  /** Hours typed per volunteer (kept when a confirmation fails). */
  const [hours, setHours] = useState<Record<string, string>>({})
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busyId, setBusyId] = useState<string | null>(null)
  const setError = (volunteerId: string, message: string) => setErrors((x) => ({ ...x, [volunteerId]: message }))

  // Prefill the suggested hours from check-in and check-out; never overwrite what staff typed.
  useEffect(() => {
    if (!items) return
    setHours((typed) => {
      const next = { ...typed }
      for (const e of items) if (next[e.volunteerId] === undefined && e.suggestedHours !== null) next[e.volunteerId] = String(e.suggestedHours)
      return next
    })
  }, [items])

  // Hours can be confirmed once the activity has started (its `actions` then hold confirm_hours): until then,
  // load it again at the start, and every few seconds for a minute after it (the server's clock decides).
  const started = !!activity?.actions.includes('confirm_hours')
  useEffect(() => {
    if (!activity || started) return
    const untilStart = new Date(activity.startAt).getTime() - Date.now()
    if (untilStart < -60_000) return
    const timer = setTimeout(() => void load(), Math.min(Math.max(untilStart + 1000, 2000), 600_000))
    return () => clearTimeout(timer)
  }, [activity, started])

  const confirm = async (e: Entry) => {
    const raw = (hours[e.volunteerId] ?? '').trim()
    const value = raw ? Math.round(Number(raw) * 10) / 10 : Number.NaN
    const checked = check(SCHEMA, { volunteerId: e.volunteerId, hours: value })
    if (!checked.ok) return setError(e.volunteerId, value > MAX_HOURS ? `时长不能超过${MAX_HOURS}小时` : '请填写服务时长（小时，可到0.1）')
    setBusyId(e.volunteerId)
    setError(e.volunteerId, '')
    try {
      const res = await confirmAttendance(id, checked.data, { silent: true })
      setData((d) => d && { ...d, items: d.items.map((x) => (x.volunteerId === e.volunteerId ? { ...x, confirmedHours: res.hours, points: res.points } : x)) })
      void Taro.showToast({
        title: res.credited ? `已确认${hoursText(res.hours)}小时，发放${res.points}积分` : '此前已确认，积分不会重复发放',
        icon: 'none',
      })
    } catch (err) {
      const shown = errorsFromCall(err)
      setError(e.volunteerId, shown.hours ?? shown.volunteerId ?? shown.form ?? '')
    } finally {
      setBusyId(null)
    }
  }

  if (error && !items) {
    return (
      <PageShell className='vroster'>
        <ErrorState message={error} onRetry={() => void load()} />
      </PageShell>
    )
  }
  if (!items || !activity) {
    return (
      <PageShell className='vroster'>
        <Loading />
      </PageShell>
    )
  }

  const maxHours = activityHours(new Date(activity.startAt), new Date(activity.endAt))
  const checkedIn = items.filter((e) => e.checkedInAt).length
  const confirmed = items.filter((e) => e.confirmedHours !== undefined).length

  return (
    <PageShell className='vroster'>
      <View className='card'>
        <Text className='vroster__title'>{activity.title}</Text>
        <Text className='muted'>{activityTime(activity)}</Text>
        <View className='vroster__figures'>
          <Text>报名 {activity.signedUp}/{activity.capacity}</Text>
          <Text>候补 {activity.waitlisted}</Text>
          <Text>签到 {checkedIn}</Text>
          <Text>已确认 {confirmed}</Text>
        </View>
        <Text className='muted vroster__hint'>
          {started
            ? `核对签到、签退时间后确认服务时长，每人最多${hoursText(maxHours)}小时；确认后按每小时${activity.pointsPerHour}积分发放，重复确认只记一次。`
            : `活动开始（${shanghaiParts(activity.startAt).time}）后才能确认服务时长。`}
        </Text>
      </View>

      {items.length === 0 ? <Empty title='还没有人报名' description='志愿者报名或现场签到后会出现在这里。' /> : null}
      {items.map((e) => {
        const s = STATUS[e.status]
        return (
          <View key={e.volunteerId} className='card vroster__item'>
            <View className='vhead'>
              <Text className='vname'>{e.name || '志愿者'}</Text>
              <Text className={`vpill vpill--${s.tone}`}>{s.text}</Text>
            </View>
            <View className='vroster__times'>
              <Text>签到 {time(e.checkedInAt)}</Text>
              <Text>签退 {time(e.checkedOutAt)}</Text>
              <Text>建议 {e.suggestedHours !== null ? `${hoursText(e.suggestedHours)}小时` : '—'}</Text>
            </View>
            {e.confirmedHours !== undefined ? (
              <View className='vroster__done'>
                <Text className='vpill vpill--done'>
                  已确认 {hoursText(e.confirmedHours)} 小时 · {e.points ?? 0} 积分
                </Text>
              </View>
            ) : (
              <FormField error={errors[e.volunteerId]}>
                <View className='vroster__confirm'>
                  <Input
                    className='field__input vroster__hours'
                    type='digit'
                    value={hours[e.volunteerId] ?? ''}
                    placeholder='服务时长'
                    maxlength={HOURS_MAXLENGTH}
                    onInput={(ev) => {
                      setHours((x) => ({ ...x, [e.volunteerId]: ev.detail.value }))
                      setError(e.volunteerId, '')
                    }}
                  />
                  <Text className='vroster__unit'>小时</Text>
                  <Button className='vroster__ok' type='primary' loading={busyId === e.volunteerId} disabled={!started || busyId !== null} onClick={() => void confirm(e)}>
                    确认
                  </Button>
                </View>
              </FormField>
            )}
          </View>
        )
      })}
    </PageShell>
  )
}
