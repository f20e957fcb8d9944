import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ConsultationActionInput, ConsultationView, ConsultationViewAction } from '@linli/shared'
import { errorMessage } from '../../../services/http'
import type { ComposerKind } from './ComposerParts'

interface Confirm {
  title: string
  content: string
  /** Said when it is done. */
  done: string
}

interface StaffButton {
  action: ConsultationViewAction & ConsultationActionInput['action']
  label: string
  /** The solid button of the stage (what staff usually do next); the others are outlined. */
  primary?: (c: ConsultationView) => boolean
  danger?: boolean
  /** Moves without a form ask only for a confirmation; the others open their form (the composer). */
  confirm?: (c: ConsultationView) => Confirm
}

const always = () => true

/** The staff moves in the order they are shown; which of them appear is the API's `actions`, never decided here. */
const BUTTONS: StaffButton[] = [
  {
    action: 'approve',
    label: '审核通过',
    primary: always,
    confirm: (c) =>
      c.status === 'proposed'
        ? { title: '审核通过', content: '内容审核通过后，议题开始征集附议。', done: '已审核通过' }
        : { title: '审核通过', content: '审核通过后议题进入讨论阶段，居民可以发表意见。', done: '已审核通过，进入讨论' },
  },
  // Before the threshold is reached, when the 党组织 or 居委会 consider it necessary (with a reason residents see).
  { action: 'send_to_review', label: '提交审核', primary: always },
  { action: 'open_voting', label: '开始投票', primary: (c) => c.status === 'discussion' },
  {
    action: 'close_voting',
    label: '结束投票',
    primary: always,
    confirm: () => ({ title: '结束投票', content: '结束后将立即计票并公布结果，居民不能再投票。确定结束吗？', done: '投票已结束，结果已公布' }),
  },
  { action: 'post_update', label: '发布进展', primary: always },
  { action: 'complete', label: '完成' },
  { action: 'merge', label: '合并' },
  { action: 'reject', label: '不予采纳', danger: true },
]

interface Props {
  c: ConsultationView
  busy: boolean
  onOpen: (kind: ComposerKind) => void
  /** Sends a move that needs no form; throws the refusal. */
  onAct: (body: ConsultationActionInput, done: string) => Promise<void>
}

/** 社区操作: the staff moves the API offers on this topic now. */
export default function StaffActions({ c, busy, onOpen, onAct }: Props) {
  const [error, setError] = useState<string | null>(null)
  const shown = BUTTONS.filter((b) => c.actions.includes(b.action))
  if (shown.length === 0) return null

  const run = async (b: StaffButton) => {
    if (!b.confirm) return onOpen(b.action as ComposerKind)
    const ask = b.confirm(c)
    const { confirm } = await Taro.showModal({ title: ask.title, content: ask.content })
    if (!confirm) return
    setError(null)
    try {
      await onAct({ action: b.action } as ConsultationActionInput, ask.done)
    } catch (err) {
      setError(errorMessage(err))
      void Taro.showToast({ title: errorMessage(err), icon: 'none' })
    }
  }

  return (
    <>
      <Text className='section-title'>社区操作</Text>
      <View className='cdetail__actions'>
        {shown.map((b) => (
          <Button
            key={b.action}
            className='cdetail__action'
            type={b.danger ? 'danger' : 'primary'}
            fill={b.primary?.(c) ? 'solid' : 'outline'}
            disabled={busy}
            onClick={() => void run(b)}
          >
            {b.label}
          </Button>
        ))}
      </View>
      {error ? <View className='form-error'>{error}</View> : null}
    </>
  )
}
