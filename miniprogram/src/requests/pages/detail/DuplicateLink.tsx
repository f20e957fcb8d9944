import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { REQUEST_STATUS_LABELS, type RequestView } from '@linli/shared'

/**
 * The link between a duplicate and its original, from either side: a duplicate's filer follows the work on the
 * original here (its words and page only where they may read it: it may be another resident's private request);
 * the original shows how many reported the same problem.
 */
export default function DuplicateLink({ r }: { r: RequestView }) {
  const o = r.duplicateOf
  if (o) {
    const open = o.visible ? () => void Taro.navigateTo({ url: `/requests/pages/detail/index?id=${o.id}` }) : undefined
    return (
      <View className='card rdetail__duplicate' onClick={open}>
        <Text className='card__title'>已合并办理</Text>
        <Text className='rdetail__block'>
          社区认定这条诉求与另一条诉求反映的是同一问题，已合并到那条诉求一起办理。办理进展会通知您。
        </Text>
        {o.title ? <Text className='rdetail__block'>原诉求：{o.title}</Text> : null}
        <Text className='rdetail__block'>原诉求进展：{REQUEST_STATUS_LABELS[o.status]}</Text>
        {open ? <Text className='rdetail__link'>查看原诉求 ›</Text> : null}
      </View>
    )
  }
  if (r.duplicateCount) {
    return (
      <View className='notice rdetail__notice'>
        另有{r.duplicateCount}条反映同一问题的诉求已合并到这里办理
      </View>
    )
  }
  return null
}
