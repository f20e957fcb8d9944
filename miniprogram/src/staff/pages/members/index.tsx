import Taro, { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Tag } from '@nutui/nutui-react-taro'
import { ROLE_LABELS, type Membership } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { usePagedList } from '../../../components/usePagedList'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { listActiveResidents } from '../../../services/community'
import { freshen, householdText, rememberMembers, roleTagStyle } from '../../members'
import './index.css'

/** 居民管理: everyone now in the community; tap a member to change address, roles or remove them. */
export default function MembersPage() {
  const { items, setItems, nextCursor, error, loadingMore, load, loadMore } = usePagedList<Membership>(listActiveResidents, (page) =>
    rememberMembers(page.items),
  )

  // Back from a member's page: show what changed there without reloading (and losing "加载更多" pages).
  useDidShow(() => {
    setItems((prev) => (prev ? freshen(prev) : prev))
  })

  const open = (m: Membership) => void Taro.navigateTo({ url: `/staff/pages/member/index?id=${m.id}` })

  return (
    <PageShell className='members'>
      {items === null && !error ? <Loading /> : null}
      {error ? <ErrorState message={error} onRetry={() => void load()} /> : null}
      {items && items.length === 0 ? <Empty title='暂无居民' description='居民加入社区后会出现在这里。' /> : null}
      {items && items.length > 0 ? <Text className='section-title'>已加入的居民（点击查看和管理）</Text> : null}
      {items?.map((m) => (
        <View className='card members__item' key={m.id} onClick={() => open(m)}>
          <View className='members__head'>
            <Text className='members__name'>
              {m.name}
              {m.realName ? `（${m.realName}）` : ''}
            </Text>
            <Text className='members__more'>管理 ›</Text>
          </View>
          {m.roles.length > 0 ? (
            <View className='members__roles'>
              {m.roles.map((r) => (
                <Tag key={r} {...roleTagStyle(r)} className='members__role'>
                  {ROLE_LABELS[r]}
                </Tag>
              ))}
            </View>
          ) : null}
          <Text className='members__line'>住址：{householdText(m)}</Text>
          <Text className='members__line'>手机：{m.phone ?? '未填写'}</Text>
        </View>
      ))}
      {nextCursor ? (
        <Button className='block-button' block fill='outline' loading={loadingMore} onClick={() => void loadMore()}>
          加载更多
        </Button>
      ) : null}
    </PageShell>
  )
}
