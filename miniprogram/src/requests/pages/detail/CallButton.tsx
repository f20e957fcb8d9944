import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'

/** One tap to call (WeChat's makePhoneCall; a tel: link on H5). */
export default function CallButton({ phone, label }: { phone: string; label: string }) {
  return (
    <Button size='small' type='primary' fill='outline' className='rdetail__call' onClick={() => void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)}>
      {label}
    </Button>
  )
}
