import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'

/**
 * A tab's state for someone signed in who has not joined a community: what the tab is for and the way to join.
 * Tabs show it instead of calling endpoints that need a membership (they could only answer 403).
 */
export default function JoinPrompt({ what }: { what: string }) {
  return (
    <View className='card join-prompt'>
      <Text className='card__title'>您还没有加入社区</Text>
      <Text className='muted'>加入所在社区后，就可以{what}。填写楼栋和房号申请，社区审核通过即可；有社区给的邀请码可直接加入。</Text>
      <Button className='block-button' type='primary' block onClick={() => void Taro.navigateTo({ url: '/communities/pages/join/index' })}>
        加入社区
      </Button>
    </View>
  )
}
