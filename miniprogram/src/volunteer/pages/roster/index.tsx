import { useEffect, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { activityHours, api, type ActivityView, type OutputOf } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { errorMessage, fieldErrors } from '../../../services/http'
import { confirmAttendance, getActivity, getRoster } from '../../volunteer.api'
import { activityTime, hoursText } from '../../format'
import { shanghaiParts } from '../../../services/format'
import '../../volunteer.css'
import './index.css'

type Entry = OutputOf<typeof api.activities.roster>['items'][number]

const STATUS: Record<Entry['status'], { text: string; tone: string }> = {
  confirmed: { text: '已报名', tone: 'ok' },
  waitlisted: { text: '候补', tone: 'wait' },
  walk_in: { text: '现场签到', tone: 'off' },
}

const time = (iso?: string) => (iso ? shanghaiParts(iso).time : '—')

/** 报名名单 (staff): who signed up, checked in and out; confirm each volunteer's hours, which credits the points once. */
export default function RosterPage() {
  const id = useRouter().params.id ?? ''
  const [activity, setActivity] = useState<ActivityView | null>(null)
  const [items, setItems] = useState<Entry[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  /** Hours typed per volunteer (kept when a confirmation fails). */
  const [hours, setHours] = useState<Record<string, string>>({})
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busyId, setBusyId] = useState<string | null>(null)

  const load = async () => {
    setError(null)
    try {
      const [a, roster] = await Promise.all([getActivity(id, { silent: true }), getRoster(id, { silent: true })])
      setActivity(a)
      setItems(roster.items)
      // Prefill the suggested hours from check-in and check-out; never overwrite what staff typed.
      setHours((typed) => {
        const next = { ...typed }
        for (const e of roster.items) if (next[e.volunteerId] === undefined && e.suggestedHours !== null) next[e.volunteerId] = String(e.suggestedHours)
        return next
      })
    } catch (err) {
      setError(errorMessage(err))
    }
  }
  useEffect(() => {
    void load()
  }, [id])
  useDidShow(() => {
    if (items) void load()
  })
  // Before the start, tick so the page notices the start (and stops saying it has not started).
  const [, setNow] = useState(0)
  useEffect(() => {
    if (!activity || Date.now() >= new Date(activity.startAt).getTime()) return
    const timer = setInterval(() => setNow(Date.now()), 5000)
    return () => clearInterval(timer)
  }, [activity?.startAt])
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const confirm = async (e: Entry) => {
    const raw = (hours[e.volunteerId] ?? '').trim()
    const value = Number(raw)
    if (!raw || !Number.isFinite(value) || value <= 0) return setErrors((x) => ({ ...x, [e.volunteerId]: '请填写服务时长（小时，可到0.1）' }))
    if (value > 24) return setErrors((x) => ({ ...x, [e.volunteerId]: '时长不能超过24小时' }))
    setBusyId(e.volunteerId)
    setErrors((x) => ({ ...x, [e.volunteerId]: '' }))
    try {
      const res = await confirmAttendance(id, { volunteerId: e.volunteerId, hours: Math.round(value * 10) / 10 }, { silent: true })
      setItems((list) => (list ?? []).map((x) => (x.volunteerId === e.volunteerId ? { ...x, confirmedHours: res.hours, points: res.points } : x)))
      void Taro.showToast({
        title: res.credited ? `已确认${hoursText(res.hours)}小时，发放${res.points}积分` : '此前已确认，积分不会重复发放',
        icon: 'none',
      })
    } catch (err) {
      const byField = fieldErrors(err)
      setErrors((x) => ({ ...x, [e.volunteerId]: byField.hours ?? byField.volunteerId ?? errorMessage(err) }))
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

  const started = Date.now() >= new Date(activity.startAt).getTime()
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
            <View className='vroster__head'>
              <Text className='vroster__name'>{e.name || '志愿者'}</Text>
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
              <>
                <View className='vroster__confirm'>
                  <Input
                    className='vf__input vroster__hours'
                    type='digit'
                    value={hours[e.volunteerId] ?? ''}
                    placeholder='服务时长'
                    maxlength={4}
                    onInput={(ev) => {
                      setHours((x) => ({ ...x, [e.volunteerId]: ev.detail.value }))
                      setErrors((x) => ({ ...x, [e.volunteerId]: '' }))
                    }}
                  />
                  <Text className='vroster__unit'>小时</Text>
                  <Button className='vroster__ok' type='primary' loading={busyId === e.volunteerId} disabled={busyId !== null} onClick={() => void confirm(e)}>
                    确认
                  </Button>
                </View>
                {errors[e.volunteerId] ? <Text className='vf__error'>{errors[e.volunteerId]}</Text> : null}
              </>
            )}
          </View>
        )
      })}
    </PageShell>
  )
}
