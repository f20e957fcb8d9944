import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { ModerateCommentInput, STANCE_LABELS, type CommentView, type ConsultationView } from '@linli/shared'
import ReasonPrompt from '../../components/ReasonPrompt'
import { formatTime } from '../../services/format'
import { moderateComment, reportComment } from '../consult.api'

interface Props {
  c: ConsultationView
  x: CommentView
  reply?: boolean
  /** Whether the 隐藏 box is open under this comment (one at a time in the list). */
  hiding: boolean
  onHiding: (open: boolean) => void
  onReply: (x: CommentView) => void
  /** The comment as the API answered a report or a moderation; `counts` when the topic's counts changed with it. */
  onChange: (next: CommentView, counts: boolean) => void
}

/** One comment: author, stance (on a reply), text or why it was hidden, and the moves the API offers on it. */
export default function CommentItem({ c, x, reply = false, hiding, onHiding, onReply, onChange }: Props) {
  const [busy, setBusy] = useState(false)

  const report = async () => {
    const { confirm } = await Taro.showModal({ title: '举报评论', content: '确定举报这条评论吗？社区工作人员会核实处理。' })
    if (!confirm) return
    try {
      onChange(await reportComment(c.id, x.id), false)
      void Taro.showToast({ title: '已举报，感谢您的监督', icon: 'none' })
    } catch {
      // toast shown by http.ts
    }
  }

  const approve = async () => {
    if (busy) return
    setBusy(true)
    try {
      onChange(await moderateComment(c.id, x.id, { action: 'approve' }), true)
      void Taro.showToast({ title: '评论已审核通过', icon: 'none' })
    } catch {
      // toast shown by http.ts
    } finally {
      setBusy(false)
    }
  }

  const hide = async (reason: string) => {
    onChange(await moderateComment(c.id, x.id, { action: 'hide', reason }, { silent: true }), true)
    onHiding(false)
    void Taro.showToast({ title: '已隐藏', icon: 'none' })
  }

  return (
    <View className={`ccomment ${reply ? 'ccomment--reply' : ''} ${x.hidden ? 'ccomment--hidden' : ''}`}>
      <View className='ccomment__head'>
        <Text className='ccomment__author'>{x.authorName}</Text>
        {x.byStaff ? <Text className='ccomment__tag ccomment__tag--staff'>工作人员</Text> : null}
        {reply ? <Text className={`ccomment__tag ccomment__tag--${x.stance}`}>{STANCE_LABELS[x.stance]}</Text> : null}
        {x.pendingReview && !x.hidden ? <Text className='ccomment__tag ccomment__tag--review'>审核中</Text> : null}
      </View>
      {x.hidden ? <Text className='ccomment__hidden'>该评论已被隐藏（理由：{x.hidden.reason}）</Text> : <Text className='ccomment__body'>{x.body}</Text>}
      {x.pendingReview && x.mine && !x.hidden ? <Text className='ccomment__note'>内容审核中，其他居民暂时看不到</Text> : null}
      <View className='ccomment__foot'>
        <Text className='ccomment__time'>{formatTime(x.createdAt)}</Text>
        {(x.reportCount ?? 0) > 0 ? <Text className='ccomment__reports'>被举报{x.reportCount}次</Text> : null}
      </View>
      <View className='ccomment__actions'>
        {c.actions.includes('comment') && !x.hidden ? (
          <Text className='ccomment__action' onClick={() => onReply(x)}>
            回复
          </Text>
        ) : null}
        {x.actions.includes('report') ? (
          <Text className='ccomment__action' onClick={() => void report()}>
            举报
          </Text>
        ) : x.reportedByMe && !x.hidden ? (
          <Text className='ccomment__action ccomment__action--off'>已举报</Text>
        ) : null}
        {x.actions.includes('approve') ? (
          <Text className='ccomment__action ccomment__action--ok' onClick={() => void approve()}>
            审核通过
          </Text>
        ) : null}
        {x.actions.includes('hide') ? (
          <Text className='ccomment__action ccomment__action--danger' onClick={() => onHiding(true)}>
            隐藏
          </Text>
        ) : null}
      </View>
      {hiding ? (
        <ReasonPrompt
          className='ccomment__hide'
          schema={ModerateCommentInput}
          placeholder='隐藏理由（居民会看到）'
          requiredMessage='请填写隐藏理由，居民会看到'
          confirmText='确认隐藏'
          onCancel={() => onHiding(false)}
          onSubmit={hide}
        />
      ) : null}
    </View>
  )
}
