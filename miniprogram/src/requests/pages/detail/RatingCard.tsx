import { Text, View } from '@tarojs/components'
import { RATING_LEVEL_LABELS, ratingLevel, type RequestView } from '@linli/shared'

/** 评价: the filer's latest rating, in words and stars. */
export default function RatingCard({ rating }: { rating: RequestView['rating'] }) {
  if (!rating) return null
  return (
    <View className='card rdetail__rating'>
      <Text className='card__title'>评价</Text>
      <Text>
        {RATING_LEVEL_LABELS[ratingLevel(rating.score)]} · {'★'.repeat(rating.score)}
        {'☆'.repeat(5 - rating.score)}
      </Text>
      {rating.comment ? <Text className='muted rdetail__block'>{rating.comment}</Text> : null}
    </View>
  )
}
