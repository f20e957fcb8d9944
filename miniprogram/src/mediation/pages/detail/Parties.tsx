import { Text, View } from '@tarojs/components'
import { Button, Tag } from '@nutui/nutui-react-taro'
import type { CaseContentsView } from '@linli/shared'
import { confirmationText } from '../../format'

interface Props {
  parties: CaseContentsView['parties']
  /** The agreement stands: each party's confirmation is shown. */
  agreed: boolean
  /** The mediator may record a paper signature for a party without the app. */
  onSign?: (partyId: string, name: string) => void
  busy: boolean
}

/**
 * 当事人: each side by name, whether they use the app (they confirm on their phone) or sign on paper, their contact
 * where the caller may see it (the mediator; a party only their own), and, once there is an agreement, who confirmed.
 */
export default function Parties({ parties, agreed, onSign, busy }: Props) {
  return (
    <View className='card case-parties'>
      {parties.map((p) => (
        <View key={p.id} className='case-party'>
          <View className='case-party__who'>
            <Text className='case-party__name'>
              {p.name}
              {p.isMe ? '（我）' : ''}
            </Text>
            {p.phone ? <Text className='muted case-line'>电话：{p.phone}</Text> : null}
          </View>
          <View className='case-party__side'>
            {p.hasAccount ? <Tag type='success'>使用小程序</Tag> : <Text className='muted case-party__paper'>未使用小程序</Text>}
            {agreed ? <Text className={`case-party__state ${p.confirmation ? 'case-party__state--done' : ''}`}>{confirmationText(p)}</Text> : null}
            {agreed && onSign && !p.hasAccount && !p.confirmation ? (
              <Button size='small' type='primary' fill='outline' className='case-party__sign' disabled={busy} onClick={() => onSign(p.id, p.name)}>
                登记纸质签字
              </Button>
            ) : null}
          </View>
        </View>
      ))}
    </View>
  )
}
