import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { JoinUnitInput } from '@linli/shared'
import { FormError, TextField } from '../../../components/FormField'
import PageShell from '../../../components/PageShell'
import SessionStatus from '../../../components/SessionStatus'
import { useForm } from '../../../components/useForm'
import { useSubmit } from '../../../components/useSubmit'
import { IS_WEAPP } from '../../../services/config'
import { refreshSession, useSession } from '../../../services/session'
import { joinUnit } from '../../units.api'
import { UNIT_QUEUE_PAGE, codeFromScan } from '../../format'
import '../../units.css'

interface Values {
  code: string
  name: string
  phone: string
}

/**
 * 加入单位: a unit's new member (物业、城管、自来水公司的工作人员) enters the join code the street gave them — typed,
 * scanned from its QR code, or carried by the link — with the name and phone their colleagues and the community
 * will see. No community membership is needed: a unit serves the street's communities from outside.
 */
export default function JoinUnitPage() {
  const session = useSession()
  const given = useRouter().params.code
  const form = useForm<Values, typeof JoinUnitInput>({
    schema: JoinUnitInput,
    initial: { code: given ? (codeFromScan(given) ?? given) : '', name: session.me?.user.nickname ?? '', phone: '' },
    toBody: (v) => ({ code: v.code.trim().toUpperCase(), name: v.name.trim(), ...(v.phone.trim() ? { phone: v.phone.trim() } : {}) }),
  })

  const scan = async () => {
    try {
      const { result } = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
      const code = codeFromScan(result)
      if (code) form.set({ code })
      else void Taro.showToast({ title: '这不是单位加入码', icon: 'none' })
    } catch {
      // The person closed the scanner.
    }
  }

  const [sending, submit] = useSubmit(async () => {
    const joined = await form.send((body) => joinUnit(body, { silent: true }), 'code')
    if (!joined) return
    await refreshSession()
    void Taro.showToast({ title: `已加入${joined.name}`, icon: 'success' })
    void Taro.redirectTo({ url: UNIT_QUEUE_PAGE })
  })

  if (session.status !== 'ready') return <PageShell className='ujoin'><SessionStatus session={session} /></PageShell>
  return (
    <PageShell className='ujoin'>
      <View className='card'>
        <Text className='card__title'>单位工作人员加入</Text>
        <Text className='muted'>物业公司、城管执法队、自来水公司等单位的工作人员，用街道给的8位加入码加入本单位，即可在“单位工作台”签收和办理街道、社区派发的诉求。</Text>
      </View>
      <View className='card'>
        {IS_WEAPP ? (
          <Button className='block-button ujoin__scan' fill='outline' block onClick={() => void scan()}>
            扫码填入加入码
          </Button>
        ) : null}
        <TextField form={form} name='code' label='加入码' required placeholder='8位字母或数字' inputClassName='ujoin__code' />
        <TextField form={form} name='name' label='姓名' required placeholder='同事和社区看到的称呼，如：王师傅' />
        <TextField form={form} name='phone' label='手机号' type='number' placeholder='选填，社区和街道联系您用' />
        <FormError errors={form.errors} />
        <Button className='block-button ujoin__submit' type='primary' block loading={sending} disabled={sending} onClick={submit}>
          加入单位
        </Button>
      </View>
    </PageShell>
  )
}
