import { Text, View } from '@tarojs/components'
import PageShell from './PageShell'
import './ComingSoon.css'

interface Props {
  title: string
  intro: string
  /** What the feature will offer, one short line each. */
  features: string[]
}

/**
 * Placeholder for tab features that later work builds (办事 / 议事 / 志愿): says plainly that the
 * feature is not here yet and what it will do, instead of showing fake data.
 */
export default function ComingSoon({ title, intro, features }: Props) {
  return (
    <PageShell>
      <View className='card soon'>
        <Text className='card__title'>{title}</Text>
        <Text className='muted'>{intro}</Text>
      </View>
      <Text className='section-title'>即将上线</Text>
      <View className='card'>
        {features.map((f) => (
          <View className='soon__item' key={f}>
            <View className='soon__dot' />
            <Text className='soon__text'>{f}</Text>
          </View>
        ))}
      </View>
      <View className='soon__empty'>
        <Text className='muted'>功能正在建设中，敬请期待。有急事请直接联系社区或拨打 12345。</Text>
      </View>
    </PageShell>
  )
}
