import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Switch } from '@nutui/nutui-react-taro'
import type { RequestView } from '@linli/shared'
import './Reward.css'

/**
 * 随手拍奖励 on the request's page, as the server gave it (`reward`: filer and handlers only). The filer sees what
 * they earned and opens their passbook from it; a report judged not valid is said to handlers only (the filer was
 * told the result of the work, which is what they asked for).
 */
export function RewardCard({ r, handler }: { r: RequestView; handler: boolean }) {
  const reward = r.reward
  if (!reward || (reward.status === 'declined' && !handler)) return null
  const filer = r.viewer.isFiler && !handler
  const text =
    reward.status === 'credited'
      ? `${filer ? '您' : '反映人'}获得 ${reward.points} 积分`
      : reward.status === 'pending'
        ? `${reward.points} 积分正在存入${filer ? '您的' : '反映人的'}积分存折`
        : reward.status === 'capped'
          ? `有效举报，${filer ? '您' : '反映人'}本月的随手拍奖励已达上限，本次不再发放积分`
          : '办结时确认为非有效举报，未给予奖励'
  return (
    <View className={`card rreward rreward--${reward.status}`}>
      <View className='rreward__head'>
        <Text className='rreward__mark'>奖</Text>
        <Text className='card__title rreward__title'>随手拍奖励</Text>
        {reward.status === 'credited' ? <Text className='rreward__points'>+{reward.points}</Text> : null}
      </View>
      <Text className='rreward__text'>{text}</Text>
      {filer && reward.status !== 'declined' ? (
        <Text className='rdetail__link rreward__link' onClick={() => void Taro.navigateTo({ url: '/volunteer/pages/passbook/index' })}>
          查看我的积分存折 ›
        </Text>
      ) : null}
    </View>
  )
}

/** In the 办结 form, where resolving decides a reward (`rewardOffer`): 有效举报, on unless the handler turns it off. */
export function RewardToggle({ points, valid, onChange }: { points: number; valid: boolean; onChange: (valid: boolean) => void }) {
  return (
    <View className='rreward__toggle'>
      <View className='rreward__toggle-text'>
        <Text>有效举报，给予随手拍奖励（{points}积分）</Text>
        <Text className='muted rreward__toggle-hint'>{valid ? '反映人将获得积分（每月有上限）' : '不给予奖励：重复、无效或不实的反映'}</Text>
      </View>
      <Switch checked={valid} onChange={onChange} />
    </View>
  )
}
