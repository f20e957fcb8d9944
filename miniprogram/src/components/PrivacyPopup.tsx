import Taro from '@tarojs/taro'
import { Button, Text, View } from '@tarojs/components'
import { PRIVACY_AGREE_BUTTON_ID, answerPrivacyRequest, usePendingPrivacyRequest } from '../services/privacy'
import './PrivacyPopup.css'

/** Our consent popup for WeChat's privacy check (see services/privacy.ts); shows only when WeChat asks. */
export default function PrivacyPopup() {
  const pending = usePendingPrivacyRequest()
  if (!pending) return null
  return (
    <View className='privacy-mask'>
      <View className='privacy-box'>
        <Text className='privacy-box__title'>用户隐私保护提示</Text>
        <Text className='privacy-box__text'>
          在使用手机号、相册、摄像头（拍照、扫码）、麦克风（语音）、位置、剪切板等功能前，请您阅读并同意
        </Text>
        <View className='privacy-box__links'>
          <Text className='privacy-box__link' onClick={() => Taro.navigateTo({ url: '/legal/pages/privacy/index' })}>
            《邻里隐私政策》
          </Text>
          <Text className='privacy-box__link' onClick={() => Taro.openPrivacyContract?.({})}>
            《小程序隐私保护指引》
          </Text>
        </View>
        <Text className='privacy-box__text'>我们只在您使用相关功能时收集必要信息。若不同意，您仍可使用其他功能。</Text>
        <View className='privacy-box__actions'>
          <Button className='privacy-box__btn' onClick={() => answerPrivacyRequest(false)}>
            不同意
          </Button>
          <Button
            id={PRIVACY_AGREE_BUTTON_ID}
            className='privacy-box__btn privacy-box__btn--primary'
            openType='agreePrivacyAuthorization'
            onAgreePrivacyAuthorization={() => answerPrivacyRequest(true)}
          >
            同意并继续
          </Button>
        </View>
      </View>
    </View>
  )
}
