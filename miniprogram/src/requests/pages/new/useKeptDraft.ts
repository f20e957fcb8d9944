import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import type { VoiceDraft } from '../../components/Voice'
import { loadFormDraft, pendingAll, readable, saveFormDraft, type PendingRequest } from '../../drafts'
import { EMPTY_DRAFT, isBlank, settleUpload, type DraftForm, type FormSnapshot } from './draft'
import type { PhotoUploads as Photos } from '../../../components/usePhotoUploads'

interface Kept {
  communityId: string | undefined
  form: DraftForm
  photos: Photos
  voice: VoiceDraft | null
  setVoice: (voice: VoiceDraft | null) => void
  /** Takes a waiting request back into the form (编辑 in 我的诉求 opens this page with `?pending=`). */
  editPending: (item: PendingRequest) => void
}

/**
 * The form's copy on the phone: brought back when the page opens (photos and voice only while their local files
 * still exist), saved as it changes, and a waiting request opened for 编辑 taken into it.
 */
export function useKeptDraft({ communityId, form, photos, voice, setVoice, editPending }: Kept) {
  const [restored, setRestored] = useState(false)

  useEffect(() => {
    if (!communityId) return
    let live = true
    const kept = loadFormDraft<FormSnapshot>(communityId)
    if (kept) form.setValues({ ...EMPTY_DRAFT, ...kept.draft })
    void (async () => {
      const media = [...(kept?.photos ?? []), ...(kept?.voice ? [kept.voice] : [])]
      const alive = await Promise.all(media.map((m) => readable(m.path)))
      if (!live) return
      const ok = new Set(media.filter((_, i) => alive[i]).map((m) => m.path))
      photos.setPhotos((kept?.photos ?? []).filter((p) => ok.has(p.path)).map(settleUpload))
      setVoice(kept?.voice && ok.has(kept.voice.path) ? settleUpload(kept.voice) : null)
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
  const draft = form.values
  useEffect(() => {
    if (!communityId || !restored) return
    saveFormDraft(communityId, isBlank(draft, photos.photos, voice) ? null : ({ draft, photos: photos.photos, voice } satisfies FormSnapshot))
  }, [draft, photos.photos, voice, restored])
}
