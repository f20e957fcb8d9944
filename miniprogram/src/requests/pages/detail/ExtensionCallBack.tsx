import { useState, type ReactNode } from 'react'
import { Picker, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import {
  CALL_BACK_RESULT_LABELS,
  EXTENSION_STATUS_LABELS,
  MAX_EXTENSION_DAYS,
  RequestActionInput,
  shanghaiDate,
  type CallBackResult,
  type RequestActionInput as ActionBody,
  type RequestView,
} from '@linli/shared'
import ChoiceChips from '../../../components/ChoiceChips'
import { FormField } from '../../../components/FormField'
import { check, errorsFromCall, type FieldErrors } from '../../../services/form'
import { formatDeadline, formatTime } from '../../../services/format'
import { actOnRequest } from '../../requests.api'
import type { Perform } from './Composer'
import './ExtensionCallBack.css'

interface Props {
  r: RequestView
  busy: boolean
  perform: Perform
  onCancel: () => void
}

const DAY_MS = 86_400_000
/** A day as people read it: 12月20日. */
const dayWords = (iso: string) => {
  const [, m, d] = shanghaiDate(new Date(iso)).split('-')
  return `${Number(m)}月${Number(d)}日`
}

/** Sends one move from a form: checked against the shared schema first, the server's refusal shown on the form. */
function useMove(r: RequestView, perform: Perform) {
  const [errors, setErrors] = useState<FieldErrors>({})
  const send = async (body: ActionBody, said: string) => {
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
    }, () => said)
  }
  return { errors, setErrors, send }
}

function Actions({ busy, onCancel, onSubmit, submitText, extra }: { busy: boolean; onCancel: () => void; onSubmit: () => void; submitText: string; extra?: ReactNode }) {
  return (
    <View className='form-actions'>
      <Button size='small' onClick={onCancel}>
        取消
      </Button>
      {extra}
      <Button size='small' type='primary' loading={busy} disabled={busy} onClick={onSubmit}>
        {submitText}
      </Button>
    </View>
  )
}

/** 申请延期: the holder says why and picks the day it will be resolved by (after the current deadline, at most 60 days on). */
export function RequestExtensionComposer({ r, busy, perform, onCancel }: Props) {
  const current = new Date(r.resolveBy)
  const minDay = shanghaiDate(new Date(current.getTime() + DAY_MS))
  const maxDay = shanghaiDate(new Date(current.getTime() + MAX_EXTENSION_DAYS * DAY_MS))
  const [day, setDay] = useState(shanghaiDate(new Date(current.getTime() + 3 * DAY_MS)))
  const [reason, setReason] = useState('')
  const { errors, setErrors, send } = useMove(r, perform)
  const submit = () =>
    // The end of the chosen day in China: the holder promises the day, not an hour of it.
    send({ action: 'request_extension', reason: reason.trim(), proposedResolveBy: `${day}T23:59:00+08:00` }, '已提交延期申请')
  const second = (r.extensionCount ?? 0) >= 1
  return (
    <View className='card rdetail__composer rext'>
      <Text className='card__title'>申请延期</Text>
      <Text className='muted'>当前办结时限：{formatDeadline(r.resolveBy)}。{second ? '本诉求已延期过一次，再次延期需街道审批。' : '提交后由社区审批。'}</Text>
      <FormField label='延期原因' required error={errors.reason}>
        <Textarea className='field__textarea rdetail__text rext__reason' value={reason} placeholder='请写明需要延期的原因，如：需等待厂家配件到货' maxlength={500} onInput={(e) => (setReason(e.detail.value), setErrors({}))} />
      </FormField>
      <FormField label='申请办结日期' required error={errors.proposedResolveBy}>
        <Picker mode='date' value={day} start={minDay} end={maxDay} onChange={(e) => (setDay(e.detail.value), setErrors({}))}>
          <View className='field__input rext__day'>{day}</View>
        </Picker>
      </FormField>
      {errors.form ? <Text className='field__error'>{errors.form}</Text> : null}
      <Actions busy={busy} onCancel={onCancel} onSubmit={() => void submit()} submitText='提交申请' />
    </View>
  )
}

/** 延期审批: what was asked (who, why, until when) and the decision, with a note for the requester. */
export function DecideExtensionComposer({ r, busy, perform, onCancel }: Props) {
  const e = r.extension
  const [note, setNote] = useState('')
  const { errors, setErrors, send } = useMove(r, perform)
  const decide = (approve: boolean) =>
    send({ action: 'decide_extension', approve, ...(note.trim() ? { note: note.trim() } : {}) }, approve ? '已批准延期' : '已驳回延期申请')
  return (
    <View className='card rdetail__composer rext'>
      <Text className='card__title'>延期审批</Text>
      {e ? (
        <View className='rext__asked'>
          <Text>
            {e.requesterName ?? '办理人'}申请延期至 {dayWords(e.proposedResolveBy)}
          </Text>
          <Text className='muted'>原因：{e.reason}</Text>
          <Text className='muted'>当前办结时限：{formatDeadline(r.resolveBy)}</Text>
        </View>
      ) : null}
      {e?.needsStreet ? <View className='notice rext__street'>第二次延期需街道审批</View> : null}
      <FormField label='审批意见' error={errors.note}>
        <Textarea className='field__textarea rdetail__text' value={note} placeholder='选填，告知申请人，如：同意，请于新时限前办结' maxlength={500} onInput={(ev) => (setNote(ev.detail.value), setErrors({}))} />
      </FormField>
      {errors.form ? <Text className='field__error'>{errors.form}</Text> : null}
      <Actions
        busy={busy}
        onCancel={onCancel}
        onSubmit={() => void decide(true)}
        submitText='批准延期'
        extra={
          <Button size='small' type='danger' fill='outline' disabled={busy} onClick={() => void decide(false)}>
            不批准
          </Button>
        }
      />
    </View>
  )
}

const REACHED = [
  { id: 'yes', name: '联系上' },
  { id: 'no', name: '未联系上' },
] as const
const RESULTS = (Object.keys(CALL_BACK_RESULT_LABELS) as CallBackResult[]).map((id) => ({ id, name: CALL_BACK_RESULT_LABELS[id] }))

/** 电话回访: reached or not, the resident's verdict, a note; an unsatisfied resident's request may be reopened (once). */
export function CallBackComposer({ r, busy, perform, onCancel }: Props) {
  const [reached, setReached] = useState<'yes' | 'no' | null>(null)
  const [result, setResult] = useState<CallBackResult | null>(null)
  const [note, setNote] = useState('')
  const [reopen, setReopen] = useState(false)
  const { errors, setErrors, send } = useMove(r, perform)
  // The server decides (one reopen; not after the resident's own rating closed it): offered only where it may.
  const mayReopen = r.reopenCount === 0 && (r.status === 'resolved' || !r.rating)
  const submit = () => {
    if (!reached) return setErrors({ reached: '请选择是否联系上居民' })
    const body: ActionBody =
      reached === 'yes'
        ? { action: 'call_back', reached: true, ...(result ? { result } : {}), ...(note.trim() ? { note: note.trim() } : {}), ...(reopen && result === 'unsatisfied' ? { reopen: true } : {}) }
        : { action: 'call_back', reached: false, ...(note.trim() ? { note: note.trim() } : {}) }
    return send(body, reopen && result === 'unsatisfied' ? '已记录回访，诉求重新办理' : '已记录回访')
  }
  return (
    <View className='card rdetail__composer rcallback'>
      <Text className='card__title'>电话回访</Text>
      {r.contact?.phone ? <Text className='muted'>居民电话：{r.contact.phone}</Text> : <Text className='muted'>居民未同意电话联系或未留电话，可上门回访后记录。</Text>}
      <FormField label='是否联系上' required error={errors.reached}>
        <ChoiceChips options={REACHED} selected={reached} onPick={(id) => (setReached(id as 'yes' | 'no'), setErrors({}))} />
      </FormField>
      {reached === 'yes' ? (
        <FormField label='居民满意程度' required error={errors.result}>
          <ChoiceChips options={RESULTS} selected={result} onPick={(id) => (setResult(id as CallBackResult), setErrors({}))} />
        </FormField>
      ) : null}
      <FormField label='回访记录' error={errors.note}>
        <Textarea className='field__textarea rdetail__text' value={note} placeholder='选填，如：居民表示问题已解决' maxlength={500} onInput={(e) => (setNote(e.detail.value), setErrors({}))} />
      </FormField>
      {reached === 'yes' && result === 'unsatisfied' && mayReopen ? (
        <View className={`chip rcallback__reopen ${reopen ? 'chip--on' : ''}`} onClick={() => setReopen(!reopen)}>
          <Text>{reopen ? '✓ ' : ''}居民不满意，重新办理</Text>
        </View>
      ) : null}
      {errors.reopen || errors.form ? <Text className='field__error'>{errors.reopen ?? errors.form}</Text> : null}
      <Actions busy={busy} onCancel={onCancel} onSubmit={() => void submit()} submitText='保存回访' />
    </View>
  )
}

/**
 * 延期 and 回访 on the request's page: for handlers, the latest extension (pending, approved or refused, with its
 * reason) and the latest call-back (its result and note) or 待回访; for the filer, what the view gives them — an
 * approved extension's new deadline, and that they were called back.
 */
export function ExtensionCallBackFacts({ r, handler }: { r: RequestView; handler: boolean }) {
  const e = r.extension
  const cb = r.callBack
  if (!e && !cb && !r.callBackDue) return null
  return (
    <View className='card rext__facts'>
      {e ? (
        <View className='rext__fact'>
          <Text className={`rext__tag rext__tag--${e.status}`}>{EXTENSION_STATUS_LABELS[e.status]}</Text>
          <Text>
            {e.status === 'approved' ? `办结时限已延至 ${dayWords(e.proposedResolveBy)}` : `申请延至 ${dayWords(e.proposedResolveBy)}`}
            {r.extensionCount && r.extensionCount > 1 ? `（已延期${r.extensionCount}次）` : ''}
          </Text>
          {handler && e.reason ? <Text className='muted'>{e.requesterName ? `${e.requesterName}：` : ''}{e.reason}</Text> : null}
          {handler && e.needsStreet ? <Text className='muted'>第二次延期需街道审批</Text> : null}
          {handler && e.decisionNote ? <Text className='muted'>审批意见：{e.decisionNote}</Text> : null}
        </View>
      ) : null}
      {cb ? (
        <View className='rext__fact'>
          <Text className='rext__tag'>已电话回访</Text>
          <Text>
            {formatTime(cb.at)}
            {handler && cb.reached !== undefined ? (cb.reached ? ` · 联系上${cb.result ? ` · ${CALL_BACK_RESULT_LABELS[cb.result]}` : ''}` : ' · 未联系上') : ''}
          </Text>
          {handler && cb.note ? <Text className='muted'>{cb.byName ? `${cb.byName}：` : ''}{cb.note}</Text> : null}
        </View>
      ) : null}
      {handler && r.callBackDue ? <Text className='muted rext__due'>待回访：居民尚未在线评价，请电话回访</Text> : null}
    </View>
  )
}
