import { useEffect, useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { api, type OutputOf, type VolunteerMe } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { Empty } from '../../../components/StateView'
import { ListFooter, ListStatus } from '../../../components/ListStates'
import { usePagedList } from '../../../components/usePagedList'
import { getMyVolunteer, listStarAwards } from '../../volunteer.api'
import { hoursText, starText } from '../../format'
import { shanghaiParts } from '../../../services/format'
import StarProgress from '../../components/StarProgress'
import '../../volunteer.css'
import './index.css'

type Award = OutputOf<typeof api.volunteers.awards>['items'][number]

const STATE: Record<Award['status'], { text: string; tone: string }> = {
  announced: { text: '公示中', tone: 'wait' },
  granted: { text: '已授予', tone: 'done' },
  withheld: { text: '暂缓授予', tone: 'off' },
}

/** 星级公示: volunteers who reached a star level, five working days in public before it is granted. */
export default function StarsPage() {
  const list = usePagedList<Award>(listStarAwards)
  useReachBottom(() => void list.loadMore())
  // A volunteer reading the roll sees their own way to the next star above it; anyone else (staff, residents
  // who are not volunteers) just the roll, so a refusal here says nothing.
  const [me, setMe] = useState<VolunteerMe | null>(null)
  useEffect(() => {
    getMyVolunteer({ silent: true }).then(setMe, () => undefined)
  }, [])

  return (
    <PageShell className='vstars'>
      {/* A points account (随手拍奖励 without volunteering) has no stars to show. */}
      {me && me.status !== 'points' ? (
        <View className='card vstars__mine'>
          <View className='vhead'>
            <Text className='vname'>我的星级</Text>
            <Text className='vstars__stars'>{starText(me.stars)}</Text>
          </View>
          <Text className='muted'>累计服务 {hoursText(me.hours)} 小时</Text>
          <StarProgress progress={me.starProgress} />
        </View>
      ) : null}
      <View className='notice'>累计服务时长达到星级标准的志愿者，经5个工作日公示无异议后授予星级。对公示有意见，请联系社区工作人员。</View>
      <ListStatus list={list} empty={<Empty title='暂无星级公示' description='志愿者累计服务100小时可评为一星级志愿者。' />} />
      {list.items?.map((a) => {
        const s = STATE[a.status]
        const granted = a.status === 'granted'
        return (
          <View
            key={a.id}
            className={`card vstars__item ${granted ? 'vstars__item--granted' : ''}`}
            onClick={granted ? () => void Taro.navigateTo({ url: `/volunteer/pages/certificate/index?id=${a.id}` }) : undefined}
          >
            <View className='vhead'>
              <Text className='vname'>{a.volunteerName}</Text>
              <Text className={`vpill vpill--${s.tone}`}>{s.text}</Text>
            </View>
            <Text className='vstars__stars'>
              {starText(a.stars)} <Text className='vstars__level'>{a.stars}星级志愿者</Text>
            </Text>
            <Text className='muted'>
              累计服务 {hoursText(a.hours)} 小时 · {shanghaiParts(a.reachedAt).date} 达到
            </Text>
            {a.status === 'announced' ? <Text className='muted'>公示至 {shanghaiParts(a.publicUntil).date}</Text> : null}
            {a.status === 'withheld' && a.reason ? <Text className='muted'>暂缓理由：{a.reason}</Text> : null}
            {granted ? <Text className='vstars__link'>查看证书 ›</Text> : null}
          </View>
        )
      })}
      <ListFooter list={list} end />
    </PageShell>
  )
}
