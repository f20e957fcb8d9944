import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Picker, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { HOTSPOT_ACTION_LABELS, hasAnyRole, type Hotspot } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import RoleGate from '../../../components/RoleGate'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useRecord } from '../../../components/useRecord'
import { monthLabel, shanghaiMonthOf } from '../../../services/format'
import { currentRoles, useSession, type SessionState } from '../../../services/session'
import { actOnHotspot, getHotspots } from '../../requests.api'
import './index.css'

/** Staff of the community, or street staff acting in one of their street's communities (no membership there). */
const leads = (s: SessionState) => hasAnyRole(currentRoles(s), ['staff', 'street_staff']) || (!s.current && s.streetCommunityId !== null)

const TREND: Record<Hotspot['trend'], string> = { up: '较上月增加', down: '较上月减少', same: '与上月持平', new: '本月新出现' }

/** What a one-tap topic or task says, from the cluster (staff can edit the topic or the task afterwards). */
function draft(h: Hotspot, month: string, as: 'consultation' | 'proactive') {
  const place = h.where === '未注明地点' ? '社区' : h.where
  const title = (as === 'consultation' ? `${place}${h.categoryLabel}问题怎么解决` : `${place}${h.categoryLabel}问题集中治理`).slice(0, 40)
  const description = `${monthLabel(month)}${place}共收到${h.count}件${h.categoryLabel}类诉求（上月${h.previousCount}件），${
    as === 'consultation' ? '请居民一起商量解决办法。' : '社区主动治理，从根本上解决。'
  }`
  return { title, description }
}

/**
 * 每月一题: the month's recurring problems — the most requests of one category at one building or place — with last
 * month's number, and one tap to turn one into a 议事 topic (staff) or a 主动治理 task (staff, street staff), linked to
 * the requests it came from; then the new topic or task opens.
 */
export default function HotspotsPage() {
  const session = useSession()
  const roles = currentRoles(session)
  const [month, setMonth] = useState(shanghaiMonthOf())
  const { data, error, load } = useRecord((opts) => getHotspots(month, opts), [month], { refreshOnShow: false })
  const [busy, setBusy] = useState<string | null>(null)
  // 议事 is run by the community's staff (consultations' rule); street staff open tasks.
  const startsTopics = hasAnyRole(roles, ['staff'])

  const act = async (h: Hotspot, as: 'consultation' | 'proactive') => {
    const { title, description } = draft(h, month, as)
    const what = HOTSPOT_ACTION_LABELS[as]
    const { confirm } = await Taro.showModal({
      title: what,
      content: `把“${h.where} · ${h.categoryLabel}”（${h.count}件）${as === 'consultation' ? '发起为议事议题' : '转为主动治理任务'}，并关联这些诉求。确定吗？`,
      confirmText: '确定',
    })
    if (!confirm) return
    setBusy(`${h.key}:${as}`)
    try {
      const made = await actOnHotspot({ month, category: h.category, buildingId: h.buildingId, place: h.place, as, title, description })
      void Taro.navigateTo({ url: as === 'consultation' ? `/consult/pages/detail/index?id=${made.id}` : `/requests/pages/detail/index?id=${made.id}` })
    } catch {
      // the call has shown the reason
    } finally {
      setBusy(null)
    }
  }

  return (
    <RoleGate session={session} allowed={leads(session)} title='每月一题供社区和街道工作人员使用'>
      <PageShell className='hot'>
        <View className='card hot__head'>
          <Picker mode='date' fields='month' value={month} end={shanghaiMonthOf()} onChange={(e) => setMonth(e.detail.value.slice(0, 7))}>
            <Text className='hot__month'>{monthLabel(month)}</Text>
          </Picker>
          <Text className='muted hot__note'>同一楼栋（地点）同类问题本月反复出现的，按诉求件数排列；可一键发起议事或转为主动治理，关联来源诉求</Text>
        </View>

        {!data && !error ? <Loading /> : null}
        {error ? <ErrorState message={error} onRetry={() => void load()} /> : null}
        {data && data.items.length === 0 ? <Empty title='本月暂无反复出现的问题' description='同一楼栋同类诉求达到2件会列在这里' /> : null}

        {data?.items.map((h, i) => (
          <View key={h.key} className='card hot__item'>
            <View className='hot__item-head'>
              <Text className={`hot__place ${i === 0 ? 'hot__place--first' : ''}`}>{i + 1}</Text>
              <View className='hot__what'>
                {/* One string each: the weapp build renders a text per expression otherwise. */}
                <Text className='hot__title'>{`${h.where} · ${h.categoryLabel}`}</Text>
                <Text className='muted'>{`上月${h.previousCount}件 · ${TREND[h.trend]}`}</Text>
              </View>
              <Text className='hot__count'>{`${h.count}件`}</Text>
            </View>
            <View className='hot__links'>
              {h.requestIds.slice(0, 6).map((id, n) => (
                <Text key={id} className='hot__link' onClick={() => void Taro.navigateTo({ url: `/requests/pages/detail/index?id=${id}` })}>
                  {`诉求${n + 1}`}
                </Text>
              ))}
              {h.requestIds.length > 6 ? <Text className='muted'>等{h.requestIds.length}件</Text> : null}
            </View>
            <View className='hot__actions'>
              {startsTopics ? (
                <Button size='small' type='primary' fill='outline' loading={busy === `${h.key}:consultation`} disabled={!!busy} onClick={() => void act(h, 'consultation')}>
                  发起议事
                </Button>
              ) : null}
              <Button size='small' type='primary' loading={busy === `${h.key}:proactive`} disabled={!!busy} onClick={() => void act(h, 'proactive')}>
                主动治理
              </Button>
            </View>
          </View>
        ))}
      </PageShell>
    </RoleGate>
  )
}
