import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { PhoneNumber } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading } from '../../../components/StateView'
import { getMe, updateWorkPhone } from '../../../communities/communities.api'
import { errorMessage, fieldErrors } from '../../../services/http'
import './index.css'

/**
 * 工作电话 of a grid worker or staff member: the number residents see on the requests this person holds for them,
 * with a button to call it. A work number, not necessarily the private one; empty removes it.
 */
export default function WorkPhonePage() {
  const [saved, setSaved] = useState<string | null>(null)
  const [phone, setPhone] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [fieldError, setFieldError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  const load = async () => {
    setError(null)
    try {
      const me = await getMe({ silent: true })
      setSaved(me.user.workPhone ?? '')
      setPhone(me.user.workPhone ?? '')
    } catch (err) {
      setError(errorMessage(err))
    }
  }
  useEffect(() => {
    void load()
  }, [])

  const save = async () => {
    const value = phone.trim()
    if (value && !PhoneNumber.safeParse(value).success) return setFieldError('请输入11位手机号，或留空表示不公开电话')
    setSaving(true)
    setFieldError(null)
    try {
      const me = await updateWorkPhone(value)
      setSaved(me.user.workPhone ?? '')
      void Taro.showToast({ title: value ? '已保存，居民可一键联系您' : '已移除工作电话', icon: 'none' })
    } catch (err) {
      setFieldError(fieldErrors(err).workPhone ?? errorMessage(err))
    } finally {
      setSaving(false)
    }
  }

  if (error) return <PageShell><ErrorState message={error} onRetry={() => void load()} /></PageShell>
  if (saved === null) return <PageShell><Loading /></PageShell>
  return (
    <PageShell className='wphone'>
      <View className='card'>
        <Text className='card__title'>工作电话</Text>
        <Text className='muted'>居民在您负责的诉求页面上看到这个号码，并可一键拨打。其他人看不到。</Text>
        <Input
          className='wphone__input'
          type='number'
          maxlength={11}
          value={phone}
          placeholder='11位手机号（留空则不公开）'
          onInput={(e) => {
            setPhone(e.detail.value)
            setFieldError(null)
          }}
        />
        {fieldError ? <Text className='wphone__error'>{fieldError}</Text> : null}
        <Button className='block-button' type='primary' block loading={saving} disabled={saving || phone.trim() === saved} onClick={() => void save()}>
          保存
        </Button>
      </View>
    </PageShell>
  )
}
