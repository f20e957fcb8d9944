/** The written moves of a case page: 调解结果, 转出, 回访 and 调整调解员 (上报街道 and 终止 are a reason each: ReasonPrompt). */
import { useEffect, useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { REFERRAL_CHANNELS, REFERRAL_CHANNEL_LABELS, api, type CaseView, type MediatorCandidate, type ReferralChannel } from '@linli/shared'
import ChoiceChips from '../../../components/ChoiceChips'
import { FormError, FormField, TextField } from '../../../components/FormField'
import { useForm } from '../../../components/useForm'
import { useSubmit } from '../../../components/useSubmit'
import { errorMessage } from '../../../services/http'
import { addMediator, concludeCase, followUpCase, mediatorCandidates, referCase, removeMediator } from '../../mediation.api'

type Move = (work: () => Promise<CaseView>, done: string) => Promise<CaseView | null>

interface Props {
  c: CaseView
  move: Move
  onCancel: () => void
}

function Actions({ sending, confirmText, onCancel, onSend }: { sending: boolean; confirmText: string; onCancel: () => void; onSend: () => void }) {
  return (
    <View className='form-actions'>
      <Button size='small' onClick={onCancel}>
        取消
      </Button>
      <Button size='small' type='primary' loading={sending} disabled={sending} onClick={onSend}>
        {confirmText}
      </Button>
    </View>
  )
}

interface ConcludeForm {
  outcome: 'agreed' | 'failed'
  agreement: string
  reason: string
}
const OUTCOMES = [
  { id: 'agreed', name: '调解成功' },
  { id: 'failed', name: '调解不成' },
]

/**
 * 调解结果: 调解成功 with the agreement's text (调解协议: what each side will do, by when), which every party then
 * confirms — on their phone, or on paper as the mediator records; or 调解不成 with why, after which the case goes up to
 * the street, is referred out or is ended.
 */
export function ConcludeComposer({ c, move, onCancel, failOnly }: Props & { failOnly?: boolean }) {
  const form = useForm<ConcludeForm, typeof api.mediation.conclude.body>({
    schema: api.mediation.conclude.body,
    initial: { outcome: failOnly ? 'failed' : 'agreed', agreement: '', reason: '' },
    // expectedStatus: the state this page showed; a case another mediator moved meanwhile is refused (409), not undone.
    toBody: (v) =>
      v.outcome === 'agreed'
        ? { outcome: 'agreed', agreement: v.agreement.trim(), expectedStatus: c.status }
        : { outcome: 'failed', reason: v.reason.trim(), expectedStatus: c.status },
  })
  const { values, set } = form
  const [sending, send] = useSubmit(async () => {
    await form.send((body) => move(() => concludeCase(c.id, body, { silent: true }), body.outcome === 'agreed' ? '已登记调解协议，等待各方确认' : '已登记调解不成'))
  })
  return (
    <View className='card case-composer'>
      <Text className='case-composer__title'>{failOnly ? '调解不成' : '调解结果'}</Text>
      {failOnly ? (
        <Text className='muted case-line'>有当事人不同意调解协议时登记调解不成，之后可上报街道、转出或终止调解。</Text>
      ) : (
        <ChoiceChips className='case-outcome' options={OUTCOMES} selected={values.outcome} onPick={(id) => set({ outcome: id as ConcludeForm['outcome'] })} />
      )}
      {values.outcome === 'agreed' ? (
        <>
          <TextField form={form} name='agreement' label='调解协议' required multiline counter placeholder='双方同意的内容：谁在什么时间做什么，费用怎么承担' inputClassName='case-agreement__input' />
          <Text className='muted case-line'>保存后请各方确认：使用小程序的当事人在手机上点“确认协议”，其他当事人在纸质协议上签字后由您登记。</Text>
        </>
      ) : (
        <TextField form={form} name='reason' label='调解不成的原因' required multiline counter placeholder='如：双方对赔偿金额分歧较大，一方拒绝继续调解' />
      )}
      <FormError errors={form.errors} />
      <Actions sending={sending} confirmText={values.outcome === 'agreed' ? '保存协议' : '确认调解不成'} onCancel={onCancel} onSend={send} />
    </View>
  )
}

interface ReferForm {
  channel: ReferralChannel | ''
  note: string
}
const CHANNELS = REFERRAL_CHANNELS.map((id) => ({ id, name: REFERRAL_CHANNEL_LABELS[id] }))

/** 转出: where the parties are sent on (诉讼, 仲裁, 信访, 12345) and what they were told. The case ends here. */
export function ReferComposer({ c, move, onCancel }: Props) {
  const form = useForm<ReferForm, typeof api.mediation.refer.body>({
    schema: api.mediation.refer.body,
    initial: { channel: '', note: '' },
    toBody: (v) => ({ channel: v.channel || undefined, note: v.note.trim() }),
    messages: { channel: '请选择转出渠道' },
  })
  const [sending, send] = useSubmit(async () => {
    await form.send((body) => move(() => referCase(c.id, body, { silent: true }), '已转出'))
  })
  return (
    <View className='card case-composer'>
      <Text className='case-composer__title'>转出</Text>
      <FormField label='转出渠道' required error={form.errors.channel}>
        <ChoiceChips options={CHANNELS} selected={form.values.channel || null} onPick={(id) => form.set({ channel: id as ReferralChannel })} />
      </FormField>
      <TextField form={form} name='note' label='转出说明' required multiline counter placeholder='如：已告知当事人向区人民法院起诉，并提供法律援助中心电话' />
      <FormError errors={form.errors} />
      <Actions sending={sending} confirmText='确认转出' onCancel={onCancel} onSend={send} />
    </View>
  )
}

interface FollowUpForm {
  holds: 'yes' | 'no' | ''
  note: string
}
const HOLDS = [
  { id: 'yes', name: '协议履行良好' },
  { id: 'no', name: '协议未履行' },
]

/** 回访: whether the agreement holds (the case closes) or broke down (it is mediated again), and what was found. */
export function FollowUpComposer({ c, move, onCancel }: Props) {
  const form = useForm<FollowUpForm, typeof api.mediation.followUp.body>({
    schema: api.mediation.followUp.body,
    initial: { holds: '', note: '' },
    toBody: (v) => ({ holds: v.holds === '' ? undefined : v.holds === 'yes', note: v.note.trim() }),
    messages: { holds: '请选择协议履行情况' },
  })
  const [sending, send] = useSubmit(async () => {
    await form.send((body) => move(() => followUpCase(c.id, body, { silent: true }), body.holds ? '回访完成，已结案' : '已重新进入调解'))
  })
  return (
    <View className='card case-composer'>
      <Text className='case-composer__title'>回访</Text>
      <FormField label='协议履行情况' required error={form.errors.holds}>
        <ChoiceChips options={HOLDS} selected={form.values.holds || null} onPick={(id) => form.set({ holds: id as FollowUpForm['holds'] })} />
      </FormField>
      {form.values.holds === 'no' ? <View className='notice case-warning'>协议未履行：案件将重新进入调解，原协议保留在案卷中。</View> : null}
      <TextField form={form} name='note' label='回访情况' required multiline counter placeholder='如：电话回访双方，漏水已修好，双方无异议' />
      <FormError errors={form.errors} />
      <Actions sending={sending} confirmText='保存回访' onCancel={onCancel} onSend={send} />
    </View>
  )
}

/** 调整调解员: add a grid worker, staff member or 人民调解员 of the community; remove one (one always stays). */
export function MediatorsComposer({ c, move, onCancel }: Props) {
  const [candidates, setCandidates] = useState<MediatorCandidate[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    mediatorCandidates({ silent: true })
      .then((r) => setCandidates(r.items))
      .catch((err) => setError(errorMessage(err)))
  }, [])
  const run = (work: () => Promise<CaseView>, done: string) => {
    setError(null)
    void move(work, done).catch((err) => setError(errorMessage(err)))
  }
  const others = (candidates ?? []).filter((m) => !c.mediators.some((x) => x.userId === m.userId))
  return (
    <View className='card case-composer'>
      <Text className='case-composer__title'>调整调解员</Text>
      {c.mediators.map((m) => (
        <View key={m.userId} className='case-picked'>
          <Text>
            {m.name}（{m.roleLabel}）
          </Text>
          {c.mediators.length > 1 ? (
            <Text className='case-picked__remove' onClick={() => run(() => removeMediator(c.id, m.userId, { silent: true }), `已移除${m.name}`)}>
              移除
            </Text>
          ) : null}
        </View>
      ))}
      <FormField label='添加调解员' className='case-mediators__add'>
        {candidates === null && !error ? <Text className='muted'>加载中…</Text> : null}
        {candidates && others.length === 0 ? <Text className='muted'>没有其他可添加的网格员、社区工作者或人民调解员。</Text> : null}
        <ChoiceChips options={others.map((m) => ({ id: m.userId, name: `${m.name}（${m.roleLabel}）` }))} selected={null} onPick={(id) => run(() => addMediator(c.id, id, { silent: true }), '已添加调解员')} />
      </FormField>
      {error ? <Text className='field__error'>{error}</Text> : null}
      <View className='form-actions'>
        <Button size='small' onClick={onCancel}>
          完成
        </Button>
      </View>
    </View>
  )
}
