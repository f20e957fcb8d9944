import { Picker, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { api, type CaseView } from '@linli/shared'
import ChoiceChips, { toggled } from '../../../components/ChoiceChips'
import { FormError, FormField, TextField } from '../../../components/FormField'
import { useForm } from '../../../components/useForm'
import { useSubmit } from '../../../components/useSubmit'
import { shanghaiParts } from '../../../services/format'
import { sessionBody, type SessionForm } from '../../format'
import { recordSession } from '../../mediation.api'

interface Props {
  c: CaseView
  move: (work: () => Promise<CaseView>, done: string) => Promise<CaseView | null>
  onCancel: () => void
}

/**
 * 记录调解: when (now by default) and where, who attended (a tap on each party and mediator, others written in),
 * what was said and the next step. Checked with the endpoint's schema; the server's refusal shows on the form.
 */
export default function SessionComposer({ c, move, onCancel }: Props) {
  const now = shanghaiParts(Date.now())
  const people = [...(c.contents?.parties.map((p) => p.name) ?? []), ...c.mediators.map((m) => m.name)]
  const form = useForm<SessionForm, typeof api.mediation.recordSession.body>({
    schema: api.mediation.recordSession.body,
    initial: () => ({ date: now.date, time: now.time, place: c.contents?.place ?? '', attendees: [], others: '', said: '', nextStep: '' }),
    toBody: sessionBody,
    messages: { attendees: '请选择或填写参加人' },
  })
  const { values, errors, set } = form
  const [sending, send] = useSubmit(async () => {
    await form.send((body) => move(() => recordSession(c.id, body, { silent: true }), '调解记录已保存'))
  })

  return (
    <View className='card case-composer'>
      <Text className='case-composer__title'>记录调解</Text>
      <View className='case-when'>
        <FormField label='日期' required error={errors.at}>
          <Picker mode='date' value={values.date} end={now.date} onChange={(e) => set({ date: e.detail.value })}>
            <View className='field__select case-session__date'>
              <Text>{values.date}</Text>
            </View>
          </Picker>
        </FormField>
        <FormField label='时间' required>
          <Picker mode='time' value={values.time} onChange={(e) => set({ time: e.detail.value })}>
            <View className='field__select case-session__time'>
              <Text>{values.time}</Text>
            </View>
          </Picker>
        </FormField>
      </View>
      <TextField form={form} name='place' label='地点' required placeholder='如：社区调解室' />
      <FormField label='参加人' required error={errors.attendees}>
        <ChoiceChips options={[...new Set(people)].map((n) => ({ id: n, name: n }))} selected={values.attendees} onPick={(n) => set({ attendees: toggled(values.attendees, n) })} />
      </FormField>
      <TextField form={form} name='others' path='others' label='其他参加人（选填）' placeholder='多人用顿号分隔，如：物业王经理、楼长' />
      <TextField form={form} name='said' label='调解情况' required multiline counter placeholder='双方的诉求和意见、调解员做了哪些工作、达成了什么共识' />
      <TextField form={form} name='nextStep' label='下一步（选填）' placeholder='如：三天后再约双方到现场查看' />
      <FormError errors={errors} />
      <View className='form-actions'>
        <Button size='small' onClick={onCancel}>
          取消
        </Button>
        <Button size='small' type='primary' loading={sending} disabled={sending} onClick={send}>
          保存记录
        </Button>
      </View>
    </View>
  )
}
