import { Text, View } from '@tarojs/components'
import type { StarProgress as Progress } from '@linli/shared'
import { hoursText, starLevelName } from '../format'
import './StarProgress.css'

/**
 * The way to the next star, as 志愿汇 shows it: "距三星志愿者还差 12 小时" over a bar filled by the share of the
 * hours between the level reached and the next (the server computes it with the community's own levels).
 */
export default function StarProgress({ progress: p }: { progress: Progress }) {
  const percent = Math.round(p.fraction * 1000) / 10
  return (
    <View className='starbar' data-fraction={p.fraction}>
      <Text className='starbar__words'>
        {p.next
          ? `距${starLevelName(p.next.stars)}还差 ${hoursText(p.next.hoursNeeded)} 小时`
          : `已是${starLevelName(p.stars)}，达到最高星级，感谢您的奉献！`}
      </Text>
      <View className='starbar__track'>
        <View className={`starbar__fill ${p.next ? '' : 'starbar__fill--top'}`} style={{ width: `${percent}%` }} />
      </View>
      {p.next ? (
        <View className='starbar__ends'>
          <Text>{p.stars > 0 ? `${starLevelName(p.stars)} ${hoursText(p.fromHours)}小时` : '0小时'}</Text>
          <Text>
            {starLevelName(p.next.stars)} {hoursText(p.next.atHours)}小时
          </Text>
        </View>
      ) : null}
    </View>
  )
}
