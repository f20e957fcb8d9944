import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button, Tag } from '@nutui/nutui-react-taro'
import type { InviteCode } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { createInviteCode, listInviteCodes } from '../../../communities/communities.api'
import { errorMessage } from '../../../services/http'
import './index.css'

function codeState(c: InviteCode): { text: string; type: 'success' | 'default' | 'warning' } {
  if (c.revoked) return { text: '已作废', type: 'default' }
  if (new Date(c.expiresAt).getTime() < Date.now()) return { text: '已过期', type: 'default' }
  if (c.usedCount >= c.maxUses) return { text: '已用完', type: 'warning' }
  return { text: '可使用', type: 'success' }
}

const formatDate = (iso: string) => {
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** Invite codes let people join without waiting for review (admins hand them out, e.g. at a meeting). */
export default function InviteCodesPage() {
  const [codes, setCodes] = useState<InviteCode[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [maxUses, setMaxUses] = useState('20')
  const [validDays, setValidDays] = useState('7')
  const [formError, setFormError] = useState<string | null>(null)
  const [creating, setCreating] = useState(false)

  const load = async () => {
    setError(null)
    try {
      setCodes((await listInviteCodes({ silent: true })).items)
    } catch (err) {
      setError(errorMessage(err))
    }
  }

  useEffect(() => {
    void load()
  }, [])

  const create = async () => {
    const uses = Number(maxUses)
    const days = Number(validDays)
    if (!Number.isInteger(uses) || uses < 1 || uses > 500) {
      setFormError('可用次数为 1 到 500 之间的整数')
      return
    }
    if (!Number.isInteger(days) || days < 1 || days > 90) {
      setFormError('有效天数为 1 到 90 之间的整数')
      return
    }
    setFormError(null)
    setCreating(true)
    try {
      const code = await createInviteCode(uses, days)
      setCodes((prev) => [code, ...(prev ?? [])])
      void Taro.showToast({ title: '邀请码已生成', icon: 'none' })
    } catch {
      // toast shown by http.ts; the numbers typed stay.
    } finally {
      setCreating(false)
    }
  }

  return (
    <PageShell className='invites'>
      <View className='card'>
        <Text className='card__title'>新建邀请码</Text>
        <Text className='muted'>居民填写邀请码后无需审核即可加入本社区，请只发给可信的居民。</Text>
        <View className='invites__row'>
          <View className='invites__field'>
            <Text className='invites__label'>可用次数</Text>
            <Input className='invites__input' type='number' value={maxUses} maxlength={3} onInput={(e) => setMaxUses(e.detail.value)} />
          </View>
          <View className='invites__field'>
            <Text className='invites__label'>有效天数</Text>
            <Input className='invites__input' type='number' value={validDays} maxlength={2} onInput={(e) => setValidDays(e.detail.value)} />
          </View>
        </View>
        {formError ? <Text className='invites__error'>{formError}</Text> : null}
        <Button type='primary' block loading={creating} onClick={() => void create()}>
          生成邀请码
        </Button>
      </View>

      <Text className='section-title'>已生成的邀请码</Text>
      {codes === null && !error ? <Loading /> : null}
      {error ? <ErrorState message={error} onRetry={() => void load()} /> : null}
      {codes && codes.length === 0 ? <Empty title='还没有邀请码' description='生成后会显示在这里。' /> : null}
      {codes?.map((c) => {
        const state = codeState(c)
        return (
          <View className='card invites__item' key={c.id}>
            <View className='invites__head'>
              <Text className='invites__code'>{c.code}</Text>
              <Tag type={state.type}>{state.text}</Tag>
            </View>
            <Text className='muted'>
              已使用 {c.usedCount}/{c.maxUses} 次 · {formatDate(c.expiresAt)} 到期
            </Text>
            <Button className='invites__copy' size='small' fill='outline' onClick={() => Taro.setClipboardData({ data: c.code })}>
              复制
            </Button>
          </View>
        )
      })}
    </PageShell>
  )
}
