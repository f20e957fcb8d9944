import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RequestView } from '@linli/shared'

/**
 * A 邻里纠纷 request and mediation: once handed over (已转调解), where the case is — its page decides what the reader
 * sees, and none of its contents is ever on this request; before that, to a handler who may, 转调解 (the case form,
 * with this request's filer as a party).
 */
export default function MediationLink({ r }: { r: RequestView }) {
  if (r.mediationCaseId) {
    const id = r.mediationCaseId
    return (
      <View className='card rdetail__mediation' onClick={() => void Taro.navigateTo({ url: `/mediation/pages/detail/index?id=${id}` })}>
        <Text className='card__title'>已转调解</Text>
        <Text className='rdetail__block'>这起纠纷已转入人民调解，由调解员约双方调解。调解结束后，诉求一并办结。</Text>
        <Text className='rdetail__link'>查看调解案件 ›</Text>
      </View>
    )
  }
  if (!r.mediationOffer) return null
  return (
    <View className='card rdetail__mediation'>
      <Text className='card__title'>转调解</Text>
      <Text className='rdetail__block muted'>邻里纠纷可转人民调解：登记当事人，约双方调解，达成协议后诉求一并办结。</Text>
      <Button className='block-button rdetail__to-mediation' type='primary' fill='outline' block onClick={() => void Taro.navigateTo({ url: `/mediation/pages/new/index?requestId=${r.id}` })}>
        转调解
      </Button>
    </View>
  )
}
