import { useEffect, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { hasAnyRole, type ActivityView } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading } from '../../../components/StateView'
import { currentRoles, useSession } from '../../../services/session'
import { ApiError, errorMessage, fieldErrors } from '../../../services/http'
import { IS_WEAPP } from '../../../services/config'
import { cancelSignUp, checkIn, getActivity, signUp } from '../../volunteer.api'
import { activityStatusLabel, activityTime, checkinOpen, hoursText, myBadge } from '../../format'
import '../../volunteer.css'
import './index.css'

/** What a check-in QR code says: `linli-checkin:<activityId>:<6 digits>`. */
function parseCheckinQr(text: string): { activityId: string; code: string } | null {
  const m = /^linli-checkin:([0-9a-f]{24}):(\d{6})$/.exec(text.trim())
  return m ? { activityId: m[1]!, code: m[2]! } : null
}

/** 活动详情: what, when, where, seats; 报名 / 取消 / 候补; 签到 and 签退 during the activity; staff tools. */
export default function ActivityPage() {
  const id = useRouter().params.id ?? ''
  const session = useSession()
  const roles = currentRoles(session)
  const staff = hasAnyRole(roles, ['staff'])
  const volunteer = roles.includes('volunteer')

  const [a, setA] = useState<ActivityView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [code, setCode] = useState('')
  const [codeError, setCodeError] = useState<string | null>(null)

  const load = async () => {
    setError(null)
    try {
      setA(await getActivity(id, { silent: true }))
    } catch (err) {
      setError(errorMessage(err))
    }
  }
  useEffect(() => {
    void load()
  }, [id])
  useDidShow(() => {
    if (a) void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const run = async (work: () => Promise<ActivityView>, message: (next: ActivityView) => string) => {
    setBusy(true)
    try {
      const next = await work()
      setA(next)
      void Taro.showToast({ title: message(next), icon: 'none' })
    } catch (err) {
      // toast shown by http.ts; a 409 means the activity moved on (started, full): show where it stands.
      if (err instanceof ApiError && err.status === 409) void load()
    } finally {
      setBusy(false)
    }
  }

  const join = () =>
    run(
      () => signUp(id),
      (next) => (next.mine.status === 'waitlisted' ? `名额已满，已进入候补第${next.mine.position ?? ''}位` : '报名成功'),
    )

  const leave = async () => {
    if (!a) return
    const waiting = a.mine.status === 'waitlisted'
    const { confirm } = await Taro.showModal({
      title: waiting ? '取消候补' : '取消报名',
      content: waiting ? '确定不再候补这个活动吗？' : '取消后名额会让给候补的志愿者，确定取消报名吗？',
      confirmText: '确定取消',
      cancelText: '再想想',
    })
    if (confirm) await run(() => cancelSignUp(id), () => (waiting ? '已取消候补' : '已取消报名'))
  }

  const kind: 'in' | 'out' | null = !a ? null : !a.mine.checkedIn ? 'in' : !a.mine.checkedOut ? 'out' : null

  const submitCode = async (value: string) => {
    if (!kind) return
    if (!/^\d{6}$/.test(value)) return setCodeError('请输入6位签到码')
    setBusy(true)
    setCodeError(null)
    try {
      const next = await checkIn(id, { code: value, kind }, { silent: true })
      setA(next)
      setCode('')
      void Taro.showToast({ title: kind === 'in' ? '签到成功' : '签退成功，感谢您的服务', icon: 'none' })
    } catch (err) {
      setCodeError(fieldErrors(err).code ?? errorMessage(err))
      if (err instanceof ApiError && err.status === 409) void load()
    } finally {
      setBusy(false)
    }
  }

  const scan = async () => {
    let result: string
    try {
      result = (await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })).result
    } catch {
      return // closed the scanner
    }
    const parsed = parseCheckinQr(result)
    if (!parsed) return setCodeError('这不是邻里的签到二维码')
    if (parsed.activityId !== id) return setCodeError('这是其他活动的签到二维码')
    setCode(parsed.code)
    await submitCode(parsed.code)
  }

  if (!a) {
    return <PageShell className='vact'>{error ? <ErrorState message={error} onRetry={() => void load()} /> : <Loading />}</PageShell>
  }

  const badge = myBadge(a)
  const full = a.signedUp >= a.capacity
  const share = Math.min(100, Math.round((a.signedUp / a.capacity) * 100))
  const canCheckin = volunteer && checkinOpen(a)
  const codeWindowOpen = Date.now() <= new Date(a.endAt).getTime() + 2 * 3_600_000

  return (
    <PageShell className='vact'>
      <View className='card'>
        <View className='vact__head'>
          <Text className='vact__title'>{a.title}</Text>
          <Text className={`vact__status vact__status--${a.status}`}>{activityStatusLabel(a)}</Text>
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
        <View className='vact__bar'>
          <View className={`vact__fill ${full ? 'vact__fill--full' : ''}`} style={{ width: `${share}%` }} />
        </View>
        {badge ? (
          <View className='vact__mine'>
            <Text>我的状态：</Text>
            <Text className={`vpill vpill--${badge.tone}`}>{badge.text}</Text>
          </View>
        ) : null}

        {a.status === 'upcoming' ? (
          volunteer ? (
            a.mine.checkedIn ? null : a.mine.status === 'none' ? (
              <Button className='block-button' type='primary' block loading={busy} disabled={busy} onClick={() => void join()}>
                {full ? '名额已满，报名候补' : '报名参加'}
              </Button>
            ) : (
              <>
                {a.mine.status === 'waitlisted' ? (
                  <Text className='muted vact__hint'>有人取消报名时，候补按顺序自动递补，递补后会通知您。</Text>
                ) : (
                  <Text className='muted vact__hint'>活动开始前一小时起可签到。不能参加请提前取消，把名额让给其他人。</Text>
                )}
                <Button className='block-button' type='danger' fill='outline' block loading={busy} disabled={busy} onClick={() => void leave()}>
                  {a.mine.status === 'waitlisted' ? '取消候补' : '取消报名'}
                </Button>
              </>
            )
          ) : (
            <Text className='muted vact__hint'>注册成为志愿者并通过社区审核后即可报名。</Text>
          )
        ) : (
          <Text className='muted vact__hint'>{a.status === 'ongoing' ? '活动进行中，报名已截止。' : '活动已结束。'}</Text>
        )}
      </View>

      {canCheckin && kind ? (
        <View className='card vact__checkin'>
          <Text className='card__title'>{kind === 'in' ? '签到' : '签退'}</Text>
          <Text className='muted'>
            {kind === 'in' ? '到达现场后，扫描工作人员出示的签到二维码，或输入二维码旁的6位数字。' : '服务结束时，再次扫码或输入最新的6位数字签退。'}
          </Text>
          {IS_WEAPP ? (
            <Button className='block-button' type='primary' block disabled={busy} onClick={() => void scan()}>
              {kind === 'in' ? '扫码签到' : '扫码签退'}
            </Button>
          ) : null}
          <View className='vact__code-row'>
            <Input
              className='vf__input vact__code'
              type='number'
              value={code}
              maxlength={6}
              placeholder='输入6位签到码'
              onInput={(e) => {
                setCode(e.detail.value.replace(/\D/g, ''))
                setCodeError(null)
              }}
              onConfirm={() => void submitCode(code)}
            />
            <Button type='primary' fill={IS_WEAPP ? 'outline' : 'solid'} loading={busy} disabled={busy} onClick={() => void submitCode(code)}>
              {kind === 'in' ? '签到' : '签退'}
            </Button>
          </View>
          {codeError ? <Text className='vf__error'>{codeError}</Text> : null}
        </View>
      ) : null}
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

      {staff ? (
        <>
          <Text className='section-title'>工作人员</Text>
          <View className='card vact__staff'>
            {codeWindowOpen ? (
              <Button type='primary' onClick={() => void Taro.navigateTo({ url: `/volunteer/pages/checkin-code/index?id=${a.id}` })}>
                签到二维码
              </Button>
            ) : null}
            <Button type='primary' fill='outline' onClick={() => void Taro.navigateTo({ url: `/volunteer/pages/roster/index?id=${a.id}` })}>
              名单·确认时长
            </Button>
          </View>
        </>
      ) : null}
    </PageShell>
  )
}
