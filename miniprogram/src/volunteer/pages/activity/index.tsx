import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { api, type ActivityView } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading } from '../../../components/StateView'
import { useRecord } from '../../../components/useRecord'
import { useForm } from '../../../components/useForm'
import { ApiError } from '../../../services/http'
import { share } from '../../../services/format'
import { cancelSignUp, checkIn, getActivity, signUp } from '../../volunteer.api'
import { activityStatusLabel, activityTime, hoursText, myBadge } from '../../format'
import CodeEntry, { scanQr } from '../../components/CodeEntry'
import '../../volunteer.css'
import './index.css'

/** What a check-in QR code says: `linli-checkin:<activityId>:<6 digits>`. */
function parseCheckinQr(text: string): { activityId: string; code: string } | null {
  const m = /^linli-checkin:([0-9a-f]{24}):(\d{6})$/.exec(text.trim())
  return m ? { activityId: m[1]!, code: m[2]! } : null
}

const go = (url: string) => () => void Taro.navigateTo({ url })

/**
 * 活动详情: what, when, where, seats; 报名 / 取消 / 候补; 签到 and 签退 during the activity; staff tools. Every
 * button stands for one of the activity's `actions`, which the server computes for this caller.
 */
export default function ActivityPage() {
  const id = useRouter().params.id ?? ''
  const { data: a, setData, error, load, busy, act } = useRecord((opts) => getActivity(id, opts), [id])

  const join = () =>
    act(
      () => signUp(id),
      (next) => (next.mine.status === 'waitlisted' ? `名额已满，已进入候补第${next.mine.position ?? ''}位` : '报名成功'),
    )

  const leave = async (waiting: boolean) => {
    const { confirm } = await Taro.showModal({
      title: waiting ? '取消候补' : '取消报名',
      content: waiting ? '确定不再候补这个活动吗？' : '取消后名额会让给候补的志愿者，确定取消报名吗？',
      confirmText: '确定取消',
      cancelText: '再想想',
    })
    if (confirm) await act(() => cancelSignUp(id), () => (waiting ? '已取消候补' : '已取消报名'))
  }

  if (!a) {
    return <PageShell className='vact'>{error ? <ErrorState message={error} onRetry={() => void load()} /> : <Loading />}</PageShell>
  }

  const can = (action: ActivityView['actions'][number]) => a.actions.includes(action)
  const badge = myBadge(a)
  const full = a.signedUp >= a.capacity
  const waiting = a.mine.status === 'waitlisted'

  return (
    <PageShell className='vact'>
      <View className='card'>
        <View className='vtitle-row'>
          <Text className='vtitle-row__title vact__title'>{a.title}</Text>
          <Text className={`vstatus vstatus--${a.status} vact__status`}>{activityStatusLabel(a)}</Text>
        </View>
        {a.category ? <Text className='vact__category'>{a.category}</Text> : null}
        <View className='vact__facts'>
          <Text>时间：{activityTime(a)}</Text>
          <Text>地点：{a.location}</Text>
          <Text>积分：每小时 {a.pointsPerHour} 积分</Text>
          {a.skills.length ? <Text>需要：{a.skills.join('、')}</Text> : null}
          <Text className='muted'>发布人：{a.createdByName}</Text>
        </View>
        <Text className='vact__desc'>{a.description}</Text>
      </View>

      <View className='card'>
        <View className='vact__seats-head'>
          <Text className='card__title vact__seats-title'>名额</Text>
          <Text className='vact__seats'>
            已报名 {a.signedUp}/{a.capacity}
            {a.waitlisted > 0 ? ` · 候补 ${a.waitlisted}人` : ''}
          </Text>
        </View>
        <View className='vbar vact__bar'>
          <View className={`vbar__fill ${full ? 'vact__fill--full' : ''}`} style={{ width: `${share(a.signedUp, a.capacity)}%` }} />
        </View>
        {badge ? (
          <View className='vact__mine'>
            <Text>我的状态：</Text>
            <Text className={`vpill vpill--${badge.tone}`}>{badge.text}</Text>
          </View>
        ) : null}

        {can('sign_up') ? (
          <Button className='block-button' type='primary' block loading={busy} disabled={busy} onClick={() => void join()}>
            {full ? '名额已满，报名候补' : '报名参加'}
          </Button>
        ) : can('withdraw') ? (
          <>
            <Text className='muted vact__hint'>
              {waiting ? '有人取消报名时，候补按顺序自动递补，递补后会通知您。' : '活动开始前一小时起可签到。不能参加请提前取消，把名额让给其他人。'}
            </Text>
            <Button className='block-button' type='danger' fill='outline' block loading={busy} disabled={busy} onClick={() => void leave(waiting)}>
              {waiting ? '取消候补' : '取消报名'}
            </Button>
          </>
        ) : a.status !== 'upcoming' ? (
          <Text className='muted vact__hint'>{a.status === 'ongoing' ? '活动进行中，报名已截止。' : '活动已结束。'}</Text>
        ) : a.mine.status === 'none' ? (
          <Text className='muted vact__hint'>注册成为志愿者并通过社区审核后即可报名。</Text>
        ) : null}
      </View>

      {can('check_in') || can('check_out') ? <CheckinCard a={a} kind={can('check_in') ? 'in' : 'out'} busy={busy} onDone={setData} onStale={load} /> : null}
      {a.mine.checkedIn && a.mine.checkedOut ? (
        <View className='card vact__done'>
          <Text className='card__title'>服务记录</Text>
          <Text>
            {a.mine.confirmedHours !== undefined
              ? `工作人员已确认服务时长 ${hoursText(a.mine.confirmedHours)} 小时，积分已存入您的积分存折。`
              : '已签到、签退，等待工作人员确认服务时长。'}
          </Text>
        </View>
      ) : null}

      {can('issue_code') || can('view_roster') ? (
        <>
          <Text className='section-title'>工作人员</Text>
          <View className='card vact__staff'>
            {can('issue_code') ? (
              <Button type='primary' onClick={go(`/volunteer/pages/checkin-code/index?id=${a.id}`)}>
                签到二维码
              </Button>
            ) : null}
            {can('view_roster') ? (
              <Button type='primary' fill='outline' onClick={go(`/volunteer/pages/roster/index?id=${a.id}`)}>
                名单·确认时长
              </Button>
            ) : null}
          </View>
        </>
      ) : null}
    </PageShell>
  )
}

interface CheckinProps {
  a: ActivityView
  kind: 'in' | 'out'
  busy: boolean
  onDone: (next: ActivityView) => void
  /** The activity moved on (closed, already checked in elsewhere): load it again. */
  onStale: () => void
}

/** 签到 / 签退: scan the staff's QR code (weapp) or type its 6 digits; a refusal shows under the box. */
function CheckinCard({ a, kind, busy, onDone, onStale }: CheckinProps) {
  const form = useForm({ schema: api.activities.checkin.body, initial: { code: '' }, toBody: (v) => ({ code: v.code, kind }) })
  const [sending, setSending] = useState(false)
  const error = form.errors.code ?? form.errors.form

  const submit = async () => {
    const body = form.validate()
    if (!body) return
    setSending(true)
    try {
      const next = await checkIn(a.id, body, { silent: true })
      form.reset()
      onDone(next)
      void Taro.showToast({ title: kind === 'in' ? '签到成功' : '签退成功，感谢您的服务', icon: 'none' })
    } catch (err) {
      form.fail(err)
      if (err instanceof ApiError && err.status === 409) onStale()
    } finally {
      setSending(false)
    }
  }

  const scan = async () => {
    const result = await scanQr()
    if (result === null) return
    const parsed = parseCheckinQr(result)
    if (!parsed) return form.setErrors({ code: '这不是邻里的签到二维码' })
    if (parsed.activityId !== a.id) return form.setErrors({ code: '这是其他活动的签到二维码' })
    form.set({ code: parsed.code })
    await submit()
  }

  return (
    <View className='card vact__checkin'>
      <Text className='card__title'>{kind === 'in' ? '签到' : '签退'}</Text>
      <Text className='muted'>
        {kind === 'in' ? '到达现场后，扫描工作人员出示的签到二维码，或输入二维码旁的6位数字。' : '服务结束时，再次扫码或输入最新的6位数字签退。'}
      </Text>
      <CodeEntry
        className='vact__code-row'
        inputClassName='vact__code'
        type='number'
        value={form.values.code}
        onChange={(v) => form.set({ code: v.replace(/\D/g, '') })}
        error={error}
        placeholder='输入6位签到码'
        maxlength={form.limits('code').maxLength ?? -1}
        scanText={kind === 'in' ? '扫码签到' : '扫码签退'}
        onScan={() => void scan()}
        submitText={kind === 'in' ? '签到' : '签退'}
        onSubmit={() => void submit()}
        busy={busy || sending}
      />
    </View>
  )
}
