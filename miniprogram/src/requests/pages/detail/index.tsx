import { useEffect, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { Image, Picker, Text, Textarea, View } from '@tarojs/components'
import { Button, Tag } from '@nutui/nutui-react-taro'
import {
  DEFAULT_COMMUNITY_SETTINGS,
  NOTE_AUDIENCE_LABELS,
  OPEN_STATUSES,
  REQUEST_CATEGORY_LABELS,
  RATING_LEVEL_LABELS,
  REQUEST_LEVEL_LABELS,
  ROLE_LABELS,
  ratingLevel,
  type Membership,
  type NoteAudience,
  type RequestActionInput,
  type RequestView,
  type TimelineEntry,
} from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading } from '../../../components/StateView'
import { listActiveResidents } from '../../../services/community'
import { getCommunity } from '../../../services/community'
import { useSession } from '../../../services/session'
import { ApiError, errorMessage, fieldErrors } from '../../../services/http'
import { statusLabel, statusTagType, timeLeft } from '../../format'
import { formatTime } from '../../../services/format'
import { actOnRequest, approveContent, approvePhoto, getRequest, rateRequest, setRequestPublic, getReplyTemplates } from '../../requests.api'
import { VoicePlayer, VoiceRecorder, useVoiceNote } from '../../components/Voice'
import { isHandler } from '../../../services/roles'
import { RequestPlace } from '../../components/RequestPlace'
import './index.css'

const TIMELINE_LABELS: Record<string, string> = {
  submitted: '提交诉求',
  accept: '受理',
  assign: '分派',
  reply: '回复',
  resolve: '办结',
  escalated_community: '上报社区',
  escalated_street: '上报街道',
  reject: '不予受理',
  reopen: '申请重新办理',
  withdraw: '撤回',
  rated_satisfied: '评价',
  rated_unsatisfied: '评价：不满意',
  rated_unsatisfied_reopened: '评价：不满意，重新办理',
  auto_closed: '自动关闭',
}

type Composer = 'reply' | 'resolve' | 'escalate' | 'reject' | 'reopen' | 'rate' | 'assign'

const COMPOSER: Record<Exclude<Composer, 'rate' | 'assign'>, { title: string; placeholder: string; confirm: string; field: string }> = {
  reply: { title: '回复', placeholder: '请输入回复内容', confirm: '发送回复', field: 'body' },
  resolve: { title: '办结', placeholder: '请填写办理结果，居民会看到', confirm: '确认办结', field: 'note' },
  escalate: { title: '上报', placeholder: '请说明上报原因，如：需要街道协调多个部门', confirm: '确认上报', field: 'reason' },
  reject: { title: '不予受理', placeholder: '请说明原因，居民会看到', confirm: '确认不予受理', field: 'reason' },
  reopen: { title: '申请重新办理', placeholder: '请说明还有什么问题没有解决', confirm: '提交申请', field: 'reason' },
}

/** Members who can take a request: grid workers, staff and admins of the community. */
/** The picker says who each person is and which grid they serve (a grid worker of another grid may be chosen). */
let gridNames: Record<string, string> = {}
function assigneeLabel(m: Membership): string {
  const role = m.roles.includes('admin') ? ROLE_LABELS.admin : m.roles.includes('staff') ? ROLE_LABELS.staff : ROLE_LABELS.grid_worker
  const grids = m.roles.includes('grid_worker') ? m.gridIds.map((g) => gridNames[g]).filter(Boolean) : []
  return `${m.name}（${role}${grids.length ? `·${grids.join('、')}` : ''}）`
}

async function loadAssignees(communityId: string): Promise<Membership[]> {
  const community = await getCommunity(communityId, { silent: true }).catch(() => null)
  if (community) gridNames = Object.fromEntries(community.grids.map((g) => [g.id, g.name]))
  const out: Membership[] = []
  let cursor: string | undefined
  for (let i = 0; i < 5; i++) {
    const page = await listActiveResidents(cursor, { silent: true })
    out.push(...page.items.filter((m) => m.roles.some((r) => r === 'grid_worker' || r === 'staff' || r === 'admin')))
    if (!page.nextCursor) break
    cursor = page.nextCursor
  }
  return out
}

/** 诉求详情: what was asked, where it stands, its timeline, and the actions this person may take now. */
export default function RequestDetailPage() {
  const router = useRouter()
  const id = router.params.id ?? ''
  const session = useSession()
  const [r, setR] = useState<RequestView | null>(null)
  // The server says what this person is to the request; someone who is both (staff filing their own) gets the
  // filer's actions from 我的诉求 and the handler's from the queue.
  const handler = r ? r.viewer.isHandler : isHandler(session)
  const asFiler = r ? r.viewer.isFiler && (router.params.from !== 'queue' || !r.viewer.isHandler) : router.params.from !== 'queue'

  const [error, setError] = useState<string | null>(null)
  const [composer, setComposer] = useState<Composer | null>(null)
  const [text, setText] = useState('')
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [templates, setTemplates] = useState<string[] | null>(null)
  const [assignees, setAssignees] = useState<Membership[] | null>(null)
  const [assigneeIndex, setAssigneeIndex] = useState(-1)
  // Who a handler's note is for; residents' notes always go to the handlers and themselves.
  const [audience, setAudience] = useState<NoteAudience>('filer')
  const [score, setScore] = useState(0)
  // A reply by voice (residents who would rather speak): recorded, uploaded, sent with the reply.
  const { voice: replyVoice, setVoice: setReplyVoice, upload: uploadReplyVoice } = useVoiceNote(false)

  const load = async () => {
    setError(null)
    try {
      setR(await getRequest(id, { silent: true }))
    } catch (err) {
      setError(errorMessage(err))
    }
  }

  useEffect(() => {
    void load()
  }, [id])
  // Back from another page, the request may have moved on.
  useDidShow(() => {
    if (r) void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const open = (c: Composer) => {
    setComposer(c)
    setText('')
    setAudience('filer')
    setFormError(null)
    setScore(0)
    setReplyVoice(null)
    if (c === 'reply' && handler && templates === null) {
      // 常用回复: the community's own, which admins edit in 社区设置.
      getReplyTemplates({ silent: true })
        .then((s) => setTemplates(s.items))
        .catch(() => setTemplates(DEFAULT_COMMUNITY_SETTINGS.replyTemplates))
    }
    if (c === 'assign' && assignees === null) {
      loadAssignees(r?.communityId ?? '')
        .then(setAssignees)
        .catch((err) => {
          setAssignees([])
          setFormError(errorMessage(err))
        })
    }
  }

  const done = (next: RequestView, message: string) => {
    setR({ ...next, timeline: next.timeline ?? r?.timeline })
    setComposer(null)
    setText('')
    void Taro.showToast({ title: message, icon: 'none' })
    // The response may lack the timeline; the full view follows.
    if (!next.timeline) void load()
  }

  const fail = (err: unknown, field?: string) => {
    const byField = fieldErrors(err)
    setFormError((field && byField[field]) || Object.values(byField)[0] || errorMessage(err))
  }

  const act = async (body: RequestActionInput, message: string, field?: string) => {
    if (!r) return
    setBusy(true)
    setFormError(null)
    try {
      done(await actOnRequest(r.id, body, { silent: true }), message)
    } catch (err) {
      fail(err, field)
      if (!composer) void Taro.showToast({ title: errorMessage(err), icon: 'none' })
      // 409: the request moved on under us (someone else accepted it); show where it stands now.
      if (err instanceof ApiError && err.status === 409) void load()
    } finally {
      setBusy(false)
    }
  }

  const confirmSimple = async (title: string, content: string, body: RequestActionInput, message: string) => {
    const { confirm } = await Taro.showModal({ title, content })
    if (confirm) await act(body, message)
  }

  const submitComposer = async () => {
    if (!r || !composer) return
    if (composer === 'assign') {
      const who = assignees?.[assigneeIndex]
      if (!who) return setFormError('请选择负责人')
      return act({ action: 'assign', assigneeId: who.userId }, `已分派给${who.name}`)
    }
    if (composer === 'rate') {
      if (score < 1) return setFormError('请点星评价（1–5星）')
      setBusy(true)
      setFormError(null)
      try {
        // One step: the server reads 满意 / 基本满意 / 不满意 from the stars.
        const next = await rateRequest(r.id, { score, ...(text.trim() ? { comment: text.trim() } : {}) }, { silent: true })
        done(next, next.status === 'reopened' ? '已提交评价，社区将重新办理' : '感谢您的评价')
      } catch (err) {
        fail(err, 'comment')
        if (err instanceof ApiError && err.status === 409) void load()
      } finally {
        setBusy(false)
      }
      return
    }
    const value = text.trim()
    const c = COMPOSER[composer]
    const voiceKey = composer === 'reply' && replyVoice?.status === 'done' ? replyVoice.key : undefined
    if (composer === 'reply' && replyVoice && !voiceKey) return setFormError(replyVoice.status === 'uploading' ? '语音还在上传，请稍候' : '语音未上传成功，请点“重试”')
    if (!value && !voiceKey) return setFormError(`请填写${c.title === '回复' ? '回复内容（或说一段话）' : '内容'}`)
    const withAudience = handler && !asFiler && composer !== 'reopen'
    const body = { action: composer, ...(value ? { [c.field]: value } : {}), ...(voiceKey ? { voiceKey } : {}), ...(withAudience ? { audience } : {}) } as RequestActionInput
    const messages: Record<typeof composer, string> = {
      reply: '已回复',
      resolve: '已办结',
      escalate: '已上报',
      reject: '已不予受理',
      reopen: '已申请重新办理',
    }
    await act(body, messages[composer], c.field)
  }

  const togglePublic = async () => {
    if (!r) return
    setBusy(true)
    try {
      const next = await setRequestPublic(r.id, !r.public)
      done(next, next.public ? '已公开（不含个人信息）' : '已取消公开')
    } catch {
      // toast shown by http.ts
    } finally {
      setBusy(false)
    }
  }

  /** Staff review: texts WeChat's content security held, and photos its media check did not pass. */
  const review = async (run: () => Promise<RequestView>, message: string) => {
    setBusy(true)
    try {
      done(await run(), message)
    } catch {
      // toast shown by http.ts
    } finally {
      setBusy(false)
    }
  }

  if (!r) {
    return <PageShell className='rdetail'>{error ? <ErrorState message={error} onRetry={() => void load()} /> : <Loading />}</PageShell>
  }

  const isOpen = OPEN_STATUSES.includes(r.status)
  const working = ['accepted', 'in_progress', 'reopened'].includes(r.status)
  const photosToShow = r.photos
  const preview = (urls: string[], current: string) => void Taro.previewImage({ urls, current })

  const filerActions = asFiler
    ? [
        r.status === 'submitted' && { key: 'withdraw', label: '撤回', run: () => confirmSimple('撤回诉求', '撤回后社区将不再办理，确定撤回吗？', { action: 'withdraw' }, '已撤回') },
        (isOpen || r.status === 'resolved') && { key: 'reply', label: '回复', run: () => open('reply') },
        r.status === 'resolved' && !r.rating && { key: 'rate', label: '评价', primary: true, run: () => open('rate') },
        r.status === 'resolved' && r.reopenCount < 1 && { key: 'reopen', label: '申请重新办理', run: () => open('reopen') },
      ]
    : []
  const handlerActions =
    handler && !asFiler
      ? [
          r.status === 'submitted' && { key: 'accept', label: '受理', primary: true, run: () => act({ action: 'accept' }, '已受理') },
          working && { key: 'assign', label: '分派', run: () => open('assign') },
          (isOpen || r.status === 'resolved') && { key: 'reply', label: '回复', run: () => open('reply') },
          working && { key: 'resolve', label: '办结', primary: true, run: () => open('resolve') },
          isOpen && r.level !== 'street' && { key: 'escalate', label: '上报', run: () => open('escalate') },
          (r.status === 'submitted' || r.status === 'accepted') && { key: 'reject', label: '不予受理', danger: true, run: () => open('reject') },
          { key: 'public', label: r.public ? '取消公开' : '公开', run: () => void togglePublic() },
          (r.contentStatus === 'review' || r.timeline?.some((e) => e.pendingReview)) && {
            key: 'approve-content',
            label: '审核通过文字',
            run: () => void review(() => approveContent(r.id), '文字已审核通过'),
          },
        ]
      : []
  type Action = { key: string; label: string; primary?: boolean; danger?: boolean; run: () => unknown }
  const actions = [...filerActions, ...handlerActions].filter(Boolean) as Action[]

  return (
    <PageShell className='rdetail'>
      <View className='card'>
        <View className='rdetail__head'>
          <Text className='rdetail__category'>{REQUEST_CATEGORY_LABELS[r.category]}</Text>
          {r.urgency === 'urgent' ? <Tag type='danger' className='rdetail__tag'>紧急</Tag> : null}
          <View className='rdetail__spacer' />
          <Tag type={statusTagType(r.status)} className='rdetail__status'>
            {statusLabel(r.status)}
          </Tag>
        </View>
        {r.title ? <Text className='rdetail__title'>{r.title}</Text> : null}
        {r.description ? <Text className='rdetail__desc'>{r.description}</Text> : null}
        {!r.description && !r.voice ? <Text className='rdetail__desc muted'>居民以语音反映，语音只有办理人员能听。</Text> : null}
        {r.voice ? (
          <View className='rdetail__voice'>
            <VoicePlayer url={r.voice.url} seconds={r.voice.seconds} contentType={r.voice.contentType} held={!r.voice.approved} />
          </View>
        ) : null}
        {r.contentStatus === 'review' ? <View className='notice rdetail__notice'>内容审核中，审核通过前其他居民看不到。</View> : null}
        <View className='rdetail__facts'>
          <Text className='muted'>提交于 {formatTime(r.createdAt, true)}</Text>
          <RequestPlace r={r} />
          {r.filerName || r.household ? (
            <Text className='muted'>
              反映人：{r.filerName ?? ''}
              {r.household ? `（${r.household}）` : ''}
              {r.anonymous ? ' · 匿名' : ''}
              {r.filedOnBehalf ? ' · 代办' : ''}
            </Text>
          ) : null}
          {r.contact ? (
            <View className='rdetail__call-row'>
              <Text className='muted'>
                {r.filedOnBehalf ? '代办联系人' : '居民电话'}：{r.contact.name}
                {r.contact.phone ? ` ${r.contact.phone}` : '（未留电话）'}（仅办理人员可见）
              </Text>
              {r.contact.phone ? <CallButton phone={r.contact.phone} label='拨打' /> : null}
            </View>
          ) : null}
          <Text className='muted'>
            {r.meTooCount > 0 ? `${r.meTooCount}人也遇到` : ''}
            {r.meTooCount > 0 && r.public ? ' · ' : ''}
            {r.public ? '已公开' : ''}
          </Text>
        </View>
      </View>

      {isOpen && (handler || r.viewer.isFiler) ? (
        <View className='card rdetail__deadlines'>
          {/* Who holds it now, and by when it is promised: the filer sees what the handlers see. */}
          <View className='rdetail__holder'>
            <Text className='muted'>当前办理：{REQUEST_LEVEL_LABELS[r.level]}</Text>
            {r.assigneeName ? <Text className='rdetail__holder-name'>负责人 {r.assigneeName}</Text> : <Text className='muted'>待受理</Text>}
            {r.assigneePhone && !(handler && r.assigneeId === session.current?.userId) ? <CallButton phone={r.assigneePhone} label='联系负责人' /> : null}
            {handler && !r.assigneePhone && r.assigneeId && r.assigneeId === session.current?.userId ? (
              <Text className='rdetail__link' onClick={() => void Taro.navigateTo({ url: '/staff/pages/profile/index' })}>
                设置工作电话，居民可一键联系您 ›
              </Text>
            ) : null}
          </View>
          <View className='rdetail__deadline-row'>
            <Deadline label={handler ? '响应时限' : '承诺响应'} iso={r.respondBy} done={r.status !== 'submitted'} />
            <Deadline label={handler ? '办结时限' : '承诺办结'} iso={r.resolveBy} done={false} />
          </View>
        </View>
      ) : r.assigneeName && (handler || r.viewer.isFiler) ? (
        <View className='card'>
          <Text className='muted'>负责人：{r.assigneeName}（{REQUEST_LEVEL_LABELS[r.level]}）</Text>
        </View>
      ) : null}

      {photosToShow.length > 0 ? (
        <View className='card'>
          <Text className='card__title'>照片</Text>
          <View className='rdetail__photos'>
            {photosToShow.map((p) => (
              <View key={p.key} className='rdetail__photo' onClick={() => preview(photosToShow.map((x) => x.url), p.url)}>
                <Image className='rdetail__thumb' src={p.url} mode='aspectFill' />
                {!p.approved ? <Text className='rdetail__photo-state'>审核中</Text> : null}
                {!p.approved && handler && !asFiler ? (
                  <Text
                    className='rdetail__photo-approve'
                    onClick={(e) => {
                      e.stopPropagation()
                      void review(() => approvePhoto(r.id, p.key), '照片已审核通过')
                    }}
                  >
                    通过
                  </Text>
                ) : null}
              </View>
            ))}
          </View>
        </View>
      ) : null}

      {r.rating ? (
        <View className='card rdetail__rating'>
          <Text className='card__title'>评价</Text>
          <Text>
            {RATING_LEVEL_LABELS[ratingLevel(r.rating.score)]} · {'★'.repeat(r.rating.score)}
            {'☆'.repeat(5 - r.rating.score)}
          </Text>
          {r.rating.comment ? <Text className='muted rdetail__block'>{r.rating.comment}</Text> : null}
        </View>
      ) : null}

      <Text className='section-title'>办理进度</Text>
      <View className='card rdetail__timeline'>
        {(r.timeline ?? []).length === 0 ? <Text className='muted'>暂无记录</Text> : null}
        {[...(r.timeline ?? [])].reverse().map((e, i) => (
          <TimelineItem key={e.id} entry={e} latest={i === 0} showAudience={handler} onPreview={preview} />
        ))}
      </View>

      {composer ? (
        <View className='card rdetail__composer'>
          <Text className='card__title'>{composer === 'rate' ? '评价办理结果' : composer === 'assign' ? '分派' : COMPOSER[composer].title}</Text>
          {composer === 'assign' ? (
            assignees === null ? (
              <Text className='muted'>加载人员中…</Text>
            ) : assignees.length === 0 ? (
              <Text className='muted'>没有可分派的网格员或工作人员</Text>
            ) : (
              <Picker mode='selector' range={assignees.map(assigneeLabel)} value={Math.max(0, assigneeIndex)} onChange={(e) => setAssigneeIndex(Number(e.detail.value))}>
                <View className='rdetail__select'>
                  <Text>{assignees[assigneeIndex]?.name ?? '请选择负责人'}</Text>
                  <Text className='muted'>选择 ›</Text>
                </View>
              </Picker>
            )
          ) : null}
          {composer === 'rate' ? (
            <>
              {/* One step, big targets: each star says what it means. */}
              <View className='rdetail__stars'>
                {[1, 2, 3, 4, 5].map((n) => (
                  <View key={n} className={`rdetail__star-cell ${n <= score ? 'rdetail__star-cell--on' : ''}`} onClick={() => setScore(n)}>
                    <Text className={`rdetail__star ${n <= score ? 'rdetail__star--on' : ''}`}>{n <= score ? '★' : '☆'}</Text>
                    <Text className='rdetail__star-word'>{RATING_LEVEL_LABELS[ratingLevel(n)]}</Text>
                  </View>
                ))}
              </View>
              <Text className='rdetail__score'>{score > 0 ? `${score}星 · ${RATING_LEVEL_LABELS[ratingLevel(score)]}` : '请点星评价'}</Text>
              {score > 0 && ratingLevel(score) === 'unsatisfied' && r.reopenCount < 1 ? <Text className='muted rdetail__block'>选择不满意后，社区将重新办理一次。</Text> : null}
            </>
          ) : null}
          {composer === 'reply' && handler && !asFiler && templates && templates.length > 0 ? (
            <View className='rdetail__templates'>
              <Text className='muted'>常用回复：</Text>
              {templates.map((t) => (
                <Text key={t} className='rdetail__template' onClick={() => setText(t)}>
                  {t}
                </Text>
              ))}
            </View>
          ) : null}
          {composer !== 'assign' && composer !== 'rate' && composer !== 'reopen' && handler && !asFiler ? (
            <View className='rdetail__audience'>
              <Text className='muted rdetail__audience-label'>谁能看到：</Text>
              {COMPOSER_AUDIENCES.map((a) => (
                <Text key={a} className={`rdetail__audience-option ${audience === a ? 'rdetail__audience-option--on' : ''}`} onClick={() => setAudience(a)}>
                  {NOTE_AUDIENCE_LABELS[a]}
                </Text>
              ))}
              <Text className='muted rdetail__block'>{AUDIENCE_HINTS[audience]}</Text>
            </View>
          ) : null}
          {composer !== 'assign' ? (
            <Textarea
              className='rdetail__textarea'
              value={text}
              placeholder={composer === 'rate' ? '说说您的看法（选填）' : COMPOSER[composer].placeholder}
              maxlength={composer === 'rate' ? 500 : 1000}
              onInput={(e) => {
                setText(e.detail.value)
                setFormError(null)
              }}
            />
          ) : null}
          {composer === 'reply' ? (
            <View className='rdetail__voice'>
              <VoiceRecorder
                value={replyVoice}
                label='或者说一段话（最长60秒）'
                onRecorded={(rec) => void uploadReplyVoice(rec)}
                onRemove={() => setReplyVoice(null)}
                onRetry={() => replyVoice && void uploadReplyVoice(replyVoice)}
              />
            </View>
          ) : null}
          {formError ? <Text className='rdetail__error'>{formError}</Text> : null}
          <View className='rdetail__composer-actions'>
            <Button size='small' onClick={() => setComposer(null)}>
              取消
            </Button>
            <Button size='small' type='primary' loading={busy} disabled={busy} onClick={() => void submitComposer()}>
              {composer === 'rate' ? '提交评价' : composer === 'assign' ? '确认分派' : COMPOSER[composer].confirm}
            </Button>
          </View>
        </View>
      ) : actions.length > 0 ? (
        <View className='rdetail__actions'>
          {actions.map((a) => (
            <Button
              key={a.key}
              className='rdetail__action'
              type={a.danger ? 'danger' : 'primary'}
              fill={a.primary ? 'solid' : 'outline'}
              disabled={busy}
              loading={busy && a.primary}
              onClick={() => void a.run()}
            >
              {a.label}
            </Button>
          ))}
        </View>
      ) : null}
    </PageShell>
  )
}

/** One tap to call (WeChat's makePhoneCall; a tel: link on H5). */
function CallButton({ phone, label }: { phone: string; label: string }) {
  return (
    <Button size='small' type='primary' fill='outline' className='rdetail__call' onClick={() => void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)}>
      {label}
    </Button>
  )
}

function Deadline({ label, iso, done }: { label: string; iso: string; done: boolean }) {
  const left = timeLeft(iso)
  return (
    <View className='rdetail__deadline'>
      <Text className='muted'>{label}</Text>
      <Text>{formatTime(iso)}</Text>
      {done ? (
        <Text className='rdetail__badge rdetail__badge--done'>已响应</Text>
      ) : (
        <Text className={`rdetail__badge ${left.overdue ? 'rdetail__badge--overdue' : ''}`}>{left.label}</Text>
      )}
    </View>
  )
}

/** The default (to the filer) first. */
const COMPOSER_AUDIENCES: NoteAudience[] = ['filer', 'internal', 'public']

const AUDIENCE_HINTS: Record<NoteAudience, string> = {
  internal: '仅社区工作人员和办理人员可见，居民看不到。',
  filer: '反映人和办理人员可见。',
  public: '所有能看到这条诉求的人都可见（公开后包括其他居民和12345平台），请勿写入姓名、电话、门牌。',
}

function TimelineItem({ entry: e, latest, showAudience, onPreview }: { entry: TimelineEntry; latest: boolean; showAudience: boolean; onPreview: (urls: string[], current: string) => void }) {
  return (
    <View className={`rdetail__event ${latest ? 'rdetail__event--latest' : ''}`}>
      <View className='rdetail__dot' />
      <View className='rdetail__event-body'>
        <View className='rdetail__event-head'>
          <Text className='rdetail__event-type'>{TIMELINE_LABELS[e.type] ?? e.type}</Text>
          <Text className='muted'>{e.actorLabel}</Text>
        </View>
        <Text className='muted'>{formatTime(e.at, true)}</Text>
        {e.note ? <Text className='rdetail__event-note'>{e.note}</Text> : null}
        {e.note && showAudience && e.audience && e.audience !== 'filer' ? <Text className='muted rdetail__event-audience'>{NOTE_AUDIENCE_LABELS[e.audience]}</Text> : null}
        {e.voice ? (
          <View className='rdetail__voice'>
            <VoicePlayer url={e.voice.url} seconds={e.voice.seconds} contentType={e.voice.contentType} held={!e.voice.approved} />
          </View>
        ) : null}
        {e.pendingReview ? <Text className='muted'>内容审核中，其他居民暂不可见</Text> : null}
        {e.photos && e.photos.length > 0 ? (
          <View className='rdetail__photos'>
            {e.photos.map((p) => (
              <Image key={p.key} className='rdetail__thumb rdetail__thumb--small' src={p.url} mode='aspectFill' onClick={() => onPreview(e.photos!.map((x) => x.url), p.url)} />
            ))}
          </View>
        ) : null}
      </View>
    </View>
  )
}
