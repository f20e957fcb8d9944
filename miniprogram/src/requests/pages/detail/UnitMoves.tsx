import { useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { RequestActionInput, SEND_BACK_REASON_LABELS, type RequestView } from '@linli/shared'
import ReasonPrompt from '../../../components/ReasonPrompt'
import SendBackForm from '../../../components/SendBackForm'
import { check, errorsFromCall, type FieldErrors } from '../../../services/form'
import { formatTime } from '../../../services/format'
import { actOnRequest } from '../../requests.api'
import type { Perform } from './Composer'

interface Props {
  r: RequestView
  busy: boolean
  perform: Perform
  onCancel: () => void
}

/** Runs a move through the page's perform, handing a refusal back to the form that shows it. */
const sending = (perform: Perform, work: () => Promise<RequestView>, said: string) =>
  perform(work, () => said).then((next) => {
    if (!next) throw new Error('未能提交，请稍后再试')
  })

/** 退单 by the person holding the request (a grid worker, a staff member): back to whoever assigned or dispatched it. */
export function SendBackComposer({ r, busy, perform, onCancel }: Props) {
  return (
    <View className='card rdetail__composer'>
      <Text className='card__title'>退单</Text>
      <SendBackForm
        schema={RequestActionInput}
        who='我'
        busy={busy}
        onCancel={onCancel}
        onSubmit={(body) => sending(perform, () => actOnRequest(r.id, body, { silent: true }), '已退单，等待重新派发')}
      />
    </View>
  )
}

/** A send-back waiting for the dispatcher: who sent it back, why, when (re-dispatch or 驳回退单 follow). */
export function PendingSendBack({ r }: { r: RequestView }) {
  const s = r.sendBack
  if (!s) return null
  return (
    <View className='notice rdetail__sendback'>
      {s.byName}退单：{SEND_BACK_REASON_LABELS[s.reason]}
      {s.note ? `（${s.note}）` : ''} · {formatTime(s.at)}。可重新派发给其他单位，或驳回退单由原单位继续办理。
    </View>
  )
}

/** 驳回退单: the dispatcher restores the dispatch to the unit (or the request to the person), with the reason. */
export function RejectSendBackComposer({ r, busy, perform, onCancel }: Props) {
  return (
    <View className='card rdetail__composer'>
      <Text className='card__title'>驳回退单</Text>
      <ReasonPrompt
        schema={RequestActionInput}
        path='note'
        placeholder='请写明驳回理由，如：经核实该管道属于贵单位维护范围'
        requiredMessage='请填写驳回理由'
        confirmText='确认驳回'
        busy={busy}
        onCancel={onCancel}
        onSubmit={(note) => sending(perform, () => actOnRequest(r.id, { action: 'reject_send_back', note }, { silent: true }), '已驳回退单，由原单位继续办理')}
      />
    </View>
  )
}

const SCORE_WORDS = ['', '很差', '较差', '一般', '较好', '很好']

/** 单位办理评价: the community rates how the lead unit handled it (1–5 and a note), once, after it resolved. */
export function RateUnitComposer({ r, busy, perform, onCancel }: Props) {
  const lead = (r.dispatches ?? []).find((d) => d.role === 'lead' && d.status === 'resolved')
  const [score, setScore] = useState(0)
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})

  const submit = async () => {
    if (!lead) return setErrors({ form: '没有待评价的办结单位' })
    if (score < 1) return setErrors({ score: '请点星评价（1–5星）' })
    const body = { action: 'rate_unit' as const, dispatchId: lead.dispatchId, score, ...(note.trim() ? { note: note.trim() } : {}) }
    const res = check(RequestActionInput, body)
    if (!res.ok) return setErrors(res.errors)
    setErrors({})
    await perform(async () => {
      try {
        return await actOnRequest(r.id, body, { silent: true })
      } catch (err) {
        setErrors(errorsFromCall(err))
        throw err
      }
    }, () => `已评价${lead.unitName}`)
  }

  const error = errors.score ?? errors.form ?? Object.values(errors)[0]
  return (
    <View className='card rdetail__composer rrate-unit'>
      <Text className='card__title'>单位办理评价</Text>
      <Text className='muted'>对{lead?.unitName ?? '主办单位'}本次办理的评价，计入单位考核排名。</Text>
      <View className='rdetail__stars'>
        {[1, 2, 3, 4, 5].map((n) => (
          <View key={n} className={`rdetail__star-cell ${n <= score ? 'rdetail__star-cell--on' : ''}`} onClick={() => (setScore(n), setErrors({}))}>
            <Text className={`rdetail__star ${n <= score ? 'rdetail__star--on' : ''}`}>{n <= score ? '★' : '☆'}</Text>
            <Text className='rdetail__star-word'>{SCORE_WORDS[n]}</Text>
          </View>
        ))}
      </View>
      <Text className='rdetail__score'>{score > 0 ? `${score}星 · ${SCORE_WORDS[score]}` : '请点星评价'}</Text>
      <Textarea className='field__textarea rdetail__text' value={note} placeholder='评价说明（选填），如：响应及时，维修彻底' maxlength={500} onInput={(e) => (setNote(e.detail.value), setErrors({}))} />
      {error ? <Text className='field__error'>{error}</Text> : null}
      <View className='form-actions'>
        <Button size='small' onClick={onCancel}>
          取消
        </Button>
        <Button size='small' type='primary' loading={busy} disabled={busy} onClick={() => void submit()}>
          提交评价
        </Button>
      </View>
    </View>
  )
}
