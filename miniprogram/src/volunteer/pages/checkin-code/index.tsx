import { useEffect, useRef, useState } from 'react'
import Taro, { useDidHide, useDidShow, useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { api, type OutputOf } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import QrCode from '../../../components/QrCode'
import { ErrorState, Loading } from '../../../components/StateView'
import { useRecord } from '../../../components/useRecord'
import { ApiError, errorMessage } from '../../../services/http'
import { IS_WEAPP } from '../../../services/config'
import { getActivity, newCheckinCode } from '../../volunteer.api'
import { activityTime } from '../../format'
import '../../volunteer.css'
import './index.css'

type Code = OutputOf<typeof api.activities.code>

/**
 * 签到二维码 (staff): a big QR code of the current check-in code and its 6 digits for phones without a camera
 * (H5). The code rotates about every 30 s; the page fetches the next one when the countdown runs out.
 */
export default function CheckinCodePage() {
  const id = useRouter().params.id ?? ''
  // The title and time above the code; the code is what matters, so a failure here shows nothing.
  const { data: activity } = useRecord((opts) => getActivity(id, opts), [id], { refreshOnShow: false })
  const [code, setCode] = useState<Code | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [left, setLeft] = useState(0)
  const refreshAt = useRef(0)
  const visible = useRef(true)
  const fetching = useRef(false)

  const fetchCode = async () => {
    if (fetching.current) return
    fetching.current = true
    try {
      const next = await newCheckinCode(id, { silent: true })
      setCode(next)
      setError(null)
      refreshAt.current = Date.now() + next.refreshInSeconds * 1000
      setLeft(next.refreshInSeconds)
    } catch (err) {
      setError(errorMessage(err))
      // Try again in a few seconds (a flaky network), but not when the API says no (the activity is over).
      refreshAt.current = err instanceof ApiError && err.status !== null && err.status < 500 ? 0 : Date.now() + 5000
    } finally {
      fetching.current = false
    }
  }

  useEffect(() => {
    void fetchCode()
    // Staff hold the phone up for a while: keep the screen from dimming (weapp only; H5 has no such API).
    if (IS_WEAPP) Taro.setKeepScreenOn({ keepScreenOn: true }).catch(() => undefined)
    const timer = setInterval(() => {
      if (!visible.current || !refreshAt.current) return
      const seconds = Math.max(0, Math.ceil((refreshAt.current - Date.now()) / 1000))
      setLeft(seconds)
      if (seconds === 0) void fetchCode()
    }, 500)
    return () => {
      clearInterval(timer)
      if (IS_WEAPP) Taro.setKeepScreenOn({ keepScreenOn: false }).catch(() => undefined)
    }
  }, [id])

  useDidShow(() => {
    // Back on screen after a while: the code shown may be stale.
    if (!visible.current) void fetchCode()
    visible.current = true
  })
  useDidHide(() => {
    visible.current = false
  })

  if (error && !code) {
    return (
      <PageShell className='vcode'>
        <ErrorState message={error} onRetry={() => void fetchCode()} />
      </PageShell>
    )
  }
  if (!code) {
    return (
      <PageShell className='vcode'>
        <Loading text='正在生成签到码…' />
      </PageShell>
    )
  }

  const total = Math.max(left, 30)
  return (
    <PageShell className='vcode'>
      <View className='card vcode__card'>
        {activity ? (
          <>
            <Text className='vcode__title'>{activity.title}</Text>
            <Text className='muted'>{activityTime(activity)}</Text>
          </>
        ) : null}
        <Text className='vcode__tip'>请志愿者用“邻里”小程序扫码签到、签退</Text>
        <View className='vcode__qr'>
          <QrCode value={code.qr} size={260} />
        </View>
        <Text className='vcode__label'>无法扫码时，输入签到码</Text>
        <Text className='vcode-text vcode__digits'>{code.code}</Text>
        <View className='vbar vcode__bar'>
          <View className='vbar__fill vcode__fill' style={{ width: `${Math.round((left / total) * 100)}%` }} />
        </View>
        <Text className='vcode__countdown'>{left > 0 ? `${left}秒后自动刷新` : '正在刷新…'}</Text>
        {error ? <Text className='vcode__error'>{error}（将自动重试）</Text> : null}
      </View>
      <Text className='vcode__note muted'>签到码约30秒更换一次，截图或转发的旧码很快失效。活动开始前一小时起可签到，结束后两小时内可签退。</Text>
    </PageShell>
  )
}
