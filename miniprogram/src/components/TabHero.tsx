import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import './TabHero.css'

interface Props {
  title: string
  intro: string
  /** The tab's main action (我要反映, 提出议题), shown only to those who may take it. */
  action?: { label: string; className?: string; onClick: () => void } | null
  className?: string
}

/** The band at the top of 办事, 议事 and 志愿: what the tab is for, in one line and one sentence, and its main action. */
export default function TabHero({ title, intro, action, className = '' }: Props) {
  return (
    <View className={`tab-hero ${className}`}>
      <Text className='tab-hero__title'>{title}</Text>
      <Text className='tab-hero__intro'>{intro}</Text>
      {action ? (
        <Button className={`tab-hero__action ${action.className ?? ''}`} type='primary' size='large' block onClick={action.onClick}>
          {action.label}
        </Button>
      ) : null}
    </View>
  )
}
