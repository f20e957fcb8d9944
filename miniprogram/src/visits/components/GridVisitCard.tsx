import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { VISIT_STATE_LABELS } from '@linli/shared'
import { ErrorState, Loading } from '../../components/StateView'
import { useRecord } from '../../components/useRecord'
import { listDueHouseholds, listFollowUps } from '../visits.api'
import { DUE_PAGE, FOLLOW_UPS_PAGE, flagNames, isDue, visitPage } from '../format'
import './GridVisitCard.css'

/** Rows shown on 首页 of each list; the rest are on 走访任务. */
const SHOWN = 3
/** One page of each list is read: enough to count what is due today for most grids (more shows as 20+). */
const PAGE = 20

const go = (url: string) => () => void Taro.navigateTo({ url })
const householdUrl = (id: string) => `/households/pages/detail/index?id=${id}`

/**
 * 关爱走访 on a grid worker's 首页, under the patrol: the flagged households due or overdue for a visit (the longest
 * waiting first) and the open follow-up items (the soonest due first), a few of each, every row a tap from the
 * household or the visit; 查看全部 opens 走访任务. Read again whenever 首页 shows (back from a visit).
 */
export default function GridVisitCard() {
  const record = useRecord(
    (opts) =>
      Promise.all([listDueHouseholds({ limit: PAGE }, opts), listFollowUps({ limit: PAGE }, opts)]).then(([due, followUps]) => ({
        due: due.items.filter((h) => h.visit && isDue(h.visit.state)),
        dueMore: !!due.nextCursor && due.items.every((h) => h.visit && isDue(h.visit.state)),
        followUps: followUps.items,
        followUpsMore: !!followUps.nextCursor,
      })),
    [],
  )
  const data = record.data
  const overdue = data?.followUps.filter((f) => f.overdue).length ?? 0
  return (
    <>
      <Text className='section-title'>关爱走访 · 待跟进</Text>
      <View className='card gvisit'>
        {!data && !record.error ? <Loading /> : null}
        {record.error ? <ErrorState message={record.error} onRetry={() => void record.load()} /> : null}
        {data ? (
          <>
            <View className='gvisit__head' onClick={go(DUE_PAGE)}>
              <Text className='card__title'>待走访关爱户</Text>
              <Text className='gvisit__count'>
                <Text className={data.due.length ? 'gvisit__left' : ''}>{data.due.length}{data.dueMore ? '+' : ''}</Text> 户 ›
              </Text>
            </View>
            {data.due.length === 0 ? <Text className='gvisit__none'>✓ 关爱户都在探访间隔内</Text> : null}
            {data.due.slice(0, SHOWN).map((h) => (
              <View key={h.id} className='gvisit__row gvisit__due' onClick={go(householdUrl(h.id))}>
                <Text className='gvisit__what'>{h.address}</Text>
                <Text className={`gvisit__when ${h.visit?.state === 'due_soon' ? '' : 'gvisit__when--late'}`}>{h.visit ? VISIT_STATE_LABELS[h.visit.state] : ''}</Text>
                <Text className='muted gvisit__sub'>{flagNames(h)}</Text>
              </View>
            ))}

            <View className='gvisit__head gvisit__head--second' onClick={go(FOLLOW_UPS_PAGE)}>
              <Text className='card__title'>待跟进事项</Text>
              <Text className='gvisit__count'>
                <Text className={data.followUps.length ? 'gvisit__left' : ''}>{data.followUps.length}{data.followUpsMore ? '+' : ''}</Text> 项{overdue ? `（逾期${overdue}）` : ''} ›
              </Text>
            </View>
            {data.followUps.length === 0 ? <Text className='gvisit__none'>✓ 没有待跟进的事项</Text> : null}
            {data.followUps.slice(0, SHOWN).map((f) => (
              <View key={f.id} className='gvisit__row gvisit__followup' onClick={go(visitPage(f.visitId))}>
                <Text className='gvisit__what'>{f.text}</Text>
                <Text className={`gvisit__when ${f.overdue ? 'gvisit__when--late' : ''}`}>{f.overdue ? `已逾期 · ${f.dueOn.slice(5)}` : `${f.dueOn.slice(5)} 前`}</Text>
                <Text className='muted gvisit__sub'>{f.address}</Text>
              </View>
            ))}
          </>
        ) : null}
        <View className='gvisit__all' onClick={go(DUE_PAGE)}>
          <Text>走访任务</Text>
          <Text className='muted'>全部关爱户和待办 ›</Text>
        </View>
      </View>
    </>
  )
}
