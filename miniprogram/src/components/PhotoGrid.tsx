import { Image, Text, View } from '@tarojs/components'
import type { PhotoUploads } from './usePhotoUploads'
import './PhotoGrid.css'

/** The photos of a form (components/usePhotoUploads.ts): thumbnails with their upload state, × to remove, + to add. */
export default function PhotoGrid({ photos: p, addLabel = '添加照片', className = '' }: { photos: PhotoUploads; addLabel?: string; className?: string }) {
  return (
    <View className={`photo-grid ${className}`}>
      {p.photos.map((photo) => (
        <View key={photo.path} className='photo-grid__photo'>
          <Image className='photo-grid__thumb' src={photo.path} mode='aspectFill' />
          {photo.status === 'uploading' ? <Text className='photo-badge photo-grid__state'>{photo.progress}%</Text> : null}
          {photo.status === 'waiting' ? <Text className='photo-badge photo-grid__state'>联网后上传</Text> : null}
          {photo.status === 'error' ? (
            <Text className='photo-badge photo-grid__state photo-grid__state--error' onClick={() => void p.retry(photo)}>
              失败·重试
            </Text>
          ) : null}
          <Text className='photo-grid__remove' onClick={() => p.remove(photo.path)}>
            ×
          </Text>
        </View>
      ))}
      {p.photos.length < p.max ? (
        <View className='photo-grid__photo photo-grid__add' onClick={() => void p.add()}>
          <Text className='photo-grid__plus'>+</Text>
          <Text className='photo-grid__hint'>{addLabel}</Text>
        </View>
      ) : null}
    </View>
  )
}
