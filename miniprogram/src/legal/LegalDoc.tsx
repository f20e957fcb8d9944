import { Text, View } from '@tarojs/components'
import PageShell from '../components/PageShell'
import './LegalDoc.css'

export interface LegalSection {
  heading: string
  paragraphs: string[]
}

/** Renders a policy document: plain headings and paragraphs, readable in large-text mode too. */
export default function LegalDoc({ title, updated, intro, sections }: { title: string; updated: string; intro: string; sections: LegalSection[] }) {
  return (
    <PageShell className='legal'>
      <View className='legal__body'>
        <Text className='legal__title'>{title}</Text>
        <Text className='legal__updated'>更新日期：{updated}</Text>
        <Text className='legal__p'>{intro}</Text>
        {sections.map((s) => (
          <View key={s.heading} className='legal__section'>
            <Text className='legal__heading'>{s.heading}</Text>
            {s.paragraphs.map((p) => (
              <Text key={p} className='legal__p'>
                {p}
              </Text>
            ))}
          </View>
        ))}
      </View>
    </PageShell>
  )
}
