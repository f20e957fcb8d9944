import { Image, Text, View } from '@tarojs/components'
import type { RequestView } from '@linli/shared'
import '../../components/badges.css'
import '../../../components/PhotoGrid.css'

interface Props {
  photos: RequestView['photos']
  /** Handlers approve a photo WeChat's media check did not pass, right on the thumbnail. */
  onApprove?: (key: string) => void
  onPreview: (urls: string[], current: string) => void
}

/** 照片: the request's photos (held ones marked 审核中), a tap to see them large. */
export default function PhotoGallery({ photos, onApprove, onPreview }: Props) {
  if (photos.length === 0) return null
  return (
    <View className='card'>
      <Text className='card__title'>照片</Text>
      <View className='rdetail__photos'>
        {photos.map((p) => (
          <View key={p.key} className='rdetail__photo' onClick={() => onPreview(photos.map((x) => x.url), p.url)}>
            <Image className='rdetail__thumb' src={p.url} mode='aspectFill' />
            {!p.approved ? <Text className='photo-badge rdetail__photo-state'>审核中</Text> : null}
            {!p.approved && onApprove ? (
              <Text
                className='rdetail__photo-approve'
                onClick={(e) => {
                  e.stopPropagation()
                  onApprove(p.key)
                }}
              >
                通过
              </Text>
            ) : null}
          </View>
        ))}
      </View>
    </View>
  )
}
