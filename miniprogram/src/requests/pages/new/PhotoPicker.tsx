import { Text, View } from '@tarojs/components'
import PhotoGrid from '../../../components/PhotoGrid'
import type { PhotoUploads } from '../../../components/usePhotoUploads'

/** The 照片 card of the filing form. */
export default function PhotoPicker({ photos, error }: { photos: PhotoUploads; error?: string }) {
  return (
    <>
      <Text className='section-title'>照片（选填，最多{photos.max}张）</Text>
      <View className='card'>
        {photos.uploadsOff ? <Text className='muted'>照片上传暂不可用，可以只用文字描述提交。</Text> : <PhotoGrid photos={photos} />}
        {error ? <Text className='field__error'>{error}</Text> : null}
      </View>
    </>
  )
}
