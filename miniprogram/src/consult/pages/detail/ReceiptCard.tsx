import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ConsultationView, VoteReceipt } from '@linli/shared'
import { optionLabel } from '../../format'

const copy = (code: string) =>
  void Taro.setClipboardData({ data: code }).then(
    () => Taro.showToast({ title: '回执码已复制', icon: 'none' }),
    () => undefined,
  )

/** The receipt of this device's ballot, large: the voter keeps it to find their ballot in the published results. */
export default function ReceiptCard({ c, receipt }: { c: ConsultationView; receipt: VoteReceipt }) {
  return (
    <View className='card cdetail__receipt'>
      <Text className='card__title'>投票回执码</Text>
      <Text className='cdetail__receipt-code'>{receipt.receipt}</Text>
      <Text className='cdetail__receipt-tip'>请保存回执码，结果公布后可核对您的投票已计入</Text>
      <Text className='muted cdetail__line'>
        您选择了：{receipt.optionIds.map((id) => optionLabel(c, id)).join('、')}。回执码已保存在本机；它不含您的身份信息，别人无法凭它知道是谁投的票。
      </Text>
      <Button className='block-button' fill='outline' type='primary' block onClick={() => copy(receipt.receipt)}>
        复制回执码
      </Button>
    </View>
  )
}
