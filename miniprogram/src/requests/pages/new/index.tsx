import { useEffect, useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import { Image, Input, Picker, Text, Textarea, View } from '@tarojs/components'
import { Button, Switch } from '@nutui/nutui-react-taro'
import {
  CreateRequestInput,
  REQUEST_CATEGORIES,
  REQUEST_CATEGORY_LABELS,
  URGENCY_LABELS,
  type Building,
  type RequestCategory,
  type Urgency,
} from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading } from '../../../components/StateView'
import { getCommunity } from '../../../services/community'
import { useSession } from '../../../services/session'
import { ApiError, errorMessage, fieldErrors, isNetworkError, newIdempotencyKey } from '../../../services/http'
import { askFilingSubscriptions, createRequest, findSimilar, meToo, prefetchTemplates, sendSubscriptions, type CreateRequestBody } from '../../requests.api'
import { MAX_PHOTOS, MAX_PHOTO_MB, uploadPhoto, type PickedPhoto } from '../../../services/upload'
import { VoiceRecorder, useVoiceNote, type VoiceDraft } from '../../components/Voice'
import PendingList from '../../components/PendingList'
import type { Recording } from '../../voice'
import { enqueue, loadFormDraft, onFiled, pendingAll, readable, saveFormDraft, takeForEdit, type PendingRequest } from '../../drafts'
import { canFileOnBehalf } from '../../../services/roles'
import { PlaceMarker } from '../../components/RequestPlace'
import { statusLabel } from '../../format'
import { formatDate } from '../../../services/format'
import { MAX_PHOTO_BYTES } from '@linli/shared'
import './index.css'

const DESCRIPTION_MAX = 1000
const CATEGORY_MARKS: Record<RequestCategory, string> = {
  property: '物',
  environment: '环',
  facility: '修',
  dispute: '邻',
  elderly: '老',
  parking: '车',
  safety: '安',
  other: '他',
}

interface Draft {
  category: RequestCategory | null
  title: string
  description: string
  buildingId: string | null
  address: string
  /** The point marked with 标注当前位置 (WGS-84, requests/location.ts) and the map's name for it, if any. */
  lat?: number
  lng?: number
  place?: string
  urgency: Urgency
  anonymous: boolean
  /** 同意工作人员电话联系我: on by default; a 代办 request always gives its contact to the handlers. */
  phoneConsent: boolean
  onBehalf: boolean
  behalf: { name: string; buildingId: string | null; unit: string; room: string; phone: string }
}

const EMPTY_DRAFT: Draft = {
  category: null,
  title: '',
  description: '',
  buildingId: null,
  address: '',
  lat: undefined,
  lng: undefined,
  place: undefined,
  urgency: 'normal',
  anonymous: false,
  phoneConsent: true,
  onBehalf: false,
  behalf: { name: '', buildingId: null, unit: '', room: '', phone: '' },
}

/**
 * What the form holds, kept on the phone (requests/drafts.ts) as it is typed: leaving to check something, a
 * failed submit, WeChat closing the app, never loses what an elderly user typed. Cleared after filing.
 */
interface FormSnapshot {
  draft: Draft
  photos: PickedPhoto[]
  voice: VoiceDraft | null
}


interface Similar {
  id: string
  category: RequestCategory
  /** Only where the caller may read it (public requests, their own): other residents' words stay private. */
  excerpt?: string
  /** Whether 我也遇到 is possible (exactly the requests the caller may see). */
  joinable: boolean
  createdAt: string
  status: Parameters<typeof statusLabel>[0]
  meTooCount: number
  joined?: boolean
}

/** 反映诉求: category, words, place, urgency, photos; duplicate suggestions before filing; 代办 for staff. */
export default function NewRequestPage() {
  const session = useSession()
  const { current } = session
  const behalfAllowed = canFileOnBehalf(session)

  const communityId = current?.communityId
  const [draft, setDraftState] = useState<Draft>(() => (communityId && loadFormDraft<FormSnapshot>(communityId)?.draft) || EMPTY_DRAFT)
  const setDraft = (patch: Partial<Draft>) => setDraftState((d) => ({ ...d, ...patch }))
  const setBehalf = (patch: Partial<Draft['behalf']>) => setDraft({ behalf: { ...draft.behalf, ...patch } })

  const [buildings, setBuildings] = useState<Building[] | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [photos, setPhotos] = useState<PickedPhoto[]>([])
  const { voice, setVoice, upload: uploadVoiceNote } = useVoiceNote(true)
  const [restored, setRestored] = useState(false)
  const [uploadsOff, setUploadsOff] = useState(false)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [submitting, setSubmitting] = useState(false)
  /** Similar open requests for the chosen category and building, null until asked. */
  const [similar, setSimilar] = useState<Similar[] | null>(null)
  const [similarFor, setSimilarFor] = useState('')
  const [similarShown, setSimilarShown] = useState(false)

  const loadBuildings = async () => {
    if (!current) return
    setLoadError(null)
    try {
      const detail = await getCommunity(current.communityId, { silent: true })
      setBuildings(detail.buildings)
    } catch (err) {
      setLoadError(errorMessage(err))
    }
  }

  useEffect(() => {
    void loadBuildings()
    void prefetchTemplates()
  }, [current?.communityId])

  // Bring back what was being written here (photos and voice only while their local files still exist).
  useEffect(() => {
    if (!communityId) return
    let live = true
    const kept = loadFormDraft<FormSnapshot>(communityId)
    if (kept) setDraftState({ ...EMPTY_DRAFT, ...kept.draft })
    void (async () => {
      const media = [...(kept?.photos ?? []), ...(kept?.voice ? [kept.voice] : [])]
      const alive = await Promise.all(media.map((m) => readable(m.path)))
      if (!live) return
      const ok = new Set(media.filter((_, i) => alive[i]).map((m) => m.path))
      // An upload cut off by leaving the page is retried at submit (or with the waiting request).
      const settle = <T extends { status: string; key?: string }>(m: T): T => (m.status === 'uploading' || m.status === 'error' ? { ...m, status: m.key ? 'done' : 'waiting' } : m)
      setPhotos((kept?.photos ?? []).filter((p) => ok.has(p.path)).map(settle))
      setVoice(kept?.voice && ok.has(kept.voice.path) ? settle(kept.voice) : null)
      if (ok.size < media.length) void Taro.showToast({ title: '部分照片或语音已失效，请重新添加', icon: 'none' })
      setRestored(true)
    })()
    return () => {
      live = false
    }
  }, [communityId])

  // 编辑 tapped on a waiting request in 我的诉求: it comes back into this form.
  const pendingParam = Taro.getCurrentInstance().router?.params?.pending
  useEffect(() => {
    if (!restored || !pendingParam) return
    const item = pendingAll().find((p) => p.id === pendingParam)
    if (item) editPending(item)
  }, [restored, pendingParam])

  // Keep the form on the phone as it changes (after restoring, so an empty first render does not overwrite it).
  useEffect(() => {
    if (!communityId || !restored) return
    const blank = JSON.stringify(draft) === JSON.stringify(EMPTY_DRAFT) && photos.length === 0 && !voice
    saveFormDraft(communityId, blank ? null : ({ draft, photos, voice } satisfies FormSnapshot))
  }, [draft, photos, voice, restored])

  // A waiting request filed while the form is open: say where it went.
  useEffect(
    () =>
      onFiled(({ requestId }) => {
        void Taro.showModal({ title: '待发送的诉求已提交', content: '网络恢复后已提交，请等待社区受理。', confirmText: '查看', cancelText: '留在此页' }).then(
          (r) => r.confirm && void Taro.navigateTo({ url: `/requests/pages/detail/index?id=${requestId}&from=mine` }),
        )
        return true
      }),
    [],
  )

  // Preselect the resident's own building (changeable); 代办 starts from it too.
  useEffect(() => {
    if (!draft.buildingId && current?.household) setDraft({ buildingId: current.household.buildingId })
  }, [current?.household?.buildingId])

  const buildingId = draft.onBehalf ? draft.behalf.buildingId : draft.buildingId
  const similarKey = `${draft.category ?? ''}|${buildingId ?? ''}`

  // Ask for similar requests as soon as category and building are known, so the submit tap has them at hand.
  useEffect(() => {
    if (!draft.category) return
    let live = true
    setSimilar(null)
    setSimilarShown(false)
    findSimilar(draft.category, buildingId ?? undefined, { silent: true })
      .then((res) => {
        if (!live) return
        setSimilar(res.items)
        setSimilarFor(similarKey)
      })
      .catch(() => live && setSimilar([]))
    return () => {
      live = false
    }
  }, [similarKey])

  const buildingName = (id: string | null) => buildings?.find((b) => b.id === id)?.name ?? '请选择楼栋'
  const clearError = (...keys: string[]) =>
    setErrors((e) => {
      const next = { ...e }
      for (const k of keys) delete next[k]
      delete next.form
      return next
    })

  // ---------------------------------------------------------------- photos

  const patchPhoto = (path: string, patch: Partial<PickedPhoto>) =>
    setPhotos((list) => list.map((p) => (p.path === path ? { ...p, ...patch } : p)))

  const startUpload = async (photo: PickedPhoto) => {
    patchPhoto(photo.path, { status: 'uploading', progress: 0, error: undefined })
    try {
      const key = await uploadPhoto(photo.path, photo.size, (progress) => patchPhoto(photo.path, { progress }))
      patchPhoto(photo.path, { status: 'done', key, progress: 100 })
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.code === 'NOT_FOUND')) {
        // Uploads are not deployed yet: say so once and let the user file with words only.
        setUploadsOff(true)
        setPhotos([])
        void Taro.showToast({ title: '照片上传暂不可用', icon: 'none' })
        return
      }
      // No network: the photo waits and goes up with the request when the network returns.
      if (isNetworkError(err)) patchPhoto(photo.path, { status: 'waiting', error: undefined })
      else patchPhoto(photo.path, { status: 'error', error: errorMessage(err) })
    }
  }

  // ---------------------------------------------------------------- voice

  const startVoiceUpload = (rec: Recording) => {
    clearError('description', 'voiceKey')
    return uploadVoiceNote(rec)
  }

  const addPhotos = async () => {
    const room = MAX_PHOTOS - photos.length
    if (room <= 0) return
    let picked: { tempFilePath: string; size: number }[]
    try {
      const res = await Taro.chooseMedia({ count: room, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] })
      picked = res.tempFiles
    } catch {
      return // the user closed the picker
    }
    const tooBig = picked.filter((f) => f.size > MAX_PHOTO_BYTES)
    if (tooBig.length) void Taro.showToast({ title: `有${tooBig.length}张照片超过${MAX_PHOTO_MB}MB，未添加`, icon: 'none' })
    const fresh: PickedPhoto[] = picked
      .filter((f) => f.size <= MAX_PHOTO_BYTES && !photos.some((p) => p.path === f.tempFilePath))
      .slice(0, room)
      .map((f) => ({ path: f.tempFilePath, size: f.size, status: 'uploading', progress: 0 }))
    setPhotos((list) => [...list, ...fresh])
    clearError('photoKeys')
    for (const p of fresh) void startUpload(p)
  }

  const removePhoto = (path: string) => setPhotos((list) => list.filter((p) => p.path !== path))

  // ---------------------------------------------------------------- submit

  const body = useMemo((): CreateRequestBody | null => {
    if (!draft.category) return null
    const b: CreateRequestBody = {
      category: draft.category,
      description: draft.description.trim(),
      urgency: draft.urgency,
      anonymous: draft.anonymous,
    }
    if (!draft.onBehalf) b.phoneConsent = draft.phoneConsent
    if (draft.title.trim()) b.title = draft.title.trim()
    const location: NonNullable<CreateRequestBody['location']> = {}
    if (!draft.onBehalf && draft.buildingId) location.buildingId = draft.buildingId
    if (draft.address.trim()) location.address = draft.address.trim()
    if (draft.lat != null && draft.lng != null) {
      location.lat = draft.lat
      location.lng = draft.lng
      if (draft.place) location.place = draft.place
    }
    if (Object.keys(location).length) b.location = location
    const keys = photos.filter((p) => p.status === 'done' && p.key).map((p) => p.key!)
    if (keys.length) b.photoKeys = keys
    if (voice?.status === 'done' && voice.key) b.voiceKey = voice.key
    if (draft.onBehalf) {
      b.onBehalfOf = {
        name: draft.behalf.name.trim(),
        buildingId: draft.behalf.buildingId ?? '',
        unit: draft.behalf.unit.trim(),
        room: draft.behalf.room.trim(),
      }
      if (draft.behalf.phone.trim()) b.onBehalfOf.phone = draft.behalf.phone.trim()
    }
    return b
  }, [draft, photos, voice])

  const validate = (): CreateRequestBody | null => {
    if (!body) {
      setErrors({ category: '请选择问题类别' })
      return null
    }
    // A voice note still to be uploaded (no network) counts as said: it goes up before the request does.
    const local = CreateRequestInput.safeParse(voice && !voice.key && voice.status === 'waiting' ? { ...body, voiceKey: 'voice/waiting' } : body)
    if (!local.success) {
      const next: Record<string, string> = {}
      for (const issue of local.error.issues) {
        const key = issue.path.join('.')
        if (key === 'onBehalfOf.buildingId') next[key] = '请选择楼栋'
        else if (!next[key]) next[key] = issue.message
      }
      setErrors(next)
      return null
    }
    if (photos.some((p) => p.status === 'uploading') || voice?.status === 'uploading') {
      void Taro.showToast({ title: voice?.status === 'uploading' ? '语音还在上传，请稍候' : '照片还在上传，请稍候', icon: 'none' })
      return null
    }
    return body
  }

  const submit = async (force = false) => {
    const input = validate()
    if (!input) return
    // Duplicate suggestion first (FixMyStreet): one more "我也遇到" helps more than a second request.
    if (!force && similar && similar.length > 0 && similarFor === similarKey && !similarShown) {
      setSimilarShown(true)
      // The card is below the form: bring it into view and say so, or the tap seems to do nothing.
      void Taro.showToast({ title: '附近已有类似诉求，请先看一看', icon: 'none' })
      setTimeout(() => void Taro.pageScrollTo({ selector: '.rnew__similar', duration: 300 }).catch(() => undefined), 50)
      return
    }
    // Ask for subscribe messages inside the tap (weapp); it never blocks filing.
    const granted = askFilingSubscriptions()
    // One key for this submit: if the reply is lost and the request waits for the network, it is sent again with
    // this same key, so it can never be filed twice.
    const idempotencyKey = newIdempotencyKey()
    if (photos.some((p) => p.status === 'waiting') || voice?.status === 'waiting') return queue(input, idempotencyKey)
    setSubmitting(true)
    setErrors({})
    try {
      const created = await createRequest(input, { silent: true, idempotencyKey })
      void granted.then((templates) => sendSubscriptions(templates, created.id))
      resetForm()
      void Taro.showToast({ title: created.contentStatus === 'review' ? '已提交，内容审核后公开' : '已提交，请等待受理', icon: 'none' })
      void Taro.redirectTo({ url: `/requests/pages/detail/index?id=${created.id}&from=mine` })
    } catch (err) {
      if (isNetworkError(err)) return queue(input, idempotencyKey)
      const byField = fieldErrors(err)
      if (err instanceof ApiError && err.code === 'CONTENT_REJECTED') byField.description = err.message
      setErrors(Object.keys(byField).length ? byField : { form: errorMessage(err) })
      if (!Object.keys(byField).length) void Taro.showToast({ title: errorMessage(err), icon: 'none' })
    } finally {
      setSubmitting(false)
    }
  }

  const resetForm = () => {
    if (communityId) saveFormDraft(communityId, null)
    setDraftState(EMPTY_DRAFT)
    setPhotos([])
    setVoice(null)
    setSimilarShown(false)
  }

  /** No network: the request waits in 待发送 (on this phone) and is sent by itself when the network returns. */
  const queue = (input: CreateRequestBody, idempotencyKey: string) => {
    if (!communityId) return
    const { photoKeys: _p, voiceKey: _v, ...rest } = input
    enqueue({
      communityId,
      idempotencyKey,
      body: rest,
      photos: photos.filter((p) => p.status === 'done' || p.status === 'waiting').map((p) => ({ path: p.path, size: p.size, key: p.key })),
      voice: voice && (voice.status === 'done' || voice.status === 'waiting') ? { path: voice.path, size: voice.size, seconds: voice.seconds, contentType: voice.contentType, key: voice.key } : undefined,
      form: draft,
    })
    resetForm()
    setSubmitting(false)
    void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined)
    void Taro.showModal({ title: '网络不通，已存入待发送', content: '诉求保存在手机上，网络恢复后会自动提交，不会重复提交。', showCancel: false, confirmText: '知道了' })
  }

  /** 编辑 a waiting request: back into the form; submitting it again makes it a new request (a new key). */
  const editPending = (item: PendingRequest) => {
    const taken = takeForEdit(item.id)
    if (!taken) return
    setDraftState({ ...EMPTY_DRAFT, ...(taken.form as Partial<Draft>) })
    setPhotos(taken.photos.map((p) => ({ path: p.path, size: p.size, key: p.key, status: p.key ? 'done' : 'waiting', progress: p.key ? 100 : 0 })))
    setVoice(taken.voice ? { ...taken.voice, status: taken.voice.key ? 'done' : 'waiting' } : null)
    setErrors({})
  }

  const joinSimilar = async (s: Similar) => {
    try {
      const res = await meToo(s.id)
      setSimilar((list) => (list ?? []).map((x) => (x.id === s.id ? { ...x, meTooCount: res.meTooCount, joined: true } : x)))
      void Taro.showToast({ title: '已记录，办理进展会通知您', icon: 'none' })
    } catch {
      // toast shown by http.ts
    }
  }

  const fieldError = (key: string) => (errors[key] ? <Text className='rnew__error'>{errors[key]}</Text> : null)

  if (!current || current.status !== 'active') {
    return (
      <PageShell className='rnew'>
        {session.status === 'loading' ? <Loading /> : <View className='notice'>加入社区并通过审核后才能反映诉求。</View>}
      </PageShell>
    )
  }

  return (
    <PageShell className='rnew'>
      <PendingList communityId={communityId} onEdit={editPending} />
      <Text className='section-title'>问题类别 *</Text>
      <View className='card rnew__categories'>
        {REQUEST_CATEGORIES.map((c) => (
          <View
            key={c}
            className={`rnew__category ${draft.category === c ? 'rnew__category--on' : ''}`}
            onClick={() => {
              setDraft({ category: c })
              clearError('category')
            }}
          >
            <Text className='rnew__category-mark'>{CATEGORY_MARKS[c]}</Text>
            <Text className='rnew__category-label'>{REQUEST_CATEGORY_LABELS[c]}</Text>
          </View>
        ))}
        {fieldError('category')}
      </View>

      <Text className='section-title'>问题描述</Text>
      <View className='card'>
        <View className='rnew__field'>
          <Text className='rnew__label'>标题（选填）</Text>
          <Input
            className='rnew__input'
            value={draft.title}
            placeholder='一句话概括，如：3号楼电梯停运'
            maxlength={40}
            onInput={(e) => {
              setDraft({ title: e.detail.value })
              clearError('title')
            }}
          />
          {fieldError('title')}
        </View>
        <View className='rnew__field'>
          <Text className='rnew__label'>详细描述 *（也可以说一段话代替）</Text>
          <Textarea
            className='rnew__textarea'
            value={draft.description}
            placeholder='请说清楚发生了什么、在哪里、持续多久（至少5个字）'
            maxlength={DESCRIPTION_MAX}
            onInput={(e) => {
              setDraft({ description: e.detail.value })
              clearError('description')
            }}
          />
          <Text className='rnew__count'>
            {draft.description.length}/{DESCRIPTION_MAX}
          </Text>
          {fieldError('description')}
        </View>
        <View className='rnew__field'>
          <Text className='rnew__label'>语音（选填，打字不方便可以直接说）</Text>
          <VoiceRecorder
            value={voice}
            onRecorded={(rec) => void startVoiceUpload(rec)}
            onRemove={() => setVoice(null)}
            onRetry={() => voice && void startVoiceUpload(voice)}
          />
          {fieldError('voiceKey')}
        </View>
      </View>

      <Text className='section-title'>照片（选填，最多{MAX_PHOTOS}张）</Text>
      <View className='card'>
        {uploadsOff ? (
          <Text className='muted'>照片上传暂不可用，可以只用文字描述提交。</Text>
        ) : (
          <View className='rnew__photos'>
            {photos.map((p) => (
              <View key={p.path} className='rnew__photo'>
                <Image className='rnew__thumb' src={p.path} mode='aspectFill' />
                {p.status === 'uploading' ? <Text className='rnew__photo-state'>{p.progress}%</Text> : null}
                {p.status === 'waiting' ? <Text className='rnew__photo-state'>联网后上传</Text> : null}
                {p.status === 'error' ? (
                  <Text className='rnew__photo-state rnew__photo-state--error' onClick={() => void startUpload(p)}>
                    失败·重试
                  </Text>
                ) : null}
                <Text className='rnew__photo-remove' onClick={() => removePhoto(p.path)}>
                  ×
                </Text>
              </View>
            ))}
            {photos.length < MAX_PHOTOS ? (
              <View className='rnew__photo rnew__photo-add' onClick={() => void addPhotos()}>
                <Text className='rnew__photo-plus'>+</Text>
                <Text className='rnew__photo-hint'>添加照片</Text>
              </View>
            ) : null}
          </View>
        )}
        {fieldError('photoKeys')}
      </View>

      <Text className='section-title'>地点</Text>
      <View className='card'>
        {!draft.onBehalf ? (
          <View className='rnew__field'>
            <Text className='rnew__label'>楼栋</Text>
            {buildings === null ? (
              loadError ? (
                <ErrorState message={loadError} onRetry={() => void loadBuildings()} />
              ) : (
                <Text className='muted'>加载中…</Text>
              )
            ) : (
              <Picker
                mode='selector'
                range={buildings.map((b) => b.name)}
                value={Math.max(0, buildings.findIndex((b) => b.id === draft.buildingId))}
                onChange={(e) => setDraft({ buildingId: buildings[Number(e.detail.value)]?.id ?? null })}
              >
                <View className='rnew__select'>
                  <Text>{buildingName(draft.buildingId)}</Text>
                  <Text className='muted'>更换 ›</Text>
                </View>
              </Picker>
            )}
            {fieldError('location.buildingId')}
          </View>
        ) : null}
        {/* Beside the building, never instead of it: the building routes the request, the point finds the spot. */}
        <PlaceMarker
          value={draft.lat != null && draft.lng != null ? { lat: draft.lat, lng: draft.lng, place: draft.place } : null}
          onChange={(p) => {
            setDraft({ lat: p?.lat, lng: p?.lng, place: p?.place })
            clearError('location.place', 'location.lat', 'location.lng')
          }}
        />
        {fieldError('location.place') ?? fieldError('location.lng') ?? fieldError('location.lat')}
        <View className='rnew__field'>
          <Text className='rnew__label'>具体位置（选填）</Text>
          <Input
            className='rnew__input'
            value={draft.address}
            placeholder='如：2单元门口、地下车库B区'
            maxlength={100}
            onInput={(e) => {
              setDraft({ address: e.detail.value })
              clearError('location.address')
            }}
          />
          {fieldError('location.address')}
        </View>
      </View>

      <Text className='section-title'>其他</Text>
      <View className='card'>
        <View className='rnew__row'>
          <Text>紧急程度</Text>
          <View className='rnew__segs'>
            {(['normal', 'urgent'] as const).map((u) => (
              <Text
                key={u}
                className={`rnew__seg ${draft.urgency === u ? `rnew__seg--on ${u === 'urgent' ? 'rnew__seg--urgent' : ''}` : ''}`}
                onClick={() => setDraft({ urgency: u })}
              >
                {URGENCY_LABELS[u]}
              </Text>
            ))}
          </View>
        </View>
        <View className='rnew__row'>
          <View className='rnew__row-text'>
            <Text>匿名反映</Text>
            <Text className='muted'>其他居民看不到您的姓名，工作人员仍可联系您</Text>
          </View>
          <Switch checked={draft.anonymous} onChange={(on) => setDraft({ anonymous: on })} />
        </View>
        {!draft.onBehalf ? (
          <View className='rnew__row'>
            <View className='rnew__row-text'>
              <Text>同意工作人员电话联系我</Text>
              <Text className='muted'>{draft.phoneConsent ? '办理人员可看到您登记的电话，一键拨打；其他居民看不到' : '办理人员看不到您的电话，只在小程序里回复您'}</Text>
            </View>
            <Switch className='rnew__consent' checked={draft.phoneConsent} onChange={(on) => setDraft({ phoneConsent: on })} />
          </View>
        ) : null}
        {behalfAllowed ? (
          <View className='rnew__row'>
            <View className='rnew__row-text'>
              <Text>代办</Text>
              <Text className='muted'>替没有手机的居民反映</Text>
            </View>
            <Switch
              checked={draft.onBehalf}
              onChange={(on) => setDraft({ onBehalf: on, behalf: { ...draft.behalf, buildingId: draft.behalf.buildingId ?? draft.buildingId } })}
            />
          </View>
        ) : null}
      </View>

      {draft.onBehalf ? (
        <>
          <Text className='section-title'>代办居民信息</Text>
          <View className='card'>
            <View className='rnew__field'>
              <Text className='rnew__label'>居民姓名 *</Text>
              <Input
                className='rnew__input'
                value={draft.behalf.name}
                placeholder='如：王大爷'
                maxlength={20}
                onInput={(e) => {
                  setBehalf({ name: e.detail.value })
                  clearError('onBehalfOf.name')
                }}
              />
              {fieldError('onBehalfOf.name')}
            </View>
            <View className='rnew__field'>
              <Text className='rnew__label'>楼栋 *</Text>
              <Picker
                mode='selector'
                range={(buildings ?? []).map((b) => b.name)}
                value={Math.max(0, (buildings ?? []).findIndex((b) => b.id === draft.behalf.buildingId))}
                onChange={(e) => {
                  setBehalf({ buildingId: buildings?.[Number(e.detail.value)]?.id ?? null })
                  clearError('onBehalfOf.buildingId')
                }}
              >
                <View className='rnew__select'>
                  <Text>{buildingName(draft.behalf.buildingId)}</Text>
                  <Text className='muted'>选择 ›</Text>
                </View>
              </Picker>
              {fieldError('onBehalfOf.buildingId')}
            </View>
            <View className='rnew__pair'>
              <View className='rnew__field rnew__field--half'>
                <Text className='rnew__label'>单元 *</Text>
                <Input className='rnew__input' value={draft.behalf.unit} placeholder='如：1' maxlength={16} onInput={(e) => setBehalf({ unit: e.detail.value })} />
                {fieldError('onBehalfOf.unit')}
              </View>
              <View className='rnew__field rnew__field--half'>
                <Text className='rnew__label'>房号 *</Text>
                <Input className='rnew__input' value={draft.behalf.room} placeholder='如：101' maxlength={16} onInput={(e) => setBehalf({ room: e.detail.value })} />
                {fieldError('onBehalfOf.room')}
              </View>
            </View>
            <View className='rnew__field'>
              <Text className='rnew__label'>联系电话（选填）</Text>
              <Input className='rnew__input' type='number' value={draft.behalf.phone} placeholder='11位手机号' maxlength={11} onInput={(e) => setBehalf({ phone: e.detail.value })} />
              {fieldError('onBehalfOf.phone')}
            </View>
          </View>
        </>
      ) : null}

      {similarShown && similar && similar.length > 0 ? (
        <View className='card rnew__similar'>
          <Text className='card__title'>附近已有类似诉求</Text>
          <Text className='muted'>
            同一楼栋近30天内已有人反映过同类问题，社区正在办理。
            {similar.some((s) => s.joinable) ? '公开的诉求可点“我也遇到”一起关注办理进展，不必重复提交。' : '如果情况不同，仍可提交您的诉求。'}
          </Text>
          <Text className='muted rnew__similar-help'>
            {similar.some((s) => s.joinable) ? '“我也遇到”：不再新提交，办理进展会通知您。' : ''}“仍要提交”：作为一条新的诉求提交给社区。
          </Text>
          {similar.map((s) => (
            <View key={s.id} className='rnew__similar-item'>
              {/* Other residents' private requests show that they exist, never what they say. */}
              <Text className={s.excerpt ? 'rnew__similar-text' : 'rnew__similar-text muted'}>{s.excerpt ?? `${REQUEST_CATEGORY_LABELS[s.category]}类诉求（内容不公开）`}</Text>
              <View className='rnew__similar-foot'>
                <Text className='muted'>
                  {formatDate(s.createdAt)} · {statusLabel(s.status)} · {s.meTooCount}人也遇到
                </Text>
                {s.joinable ? (
                  <Button size='small' type='primary' fill={s.joined ? 'outline' : 'solid'} disabled={s.joined} onClick={() => void joinSimilar(s)}>
                    {s.joined ? '已关注' : '我也遇到'}
                  </Button>
                ) : null}
              </View>
            </View>
          ))}
        </View>
      ) : null}

      {errors.form ? <View className='rnew__form-error'>{errors.form}</View> : null}
      <Button
        className='block-button rnew__submit'
        type='primary'
        size='large'
        block
        loading={submitting}
        disabled={submitting}
        onClick={() => void submit(similarShown)}
      >
        {similarShown && similar && similar.length > 0 ? '仍要提交' : '提交'}
      </Button>
    </PageShell>
  )
}
