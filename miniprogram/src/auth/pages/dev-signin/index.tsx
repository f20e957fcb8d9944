import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro'
import { api, DEMO_ACCOUNTS } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { FormField } from '../../../components/FormField'
import { useForm } from '../../../components/useForm'
import { signInAsDemo } from '../../auth.api'
import { refreshSession, signOut } from '../../../services/session'
import { errorMessage, getDemoOpenid } from '../../../services/http'
import './index.css'

/**
 * Development-only sign-in (built only with TARO_APP_DEV_SIGNIN=1): H5 has no wx.login, so pick a
 * demo account or type any openid, which the backend's WeChat emulator accepts as the login code.
 */
export default function DevSignInPage() {
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const currentOpenid = getDemoOpenid()
  // The openid goes to the server as WeChat's login code: that schema says how long it may be.
  const form = useForm({ schema: api.auth.wechatSignIn.body, initial: { code: '' }, toBody: (v) => ({ code: v.code.trim() }), messages: { code: '请输入 openid' } })
  const custom = form.values.code

  const signInTyped = () => {
    const body = form.validate()
    if (body) void signIn(body.code)
  }

  const signIn = async (id: string) => {
    setBusy(id)
    setError(null)
    try {
      signOut()
      await signInAsDemo(id)
      await refreshSession()
      void Taro.showToast({ title: '登录成功', icon: 'success' })
      // A new identity: close every page the previous account had open (switchTab would keep them, and on
      // H5 a page opened by deep link then stays on screen beside the tab page).
      void Taro.reLaunch({ url: '/pages/mine/index' })
    } catch (err) {
      setError(`登录失败：${errorMessage(err)}`)
    } finally {
      setBusy(null)
    }
  }

  return (
    <PageShell className='dev-signin'>
      <View className='notice'>开发环境登录：仅用于本地调试和自动化测试，正式小程序使用微信登录。</View>

      <CellGroup title='演示账号' className='dev-signin__group'>
        {DEMO_ACCOUNTS.map((a) => (
          <Cell
            key={a.openid}
            title={a.label}
            description={a.openid}
            extra={busy === a.openid ? '登录中…' : currentOpenid === a.openid ? '当前账号' : '登录'}
            clickable
            onClick={() => void signIn(a.openid)}
          />
        ))}
      </CellGroup>

      <View className='card'>
        <Text className='card__title'>其他账号</Text>
        <Text className='muted'>输入任意 openid，例如 e2e-newcomer-123，即以新用户身份登录。</Text>
        <FormField className='dev-signin__field' error={form.errors.code}>
          <Input
            className='field__input'
            value={custom}
            placeholder='输入 openid'
            maxlength={form.limits('code').maxLength}
            onInput={(e) => form.set({ code: e.detail.value })}
            onConfirm={signInTyped}
          />
        </FormField>
        <Button type='primary' block loading={busy === custom.trim() && !!busy} onClick={signInTyped}>
          以此 openid 登录
        </Button>
      </View>
      {error ? <Text className='dev-signin__error'>{error}</Text> : null}
    </PageShell>
  )
}
