import { useRouter } from '@tarojs/taro'
import { Text } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import { MEMBERSHIP_STATUS_LABELS, type Membership } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading } from '../../../components/StateView'
import { useRecord } from '../../../components/useRecord'
import { listResidentEvents } from '../../../communities/communities.api'
import { getCommunity } from '../../../services/community'
import { formatDate } from '../../../services/format'
import { useSession } from '../../../services/session'
import MemberCard from '../../components/MemberCard'
import { cachedMember, can, loadMember, rememberMember } from '../../members'
import { useOneChange } from './changes'
import MemberEvents from './MemberEvents'
import MoveHousehold from './MoveHousehold'
import RemoveMember from './RemoveMember'
import RoleSection from './RoleSection'
import './index.css'

/**
 * One member, for staff: address change, removal, role changes (admins) and the record of all of it. Each
 * section shows when the member's `actions` (what the server lets this caller do now) include its move.
 */
export default function MemberPage() {
  const id = useRouter().params.id ?? ''
  const session = useSession()
  // The list's copy is masked (phone, real name): shown at once, then the full record is read every time the
  // page opens. Not on every show: coming back from a phone call must not wipe an address being typed.
  const record = useRecord((opts) => loadMember(id, opts), [id], { refreshOnShow: false, initial: () => cachedMember(id) ?? null })
  const events = useRecord((opts) => listResidentEvents(id, opts).then((r) => r.items), [id], { refreshOnShow: false })
  const member = record.data
  const communityId = member?.communityId
  const community = useRecord((opts) => (communityId ? getCommunity(communityId, opts) : Promise.resolve(null)), [communityId], { refreshOnShow: false })
  const { busy, run } = useOneChange()

  if (!member) {
    return <PageShell className='member-page'>{record.error ? <ErrorState message={record.error} onRetry={() => void record.load()} /> : <Loading />}</PageShell>
  }

  const applied = (updated: Membership) => {
    record.setData(updated)
    rememberMember(updated)
    void events.load()
  }
  const changes = { busy, run, applied }
  const isSelf = session.me?.user.id === member.userId
  const gridName = (gid: string) => community.data?.grids.find((g) => g.id === gid)?.name ?? '未知网格'
  const h = member.household

  return (
    <PageShell className='member-page'>
      <MemberCard member={member} full aside={<Tag type={member.status === 'active' ? 'success' : 'default'}>{MEMBERSHIP_STATUS_LABELS[member.status]}</Tag>}>
        {member.roles.includes('grid_worker') ? <Text className='member__line'>负责网格：{member.gridIds.map(gridName).join('、') || '未分配'}</Text> : null}
        <Text className='muted member__joined'>加入时间：{formatDate(member.joinedAt)}</Text>
        {isSelf ? <Text className='member__self'>这是您本人。退出社区请到“我的”页面操作。</Text> : null}
      </MemberCard>

      {can(member, 'grant_role') ? <RoleSection member={member} community={community} gridName={gridName} {...changes} /> : null}

      {can(member, 'move') ? (
        // A new household (after a move) starts the form again from the address on record.
        <MoveHousehold key={h ? `${h.buildingId}/${h.unit}/${h.room}` : 'none'} member={member} community={community} {...changes} />
      ) : null}

      <MemberEvents events={events} />

      {/* One's own membership is left on 我的 (退出社区), not removed here. */}
      {can(member, 'remove') && !isSelf ? <RemoveMember member={member} busy={busy} run={run} /> : null}
    </PageShell>
  )
}
