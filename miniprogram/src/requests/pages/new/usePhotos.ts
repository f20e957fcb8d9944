import { useState } from 'react'
import Taro from '@tarojs/taro'
import { MAX_PHOTO_BYTES } from '@linli/shared'
import { ApiError, errorMessage, isNetworkError } from '../../../services/http'
import { MAX_PHOTO_MB, uploadPhoto, type PickedPhoto } from '../../../services/upload'

/**
 * The filing form's photos: picked, uploaded at once (progress on the thumbnail), retried on 失败·重试, and kept
 * 'waiting' without a network so they go up with the request. `max` is the schema's limit.
 */
export function usePhotos(max: number, onAdded: () => void) {
  const [photos, setPhotos] = useState<PickedPhoto[]>([])
  const [uploadsOff, setUploadsOff] = useState(false)

  const patchPhoto = (path: string, patch: Partial<PickedPhoto>) => setPhotos((list) => list.map((p) => (p.path === path ? { ...p, ...patch } : p)))

  const upload = async (photo: PickedPhoto) => {
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

  const add = async () => {
    const room = max - photos.length
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
    onAdded()
    for (const p of fresh) void upload(p)
  }

  const remove = (path: string) => setPhotos((list) => list.filter((p) => p.path !== path))

  return { photos, setPhotos, uploadsOff, add, remove, retry: upload }
}

export type Photos = ReturnType<typeof usePhotos>
