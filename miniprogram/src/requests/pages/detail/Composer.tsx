import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { z } from 'zod'
import { RateRequestInput, RequestActionInput, type DuplicateCandidate, type NoteAudience, type RequestView } from '@linli/shared'
import { TextField } from '../../../components/FormField'
import { useForm } from '../../../components/useForm'
import { check } from '../../../services/form'
import { actOnRequest, rateRequest } from '../../requests.api'
import { VoiceRecorder, useVoiceNote } from '../../components/Voice'
import type { ComposerKind as AnyComposerKind, ExtCallKind, UnitMoveKind } from './actions'
import type { Assignee } from './assignees'
import { AssigneePicker, AudiencePicker, OriginalPicker, ReplyTemplates, StarPicker } from './ComposerParts'
import { RewardToggle } from './Reward'

/** The kinds this form writes (吹哨报到's have forms of their own). */
type ComposerKind = Exclude<AnyComposerKind, UnitMoveKind | ExtCallKind | 'set_type'>
type TextKind = Exclude<ComposerKind, 'rate' | 'assign'>

/** The words of each written move and the body field they go in (the schema's limits are read there). */
const WRITTEN: Record<TextKind, { title: string; placeholder: string; confirm: string; field: string; done: string }> = {
  reply: { title: '回复', placeholder: '请输入回复内容', confirm: '发送回复', field: 'body', done: '已回复' },
  resolve: { title: '办结', placeholder: '请填写办理结果，居民会看到', confirm: '确认办结', field: 'note', done: '已办结' },
  escalate: { title: '上报', placeholder: '请说明上报原因，如：需要街道协调多个部门', confirm: '确认上报', field: 'reason', done: '已上报' },
  reject: { title: '不予受理', placeholder: '请说明原因，居民会看到', confirm: '确认不予受理', field: 'reason', done: '已不予受理' },
  reopen: { title: '申请重新办理', placeholder: '请说明还有什么问题没有解决', confirm: '提交申请', field: 'reason', done: '已申请重新办理' },
  duplicate: { title: '标记为重复', placeholder: '补充说明（选填）', confirm: '确认标记为重复', field: 'note', done: '已标记为重复，合并到原诉求办理' },
}

const TITLE = (kind: ComposerKind) => (kind === 'rate' ? '评价办理结果' : kind === 'assign' ? '分派' : WRITTEN[kind].title)
const CONFIRM = (kind: ComposerKind) => (kind === 'rate' ? '提交评价' : kind === 'assign' ? '确认分派' : WRITTEN[kind].confirm)
const FIELD = (kind: ComposerKind) => (kind === 'rate' ? 'comment' : kind === 'assign' ? undefined : WRITTEN[kind].field)

export type Perform = (work: () => Promise<RequestView>, message: (next: RequestView) => string) => Promise<RequestView | null>

interface Props {
  kind: ComposerKind
  r: RequestView
  /** Written as a handler: the note's audience may be chosen and 常用回复 offered. */
  asHandler: boolean
  busy: boolean
  templates: string[] | null
  assignees: Assignee[] | null
  /** The originals a duplicate may be merged into (标记为重复), once loaded. */
  candidates: DuplicateCandidate[] | null
  /** Why the assignees or the candidates could not be loaded. */
  listError: string | null
  /** Runs the move and keeps the request it answers (the page's record); resolves with it, or null when refused. */
  perform: Perform
  onCancel: () => void
}

/** The form a move opens (回复, 办结, 上报, 不予受理, 申请重新办理, 评价, 分派): checked with the endpoint's schema, then sent. */
export default function Composer({ kind, r, asHandler, busy, templates, assignees, candidates, listError, perform, onCancel }: Props) {
  const schema: z.ZodType = kind === 'rate' ? RateRequestInput : RequestActionInput
  const form = useForm<{ text: string }, z.ZodType>({ schema, initial: { text: '' } })
  const field = FIELD(kind)
  // Who a handler's note is for; residents' notes always go to the handlers and themselves.
  const [audience, setAudience] = useState<NoteAudience>('filer')
  const [score, setScore] = useState(0)
  const [assigneeIndex, setAssigneeIndex] = useState(-1)
  // 随手拍有奖: 有效举报 unless the handler turns it off (offered only where resolving decides a reward).
  const [rewardValid, setRewardValid] = useState(true)
  const [originalId, setOriginalId] = useState<string | null>(null)
  // A reply by voice (residents who would rather speak): recorded, uploaded, sent with the reply.
  const { voice, setVoice, upload: uploadVoice } = useVoiceNote(false)

  const refuse = (message: string, at = 'form') => void form.setErrors({ [at]: message })
  const checked = (body: unknown) => {
    const res = check(schema, body)
    if (!res.ok) form.setErrors(res.errors)
    return res.ok
  }
  // The call is quiet: what the server refused shows in the composer (a refused text under its box).
  const send = (work: () => Promise<RequestView>, message: (next: RequestView) => string) =>
    perform(async () => {
      try {
        return await work()
      } catch (err) {
        form.fail(err, field)
        throw err
      }
    }, message)

  const submit = async () => {
    if (kind === 'assign') {
      const who = assignees?.[assigneeIndex]?.member
      if (!who) return refuse('请选择负责人')
      return send(() => actOnRequest(r.id, { action: 'assign', assigneeId: who.userId }, { silent: true }), () => `已分派给${who.name}`)
    }
    const value = form.values.text.trim()
    if (kind === 'rate') {
      if (score < 1) return refuse('请点星评价（1–5星）')
      // One step: the server reads 满意 / 基本满意 / 不满意 from the stars.
      const body = { score, ...(value ? { comment: value } : {}) }
      if (!checked(body)) return
      return send(() => rateRequest(r.id, body, { silent: true }), (next) => (next.status === 'reopened' ? '已提交评价，社区将重新办理' : '感谢您的评价'))
    }
    if (kind === 'duplicate') {
      if (!originalId) return refuse('请选择与之重复的原诉求')
      const body = { action: 'mark_duplicate' as const, duplicateOf: originalId, ...(value ? { note: value } : {}), audience }
      if (!checked(body)) return
      return send(() => actOnRequest(r.id, body, { silent: true }), () => WRITTEN.duplicate.done)
    }
    const c = WRITTEN[kind]
    const voiceKey = kind === 'reply' && voice?.status === 'done' ? voice.key : undefined
    if (kind === 'reply' && voice && !voiceKey) return refuse(voice.status === 'uploading' ? '语音还在上传，请稍候' : '语音未上传成功，请点“重试”')
    if (!value && !voiceKey) return refuse(`请填写${kind === 'reply' ? '回复内容（或说一段话）' : '内容'}`, c.field)
    const body = { action: kind, ...(value ? { [c.field]: value } : {}), ...(voiceKey ? { voiceKey } : {}), ...(asHandler && kind !== 'reopen' ? { audience } : {}), ...(kind === 'resolve' && r.rewardOffer ? { rewardValid } : {}) }
    if (!checked(body)) return
    // A valid report's points are said with the resolution (the server credited them with it).
    const said = (next: RequestView) => (kind === 'resolve' && r.rewardOffer && next.reward?.status === 'credited' ? `${c.done}，反映人获得${next.reward.points}积分` : c.done)
    return send(() => actOnRequest(r.id, body as RequestActionInput, { silent: true }), said)
  }

  // Errors that belong to no box (a form-wide refusal, the stars, the voice note) show at the foot.
  const other = listError ?? Object.entries(form.errors).find(([k]) => k !== field)?.[1]
  return (
    <View className='card rdetail__composer'>
      <Text className='card__title'>{TITLE(kind)}</Text>
      {kind === 'assign' ? <AssigneePicker assignees={assignees} index={assigneeIndex} onChange={(i) => (setAssigneeIndex(i), form.clear())} /> : null}
      {kind === 'duplicate' && !listError ? <OriginalPicker candidates={candidates} value={originalId} onChange={(id) => (setOriginalId(id), form.clear())} /> : null}
      {kind === 'rate' ? <StarPicker score={score} onChange={(n) => (setScore(n), form.clear())} reopens={r.actions.includes('reopen')} /> : null}
      {kind === 'reply' && asHandler && templates && templates.length > 0 ? <ReplyTemplates items={templates} onPick={(text) => form.set({ text })} /> : null}
      {asHandler && kind !== 'assign' && kind !== 'rate' && kind !== 'reopen' ? <AudiencePicker value={audience} onChange={setAudience} /> : null}
      {field ? <TextField form={form} name='text' path={field} multiline placeholder={kind === 'rate' ? '说说您的看法（选填）' : WRITTEN[kind as TextKind].placeholder} className='rdetail__text' /> : null}
      {kind === 'resolve' && r.rewardOffer ? <RewardToggle points={r.rewardOffer.points} valid={rewardValid} onChange={setRewardValid} /> : null}
      {kind === 'reply' ? (
        <View className='rdetail__voice'>
          <VoiceRecorder value={voice} label='或者说一段话（最长60秒）' onRecorded={(rec) => void uploadVoice(rec)} onRemove={() => setVoice(null)} onRetry={() => voice && void uploadVoice(voice)} />
        </View>
      ) : null}
      {other ? <Text className='field__error'>{other}</Text> : null}
      <View className='form-actions'>
        <Button size='small' onClick={onCancel}>
          取消
        </Button>
        <Button size='small' type='primary' loading={busy} disabled={busy} onClick={() => void submit()}>
          {CONFIRM(kind)}
        </Button>
      </View>
    </View>
  )
}
