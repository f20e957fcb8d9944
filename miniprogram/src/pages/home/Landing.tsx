import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { MEMBERSHIP_STATUS_LABELS, type Membership } from '@linli/shared'
import { signIn, signInAvailable } from '../../services/session'
import { IS_WEAPP } from '../../services/config'
import { APPLY_PAGE } from '../../mobile-grid/format'
import { UNIT_JOIN_PAGE } from '../../units/format'

const FEATURES = [
  { key: 'affairs', mark: '办', title: '急难愁盼', text: '身边的难事、烦心事向社区反映，网格员和社区工作人员受理办理，进度全程可查，办完由您评价。' },
  { key: 'consult', mark: '议', title: '议事协商', text: '小区的事大家商量：提出议题、邻居附议、公开讨论、投票表决，并跟踪落实。' },
  { key: 'volunteer', mark: '志', title: '志愿服务', text: '参加社区志愿活动，服务时长存入“道德银行”，积分可兑换生活用品和便民服务。' },
]

const go = (url: string) => () => void Taro.navigateTo({ url })

/**
 * What a newcomer sees first (not signed in, or signed in without a community): what 邻里 is and how to join.
 * It calls nothing: everything a member sees needs a membership, and a call that can only fail helps nobody.
 */
export default function Landing({ signedIn, lastRejected }: { signedIn: boolean; lastRejected?: Membership }) {
  // The one thing to do next, at the top (on a phone the steps end below the fold) and again after the steps.
  const action = (where: string) =>
    signedIn ? (
      <Button className={`block-button landing__action landing__action--${where}`} type='primary' size='large' block onClick={go('/communities/pages/join/index')}>
        加入社区
      </Button>
    ) : signInAvailable() ? (
      <Button className={`block-button landing__action landing__action--${where}`} type='primary' size='large' block onClick={() => void signIn()}>
        {IS_WEAPP ? '微信登录' : '登录（开发环境）'}
      </Button>
    ) : null
  const steps = [
    { title: '微信登录', text: signedIn ? '您已登录。' : '用微信一键登录，无需另外注册。', done: signedIn },
    { title: '找到您的社区', text: '按名称搜索您居住的社区。', done: false },
    { title: '申请加入', text: '填写楼栋、单元和房号；有社区给的邀请码，填上即可直接加入。', done: false },
    { title: '社区审核', text: '社区工作人员核对住址后通过，您就可以反映诉求、参与议事和志愿服务了。', done: false },
  ]
  return (
    <View className='landing'>
      <View className='landing__hero'>
        <Text className='landing__brand'>邻里</Text>
        <Text className='landing__tagline'>社区居民的掌上家园</Text>
        <Text className='landing__motto'>小事不出网格，大事不出街道，有困难找社区。</Text>
        {action('hero')}
      </View>

      {lastRejected ? (
        <View className='notice'>
          您加入“{lastRejected.communityName}”的申请{MEMBERSHIP_STATUS_LABELS[lastRejected.status]}
          {lastRejected.note ? `：${lastRejected.note}` : ''}。可以核对信息后重新申请。
        </View>
      ) : null}

      <View className='card landing__features'>
        <Text className='card__title'>在邻里，您可以</Text>
        {FEATURES.map((f) => (
          <View key={f.key} className='landing__feature'>
            <View className={`landing__mark home__entry-mark--${f.key}`}>
              <Text>{f.mark}</Text>
            </View>
            <View className='landing__feature-body'>
              <Text className='landing__feature-title'>{f.title}</Text>
              <Text className='landing__feature-text'>{f.text}</Text>
            </View>
          </View>
        ))}
      </View>

      <View className='card landing__steps'>
        <Text className='card__title'>怎样加入</Text>
        {steps.map((s, i) => (
          <View key={s.title} className={`landing__step ${s.done ? 'landing__step--done' : ''}`}>
            <Text className='landing__step-no'>{s.done ? '✓' : i + 1}</Text>
            <View className='landing__feature-body'>
              <Text className='landing__feature-title'>{s.title}</Text>
              <Text className='landing__feature-text'>{s.text}</Text>
            </View>
          </View>
        ))}
        {action('steps') ?? <Text className='landing__hint muted'>请在微信中搜索“邻里”小程序，登录后加入您的社区。</Text>}
      </View>

      {signedIn ? (
        <View className='card landing__courier'>
          <Text className='card__title'>快递员、外卖骑手</Text>
          <Text className='landing__feature-text'>不住在这个社区，也可以申请成为流动网格员，配送途中看到的安全隐患随手上报给社区。</Text>
          <Button className='block-button' fill='outline' type='primary' block onClick={go(APPLY_PAGE)}>
            申请成为流动网格员
          </Button>
        </View>
      ) : null}

      {signedIn ? (
        <View className='card landing__unit'>
          <Text className='card__title'>物业、城管、水电气等单位工作人员</Text>
          <Text className='landing__feature-text'>用街道给的加入码加入本单位，即可在单位工作台签收、办理社区和街道派发的诉求，不需要加入社区。</Text>
          <Button className='block-button' fill='outline' type='primary' block onClick={go(UNIT_JOIN_PAGE)}>
            加入单位
          </Button>
        </View>
      ) : null}

      <View className='landing__legal'>
        <Text className='landing__link' onClick={go('/legal/pages/privacy/index')}>
          隐私政策
        </Text>
        <Text className='muted'> · </Text>
        <Text className='landing__link' onClick={go('/legal/pages/terms/index')}>
          用户协议
        </Text>
      </View>
    </View>
  )
}
