import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { COMMENTABLE_STATUSES, STANCE_LABELS, type CommentView, type ConsultationView, type Stance } from '@linli/shared'
import { ErrorState } from '../../components/StateView'
import { usePagedList } from '../../components/usePagedList'
import { listComments } from '../consult.api'
import CommentForm from './CommentForm'
import CommentItem from './CommentItem'
import './Comments.css'

interface Props {
  c: ConsultationView
  /** After a comment is posted or hidden: the topic's counts have changed. */
  onChanged: () => void
}

/** Why there is no comment form: the stage, or (in a stage that takes comments) where the caller lives. */
function closedText(c: ConsultationView): string {
  if (c.status === 'proposed') return '议题内容审核通过后开放讨论'
  return COMMENTABLE_STATUSES.includes(c.status) ? `只有居住在${c.scope.name}的认证居民可以参与讨论` : '讨论已结束'
}

/** 评论: 支持 and 反对 side by side, 中立 below; one level of replies; 举报, and 隐藏 and 审核通过 for moderators. */
export default function Comments({ c, onChanged }: Props) {
  const list = usePagedList<CommentView>((cursor, opts) => listComments(c.id, cursor, opts), undefined, [c.id])
  const [replyTo, setReplyTo] = useState<CommentView | null>(null)
  /** The comment whose 隐藏 box is open. */
  const [hiding, setHiding] = useState<string | null>(null)

  const items = list.items ?? []
  const replace = (next: CommentView, counts: boolean) => {
    list.setItems((all) => (all ?? []).map((x) => (x.id === next.id ? next : x)))
    if (counts) onChanged()
  }
  const startReply = (parent: CommentView) => {
    setReplyTo(parent)
    // Bring the form into view: it sits below the columns.
    try {
      void Promise.resolve(Taro.pageScrollTo({ selector: '.ccomments__form', duration: 200 })).catch(() => undefined)
    } catch {
      // Scrolling is a convenience.
    }
  }

  const item = (x: CommentView, reply = false) => (
    <CommentItem
      key={x.id}
      c={c}
      x={x}
      reply={reply}
      hiding={hiding === x.id}
      onHiding={(open) => setHiding(open ? x.id : null)}
      onReply={startReply}
      onChange={replace}
    />
  )
  const thread = (x: CommentView) => (
    <View key={x.id} className='ccomments__thread'>
      {item(x)}
      {items.filter((r) => r.parentId === x.id).map((r) => item(r, true))}
    </View>
  )
  const column = (s: Stance) => {
    const threads = items.filter((x) => !x.parentId && x.stance === s)
    return (
      <View key={s} className={`ccomments__column ccomments__column--${s}`}>
        <Text className={`ccomments__column-title ccomments__column-title--${s}`}>
          {STANCE_LABELS[s]}（{c.commentCounts[s]}）
        </Text>
        {threads.length === 0 ? <Text className='ccomments__none'>暂无{STANCE_LABELS[s]}意见</Text> : threads.map(thread)}
      </View>
    )
  }

  const total = c.commentCounts.for + c.commentCounts.against + c.commentCounts.neutral

  return (
    <View className='ccomments'>
      <Text className='section-title'>讨论（{total}）</Text>
      {list.error ? <ErrorState message={list.error} onRetry={() => void list.load()} /> : null}
      {list.items === null && !list.error ? <Text className='ccomments__loading muted'>评论加载中…</Text> : null}
      {list.items ? (
        <>
          <View className='ccomments__columns'>{(['for', 'against'] as const).map(column)}</View>
          {column('neutral')}
          {list.nextCursor ? (
            <Button className='block-button' block fill='outline' loading={list.loadingMore} onClick={() => void list.loadMore()}>
              加载更多评论
            </Button>
          ) : null}
        </>
      ) : null}

      {c.actions.includes('comment') ? (
        <CommentForm
          c={c}
          replyTo={replyTo}
          onCancelReply={() => setReplyTo(null)}
          onPosted={(created) => {
            list.setItems((all) => [...(all ?? []), created])
            setReplyTo(null)
            onChanged()
          }}
        />
      ) : (
        <Text className='ccomments__closed muted'>{closedText(c)}</Text>
      )}
    </View>
  )
}
