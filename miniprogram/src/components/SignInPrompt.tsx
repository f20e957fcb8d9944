import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { DEV_SIGNIN_ENABLED, DEV_SIGNIN_PAGE, IS_WEAPP } from '../services/config'
import { refreshSession } from '../communities/session'

/** Shown where a page needs a signed-in user and there is none (H5 before choosing an account). */
export default function SignInPrompt() {
  const signIn = () => {
    if (IS_WEAPP) void refreshSession()
    else if (DEV_SIGNIN_ENABLED) void Taro.navigateTo({ url: DEV_SIGNIN_PAGE })
  }
  return (
    <View className='card'>
      <Text className='card__title'>欢迎来到邻里</Text>
      <Text className='muted'>
        {IS_WEAPP || DEV_SIGNIN_ENABLED ? '登录后即可加入您所在的社区。' : '请在微信中搜索“邻里”小程序使用。'}
      </Text>
      {IS_WEAPP || DEV_SIGNIN_ENABLED ? (
        <Button className='block-button' type='primary' block onClick={signIn}>
          {IS_WEAPP ? '微信登录' : '选择账号登录'}
        </Button>
      ) : null}
    </View>
  )
}
