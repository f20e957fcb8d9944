import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ConsultationView } from '@linli/shared'
import { IS_WEAPP } from '../../../services/config'
import { formatTime } from '../../../services/format'
import { topicLink } from '../../format'
import Meter from './Meter'

/** H5 has no WeChat to share to: copy a link neighbours open in their browser (weapp's button shares instead). */
function copyLink(id: string) {
  // Called straight from the tap: browsers copy only inside a user's gesture.
  Taro.setClipboardData({ data: topicLink(id) }).then(
    () => void Taro.showToast({ title: '链接已复制，发给邻居即可附议', icon: 'none', duration: 2500 }),
    () => void Taro.showModal({ title: '复制失败', content: `请手动复制链接发给邻居：${topicLink(id)}`, showCancel: false }),
  )
}

function stageText(c: ConsultationView): string {
  switch (c.status) {
    case 'collecting':
      return `还需${Math.max(0, c.supportThreshold - c.supportCount)}人附议即可提交社区审核${c.collectUntil ? `，截止 ${formatTime(c.collectUntil)}` : ''}`
    case 'review':
      return c.reviewReason ? '附议未达到人数，社区已提交审核（理由见上方）' : '附议已达标，等待社区审核'
    case 'lapsed':
      return '附议期内未达到人数，征集已结束'
    default:
      return '内容审核通过后开始征集附议'
  }
}

/** 附议: how many supported against the threshold, the 附议 button when offered, and the invitation to neighbours. */
export default function SupportCard({ c, busy, onSupport }: { c: ConsultationView; busy: boolean; onSupport: () => void }) {
  const v = c.viewer
  return (
    <View className='card cdetail__support'>
      <Text className='card__title'>附议</Text>
      <Meter part={c.supportCount} whole={c.supportThreshold} figure={`${c.supportCount}/${c.supportThreshold}人`} />
      <Text className='muted cdetail__line'>{stageText(c)}</Text>
      {c.actions.includes('support') ? (
        <Button className='block-button' type='primary' block loading={busy} disabled={busy} onClick={onSupport}>
          附议
        </Button>
      ) : v.supported ? (
        <Button className='block-button' block disabled>
          已附议
        </Button>
      ) : c.status === 'collecting' ? (
        <Text className='muted cdetail__line'>{v.isAuthor ? '您是提出人，可以邀请邻居来附议。' : `只有居住在${c.scope.name}的认证居民可以附议。`}</Text>
      ) : null}
      {c.status === 'collecting' ? (
        IS_WEAPP ? (
          <Button className='block-button cdetail__invite' type='primary' fill='outline' block openType='share'>
            邀请邻居附议
          </Button>
        ) : (
          <Button className='block-button cdetail__invite' type='primary' fill='outline' block onClick={() => copyLink(c.id)}>
            邀请邻居附议
          </Button>
        )
      ) : null}
    </View>
  )
}
