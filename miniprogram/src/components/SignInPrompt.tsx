import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { IS_WEAPP } from '../services/config'
import { signIn, signInAvailable } from '../services/session'

/** Shown where a page needs a signed-in user and there is none: what signing in gives, and the button. */
export default function SignInPrompt() {
  return (
    <View className='card'>
      <Text className='card__title'>欢迎来到邻里</Text>
      <Text className='muted'>
        {signInAvailable()
          ? '登录并加入您所在的社区后，就可以反映诉求、参与议事和志愿服务。首页有加入社区的步骤。'
          : '请在微信中搜索“邻里”小程序使用。'}
      </Text>
      {signInAvailable() ? (
        <Button className='block-button' type='primary' block onClick={() => void signIn()}>
          {IS_WEAPP ? '微信登录' : '登录（开发环境）'}
        </Button>
      ) : null}
    </View>
  )
}
