import { useEffect, useState } from 'react'
import { Picker, Text, View } from '@tarojs/components'
import { ConsultationActionInput, EditConsultationInput, type ConsultationView } from '@linli/shared'
import { FormError, FormField, TextField } from '../../../components/FormField'
import ReasonPrompt from '../../../components/ReasonPrompt'
import { useForm } from '../../../components/useForm'
import { errorMessage } from '../../../services/http'
import { actOnConsultation, editConsultation, listConsultations } from '../../consult.api'
import VotingFields, { validateWithVoting, votingBody, votingDraftOf } from '../../components/VotingFields'
import UpdateForm from './UpdateForm'
import { ComposerButtons, sendAct, type ComposerKind, type ComposerProps } from './ComposerParts'

const TITLES: Record<ComposerKind, string> = {
  edit: '修改议题',
  reject: '不予采纳',
  merge: '合并到其他议题',
  send_to_review: '提交社区审核',
  open_voting: '开始投票',
  post_update: '发布落实进展',
  complete: '落实完成',
}

/** The author's edit, while nobody has supported yet. */
function EditForm(p: ComposerProps) {
  const form = useForm({ schema: EditConsultationInput, initial: { title: p.c.title, body: p.c.body }, toBody: (v) => ({ title: v.title.trim(), body: v.body.trim() }) })
  const [title, body] = [form.limits('title'), form.limits('body')]
  const submit = async () => {
    const input = form.validate()
    if (!input) return
    await p.perform(() => editConsultation(p.c.id, input, { silent: true }), '已修改').catch((err) => void form.fail(err, 'body'))
  }
  return (
    <>
      <TextField form={form} name='title' placeholder={`标题（${title.minLength}–${title.maxLength}字）`} />
      <TextField form={form} name='body' multiline placeholder={`内容（${body.minLength}–${body.maxLength}字）`} />
      <FormError errors={form.errors} />
      <ComposerButtons confirmText='保存修改' busy={p.busy} onCancel={p.onCancel} onSubmit={() => void submit()} />
    </>
  )
}

/** Merge into a similar topic still in progress, with an optional note. */
function MergeForm(p: ComposerProps) {
  const [targets, setTargets] = useState<ConsultationView[] | null>(null)
  const form = useForm({
    schema: ConsultationActionInput,
    initial: { target: -1, reason: '' },
    toBody: (v) => ({ action: 'merge', targetId: targets?.[v.target]?.id, ...(v.reason.trim() ? { reason: v.reason.trim() } : {}) }),
    messages: { targetId: '请选择要合并到的议题' },
  })
  useEffect(() => {
    listConsultations({ stage: 'active', limit: 50 }, { silent: true })
      .then((page) => setTargets(page.items.filter((x) => x.id !== p.c.id)))
      .catch((err) => {
        setTargets([])
        form.setErrors({ form: errorMessage(err) })
      })
  }, [p.c.id])
  const send = sendAct(p, form, 'reason')
  return (
    <>
      <FormField error={form.errors.targetId}>
        {targets === null ? (
          <Text className='muted'>加载议题中…</Text>
        ) : targets.length === 0 ? (
          <Text className='muted'>没有可以合并到的进行中议题</Text>
        ) : (
          <Picker mode='selector' range={targets.map((t) => t.title)} value={Math.max(0, form.values.target)} onChange={(e) => form.set({ target: Number(e.detail.value) })}>
            <View className='field__select cdetail__select'>
              <Text className='cdetail__select-text'>{targets[form.values.target]?.title ?? '请选择相似的议题'}</Text>
              <Text className='muted'>选择 ›</Text>
            </View>
          </Picker>
        )}
      </FormField>
      <TextField form={form} name='reason' multiline placeholder='合并说明（选填），如：与“东门充电桩”议题内容相同' />
      <FormError errors={form.errors} />
      <ComposerButtons confirmText='确认合并' busy={p.busy} onCancel={p.onCancel} onSubmit={() => void send(form.validate(), '已合并')} />
    </>
  )
}

/** Voting opens with the settings staff confirm here (prefilled with what the topic has). */
function OpenVotingForm(p: ComposerProps) {
  const form = useForm({ schema: ConsultationActionInput, initial: () => ({ voting: votingDraftOf(p.c) }), toBody: (v) => ({ action: 'open_voting', ...votingBody(v.voting, true) }) })
  const send = sendAct(p, form)
  const voting = form.values.voting
  return (
    <>
      <VotingFields draft={voting} onChange={(patch) => form.set({ voting: { ...voting, ...patch } })} errors={form.errors} onClear={form.clear} showEnd />
      <FormError errors={form.errors} />
      <ComposerButtons confirmText='确认开始投票' busy={p.busy} onCancel={p.onCancel} onSubmit={() => void send(validateWithVoting(form, voting, true), '投票已开始')} />
    </>
  )
}

/** The decision is carried out, with an optional closing note. */
function CompleteForm(p: ComposerProps) {
  const form = useForm({ schema: ConsultationActionInput, initial: { note: '' }, toBody: (v) => ({ action: 'complete', ...(v.note.trim() ? { note: v.note.trim() } : {}) }) })
  const send = sendAct(p, form, 'note')
  return (
    <>
      <TextField form={form} name='note' multiline placeholder='完成说明（选填），如：充电桩已安装并投入使用' />
      <FormError errors={form.errors} />
      <ComposerButtons confirmText='确认完成' busy={p.busy} onCancel={p.onCancel} onSubmit={() => void send(form.validate(), '已标记落实完成')} />
    </>
  )
}

/** A reason everyone will read: why a proposal is not taken up, or why staff send it to review before its threshold. */
function ReasonForm({ kind, ...p }: ComposerProps & { kind: 'reject' | 'send_to_review' }) {
  const reject = kind === 'reject'
  return (
    <ReasonPrompt
      schema={ConsultationActionInput}
      placeholder={reject ? '请说明不予采纳的理由，提出人会看到' : '请说明理由，居民都能看到。如：党组织认为有必要，提交居委会审核'}
      requiredMessage={reject ? '请填写不予采纳的理由，提出人会看到' : '请说明提交审核的理由，居民会看到'}
      confirmText={reject ? '确认不予采纳' : '确认提交审核'}
      confirmType={reject ? 'danger' : 'primary'}
      busy={p.busy}
      onCancel={p.onCancel}
      onSubmit={(reason) => p.perform(() => actOnConsultation(p.c.id, { action: kind, reason }, { silent: true }), reject ? '已不予采纳' : '已提交社区审核')}
    />
  )
}

/** The form of a staff move or of the author's edit, in a card where the staff buttons were. */
export default function Composer({ kind, ...p }: ComposerProps & { kind: ComposerKind }) {
  return (
    <View className='card cdetail__composer'>
      <Text className='card__title'>{TITLES[kind]}</Text>
      {kind === 'send_to_review' ? (
        <Text className='muted cdetail__line'>
          附议{p.c.supportCount}/{p.c.supportThreshold}人，尚未达到。党组织或居委会认为有必要时，可直接提交社区审核；理由会显示在议题页和议事进程中，提出人会收到通知。
        </Text>
      ) : null}
      {kind === 'edit' ? <EditForm {...p} /> : null}
      {kind === 'merge' ? <MergeForm {...p} /> : null}
      {kind === 'open_voting' ? <OpenVotingForm {...p} /> : null}
      {kind === 'post_update' ? <UpdateForm {...p} /> : null}
      {kind === 'complete' ? <CompleteForm {...p} /> : null}
      {kind === 'reject' || kind === 'send_to_review' ? <ReasonForm kind={kind} {...p} /> : null}
    </View>
  )
}
