import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { api } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import RoleGate from '../../../components/RoleGate'
import { TextField } from '../../../components/FormField'
import { ErrorState, Loading } from '../../../components/StateView'
import { useForm } from '../../../components/useForm'
import { useRecord } from '../../../components/useRecord'
import { useSubmit } from '../../../components/useSubmit'
import { getMe, updateWorkPhone } from '../../../communities/communities.api'
import { isHandler } from '../../../services/roles'
import { useSession } from '../../../services/session'
import './index.css'

/**
 * 工作电话 of a grid worker or staff member: the number residents see on the requests this person holds for them,
 * with a button to call it. A work number, not necessarily the private one; empty removes it.
 */
export default function WorkPhonePage() {
  const session = useSession()
  const me = useRecord(getMe, [], { refreshOnShow: false })
  return (
    <RoleGate session={session} allowed={isHandler(session)} title='工作电话仅供网格员和社区工作者设置' description='居民在您负责办理的诉求上看到这个号码。'>
      {me.error ? (
        <PageShell><ErrorState message={me.error} onRetry={() => void me.load()} /></PageShell>
      ) : !me.data ? (
        <PageShell><Loading /></PageShell>
      ) : (
        <WorkPhoneForm saved={me.data.user.workPhone ?? ''} onSaved={me.setData} />
      )}
    </RoleGate>
  )
}

function WorkPhoneForm({ saved, onSaved }: { saved: string; onSaved: (me: Awaited<ReturnType<typeof getMe>>) => void }) {
  const form = useForm({
    schema: api.communities.updateMe.body,
    initial: { workPhone: saved },
    toBody: (v) => ({ workPhone: v.workPhone.trim() }),
    // The schema says 请输入11位手机号; here an empty box is also an answer.
    messages: { workPhone: '请输入11位手机号，或留空表示不公开电话' },
  })
  const value = form.values.workPhone.trim()

  const save = async () => {
    const body = form.validate()
    if (!body) return
    try {
      onSaved(await updateWorkPhone(value))
      void Taro.showToast({ title: value ? '已保存，居民可一键联系您' : '已移除工作电话', icon: 'none' })
    } catch (err) {
      // Whatever the refusal, it is about this one number: shown under it.
      const shown = form.fail(err)
      if (shown.form) form.setErrors({ workPhone: shown.form })
    }
  }
  const [saving, send] = useSubmit(save)

  return (
    <PageShell className='wphone'>
      <View className='card'>
        <Text className='card__title'>工作电话</Text>
        <Text className='muted'>居民在您负责的诉求页面上看到这个号码，并可一键拨打。其他人看不到。</Text>
        <TextField form={form} name='workPhone' type='number' className='wphone__field' placeholder='11位手机号（留空则不公开）' />
        <Button className='block-button' type='primary' block loading={saving} disabled={saving || value === saved} onClick={send}>
          保存
        </Button>
      </View>
    </PageShell>
  )
}
