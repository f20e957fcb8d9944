import Taro, { useDidShow } from '@tarojs/taro'
import { Text } from '@tarojs/components'
import type { Membership } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { usePagedList } from '../../../components/usePagedList'
import { ListFooter, ListStatus } from '../../../components/ListStates'
import { Empty } from '../../../components/StateView'
import { listActiveResidents } from '../../../services/community'
import MemberCard from '../../components/MemberCard'
import { freshen, rememberMembers } from '../../members'
import './index.css'

/** 居民管理: everyone now in the community; tap a member to change address, roles or remove them. */
export default function MembersPage() {
  const list = usePagedList<Membership>(listActiveResidents, (page) => rememberMembers(page.items))
  const { items, setItems } = list

  // Back from a member's page: show what changed there without reloading (and losing "加载更多" pages).
  useDidShow(() => {
    setItems((prev) => (prev ? freshen(prev) : prev))
  })

  const open = (m: Membership) => void Taro.navigateTo({ url: `/staff/pages/member/index?id=${m.id}` })

  return (
    <PageShell className='members'>
      <ListStatus list={list} empty={<Empty title='暂无居民' description='居民加入社区后会出现在这里。' />} />
      {items && items.length > 0 ? <Text className='section-title'>已加入的居民（点击查看和管理）</Text> : null}
      {items?.map((m) => (
        <MemberCard key={m.id} member={m} className='members__item' aside={<Text className='members__more'>管理 ›</Text>} onClick={() => open(m)} />
      ))}
      <ListFooter list={list} />
    </PageShell>
  )
}
