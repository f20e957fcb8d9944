import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { CreateRequestInput } from '@linli/shared'
import { useForm } from '../../../components/useForm'
import { useRecord } from '../../../components/useRecord'
import { getCommunity } from '../../../services/community'
import { check } from '../../../services/form'
import { errorMessage, isNetworkError, newIdempotencyKey } from '../../../services/http'
import { MAX_PHOTOS } from '../../../services/upload'
import { useSession } from '../../../services/session'
import { canFile, isMobileGrid } from '../../../services/roles'
import { askFilingSubscriptions, createRequest, prefetchTemplates, sendSubscriptions, type CreateRequestBody } from '../../requests.api'
import { useVoiceNote } from '../../components/Voice'
import type { Recording } from '../../voice'
import { enqueue, loadFormDraft, onFiled, saveFormDraft, takeForEdit, type PendingRequest } from '../../drafts'
import { EMPTY_DRAFT, bodyToCheck, findingDraft, requestBody, type Draft, type DraftForm, type FormSnapshot } from './draft'
import { showFiled } from './filed'
import { useKeptDraft } from './useKeptDraft'
import { usePhotoUploads } from '../../../components/usePhotoUploads'
import { useSimilar } from './useSimilar'
import { useVisitPrefill, visitDraft } from './useVisitPrefill'

/** The page's own words where the schema's would not help (an empty building id is "Invalid"). */
const MESSAGES = { 'onBehalfOf.buildingId': '请选择楼栋' }


/**
 * Everything the 反映诉求 form does besides showing itself: the form and its copy on the phone, the community's
 * buildings, photos and voice, similar requests, and the submit — filed now, or kept in 待发送 without a network.
 * Opened from a patrol (`?patrolId=…&buildingId=…`) it files a finding of that patrol instead (巡查发现), with
 * 就地办结; such a finding starts fresh rather than from the resident's draft kept on the phone, and is not kept there.
 */
export function useNewRequest() {
  const session = useSession()
  const { current } = session
  const communityId = current?.communityId
  const params = Taro.getCurrentInstance().router?.params ?? {}
  const patrolId = params.patrolId || null
  // 走访转代办 (?visitId=): a finding of a visit, filed on behalf of the visited household.
  const visitId = (!patrolId && params.visitId) || null
  // The copy on the phone is the resident's form: a patrol finding is quick, and must not replace it; nor may a
  // visit's finding (visit notes stay off the phone's storage).
  const keptIn = patrolId || visitId ? undefined : communityId
  // 流动网格员上报: asked for (?source=mobile_grid), or the only way a 流动网格员 who lives elsewhere files at all.
  const reporter = isMobileGrid(session)
  const reporterOnly = reporter && !canFile(session)
  const asMobileGrid = !patrolId && !visitId && reporter && (params.source === 'mobile_grid' || reporterOnly)

  const form: DraftForm = useForm<Draft, typeof CreateRequestInput>({
    schema: CreateRequestInput,
    initial: () => {
      if (patrolId) return findingDraft(patrolId, params.buildingId || null)
      if (visitId) return visitDraft(visitId)
      const kept = (communityId && loadFormDraft<FormSnapshot>(communityId)?.draft) || EMPTY_DRAFT
      return asMobileGrid ? { ...kept, mobileGrid: true, onBehalf: false } : kept
    },
    messages: MESSAGES,
  })
  const draft = form.values
  const finding = draft.finding
  const fromVisit = useVisitPrefill(visitId, form)
  const maxPhotos = form.limits('photoKeys').maxItems ?? MAX_PHOTOS
  const photos = usePhotoUploads({ purpose: 'request', max: maxPhotos, waitForNetwork: true, onAdded: () => form.clear('photoKeys') })
  // Photos of what was done on the spot: sent with the filing, so they are up before it (they do not wait for a network).
  const onSpotPhotos = usePhotoUploads({ purpose: 'request', max: form.limits('resolvedOnSpot.photoKeys').maxItems ?? MAX_PHOTOS, onAdded: () => form.clear('resolvedOnSpot.photoKeys') })
  const { voice, setVoice, upload: uploadVoiceNote } = useVoiceNote(true)
  const [submitting, setSubmitting] = useState(false)

  const community = useRecord((opts) => (communityId ? getCommunity(communityId, opts).then((d) => d.buildings) : Promise.resolve([])), [communityId], { refreshOnShow: false })
  useEffect(() => {
    void prefetchTemplates()
  }, [communityId])

  /** 编辑 a waiting request: back into the form; submitting it again makes it a new request (a new key). */
  const editPending = (item: PendingRequest) => {
    const taken = takeForEdit(item.id)
    if (!taken) return
    form.reset({ ...EMPTY_DRAFT, ...(taken.form as Partial<Draft>) })
    photos.setPhotos(taken.photos.map((p) => ({ path: p.path, size: p.size, key: p.key, status: p.key ? 'done' : 'waiting', progress: p.key ? 100 : 0 })))
    setVoice(taken.voice ? { ...taken.voice, status: taken.voice.key ? 'done' : 'waiting' } : null)
  }

  useKeptDraft({ communityId: keptIn, form, photos, voice, setVoice, editPending })

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

  // Preselect the resident's own building (changeable); 代办 starts from it too. A finding, or a 流动网格员's report,
  // is where it was found.
  useEffect(() => {
    if (!draft.buildingId && !draft.finding && !draft.mobileGrid && current?.household) form.set({ buildingId: current.household.buildingId })
  }, [current?.household?.buildingId])
  // A 流动网格员's report needs a place: a spot written or marked answers "no building", so that error goes.
  useEffect(() => {
    if (draft.mobileGrid && (draft.address.trim() || draft.place || draft.lat != null)) form.clear('location.buildingId')
  }, [draft.address, draft.place, draft.lat])
  // A 流动网格员 who lives elsewhere has no other way to file (the session may arrive after the form).
  useEffect(() => {
    if (reporterOnly && !patrolId && !draft.mobileGrid) form.set({ mobileGrid: true, onBehalf: false })
  }, [reporterOnly])

  // A finder does not join a neighbour's request with 我也遇到: they handle it, so no suggestions delay the finding;
  // nor does a 流动网格员 (me-too is a resident's).
  const similar = useSimilar(finding || draft.mobileGrid ? null : draft.category, draft.onBehalf ? draft.behalf.buildingId : draft.buildingId)

  const recordVoice = (rec: Recording) => {
    form.clear('description', 'voiceKey')
    return uploadVoiceNote(rec)
  }

  /** The body to send, checked with the endpoint's schema; null with the errors (or a toast) shown. */
  const validate = (): CreateRequestBody | null => {
    const body = requestBody(draft, photos.photos, voice, onSpotPhotos.photos)
    if (!body) {
      form.setErrors({ category: '请选择问题类别' })
      return null
    }
    const checked = check(CreateRequestInput, bodyToCheck(body, voice), MESSAGES)
    if (!checked.ok) {
      form.setErrors(checked.errors)
      return null
    }
    if (photos.photos.some((p) => p.status === 'uploading') || voice?.status === 'uploading' || (finding?.onSpot && onSpotPhotos.uploading)) {
      void Taro.showToast({ title: voice?.status === 'uploading' ? '语音还在上传，请稍候' : '照片还在上传，请稍候', icon: 'none' })
      return null
    }
    if (finding?.onSpot && onSpotPhotos.photos.some((p) => p.status !== 'done')) {
      form.setErrors({ 'resolvedOnSpot.photoKeys': '有处理后的照片没有上传成功，请点“失败·重试”或删除' })
      return null
    }
    return body
  }

  const resetForm = () => {
    if (keptIn) saveFormDraft(keptIn, null)
    // A finding's form stays one for the same patrol (the next finding, or behind the 已就地办结 dialog).
    form.reset(finding ? findingDraft(finding.patrolId, null) : EMPTY_DRAFT)
    photos.setPhotos([])
    onSpotPhotos.setPhotos([])
    setVoice(null)
    similar.setShown(false)
  }

  /** No network: the request waits in 待发送 (on this phone) and is sent by itself when the network returns. */
  const queue = (input: CreateRequestBody, idempotencyKey: string) => {
    if (!communityId) return
    const { photoKeys: _p, voiceKey: _v, ...rest } = input
    enqueue({
      communityId,
      idempotencyKey,
      body: rest,
      photos: photos.photos.filter((p) => p.status === 'done' || p.status === 'waiting').map((p) => ({ path: p.path, size: p.size, key: p.key })),
      voice: voice && (voice.status === 'done' || voice.status === 'waiting') ? { path: voice.path, size: voice.size, seconds: voice.seconds, contentType: voice.contentType, key: voice.key } : undefined,
      form: draft,
    })
    resetForm()
    setSubmitting(false)
    void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined)
    void Taro.showModal({ title: '网络不通，已存入待发送', content: '诉求保存在手机上，网络恢复后会自动提交，不会重复提交。', showCancel: false, confirmText: '知道了' })
  }

  /** 提交, or 仍要提交 (`force`) once the similar requests were shown. */
  const submit = async (force = false) => {
    const input = validate()
    if (!input) return
    // Duplicate suggestion first (FixMyStreet): one more "我也遇到" helps more than a second request.
    if (!force && similar.fresh && !similar.shown) {
      similar.setShown(true)
      // The card is below the form: bring it into view and say so, or the tap seems to do nothing.
      void Taro.showToast({ title: '附近已有类似诉求，请先看一看', icon: 'none' })
      setTimeout(() => void Taro.pageScrollTo({ selector: '.rnew__similar', duration: 300 }).catch(() => undefined), 50)
      return
    }
    // Ask for subscribe messages inside the tap (weapp); it never blocks filing. A finder follows their finding in the
    // 工作台, not through notices about their own work.
    const granted = finding ? Promise.resolve([]) : askFilingSubscriptions()
    // One key for this submit: if the reply is lost and the request waits for the network, it is sent again with
    // this same key, so it can never be filed twice.
    const idempotencyKey = newIdempotencyKey()
    if (photos.photos.some((p) => p.status === 'waiting') || voice?.status === 'waiting') return queue(input, idempotencyKey)
    setSubmitting(true)
    form.setErrors({})
    try {
      const created = await createRequest(input, { silent: true, idempotencyKey })
      void granted.then((templates) => sendSubscriptions(templates, created.id))
      resetForm()
      showFiled(created)
    } catch (err) {
      if (isNetworkError(err)) return queue(input, idempotencyKey)
      // A refused text (内容安全) belongs under the description.
      const errors = form.fail(err, 'description')
      if (errors.form) void Taro.showToast({ title: errorMessage(err), icon: 'none' })
    } finally {
      setSubmitting(false)
    }
  }

  return {
    session,
    communityId,
    /** Holds 流动网格员 and may also file as a resident: the form offers the switch between the two. */
    reporterChoice: reporter && !reporterOnly && !patrolId && !visitId,
    /** 走访转代办: the visit's address once read, or why it could not be. */
    fromVisit: visitId ? fromVisit : null,
    form,
    maxPhotos,
    photos,
    onSpotPhotos,
    voice,
    setVoice,
    recordVoice,
    buildings: community.data,
    buildingsError: community.error,
    reloadBuildings: () => void community.load(),
    similar,
    submitting,
    submit,
    editPending,
  }
}
