import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import { MAX_PHOTO_BYTES } from '@linli/shared'
import { errorMessage } from '../../../services/http'
import { MAX_PHOTOS, MAX_PHOTO_MB, uploadPhoto, type PickedPhoto } from '../../../services/upload'

/** Photos of a progress update: each goes up as soon as it is picked, so posting waits for none of them. */
export function useProgressPhotos() {
  const [photos, setPhotos] = useState<PickedPhoto[]>([])
  const patch = (path: string, change: Partial<PickedPhoto>) => setPhotos((list) => list.map((p) => (p.path === path ? { ...p, ...change } : p)))

  const upload = async (photo: PickedPhoto) => {
    patch(photo.path, { status: 'uploading', progress: 0, error: undefined })
    try {
      const key = await uploadPhoto(photo.path, photo.size, (progress) => patch(photo.path, { progress }), 'consultation')
      patch(photo.path, { status: 'done', key, progress: 100 })
    } catch (err) {
      patch(photo.path, { status: 'error', error: errorMessage(err) })
    }
  }

  const add = async () => {
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
    for (const p of next) void upload(p)
  }

  return {
    photos,
    add,
    retry: upload,
    remove: (path: string) => setPhotos((list) => list.filter((x) => x.path !== path)),
    uploading: photos.some((x) => x.status === 'uploading'),
    keys: photos.filter((x) => x.status === 'done' && x.key).map((x) => x.key!),
  }
}

/** The picked photos as thumbnails with their upload state (失败·重试), × to remove, and + to add more. */
export default function ProgressPhotos({ photos }: { photos: ReturnType<typeof useProgressPhotos> }) {
  return (
    <View className='cdetail__photos'>
      {photos.photos.map((p) => (
        <View key={p.path} className='cdetail__photo'>
          <Image className='cdetail__thumb cdetail__thumb--fill' src={p.path} mode='aspectFill' />
          {p.status === 'uploading' ? <Text className='cdetail__photo-state'>{p.progress}%</Text> : null}
          {p.status === 'error' ? (
            <Text className='cdetail__photo-state cdetail__photo-state--error' onClick={() => void photos.retry(p)}>
              失败·重试
            </Text>
          ) : null}
          <Text className='cdetail__photo-remove' onClick={() => photos.remove(p.path)}>
            ×
          </Text>
        </View>
      ))}
      {photos.photos.length < MAX_PHOTOS ? (
        <View className='cdetail__photo cdetail__photo-add' onClick={() => void photos.add()}>
          <Text className='cdetail__photo-plus'>+</Text>
          <Text className='muted'>照片</Text>
        </View>
      ) : null}
    </View>
  )
}
