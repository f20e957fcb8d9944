import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { PatrolFinding } from '@linli/shared'
import RequestHeading from '../../requests/components/RequestHeading'
import { findingTitle } from '../format'
import './FindingList.css'

/**
 * The problems filed on a patrol (巡查发现): category, status, title, and 就地办结 where it was fixed there and then.
 * A tap opens the request as its handler sees it (the finder handles what they found, staff oversee it).
 */
export default function FindingList({ findings, empty }: { findings: readonly PatrolFinding[]; empty: string }) {
  if (findings.length === 0) return <Text className='muted finding-list__empty'>{empty}</Text>
  return (
    <View className='finding-list'>
      {findings.map((f) => (
        <View key={f.id} className='finding-list__item' onClick={() => void Taro.navigateTo({ url: `/requests/pages/detail/index?id=${f.id}&from=queue` })}>
          <RequestHeading r={f} />
          <Text className='finding-list__title'>{findingTitle(f)}</Text>
          {f.resolvedOnSpot ? <Text className='finding-list__onspot'>已就地办结</Text> : null}
        </View>
      ))}
    </View>
  )
}
