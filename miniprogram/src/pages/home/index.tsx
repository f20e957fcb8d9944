import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageShell from '../../components/PageShell'
import SignInPrompt from '../../components/SignInPrompt'
import { ErrorState, Loading } from '../../components/StateView'
import { getAnnouncement } from '../../communities/communities.api'
import { refreshSession, useSession } from '../../communities/session'
import './index.css'

const DEFAULT_WELCOME = '欢迎使用邻里。小事不出网格，大事不出街道，有困难找社区。'

const QUICK_ENTRIES = [
  { key: 'affairs', label: '急难愁盼', hint: '反映诉求', url: '/pages/affairs/index', mark: '办' },
  { key: 'consult', label: '议事协商', hint: '大家商量', url: '/pages/consult/index', mark: '议' },
  { key: 'volunteer', label: '志愿服务', hint: '邻里互助', url: '/pages/volunteer/index', mark: '志' },
  { key: 'mine', label: '我的社区', hint: '入驻与设置', url: '/pages/mine/index', mark: '我' },
]

export default function HomePage() {
  const session = useSession()
  const { current } = session
  const [announcement, setAnnouncement] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    if (!current) {
      setAnnouncement(null)
      return
    }
    void getAnnouncement(current.communityId).then((text) => live && setAnnouncement(text))
    return () => {
      live = false
    }
  }, [current?.communityId])

  return (
    <PageShell className='home'>
      <View className='home__hero'>
        <Text className='home__brand'>邻里</Text>
        <Text className='home__community'>{current ? current.communityName : '共建共治共享的社区家园'}</Text>
        {current?.household ? (
          <Text className='home__address'>
            {current.household.buildingName} {current.household.unit}单元 {current.household.room}
          </Text>
        ) : null}
      </View>

      {session.status === 'loading' ? <Loading /> : null}
      {session.status === 'error' && session.error?.code === 'UNAUTHENTICATED' ? <SignInPrompt /> : null}
      {session.status === 'error' && session.error?.code !== 'UNAUTHENTICATED' ? (
        <ErrorState message={session.error?.message ?? '加载失败'} onRetry={() => void refreshSession()} />
      ) : null}

      {session.status === 'ready' && !current && (session.me?.streets.length ?? 0) > 0 ? (
        <View className='card'>
          <Text className='card__title'>{session.me?.streets.map((st) => st.name).join('、')}</Text>
          <Text className='muted'>您是街道工作人员，可以查看本街道各社区上报的事项（功能建设中）。</Text>
        </View>
      ) : null}

      {session.status === 'ready' && !current && (session.me?.streets.length ?? 0) === 0 ? (
        <View className='card'>
          <Text className='card__title'>您还没有加入社区</Text>
          <Text className='muted'>加入所在社区后，可以反映诉求、参与议事和志愿服务。</Text>
          <Button
            className='block-button'
            type='primary'
            block
            onClick={() => Taro.navigateTo({ url: '/communities/pages/join/index' })}
          >
            加入社区
          </Button>
        </View>
      ) : null}

      {current?.status === 'pending' ? (
        <View className='notice'>您加入“{current.communityName}”的申请正在等待社区审核，审核通过后即可使用全部功能。</View>
      ) : null}

      <View className='card'>
        <Text className='card__title'>社区公告</Text>
        <Text className='home__announcement'>{announcement ?? DEFAULT_WELCOME}</Text>
      </View>

      <Text className='section-title'>常用服务</Text>
      <View className='card home__grid'>
        {QUICK_ENTRIES.map((e) => (
          <View key={e.key} className='home__entry' onClick={() => Taro.switchTab({ url: e.url })}>
            <View className={`home__entry-mark home__entry-mark--${e.key}`}>
              <Text>{e.mark}</Text>
            </View>
            <Text className='home__entry-label'>{e.label}</Text>
            <Text className='home__entry-hint'>{e.hint}</Text>
          </View>
        ))}
      </View>
    </PageShell>
  )
}
