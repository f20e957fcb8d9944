import { useEffect, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter, useShareAppMessage } from '@tarojs/taro'
import { Image, Input, Picker, Text, Textarea, View } from '@tarojs/components'
import { Button, Tag } from '@nutui/nutui-react-taro'
import {
  MAX_PHOTO_BYTES,
  SCOPE_LEVEL_LABELS,
  VOTE_RULE_LABELS,
  type ConsultationActionInput,
  type ConsultationView,
  type VoteReceipt,
} from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading } from '../../../components/StateView'
import { ApiError, errorMessage, fieldErrors } from '../../../services/http'
import { IS_WEAPP } from '../../../services/config'
import { formatTime } from '../../../services/format'
import { MAX_PHOTOS, MAX_PHOTO_MB, uploadPhoto, type PickedPhoto } from '../../../services/upload'
import {
  actOnConsultation,
  askConsultationSubscription,
  castVote,
  editConsultation,
  getConsultation,
  listConsultations,
  normalizeReceipt,
  prefetchConsultationTemplate,
  readReceipt,
  saveReceipt,
  supportConsultation,
} from '../../consult.api'
import { consultationStatusLabel, consultationTagType, topicLink, topicPath } from '../../format'
import { share } from '../../../services/format'
import Comments from '../../components/Comments'
import ResultsChart from '../../components/ResultsChart'
import VotingFields, { votingDraftOf, votingInput, type VotingDraft } from '../../components/VotingFields'
import './index.css'

const TIMELINE_LABELS: Record<string, string> = {
  proposed: '提出议题',
  created_by_staff: '社区发起议题',
  content_approved: '内容审核通过',
  edited: '修改内容',
  threshold_reached: '附议达标',
  threshold_changed: '附议人数调整',
  sent_to_review: '社区提交审核',
  lapsed: '附议未达标',
  approved: '社区审核通过',
  rejected: '不予采纳',
  merged: '合并',
  merged_in: '合并了相似议题',
  voting_opened: '开始投票',
  voting_closed: '投票结束',
  progress: '落实进展',
  completed: '落实完成',
}

type Composer = 'edit' | 'reject' | 'merge' | 'send_to_review' | 'open_voting' | 'post_update' | 'complete'

const COMPOSER_TITLES: Record<Composer, string> = {
  edit: '修改议题',
  reject: '不予采纳',
  merge: '合并到其他议题',
  send_to_review: '提交社区审核',
  open_voting: '开始投票',
  post_update: '发布落实进展',
  complete: '落实完成',
}

const PROGRESS_PICKS = [10, 30, 50, 80]

/** 议题详情: the proposal, 附议, the vote with its receipt, the results and their check, the follow-up, discussion. */
export default function ConsultationDetailPage() {
  const router = useRouter()
  const id = router.params.id ?? ''
  const [c, setC] = useState<ConsultationView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  /** The receipt of a ballot cast just now (shown large), or the one kept on this device. */
  const [fresh, setFresh] = useState<VoteReceipt | null>(null)
  const [stored, setStored] = useState<VoteReceipt | null>(null)
  const [choice, setChoice] = useState<string[]>([])
  const [ballotError, setBallotError] = useState<string | null>(null)
  const [lookup, setLookup] = useState('')
  const [lookupResult, setLookupResult] = useState<{ found: boolean; text: string } | null>(null)

  const [composer, setComposer] = useState<Composer | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [text, setText] = useState('')
  const [title, setTitle] = useState('')
  const [progress, setProgress] = useState('')
  const [voting, setVoting] = useState<VotingDraft | null>(null)
  const [targets, setTargets] = useState<ConsultationView[] | null>(null)
  const [targetIndex, setTargetIndex] = useState(-1)
  const [photos, setPhotos] = useState<PickedPhoto[]>([])

  const load = async () => {
    setError(null)
    try {
      const next = await getConsultation(id, { silent: true })
      setC(next)
      setStored(readReceipt(id))
    } catch (err) {
      setError(errorMessage(err))
    }
  }

  useEffect(() => {
    void load()
    void prefetchConsultationTemplate()
  }, [id])

  // 邀请邻居附议: a WeChat chat card with the topic's title that opens this topic (the ··· menu and the button).
  useShareAppMessage(() => ({ title: c ? `邀请您附议：${c.title}` : '邻里议事', path: topicPath(id) }))
  useEffect(() => {
    if (IS_WEAPP) void Taro.showShareMenu({ withShareTicket: false }).catch(() => undefined)
  }, [])
  useDidShow(() => {
    if (c) void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const clearError = (...keys: string[]) =>
    setErrors((e) => {
      const next = { ...e }
      for (const k of keys) delete next[k]
      delete next.form
      return next
    })

  const open = (k: Composer) => {
    if (!c) return
    setComposer(k)
    setErrors({})
    setText(k === 'edit' ? c.body : '')
    setTitle(k === 'edit' ? c.title : '')
    setProgress(String(Math.min(100, Math.max(c.progress, 0))))
    setPhotos([])
    if (k === 'open_voting') setVoting(votingDraftOf(c))
    if (k === 'merge' && targets === null) {
      listConsultations({ stage: 'active', limit: 50 }, { silent: true })
        .then((page) => setTargets(page.items.filter((x) => x.id !== c.id)))
        .catch((err) => {
          setTargets([])
          setErrors({ form: errorMessage(err) })
        })
    }
  }

  /** Shows a refused action next to its field, or above the buttons; a 409 also reloads (someone acted first). */
  const fail = (err: unknown) => {
    const byField = fieldErrors(err)
    if (err instanceof ApiError && err.code === 'CONTENT_REJECTED') byField.body = err.message
    setErrors(Object.keys(byField).length ? byField : { form: errorMessage(err) })
    if (!composer) void Taro.showToast({ title: errorMessage(err), icon: 'none' })
    if (err instanceof ApiError && err.status === 409) void load()
  }

  const act = async (body: ConsultationActionInput, message: string) => {
    if (!c) return
    setBusy(true)
    setErrors({})
    try {
      setC(await actOnConsultation(c.id, body, { silent: true }))
      setComposer(null)
      void Taro.showToast({ title: message, icon: 'none' })
    } catch (err) {
      fail(err)
    } finally {
      setBusy(false)
    }
  }

  const confirmAct = async (heading: string, content: string, body: ConsultationActionInput, message: string) => {
    const { confirm } = await Taro.showModal({ title: heading, content })
    if (confirm) await act(body, message)
  }

  const support = async () => {
    if (!c) return
    void askConsultationSubscription(c.id)
    setBusy(true)
    try {
      const next = await supportConsultation(c.id)
      setC(next)
      void Taro.showToast({ title: next.status === 'review' ? '附议成功，已达到人数，提交社区审核' : '附议成功', icon: 'none' })
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) void load()
    } finally {
      setBusy(false)
    }
  }

  /** H5 has no WeChat to share to: copy a link neighbours open in their browser (weapp's button shares instead). */
  const copyLink = () => {
    if (!c) return
    // Called straight from the tap: browsers copy only inside a user's gesture.
    Taro.setClipboardData({ data: topicLink(c.id) }).then(
      () => void Taro.showToast({ title: '链接已复制，发给邻居即可附议', icon: 'none', duration: 2500 }),
      () => void Taro.showModal({ title: '复制失败', content: `请手动复制链接发给邻居：${topicLink(c.id)}`, showCancel: false }),
    )
  }

  const remind = async () => {
    if (!c) return
    const ok = await askConsultationSubscription(c.id)
    void Taro.showToast({ title: ok ? '已订阅，议题开始投票和公布结果时会提醒您' : '未订阅微信提醒，消息页仍会通知您', icon: 'none' })
  }

  const toggle = (optionId: string) => {
    if (!c) return
    setBallotError(null)
    if (c.maxChoices <= 1) return setChoice([optionId])
    if (choice.includes(optionId)) return setChoice(choice.filter((x) => x !== optionId))
    if (choice.length >= c.maxChoices) {
      setBallotError(`最多选择${c.maxChoices}项`)
      return
    }
    setChoice([...choice, optionId])
  }

  const vote = async () => {
    if (!c) return
    if (choice.length === 0) return setBallotError('请先选择')
    const labels = c.options.filter((o) => choice.includes(o.id)).map((o) => `“${o.label}”`).join('、')
    const { confirm } = await Taro.showModal({ title: '确认投票', content: `您选择了${labels}。投票后不能修改，确定投票吗？`, confirmText: '确定投票' })
    if (!confirm) return
    setBusy(true)
    setBallotError(null)
    try {
      const receipt = await castVote(c.id, choice, { silent: true })
      saveReceipt(c.id, receipt)
      setFresh(receipt)
      setStored(receipt)
      setChoice([])
      void Taro.showToast({ title: '投票成功', icon: 'none' })
      void load()
      // The receipt is shown once: bring it on screen.
      setTimeout(() => {
        try {
          void Promise.resolve(Taro.pageScrollTo({ selector: '.cdetail__receipt', duration: 300 })).catch(() => undefined)
        } catch {
          // Scrolling is a convenience.
        }
      }, 100)
    } catch (err) {
      setBallotError(Object.values(fieldErrors(err))[0] ?? errorMessage(err))
      if (err instanceof ApiError && err.status === 409) void load()
    } finally {
      setBusy(false)
    }
  }

  // ---------------------------------------------------------------- progress photos (staff)

  const patchPhoto = (path: string, patch: Partial<PickedPhoto>) => setPhotos((list) => list.map((p) => (p.path === path ? { ...p, ...patch } : p)))
  const startUpload = async (photo: PickedPhoto) => {
    patchPhoto(photo.path, { status: 'uploading', progress: 0, error: undefined })
    try {
      const key = await uploadPhoto(photo.path, photo.size, (p) => patchPhoto(photo.path, { progress: p }), 'consultation')
      patchPhoto(photo.path, { status: 'done', key, progress: 100 })
    } catch (err) {
      patchPhoto(photo.path, { status: 'error', error: errorMessage(err) })
    }
  }
  const addPhotos = async () => {
    const room = MAX_PHOTOS - photos.length
    if (room <= 0) return
    let picked: { tempFilePath: string; size: number }[]
    try {
      picked = (await Taro.chooseMedia({ count: room, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] })).tempFiles
    } catch {
      return
    }
    if (picked.some((f) => f.size > MAX_PHOTO_BYTES)) void Taro.showToast({ title: `超过${MAX_PHOTO_MB}MB的照片未添加`, icon: 'none' })
    const next: PickedPhoto[] = picked
      .filter((f) => f.size <= MAX_PHOTO_BYTES && !photos.some((p) => p.path === f.tempFilePath))
      .slice(0, room)
      .map((f) => ({ path: f.tempFilePath, size: f.size, status: 'uploading', progress: 0 }))
    setPhotos((list) => [...list, ...next])
    for (const p of next) void startUpload(p)
  }

  // ---------------------------------------------------------------- composer submit

  const submitComposer = async () => {
    if (!c || !composer) return
    const value = text.trim()
    if (composer === 'edit') {
      const next: Record<string, string> = {}
      if (title.trim().length < 4) next.title = '标题至少4个字'
      if (value.length < 10) next.body = '内容至少10个字'
      if (Object.keys(next).length) return setErrors(next)
      setBusy(true)
      try {
        setC(await editConsultation(c.id, { title: title.trim(), body: value }, { silent: true }))
        setComposer(null)
        void Taro.showToast({ title: '已修改', icon: 'none' })
      } catch (err) {
        fail(err)
      } finally {
        setBusy(false)
      }
      return
    }
    if (composer === 'reject') {
      if (value.length < 2) return setErrors({ reason: '请填写不予采纳的理由（至少2个字），提出人会看到' })
      return act({ action: 'reject', reason: value }, '已不予采纳')
    }
    if (composer === 'send_to_review') {
      if (value.length < 2) return setErrors({ reason: '请说明提交审核的理由（至少2个字），居民会看到' })
      return act({ action: 'send_to_review', reason: value }, '已提交社区审核')
    }
    if (composer === 'merge') {
      const target = targets?.[targetIndex]
      if (!target) return setErrors({ targetId: '请选择要合并到的议题' })
      return act({ action: 'merge', targetId: target.id, ...(value ? { reason: value } : {}) }, '已合并')
    }
    if (composer === 'open_voting') {
      if (!voting) return
      const res = votingInput(voting, true)
      if ('errors' in res) return setErrors(res.errors)
      return act({ action: 'open_voting', ...res.input }, '投票已开始')
    }
    if (composer === 'post_update') {
      const next: Record<string, string> = {}
      const p = Number(progress)
      if (!/^\d{1,3}$/.test(progress.trim()) || p > 100) next.progress = '请填写0到100之间的整数'
      if (value.length < 2) next.note = '请填写进展说明（至少2个字）'
      if (photos.some((x) => x.status === 'uploading')) next.photoKeys = '照片还在上传，请稍候'
      if (Object.keys(next).length) return setErrors(next)
      const keys = photos.filter((x) => x.status === 'done' && x.key).map((x) => x.key!)
      return act({ action: 'post_update', note: value, progress: p, ...(keys.length ? { photoKeys: keys } : {}) }, '进展已发布')
    }
    if (composer === 'complete') {
      if (value && value.length < 2) return setErrors({ note: '完成说明至少2个字' })
      return act({ action: 'complete', ...(value ? { note: value } : {}) }, '已标记落实完成')
    }
  }

  if (!c) {
    return <PageShell className='cdetail'>{error ? <ErrorState message={error} onRetry={() => void load()} /> : <Loading />}</PageShell>
  }

  const v = c.viewer
  const unit = c.voteRule === 'per_household' ? '户' : '人'
  const ended = ['done', 'lapsed', 'rejected', 'merged'].includes(c.status)
  const preview = (urls: string[], current: string) => void Taro.previewImage({ urls, current })
  const mine = v.voted ? stored : null
  const optionLabel = (optionId: string) => c.options.find((o) => o.id === optionId)?.label ?? '未知选项'

  type Action = { key: string; label: string; primary?: boolean; danger?: boolean; run: () => unknown }
  const staffActions: Action[] = v.isStaff
    ? ([
        c.status === 'proposed' && {
          key: 'approve',
          label: '审核通过',
          primary: true,
          run: () => confirmAct('审核通过', '内容审核通过后，议题开始征集附议。', { action: 'approve' }, '已审核通过'),
        },
        c.status === 'review' && {
          key: 'approve',
          label: '审核通过',
          primary: true,
          run: () => confirmAct('审核通过', '审核通过后议题进入讨论阶段，居民可以发表意见。', { action: 'approve' }, '已审核通过，进入讨论'),
        },
        // Before the threshold is reached, when the 党组织 or 居委会 consider it necessary (with a reason residents see).
        c.status === 'collecting' && { key: 'send_to_review', label: '提交审核', primary: true, run: () => open('send_to_review') },
        (c.status === 'review' || c.status === 'discussion') && { key: 'open_voting', label: '开始投票', primary: c.status === 'discussion', run: () => open('open_voting') },
        c.status === 'voting' && {
          key: 'close_voting',
          label: '结束投票',
          primary: true,
          run: () => confirmAct('结束投票', '结束后将立即计票并公布结果，居民不能再投票。确定结束吗？', { action: 'close_voting' }, '投票已结束，结果已公布'),
        },
        (c.status === 'decided' || c.status === 'implementing') && { key: 'post_update', label: '发布进展', primary: true, run: () => open('post_update') },
        (c.status === 'decided' || c.status === 'implementing') && { key: 'complete', label: '完成', run: () => open('complete') },
        ['proposed', 'collecting', 'review', 'discussion'].includes(c.status) && { key: 'merge', label: '合并', run: () => open('merge') },
        ['proposed', 'collecting', 'review'].includes(c.status) && { key: 'reject', label: '不予采纳', danger: true, run: () => open('reject') },
      ].filter(Boolean) as Action[])
    : []

  const fieldError = (key: string) => (errors[key] ? <Text className='cdetail__error'>{errors[key]}</Text> : null)

  return (
    <PageShell className='cdetail'>
      {/* ------------------------------------------------ the proposal */}
      <View className='card'>
        <View className='cdetail__head'>
          <Text className='cdetail__scope'>
            {SCOPE_LEVEL_LABELS[c.scope.level]} · {c.scope.name}
          </Text>
          <View className='cdetail__spacer' />
          <Tag type={consultationTagType(c.status)} className='cdetail__status'>
            {consultationStatusLabel(c.status)}
          </Tag>
        </View>
        <Text className='cdetail__title'>{c.title}</Text>
        <Text className='cdetail__body'>{c.body}</Text>
        {c.contentStatus === 'review' ? <View className='notice cdetail__notice'>内容审核中，审核通过前其他居民看不到。</View> : null}
        <View className='cdetail__facts'>
          <Text className='muted'>
            {c.byStaff ? '社区发起' : '提出人'}：{c.authorName}
            {v.isAuthor ? '（我）' : ''}
          </Text>
          <Text className='muted'>提出于 {formatTime(c.createdAt, true)}</Text>
        </View>
        {c.reason && (c.status === 'rejected' || c.status === 'merged') ? (
          <View className='cdetail__reason'>
            <Text>
              {c.status === 'rejected' ? '不予采纳理由' : '合并说明'}：{c.reason}
            </Text>
          </View>
        ) : null}
        {c.reviewReason && !['rejected', 'merged'].includes(c.status) ? (
          <View className='cdetail__reason cdetail__review-reason'>
            <Text>社区提交审核的理由：{c.reviewReason}</Text>
          </View>
        ) : null}
        {c.mergedInto ? (
          <Text className='cdetail__link' onClick={() => void Taro.navigateTo({ url: `/consult/pages/detail/index?id=${c.mergedInto}` })}>
            已合并，查看合并后的议题 ›
          </Text>
        ) : null}
        <View className='cdetail__head-actions'>
          {v.canEdit ? (
            <Button size='small' fill='outline' type='primary' onClick={() => open('edit')}>
              修改
            </Button>
          ) : null}
          {IS_WEAPP && !ended ? (
            <Button size='small' fill='outline' onClick={() => void remind()}>
              提醒我
            </Button>
          ) : null}
        </View>
      </View>

      {/* ------------------------------------------------ 附议 */}
      {!c.byStaff && ['proposed', 'collecting', 'review', 'lapsed'].includes(c.status) ? (
        <View className='card cdetail__support'>
          <Text className='card__title'>附议</Text>
          <View className='cdetail__progress'>
            <View className='cdetail__bar'>
              <View className='cdetail__fill' style={{ width: `${share(c.supportCount, c.supportThreshold)}%` }} />
            </View>
            <Text className='cdetail__figure'>
              {c.supportCount}/{c.supportThreshold}人
            </Text>
          </View>
          <Text className='muted cdetail__line'>
            {c.status === 'collecting'
              ? `还需${Math.max(0, c.supportThreshold - c.supportCount)}人附议即可提交社区审核${c.collectUntil ? `，截止 ${formatTime(c.collectUntil)}` : ''}`
              : c.status === 'review'
                ? c.reviewReason
                  ? '附议未达到人数，社区已提交审核（理由见上方）'
                  : '附议已达标，等待社区审核'
                : c.status === 'lapsed'
                  ? '附议期内未达到人数，征集已结束'
                  : '内容审核通过后开始征集附议'}
          </Text>
          {v.canSupport ? (
            <Button className='block-button' type='primary' block loading={busy} disabled={busy} onClick={() => void support()}>
              附议
            </Button>
          ) : v.supported ? (
            <Button className='block-button' block disabled>
              已附议
            </Button>
          ) : c.status === 'collecting' ? (
            <Text className='muted cdetail__line'>{v.isAuthor ? '您是提出人，可以邀请邻居来附议。' : `只有居住在${c.scope.name}的认证居民可以附议。`}</Text>
          ) : null}
          {c.status === 'collecting' ? (
            IS_WEAPP ? (
              <Button className='block-button cdetail__invite' type='primary' fill='outline' block openType='share'>
                邀请邻居附议
              </Button>
            ) : (
              <Button className='block-button cdetail__invite' type='primary' fill='outline' block onClick={copyLink}>
                邀请邻居附议
              </Button>
            )
          ) : null}
        </View>
      ) : null}

      {/* ------------------------------------------------ 投票 */}
      {c.status === 'voting' ? (
        <View className='card cdetail__voting'>
          <Text className='card__title'>投票</Text>
          <Text className='muted cdetail__line'>
            {VOTE_RULE_LABELS[c.voteRule]} · {c.maxChoices > 1 ? `最多选${c.maxChoices}项` : '单选'} · 不记名
          </Text>
          {c.votingEndsAt ? <Text className='cdetail__deadline'>截止 {formatTime(c.votingEndsAt, true)}</Text> : null}
          <View className='cdetail__turnout'>
            <View className='cdetail__progress'>
              <View className='cdetail__bar'>
                <View className='cdetail__fill' style={{ width: `${share(c.turnout ?? 0, c.eligible ?? 0)}%` }} />
              </View>
              <Text className='cdetail__figure'>
                已投 {c.turnout ?? 0}/{c.eligible ?? 0}
                {unit}
              </Text>
            </View>
            <Text className='muted'>
              投票率 {share(c.turnout ?? 0, c.eligible ?? 0)}%{c.quorum ? ` · 最低投票率 ${Math.round(c.quorum * 100)}%` : ''} · 投票结束前不公布各选项票数
            </Text>
          </View>

          {v.canVote && !fresh ? (
            <View className='cdetail__ballot'>
              {c.options.map((o) => {
                const on = choice.includes(o.id)
                return (
                  <View key={o.id} className={`cdetail__choice ${on ? 'cdetail__choice--on' : ''}`} onClick={() => toggle(o.id)}>
                    <View className={`cdetail__mark ${c.maxChoices > 1 ? 'cdetail__mark--box' : ''} ${on ? 'cdetail__mark--on' : ''}`}>
                      {on ? <Text className='cdetail__mark-tick'>{c.maxChoices > 1 ? '✓' : ''}</Text> : null}
                    </View>
                    <Text className='cdetail__choice-label'>{o.label}</Text>
                  </View>
                )
              })}
              {ballotError ? <Text className='cdetail__error'>{ballotError}</Text> : null}
              <Button className='block-button cdetail__vote' type='primary' size='large' block loading={busy} disabled={busy} onClick={() => void vote()}>
                投票
              </Button>
              <Text className='muted cdetail__line'>投票后不能修改。系统只记录您已投票，不记录您投了什么。</Text>
            </View>
          ) : v.voted || fresh ? (
            <View className='cdetail__voted'>
              <Text className='cdetail__voted-text'>✓ {c.voteRule === 'per_household' ? '您家已投票' : '您已投票'}</Text>
            </View>
          ) : (
            <Text className='muted cdetail__line'>
              {v.isStaff && !v.inScope
                ? '您不在本次投票的居民名单中，可以查看投票进度。'
                : v.inScope
                  ? '投票开始后入住或认证的居民不能参加本次投票。'
                  : `您不在本次投票的范围内（${c.scope.name}）。`}
            </Text>
          )}
        </View>
      ) : null}

      {/* ------------------------------------------------ the receipt */}
      {fresh || (mine && c.status === 'voting') ? (
        <View className='card cdetail__receipt'>
          <Text className='card__title'>投票回执码</Text>
          <Text className='cdetail__receipt-code'>{(fresh ?? mine)!.receipt}</Text>
          <Text className='cdetail__receipt-tip'>请保存回执码，结果公布后可核对您的投票已计入</Text>
          <Text className='muted cdetail__line'>
            您选择了：{(fresh ?? mine)!.optionIds.map(optionLabel).join('、')}。回执码已保存在本机；它不含您的身份信息，别人无法凭它知道是谁投的票。
          </Text>
          <Button
            className='block-button'
            fill='outline'
            type='primary'
            block
            onClick={() =>
              void Taro.setClipboardData({ data: (fresh ?? mine)!.receipt }).then(
                () => Taro.showToast({ title: '回执码已复制', icon: 'none' }),
                () => undefined,
              )
            }
          >
            复制回执码
          </Button>
        </View>
      ) : null}

      {/* ------------------------------------------------ results */}
      {c.results ? (
        <>
          <Text className='section-title'>表决结果</Text>
          <View className='card cdetail__results'>
            {c.results.quorumMet ? null : <View className='cdetail__invalid'>投票未达到最低投票率，结果无效</View>}
            <ResultsChart c={c} />
            {c.options.map((o) => {
              const count = c.results!.tallies.find((t) => t.optionId === o.id)?.count ?? 0
              return (
                <View key={o.id} className='cdetail__tally'>
                  <View className='cdetail__tally-head'>
                    <Text className='cdetail__tally-label'>{o.label}</Text>
                    <Text className='cdetail__tally-count'>
                      {count}票 · {share(count, c.results!.turnout)}%
                    </Text>
                  </View>
                  <View className='cdetail__bar'>
                    <View className='cdetail__fill' style={{ width: `${share(count, c.results!.turnout)}%` }} />
                  </View>
                </View>
              )
            })}
            <View className='cdetail__figures'>
              <View className='cdetail__figure-box'>
                <Text className='cdetail__figure-value'>{c.results.turnout}</Text>
                <Text className='muted'>投票{unit}数</Text>
              </View>
              <View className='cdetail__figure-box'>
                <Text className='cdetail__figure-value'>{c.results.eligible}</Text>
                <Text className='muted'>可投票{unit}数</Text>
              </View>
              <View className='cdetail__figure-box'>
                <Text className='cdetail__figure-value'>{share(c.results.turnout, c.results.eligible)}%</Text>
                <Text className='muted'>投票率</Text>
              </View>
            </View>
            <Text className={`cdetail__quorum ${c.results.quorumMet ? 'cdetail__quorum--ok' : 'cdetail__quorum--bad'}`}>
              {c.quorum
                ? c.results.quorumMet
                  ? `达到最低投票率 ${Math.round(c.quorum * 100)}%，结果有效`
                  : `未达到最低投票率 ${Math.round(c.quorum * 100)}%，结果无效`
                : '未设最低投票率，结果有效'}
            </Text>
          </View>

          <Text className='section-title'>核对回执</Text>
          <View className='card cdetail__check'>
            {mine ? <MyReceiptCheck receipt={mine} c={c} optionLabel={optionLabel} /> : null}
            <Text className='muted cdetail__line'>每张选票的回执码都公布在它所选的选项下，任何人都可以输入回执码核对。</Text>
            <View className='cdetail__lookup'>
              <Input
                className='cdetail__lookup-input'
                value={lookup}
                placeholder='输入回执码，如 ABCD-EFGH-JK'
                maxlength={20}
                onInput={(e) => {
                  setLookup(e.detail.value)
                  setLookupResult(null)
                }}
              />
              <Button
                size='small'
                type='primary'
                onClick={() => {
                  const code = normalizeReceipt(lookup)
                  if (!code) return setLookupResult({ found: false, text: '请输入回执码' })
                  const found = c.options.filter((o) => c.results!.receipts[o.id]?.includes(code)).map((o) => `“${o.label}”`)
                  setLookupResult(
                    found.length
                      ? { found: true, text: `回执码 ${code} 已计入：${found.join('、')}` }
                      : { found: false, text: `未找到回执码 ${code}，请检查是否输入正确` },
                  )
                }}
              >
                核对
              </Button>
            </View>
            {lookupResult ? (
              <Text className={`cdetail__lookup-result ${lookupResult.found ? 'cdetail__lookup-result--found' : 'cdetail__lookup-result--missing'}`}>
                {lookupResult.text}
              </Text>
            ) : null}
          </View>
        </>
      ) : null}

      {/* ------------------------------------------------ follow-up */}
      {['decided', 'implementing', 'done'].includes(c.status) || c.updates.length > 0 ? (
        <>
          <Text className='section-title'>落实情况</Text>
          <View className='card cdetail__follow'>
            <View className='cdetail__progress'>
              <View className='cdetail__bar cdetail__bar--thick'>
                <View className='cdetail__fill cdetail__fill--done' style={{ width: `${Math.max(0, Math.min(100, c.progress))}%` }} />
              </View>
              <Text className='cdetail__figure'>{c.progress}%</Text>
            </View>
            {c.updates.length === 0 ? <Text className='muted cdetail__line'>社区将在这里公布决议的落实进展。</Text> : null}
            {[...c.updates].reverse().map((u) => (
              <View key={u.id} className='cdetail__update'>
                <View className='cdetail__update-head'>
                  <Text className='cdetail__update-progress'>{u.progress}%</Text>
                  <Text className='muted'>
                    {formatTime(u.at)}
                    {u.authorName ? ` · ${u.authorName}` : ''}
                  </Text>
                </View>
                <Text className='cdetail__update-note'>{u.note}</Text>
                {u.photos.length > 0 ? (
                  <View className='cdetail__photos'>
                    {u.photos.map((p) => (
                      <Image key={p.key} className='cdetail__thumb' src={p.url} mode='aspectFill' onClick={() => preview(u.photos.map((x) => x.url), p.url)} />
                    ))}
                  </View>
                ) : null}
              </View>
            ))}
          </View>
        </>
      ) : null}

      {/* ------------------------------------------------ staff and author forms */}
      {composer ? (
        <View className='card cdetail__composer'>
          <Text className='card__title'>{COMPOSER_TITLES[composer]}</Text>
          {composer === 'send_to_review' ? (
            <Text className='muted cdetail__line'>
              附议{c.supportCount}/{c.supportThreshold}人，尚未达到。党组织或居委会认为有必要时，可直接提交社区审核；理由会显示在议题页和议事进程中，提出人会收到通知。
            </Text>
          ) : null}
          {composer === 'edit' ? (
            <>
              <Input
                className='cdetail__input'
                value={title}
                placeholder='标题（4–60字）'
                maxlength={60}
                onInput={(e) => {
                  setTitle(e.detail.value)
                  clearError('title')
                }}
              />
              {fieldError('title')}
            </>
          ) : null}
          {composer === 'merge' ? (
            targets === null ? (
              <Text className='muted'>加载议题中…</Text>
            ) : targets.length === 0 ? (
              <Text className='muted'>没有可以合并到的进行中议题</Text>
            ) : (
              <Picker
                mode='selector'
                range={targets.map((t) => t.title)}
                value={Math.max(0, targetIndex)}
                onChange={(e) => {
                  setTargetIndex(Number(e.detail.value))
                  clearError('targetId')
                }}
              >
                <View className='cdetail__select'>
                  <Text className='cdetail__select-text'>{targets[targetIndex]?.title ?? '请选择相似的议题'}</Text>
                  <Text className='muted'>选择 ›</Text>
                </View>
              </Picker>
            )
          ) : null}
          {composer === 'merge' ? fieldError('targetId') : null}
          {composer === 'open_voting' && voting ? (
            <VotingFields draft={voting} onChange={(patch) => setVoting({ ...voting, ...patch })} errors={errors} onClear={clearError} showEnd />
          ) : null}
          {composer === 'post_update' ? (
            <View className='cdetail__progress-input'>
              <Text>落实进度</Text>
              <Input
                className='cdetail__input cdetail__percent'
                type='number'
                value={progress}
                maxlength={3}
                onInput={(e) => {
                  setProgress(e.detail.value)
                  clearError('progress')
                }}
              />
              <Text>%</Text>
              <View className='cdetail__picks'>
                {PROGRESS_PICKS.map((p) => (
                  <Text key={p} className='cdetail__pick' onClick={() => setProgress(String(p))}>
                    {p}%
                  </Text>
                ))}
              </View>
            </View>
          ) : null}
          {composer === 'post_update' ? fieldError('progress') : null}
          {composer !== 'open_voting' && composer !== 'merge' ? (
            <Textarea
              className='cdetail__textarea'
              value={text}
              placeholder={
                composer === 'edit'
                  ? '内容（10–2000字）'
                  : composer === 'reject'
                    ? '请说明不予采纳的理由，提出人会看到'
                    : composer === 'send_to_review'
                      ? '请说明理由，居民都能看到。如：党组织认为有必要，提交居委会审核'
                    : composer === 'post_update'
                      ? '说说做了什么、下一步安排（居民都能看到）'
                      : '完成说明（选填），如：充电桩已安装并投入使用'
              }
              maxlength={composer === 'edit' ? 2000 : composer === 'reject' || composer === 'send_to_review' ? 500 : 1000}
              onInput={(e) => {
                setText(e.detail.value)
                clearError('body', 'reason', 'note')
              }}
            />
          ) : null}
          {composer === 'merge' ? (
            <Textarea
              className='cdetail__textarea'
              value={text}
              placeholder='合并说明（选填），如：与“东门充电桩”议题内容相同'
              maxlength={500}
              onInput={(e) => {
                setText(e.detail.value)
                clearError('reason')
              }}
            />
          ) : null}
          {fieldError('body')}
          {fieldError('reason')}
          {fieldError('note')}
          {composer === 'post_update' ? (
            <View className='cdetail__photos'>
              {photos.map((p) => (
                <View key={p.path} className='cdetail__photo'>
                  <Image className='cdetail__thumb cdetail__thumb--fill' src={p.path} mode='aspectFill' />
                  {p.status === 'uploading' ? <Text className='cdetail__photo-state'>{p.progress}%</Text> : null}
                  {p.status === 'error' ? (
                    <Text className='cdetail__photo-state cdetail__photo-state--error' onClick={() => void startUpload(p)}>
                      失败·重试
                    </Text>
                  ) : null}
                  <Text className='cdetail__photo-remove' onClick={() => setPhotos((list) => list.filter((x) => x.path !== p.path))}>
                    ×
                  </Text>
                </View>
              ))}
              {photos.length < MAX_PHOTOS ? (
                <View className='cdetail__photo cdetail__photo-add' onClick={() => void addPhotos()}>
                  <Text className='cdetail__photo-plus'>+</Text>
                  <Text className='muted'>照片</Text>
                </View>
              ) : null}
            </View>
          ) : null}
          {composer === 'post_update' ? fieldError('photoKeys') : null}
          {errors.form ? <Text className='cdetail__error'>{errors.form}</Text> : null}
          <View className='cdetail__composer-actions'>
            <Button size='small' onClick={() => setComposer(null)}>
              取消
            </Button>
            <Button
              size='small'
              type={composer === 'reject' ? 'danger' : 'primary'}
              loading={busy}
              disabled={busy}
              onClick={() => void submitComposer()}
            >
              {composer === 'edit'
                ? '保存修改'
                : composer === 'reject'
                  ? '确认不予采纳'
                  : composer === 'merge'
                    ? '确认合并'
                    : composer === 'send_to_review'
                      ? '确认提交审核'
                    : composer === 'open_voting'
                      ? '确认开始投票'
                      : composer === 'post_update'
                        ? '发布进展'
                        : '确认完成'}
            </Button>
          </View>
        </View>
      ) : staffActions.length > 0 ? (
        <>
          <Text className='section-title'>社区操作</Text>
          <View className='cdetail__actions'>
            {staffActions.map((a) => (
              <Button
                key={a.key}
                className='cdetail__action'
                type={a.danger ? 'danger' : 'primary'}
                fill={a.primary ? 'solid' : 'outline'}
                disabled={busy}
                onClick={() => void a.run()}
              >
                {a.label}
              </Button>
            ))}
          </View>
          {errors.form ? <Text className='cdetail__error cdetail__error--outside'>{errors.form}</Text> : null}
        </>
      ) : null}

      {/* ------------------------------------------------ discussion */}
      {c.status !== 'proposed' || v.isStaff || v.isAuthor ? <Comments c={c} onChanged={() => void load()} /> : null}

      {/* ------------------------------------------------ timeline */}
      <Text className='section-title'>议事进程</Text>
      <View className='card cdetail__timeline'>
        {[...c.timeline].reverse().map((e, i) => (
          <View key={e.id} className={`cdetail__event ${i === 0 ? 'cdetail__event--latest' : ''}`}>
            <View className='cdetail__dot' />
            <View className='cdetail__event-body'>
              <View className='cdetail__event-head'>
                <Text className='cdetail__event-type'>{TIMELINE_LABELS[e.type] ?? '进展'}</Text>
                <Text className='muted'>{e.actorName ?? (['threshold_reached', 'threshold_changed', 'lapsed', 'voting_closed'].includes(e.type) ? '系统' : '')}</Text>
              </View>
              <Text className='muted'>{formatTime(e.at, true)}</Text>
              {e.note ? <Text className='cdetail__event-note'>{e.note}</Text> : null}
            </View>
          </View>
        ))}
      </View>
    </PageShell>
  )
}

/** The device's own receipt, looked up under each option its ballot chose. */
function MyReceiptCheck({ receipt, c, optionLabel }: { receipt: VoteReceipt; c: ConsultationView; optionLabel: (id: string) => string }) {
  const results = c.results!
  const found = receipt.optionIds.length > 0 && receipt.optionIds.every((id) => results.receipts[id]?.includes(receipt.receipt))
  return found ? (
    <View className='cdetail__mine cdetail__mine--ok'>
      <Text className='cdetail__mine-title'>我的投票已计入 ✓</Text>
      <Text className='cdetail__mine-text'>
        回执码 {receipt.receipt} 出现在：{receipt.optionIds.map((id) => `“${optionLabel(id)}”`).join('、')}
      </Text>
    </View>
  ) : (
    <View className='cdetail__mine cdetail__mine--bad'>
      <Text className='cdetail__mine-title'>未在结果中找到我的回执码</Text>
      <Text className='cdetail__mine-text'>本机保存的回执码 {receipt.receipt} 没有出现在所选选项下，请联系社区工作人员核实。</Text>
    </View>
  )
}
