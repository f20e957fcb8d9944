import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Tag } from '@nutui/nutui-react-taro'
import { api, type InviteCode } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { FormError, TextField } from '../../../components/FormField'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useForm } from '../../../components/useForm'
import { useRecord } from '../../../components/useRecord'
import { useSubmit } from '../../../components/useSubmit'
import { createInviteCode, listInviteCodes } from '../../../communities/communities.api'
import { formatDate } from '../../../services/format'
import { limitsOf } from '../../../services/form'
import './index.css'

const schema = api.communities.createInviteCode.body
const uses = limitsOf(schema, 'maxUses')
const days = limitsOf(schema, 'validDays')

function codeState(c: InviteCode): { text: string; type: 'success' | 'default' | 'warning' } {
  if (c.revoked) return { text: '已作废', type: 'default' }
  if (new Date(c.expiresAt).getTime() < Date.now()) return { text: '已过期', type: 'default' }
  if (c.usedCount >= c.maxUses) return { text: '已用完', type: 'warning' }
  return { text: '可使用', type: 'success' }
}

/** Invite codes let people join without waiting for review (admins hand them out, e.g. at a meeting). */
export default function InviteCodesPage() {
  const codes = useRecord((opts) => listInviteCodes(opts).then((r) => r.items), [])
  const form = useForm({
    schema,
    initial: { maxUses: '20', validDays: '7' },
    // Sent as numbers; what is not a whole number in range gets the words below.
    toBody: (v) => ({ maxUses: Number(v.maxUses), validDays: Number(v.validDays) }),
    messages: {
      maxUses: `可用次数为 ${uses.min} 到 ${uses.max} 之间的整数`,
      validDays: `有效天数为 ${days.min} 到 ${days.max} 之间的整数`,
    },
  })

  const create = async () => {
    const body = form.validate()
    if (!body) return
    try {
      const code = await createInviteCode(body.maxUses, body.validDays)
      codes.setData((prev) => [code, ...(prev ?? [])])
      void Taro.showToast({ title: '邀请码已生成', icon: 'none' })
    } catch {
      // toast shown by http.ts; the numbers typed stay.
    }
  }
  const [creating, send] = useSubmit(create)

  return (
    <PageShell className='invites'>
      <View className='card'>
        <Text className='card__title'>新建邀请码</Text>
        <Text className='muted'>居民填写邀请码后无需审核即可加入本社区，请只发给可信的居民。</Text>
        <View className='field-pair invites__fields'>
          <TextField form={form} name='maxUses' type='number' label='可用次数' />
          <TextField form={form} name='validDays' type='number' label='有效天数' />
        </View>
        <FormError errors={form.errors} />
        <Button type='primary' block loading={creating} onClick={send}>
          生成邀请码
        </Button>
      </View>

      <Text className='section-title'>已生成的邀请码</Text>
      {codes.data === null && !codes.error ? <Loading /> : null}
      {codes.error ? <ErrorState message={codes.error} onRetry={() => void codes.load()} /> : null}
      {codes.data && codes.data.length === 0 ? <Empty title='还没有邀请码' description='生成后会显示在这里。' /> : null}
      {codes.data?.map((c) => {
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
