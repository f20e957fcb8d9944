import { useState } from 'react'
import Taro from '@tarojs/taro'
import { MAX_PHOTO_BYTES } from '@linli/shared'
import { ApiError, errorMessage, isNetworkError } from '../services/http'
import { MAX_PHOTO_MB, uploadPhoto, type PhotoGrant, type PickedPhoto } from '../services/upload'

interface Options {
  /** What the photos are for: the server accepts a key only for that kind of record. */
  purpose: 'request' | 'consultation' | 'reward'
  /** The schema's limit on photos. */
  max: number
  /**
   * Without a network a photo waits ('waiting') to go up with what it belongs to (a request can wait on the phone);
   * where nothing can wait, it fails with 失败·重试.
   */
  waitForNetwork?: boolean
  onAdded?: () => void
  /** Who grants each upload, when not the community's upload endpoint (a unit's 办结 photos). */
  grant?: PhotoGrant
}

/**
 * Photos picked for a form: each goes up as soon as it is picked (progress on the thumbnail), 失败·重试 retries, ×
 * removes. A 404 from the upload endpoint means uploads are not deployed: the form goes on with words only.
 */
export function usePhotoUploads({ purpose, max, waitForNetwork = false, onAdded, grant }: Options) {
  const [photos, setPhotos] = useState<PickedPhoto[]>([])
  const [uploadsOff, setUploadsOff] = useState(false)

  const patchPhoto = (path: string, patch: Partial<PickedPhoto>) => setPhotos((list) => list.map((p) => (p.path === path ? { ...p, ...patch } : p)))

  const upload = async (photo: PickedPhoto) => {
    patchPhoto(photo.path, { status: 'uploading', progress: 0, error: undefined })
    try {
      const key = await uploadPhoto(photo.path, photo.size, (progress) => patchPhoto(photo.path, { progress }), purpose, grant)
      patchPhoto(photo.path, { status: 'done', key, progress: 100 })
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.code === 'NOT_FOUND')) {
        setUploadsOff(true)
        setPhotos([])
        void Taro.showToast({ title: '照片上传暂不可用', icon: 'none' })
        return
      }
      if (waitForNetwork && isNetworkError(err)) patchPhoto(photo.path, { status: 'waiting', error: undefined })
      else patchPhoto(photo.path, { status: 'error', error: errorMessage(err) })
    }
  }

  const add = async () => {
    const room = max - photos.length
    if (room <= 0) return
    let picked: { tempFilePath: string; size: number }[]
    try {
      picked = (await Taro.chooseMedia({ count: room, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] })).tempFiles
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
    onAdded?.()
    for (const p of fresh) void upload(p)
  }

  const remove = (path: string) => setPhotos((list) => list.filter((p) => p.path !== path))

  return {
    photos,
    setPhotos,
    uploadsOff,
    max,
    add,
    remove,
    retry: upload,
    uploading: photos.some((p) => p.status === 'uploading'),
    /** Keys of the photos that are up, for the body. */
    keys: photos.filter((p) => p.status === 'done' && p.key).map((p) => p.key!),
  }
}

export type PhotoUploads = ReturnType<typeof usePhotoUploads>
