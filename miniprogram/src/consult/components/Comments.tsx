import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { CommentInput, STANCE_LABELS, type CommentView, type ConsultationView, type Stance } from '@linli/shared'
import { ErrorState } from '../../components/StateView'
import { ApiError, errorMessage, fieldErrors } from '../../services/http'
import { formatTime } from '../../services/format'
import { askConsultationSubscription, listComments, moderateComment, postComment, reportComment } from '../consult.api'
import './Comments.css'

const COMMENT_MAX = 500
const STANCES: Stance[] = ['for', 'against', 'neutral']

interface Props {
  c: ConsultationView
  /** After a comment is posted or hidden: the topic's counts have changed. */
  onChanged: () => void
}

/** 评论: 支持 and 反对 side by side, 中立 below; one level of replies; 举报 for everyone, 隐藏 and 审核通过 for staff. */
export default function Comments({ c, onChanged }: Props) {
  const [items, setItems] = useState<CommentView[] | null>(null)
  const [nextCursor, setNextCursor] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [loadingMore, setLoadingMore] = useState(false)

  const [stance, setStance] = useState<Stance | null>(null)
  const [body, setBody] = useState('')
  const [replyTo, setReplyTo] = useState<CommentView | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [posting, setPosting] = useState(false)
  /** The comment staff are hiding, and the reason they type. */
  const [hiding, setHiding] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const load = async () => {
    setError(null)
    try {
      const page = await listComments(c.id, undefined, { silent: true })
      setItems(page.items)
      setNextCursor(page.nextCursor)
    } catch (err) {
      setError(errorMessage(err))
    }
  }
  useEffect(() => {
    void load()
  }, [c.id])

  const loadMore = async () => {
    if (!nextCursor || loadingMore) return
    setLoadingMore(true)
    try {
      const page = await listComments(c.id, nextCursor)
      setItems((prev) => [...(prev ?? []), ...page.items])
      setNextCursor(page.nextCursor)
    } catch {
      // toast shown by http.ts
    } finally {
      setLoadingMore(false)
    }
  }

  const replace = (next: CommentView) => setItems((list) => (list ?? []).map((x) => (x.id === next.id ? next : x)))

  const startReply = (parent: CommentView) => {
    setReplyTo(parent)
    setStance((s) => s ?? parent.stance)
    setErrors({})
    // Bring the form into view: it sits below the columns.
    try {
      void Promise.resolve(Taro.pageScrollTo({ selector: '.ccomments__form', duration: 200 })).catch(() => undefined)
    } catch {
      // Scrolling is a convenience.
    }
  }

  const submit = async () => {
    if (!stance) {
      setErrors({ stance: '请选择您的立场' })
      return
    }
    const input = { body: body.trim(), stance, ...(replyTo ? { parentId: replyTo.parentId ?? replyTo.id } : {}) }
    const local = CommentInput.safeParse(input)
    if (!local.success) {
      const next: Record<string, string> = {}
      for (const issue of local.error.issues) next[issue.path.join('.') || 'form'] ??= issue.message
      setErrors(next)
      return
    }
    // WeChat's subscribe dialog only opens right inside the tap, before any await (weapp; nothing on H5).
    void askConsultationSubscription(c.id)
    setPosting(true)
    setErrors({})
    try {
      const created = await postComment(c.id, local.data, { silent: true })
      setItems((list) => [...(list ?? []), created])
      setBody('')
      setReplyTo(null)
      setStance(null)
      void Taro.showToast({ title: created.pendingReview ? '已发表，内容审核后其他居民可见' : '已发表', icon: 'none' })
      onChanged()
    } catch (err) {
      const byField = fieldErrors(err)
      if (err instanceof ApiError && err.code === 'CONTENT_REJECTED') byField.body = err.message
      setErrors(Object.keys(byField).length ? byField : { form: errorMessage(err) })
    } finally {
      setPosting(false)
    }
  }

  const report = async (x: CommentView) => {
    const { confirm } = await Taro.showModal({ title: '举报评论', content: '确定举报这条评论吗？社区工作人员会核实处理。' })
    if (!confirm) return
    try {
      replace(await reportComment(c.id, x.id))
      void Taro.showToast({ title: '已举报，感谢您的监督', icon: 'none' })
    } catch {
      // toast shown by http.ts
    }
  }

  const hide = async (x: CommentView) => {
    const value = reason.trim()
    if (value.length < 2) return setReasonError('请填写隐藏理由（至少2个字），居民会看到')
    setBusy(true)
    try {
      replace(await moderateComment(c.id, x.id, { action: 'hide', reason: value }, { silent: true }))
      setHiding(null)
      setReason('')
      void Taro.showToast({ title: '已隐藏', icon: 'none' })
      onChanged()
    } catch (err) {
      setReasonError(Object.values(fieldErrors(err))[0] ?? errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  const approve = async (x: CommentView) => {
    setBusy(true)
    try {
      replace(await moderateComment(c.id, x.id, { action: 'approve' }))
      void Taro.showToast({ title: '评论已审核通过', icon: 'none' })
      onChanged()
    } catch {
      // toast shown by http.ts
    } finally {
      setBusy(false)
    }
  }

  const threads = (items ?? []).filter((x) => !x.parentId)
  const repliesOf = (id: string) => (items ?? []).filter((x) => x.parentId === id)
  const column = (s: Stance) => threads.filter((x) => x.stance === s)

  const renderComment = (x: CommentView, reply = false) => (
    <View key={x.id} className={`ccomment ${reply ? 'ccomment--reply' : ''} ${x.hidden ? 'ccomment--hidden' : ''}`}>
      <View className='ccomment__head'>
        <Text className='ccomment__author'>{x.authorName}</Text>
        {x.byStaff ? <Text className='ccomment__tag ccomment__tag--staff'>工作人员</Text> : null}
        {reply ? <Text className={`ccomment__tag ccomment__tag--${x.stance}`}>{STANCE_LABELS[x.stance]}</Text> : null}
        {x.pendingReview && !x.hidden ? <Text className='ccomment__tag ccomment__tag--review'>审核中</Text> : null}
      </View>
      {x.hidden ? (
        <Text className='ccomment__hidden'>该评论已被隐藏（理由：{x.hidden.reason}）</Text>
      ) : (
        <Text className='ccomment__body'>{x.body}</Text>
      )}
      {x.pendingReview && x.mine && !x.hidden ? <Text className='ccomment__note'>内容审核中，其他居民暂时看不到</Text> : null}
      <View className='ccomment__foot'>
        <Text className='ccomment__time'>{formatTime(x.createdAt)}</Text>
        {c.viewer.isStaff && (x.reportCount ?? 0) > 0 ? <Text className='ccomment__reports'>被举报{x.reportCount}次</Text> : null}
      </View>
      <View className='ccomment__actions'>
        {c.viewer.canComment && !x.hidden ? (
          <Text className='ccomment__action' onClick={() => startReply(x)}>
            回复
          </Text>
        ) : null}
        {!x.mine && !x.hidden ? (
          x.reportedByMe ? (
            <Text className='ccomment__action ccomment__action--off'>已举报</Text>
          ) : (
            <Text className='ccomment__action' onClick={() => void report(x)}>
              举报
            </Text>
          )
        ) : null}
        {c.viewer.isStaff && x.pendingReview && !x.hidden ? (
          <Text className='ccomment__action ccomment__action--ok' onClick={() => !busy && void approve(x)}>
            审核通过
          </Text>
        ) : null}
        {c.viewer.isStaff && !x.hidden ? (
          <Text
            className='ccomment__action ccomment__action--danger'
            onClick={() => {
              setHiding(x.id)
              setReason('')
              setReasonError(null)
            }}
          >
            隐藏
          </Text>
        ) : null}
      </View>
      {hiding === x.id ? (
        <View className='ccomment__hide'>
          <Input
            className='ccomment__reason'
            value={reason}
            placeholder='隐藏理由（居民会看到）'
            maxlength={200}
            onInput={(e) => {
              setReason(e.detail.value)
              setReasonError(null)
            }}
          />
          {reasonError ? <Text className='ccomments__error'>{reasonError}</Text> : null}
          <View className='ccomment__hide-actions'>
            <Button size='small' onClick={() => setHiding(null)}>
              取消
            </Button>
            <Button size='small' type='danger' loading={busy} disabled={busy} onClick={() => void hide(x)}>
              确认隐藏
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  )

  const renderThread = (x: CommentView) => (
    <View key={x.id} className='ccomments__thread'>
      {renderComment(x)}
      {repliesOf(x.id).map((r) => renderComment(r, true))}
    </View>
  )

  const total = c.commentCounts.for + c.commentCounts.against + c.commentCounts.neutral

  return (
    <View className='ccomments'>
      <Text className='section-title'>讨论（{total}）</Text>
      {error ? <ErrorState message={error} onRetry={() => void load()} /> : null}
      {items === null && !error ? <Text className='ccomments__loading muted'>评论加载中…</Text> : null}
      {items ? (
        <>
          <View className='ccomments__columns'>
            {(['for', 'against'] as const).map((s) => (
              <View key={s} className={`ccomments__column ccomments__column--${s}`}>
                <Text className={`ccomments__column-title ccomments__column-title--${s}`}>
                  {STANCE_LABELS[s]}（{c.commentCounts[s]}）
                </Text>
                {column(s).length === 0 ? <Text className='ccomments__none'>暂无{STANCE_LABELS[s]}意见</Text> : column(s).map(renderThread)}
              </View>
            ))}
          </View>
          <View className='ccomments__column ccomments__column--neutral'>
            <Text className='ccomments__column-title ccomments__column-title--neutral'>中立（{c.commentCounts.neutral}）</Text>
            {column('neutral').length === 0 ? <Text className='ccomments__none'>暂无中立意见</Text> : column('neutral').map(renderThread)}
          </View>
          {nextCursor ? (
            <Button className='block-button' block fill='outline' loading={loadingMore} onClick={() => void loadMore()}>
              加载更多评论
            </Button>
          ) : null}
        </>
      ) : null}

      {c.viewer.canComment ? (
        <View className='card ccomments__form'>
          <Text className='card__title'>{replyTo ? `回复 ${replyTo.authorName}` : '发表意见'}</Text>
          {replyTo ? (
            <View className='ccomments__replying'>
              <Text className='ccomments__quote'>{replyTo.body ?? '该评论已被隐藏'}</Text>
              <Text className='ccomments__cancel' onClick={() => setReplyTo(null)}>
                取消回复
              </Text>
            </View>
          ) : null}
          <View className='ccomments__stances'>
            {STANCES.map((s) => (
              <Text
                key={s}
                className={`ccomments__stance ${stance === s ? `ccomments__stance--on ccomments__stance--${s}` : ''}`}
                onClick={() => {
                  setStance(s)
                  setErrors((e) => ({ ...e, stance: '', form: '' }))
                }}
              >
                {STANCE_LABELS[s]}
              </Text>
            ))}
          </View>
          {errors.stance ? <Text className='ccomments__error'>{errors.stance}</Text> : null}
          <Textarea
            className='ccomments__textarea'
            value={body}
            placeholder='说说您的看法和理由（2–500字），请文明发言'
            maxlength={COMMENT_MAX}
            onInput={(e) => {
              setBody(e.detail.value)
              setErrors((x) => ({ ...x, body: '', form: '' }))
            }}
          />
          <Text className='ccomments__count'>
            {body.length}/{COMMENT_MAX}
          </Text>
          {errors.body ? <Text className='ccomments__error'>{errors.body}</Text> : null}
          {errors.parentId ? <Text className='ccomments__error'>{errors.parentId}</Text> : null}
          {errors.form ? <Text className='ccomments__error'>{errors.form}</Text> : null}
          <Button className='block-button' type='primary' block loading={posting} disabled={posting} onClick={() => void submit()}>
            {replyTo ? '发表回复' : '发表评论'}
          </Button>
        </View>
      ) : (
        <Text className='ccomments__closed muted'>
          {['collecting', 'review', 'discussion', 'voting', 'proposed'].includes(c.status)
            ? c.status === 'proposed'
              ? '议题内容审核通过后开放讨论'
              : `只有居住在${c.scope.name}的认证居民可以参与讨论`
            : '讨论已结束'}
        </Text>
      )}
    </View>
  )
}
