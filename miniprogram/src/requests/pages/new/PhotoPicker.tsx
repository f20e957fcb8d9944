import { Image, Text, View } from '@tarojs/components'
import type { Photos } from './usePhotos'
import '../../components/badges.css'
import './PhotoPicker.css'

/** The 照片 card: thumbnails with their upload state, × to remove, + to add up to `max`. */
export default function PhotoPicker({ photos: p, max, error }: { photos: Photos; max: number; error?: string }) {
  return (
    <>
      <Text className='section-title'>照片（选填，最多{max}张）</Text>
      <View className='card'>
        {p.uploadsOff ? (
          <Text className='muted'>照片上传暂不可用，可以只用文字描述提交。</Text>
        ) : (
          <View className='rnew__photos'>
            {p.photos.map((photo) => (
              <View key={photo.path} className='rnew__photo'>
                <Image className='rnew__thumb' src={photo.path} mode='aspectFill' />
                {photo.status === 'uploading' ? <Text className='photo-badge rnew__photo-state'>{photo.progress}%</Text> : null}
                {photo.status === 'waiting' ? <Text className='photo-badge rnew__photo-state'>联网后上传</Text> : null}
                {photo.status === 'error' ? (
                  <Text className='photo-badge rnew__photo-state rnew__photo-state--error' onClick={() => void p.retry(photo)}>
                    失败·重试
                  </Text>
                ) : null}
                <Text className='rnew__photo-remove' onClick={() => p.remove(photo.path)}>
                  ×
                </Text>
              </View>
            ))}
            {p.photos.length < max ? (
              <View className='rnew__photo rnew__photo-add' onClick={() => void p.add()}>
                <Text className='rnew__photo-plus'>+</Text>
                <Text className='rnew__photo-hint'>添加照片</Text>
              </View>
            ) : null}
          </View>
        )}
        {error ? <Text className='field__error'>{error}</Text> : null}
      </View>
    </>
  )
}
