import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { VISIT_TOPIC_LABELS, type VisitView } from '@linli/shared'
import { ListFooter, ListStatus } from '../../components/ListStates'
import { Empty } from '../../components/StateView'
import { usePagedList } from '../../components/usePagedList'
import { useShownAgain } from '../../components/useShownAgain'
import { listVisits } from '../visits.api'
import { newVisitPage, visitPage } from '../format'
import './visits.css'

/** One visit in the diary: the day and who, the topics, the notes' first lines, open items. */
function VisitRow({ v }: { v: VisitView }) {
  const open = v.followUps.filter((f) => f.status === 'open').length
  return (
    <View className='diary-row' onClick={() => void Taro.navigateTo({ url: visitPage(v.id) })}>
      <View className='diary-row__top'>
        <Text className='diary-row__date'>{v.date}</Text>
        <Text className='muted'>{v.recorderName}</Text>
      </View>
      <Text className='diary-row__topics'>{v.topics.map((t) => VISIT_TOPIC_LABELS[t]).join('、')}</Text>
      {v.notes ? <Text className='muted diary-row__notes'>{v.notes}</Text> : null}
      <Text className='muted diary-row__meta'>
        见到 {v.metCount} 人{v.followUps.length ? ` · 待办 ${open}/${v.followUps.length} 未完成` : ''} ›
      </Text>
    </View>
  )
}

/**
 * 民情日记 on a household's page (for staff and the grid's workers, the only ones the API answers): its visits,
 * newest first, page by page, and 记录走访. Read again when the page shows again (back from recording one).
 */
export default function VisitDiary({ householdId, canRecord }: { householdId: string; canRecord: boolean }) {
  const list = usePagedList<VisitView>((cursor, opts) => listVisits({ householdId, cursor }, opts), undefined, [householdId])
  useShownAgain(() => void list.load())
  return (
    <>
      <Text className='section-title'>民情日记</Text>
      <View className='card diary'>
        {canRecord ? (
          <Button className='diary__record' type='primary' block onClick={() => void Taro.navigateTo({ url: newVisitPage(householdId) })}>
            记录走访
          </Button>
        ) : null}
        <ListStatus list={list} empty={<Empty title='还没有走访记录' description={canRecord ? '上门走访后点“记录走访”，见到的人、聊了什么、答应办的事都记在这里。' : '网格员走访后会记录在这里。'} />} />
        {list.items?.map((v) => <VisitRow key={v.id} v={v} />)}
        <ListFooter list={list} end />
      </View>
    </>
  )
}
