import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { CommentInput, STANCE_LABELS, Stance, type CommentView, type ConsultationView } from '@linli/shared'
import { FormError, TextField } from '../../components/FormField'
import { useForm } from '../../components/useForm'
import { askConsultationSubscription, postComment } from '../consult.api'

interface Props {
  c: ConsultationView
  /** The comment answered (a reply goes under its thread), or null for a new thread. */
  replyTo: CommentView | null
  onCancelReply: () => void
  onPosted: (created: CommentView) => void
}

/** 发表意见: a stance (支持, 反对, 中立) and the reasons, or a reply to someone. */
export default function CommentForm({ c, replyTo, onCancelReply, onPosted }: Props) {
  const form = useForm({
    schema: CommentInput,
    initial: { stance: null as Stance | null, body: '' },
    toBody: (v) => ({ body: v.body.trim(), stance: v.stance ?? undefined, ...(replyTo ? { parentId: replyTo.parentId ?? replyTo.id } : {}) }),
    messages: { stance: '请选择您的立场' },
  })
  const limits = form.limits('body')
  const [posting, setPosting] = useState(false)

  // A reply takes the stance of what it answers unless one is chosen already.
  useEffect(() => {
    if (replyTo) form.setValues((v) => ({ ...v, stance: v.stance ?? replyTo.stance }))
    form.setErrors({})
  }, [replyTo])

  const submit = async () => {
    const body = form.validate()
    if (!body) return
    // WeChat's subscribe dialog only opens right inside the tap, before any await (weapp; nothing on H5).
    void askConsultationSubscription(c.id)
    setPosting(true)
    try {
      const created = await postComment(c.id, body, { silent: true })
      form.reset()
      void Taro.showToast({ title: created.pendingReview ? '已发表，内容审核后其他居民可见' : '已发表', icon: 'none' })
      onPosted(created)
    } catch (err) {
      form.fail(err, 'body')
    } finally {
      setPosting(false)
    }
  }

  return (
    <View className='card ccomments__form'>
      <Text className='card__title'>{replyTo ? `回复 ${replyTo.authorName}` : '发表意见'}</Text>
      {replyTo ? (
        <View className='ccomments__replying'>
          <Text className='ccomments__quote'>{replyTo.body ?? '该评论已被隐藏'}</Text>
          <Text className='ccomments__cancel' onClick={onCancelReply}>
            取消回复
          </Text>
        </View>
      ) : null}
      <View className='ccomments__stances'>
        {Stance.options.map((s) => (
          <Text key={s} className={`ccomments__stance ${form.values.stance === s ? `ccomments__stance--on ccomments__stance--${s}` : ''}`} onClick={() => form.set({ stance: s })}>
            {STANCE_LABELS[s]}
          </Text>
        ))}
      </View>
      {form.errors.stance ? <Text className='field__error'>{form.errors.stance}</Text> : null}
      <TextField
        form={form}
        name='body'
        multiline
        counter
        className='ccomments__body'
        inputClassName='ccomments__textarea'
        placeholder={`说说您的看法和理由（${limits.minLength}–${limits.maxLength}字），请文明发言`}
      />
      {form.errors.parentId ? <Text className='field__error'>{form.errors.parentId}</Text> : null}
      <FormError errors={form.errors} />
      <Button className='block-button' type='primary' block loading={posting} disabled={posting} onClick={() => void submit()}>
        {replyTo ? '发表回复' : '发表评论'}
      </Button>
    </View>
  )
}
