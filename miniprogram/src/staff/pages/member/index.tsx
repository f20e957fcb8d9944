import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import { Button, Tag } from '@nutui/nutui-react-taro'
import {
  MEMBERSHIP_EVENT_LABELS,
  MEMBERSHIP_STATUS_LABELS,
  MoveHouseholdInput,
  ROLE_LABELS,
  type CommunityDetail,
  type GrantableRole,
  type Membership,
  type MembershipEvent,
} from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { grantRole, listResidentEvents, moveResident, removeResident, revokeRole } from '../../../communities/communities.api'
import { getCommunity } from '../../../services/community'
import { isAdmin, useSession } from '../../../services/session'
import { errorMessage, fieldErrors } from '../../../services/http'
import { cachedMember, findActiveMember, householdText, rememberMember, roleTagStyle, shanghaiTime } from '../../members'
import './index.css'

/** Roles an admin hands out here; 居民 itself comes with approval, so it is not offered. */
const ROLE_CHOICES: { role: GrantableRole; hint: string }[] = [
  { role: 'volunteer', hint: '报名志愿活动、记录服务时长' },
  { role: 'grid_worker', hint: '负责所选网格的居民诉求' },
  { role: 'staff', hint: '审核居民、受理诉求、管理居民' },
  { role: 'admin', hint: '授予角色、修改社区设置' },
  { role: 'merchant', hint: '在积分超市提供兑换' },
]

type MoveErrors = Partial<Record<'buildingId' | 'unit' | 'room' | 'form', string>>

/** Role events store the role key as their note; staff should read 志愿者, not volunteer. */
function eventNote(e: MembershipEvent): string | undefined {
  if ((e.type === 'role_granted' || e.type === 'role_revoked') && e.note && e.note in ROLE_LABELS) {
    return ROLE_LABELS[e.note as keyof typeof ROLE_LABELS]
  }
  return e.note
}

/** One member, for staff: address change, removal, role changes (admins) and the record of all of it. */
export default function MemberPage() {
  const id = useRouter().params.id ?? ''
  const session = useSession()
  const admin = isAdmin(session)

  const [member, setMember] = useState<Membership | null>(() => cachedMember(id) ?? null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [community, setCommunity] = useState<CommunityDetail | null>(null)
  const [communityError, setCommunityError] = useState<string | null>(null)
  const [events, setEvents] = useState<MembershipEvent[] | null>(null)
  const [eventsError, setEventsError] = useState<string | null>(null)

  const [buildingId, setBuildingId] = useState<string | null>(member?.household?.buildingId ?? null)
  const [unit, setUnit] = useState(member?.household?.unit ?? '')
  const [room, setRoom] = useState(member?.household?.room ?? '')
  const [moveErrors, setMoveErrors] = useState<MoveErrors>({})

  /** Which role's grid picker is open (only 网格员 has one). */
  const [pickingGrids, setPickingGrids] = useState(false)
  const [gridIds, setGridIds] = useState<string[]>([])
  const [gridError, setGridError] = useState<string | null>(null)

  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string | null>(null)
  /** The action in progress ('move', 'remove', 'grant:volunteer', ...): one at a time, and its button spins. */
  const [busy, setBusy] = useState<string | null>(null)

  const loadMember = async () => {
    setLoadError(null)
    try {
      const found = await findActiveMember(id)
      if (!found) {
        setLoadError('没有找到该居民，可能已不在社区中')
        return
      }
      setMember(found)
      setBuildingId(found.household?.buildingId ?? null)
      setUnit(found.household?.unit ?? '')
      setRoom(found.household?.room ?? '')
    } catch (err) {
      setLoadError(errorMessage(err))
    }
  }

  const loadEvents = async () => {
    setEventsError(null)
    try {
      setEvents((await listResidentEvents(id, { silent: true })).items)
    } catch (err) {
      setEventsError(errorMessage(err))
    }
  }

  const loadCommunity = async (communityId: string) => {
    setCommunityError(null)
    try {
      setCommunity(await getCommunity(communityId, { silent: true }))
    } catch (err) {
      setCommunityError(errorMessage(err))
    }
  }

  useEffect(() => {
    // The list's copy is masked (phone, real name): the full record is read every time the page opens.
    void loadMember()
    void loadEvents()
  }, [id])

  useEffect(() => {
    if (member && !community) void loadCommunity(member.communityId)
  }, [member?.communityId])

  /** Every change returns the updated membership: keep it, tell the list, and show the new record entry. */
  const applied = (updated: Membership) => {
    setMember(updated)
    rememberMember(updated)
    void loadEvents()
  }

  const isSelf = !!member && session.me?.user.id === member.userId
  const gridName = (gid: string) => community?.grids.find((g) => g.id === gid)?.name ?? '未知网格'

  // ------------------------------------------------------------ 变更住址

  const saveMove = async () => {
    if (!member) return
    if (!buildingId) {
      setMoveErrors({ buildingId: '请选择楼栋' })
      return
    }
    const body = { buildingId, unit: unit.trim(), room: room.trim() }
    // The same schema the server checks, so empty or too-long fields get the same words without a round trip.
    const local = MoveHouseholdInput.safeParse(body)
    if (!local.success) {
      const next: MoveErrors = {}
      for (const issue of local.error.issues) {
        const key = String(issue.path[0] ?? 'form') as keyof MoveErrors
        if (!next[key]) next[key] = issue.message
      }
      setMoveErrors(next)
      return
    }
    const h = member.household
    if (h && h.buildingId === body.buildingId && h.unit === body.unit && h.room === body.room) {
      setMoveErrors({ form: '住址没有变化' })
      return
    }
    setMoveErrors({})
    setBusy('move')
    try {
      applied(await moveResident(member.id, local.data, { silent: true }))
      void Taro.showToast({ title: '住址已变更', icon: 'none' })
    } catch (err) {
      const byField = fieldErrors(err)
      setMoveErrors(Object.keys(byField).length ? (byField as MoveErrors) : { form: errorMessage(err) })
    } finally {
      setBusy(null)
    }
  }

  // ------------------------------------------------------------ 角色

  const confirm = async (title: string, content: string, confirmText = '确定', danger = false) =>
    (
      await Taro.showModal({
        title,
        content,
        confirmText,
        ...(danger ? { confirmColor: '#d4380d' } : {}),
      })
    ).confirm

  const grant = async (role: GrantableRole) => {
    if (!member) return
    if (role === 'grid_worker' && gridIds.length === 0) {
      setGridError('请选择网格员负责的网格')
      return
    }
    const extra = role === 'admin' ? '管理员可以授予和撤销角色、修改社区设置。' : ''
    const ok = member.roles.includes(role)
      ? await confirm('调整网格', `确定将“${member.name}”负责的网格改为：${gridIds.map(gridName).join('、')}？`)
      : await confirm('授予角色', `确定授予“${member.name}”${ROLE_LABELS[role]}角色吗？${extra}`)
    if (!ok) return
    setBusy(`grant:${role}`)
    try {
      // Silent: a grid error belongs next to the grid picker; anything else is toasted below.
      const updated = await grantRole(member.id, role, role === 'grid_worker' ? gridIds : undefined, { silent: true })
      applied(updated)
      setPickingGrids(false)
      setGridError(null)
      void Taro.showToast({ title: `已授予${ROLE_LABELS[role]}`, icon: 'none' })
    } catch (err) {
      const gridMsg = fieldErrors(err).gridIds
      if (role === 'grid_worker' && gridMsg) setGridError(gridMsg)
      else void Taro.showToast({ title: errorMessage(err), icon: 'none', duration: 2500 })
    } finally {
      setBusy(null)
    }
  }

  const revoke = async (role: GrantableRole) => {
    if (!member) return
    if (!(await confirm('撤销角色', `确定撤销“${member.name}”的${ROLE_LABELS[role]}角色吗？`, '撤销', true))) return
    setBusy(`revoke:${role}`)
    try {
      applied(await revokeRole(member.id, role))
      void Taro.showToast({ title: `已撤销${ROLE_LABELS[role]}`, icon: 'none' })
    } catch {
      // toast shown by http.ts (e.g. 社区至少需要保留一名管理员)
    } finally {
      setBusy(null)
    }
  }

  const openGridPicker = () => {
    setGridIds(member?.roles.includes('grid_worker') ? member.gridIds : [])
    setGridError(null)
    setPickingGrids(true)
  }

  const toggleGrid = (gid: string) => {
    setGridError(null)
    setGridIds((prev) => (prev.includes(gid) ? prev.filter((g) => g !== gid) : [...prev, gid]))
  }

  // ------------------------------------------------------------ 移出社区

  const remove = async () => {
    if (!member) return
    const text = reason.trim()
    if (!text) {
      setReasonError('请填写移出原因，会记入变更记录')
      return
    }
    setReasonError(null)
    if (!(await confirm('移出社区', `确定将“${member.name}”移出社区吗？移出后需要重新申请加入。`, '移出', true))) return
    setBusy('remove')
    try {
      const updated = await removeResident(member.id, text, { silent: true })
      rememberMember(updated)
      void Taro.showToast({ title: `已将${member.name}移出社区`, icon: 'none' })
      // Nothing left to manage here: back to the list, which drops the member.
      setTimeout(() => void Taro.navigateBack(), 800)
    } catch (err) {
      const msg = fieldErrors(err).reason
      if (msg) setReasonError(msg)
      else void Taro.showToast({ title: errorMessage(err), icon: 'none', duration: 2500 })
    } finally {
      setBusy(null)
    }
  }

  // ------------------------------------------------------------ render

  if (!member) {
    return (
      <PageShell className='member'>
        {loadError ? <ErrorState message={loadError} onRetry={() => void loadMember()} /> : <Loading />}
      </PageShell>
    )
  }

  const active = member.status === 'active'
  // Only an admin may remove an admin (the server says so too); hide what would only fail.
  const canRemove = active && !isSelf && (admin || !member.roles.includes('admin'))

  return (
    <PageShell className='member'>
      <View className='card'>
        <View className='member__head'>
          <Text className='member__name'>
            {member.name}
            {member.realName ? `（${member.realName}）` : ''}
          </Text>
          <Tag type={active ? 'success' : 'default'}>{MEMBERSHIP_STATUS_LABELS[member.status]}</Tag>
        </View>
        {member.roles.length > 0 ? (
          <View className='member__roles'>
            {member.roles.map((r) => (
              <Tag key={r} {...roleTagStyle(r)} className='member__role'>
                {ROLE_LABELS[r]}
              </Tag>
            ))}
          </View>
        ) : null}
        <Text className='member__line'>住址：{householdText(member)}</Text>
        <View className='member__line'>
          <Text>手机：{member.phone ?? '未填写'}</Text>
          {member.phone ? (
            <Text className='member__link' onClick={() => void Taro.makePhoneCall({ phoneNumber: member.phone! })}>
              拨打
            </Text>
          ) : null}
        </View>
        {member.roles.includes('grid_worker') ? (
          <Text className='member__line'>负责网格：{member.gridIds.map(gridName).join('、') || '未分配'}</Text>
        ) : null}
        <Text className='muted member__joined'>加入时间：{shanghaiTime(member.joinedAt).slice(0, 10)}</Text>
        {isSelf ? <Text className='member__self'>这是您本人。退出社区请到“我的”页面操作。</Text> : null}
      </View>

      {admin && active ? (
        <>
          <Text className='section-title'>角色（授予角色 / 撤销角色）</Text>
          <View className='card member__role-list'>
            {ROLE_CHOICES.map(({ role, hint }) => {
              const held = member.roles.includes(role)
              return (
                <View key={role} className='member__role-row'>
                  <View className='member__role-info'>
                    <View className='member__role-title'>
                      <Text className='member__role-name'>{ROLE_LABELS[role]}</Text>
                      {held ? (
                        <Tag type='success' className='member__role-held'>
                          已授予
                        </Tag>
                      ) : null}
                    </View>
                    <Text className='muted'>{hint}</Text>
                  </View>
                  <View className='member__role-actions'>
                    {role === 'grid_worker' && !pickingGrids ? (
                      <Button size='small' type='primary' fill='outline' disabled={!!busy} onClick={openGridPicker}>
                        {held ? '调整网格' : '授予'}
                      </Button>
                    ) : null}
                    {role !== 'grid_worker' && !held ? (
                      <Button
                        size='small'
                        type='primary'
                        fill='outline'
                        loading={busy === `grant:${role}`}
                        disabled={!!busy && busy !== `grant:${role}`}
                        onClick={() => void grant(role)}
                      >
                        授予
                      </Button>
                    ) : null}
                    {held ? (
                      <Button
                        size='small'
                        type='danger'
                        fill='outline'
                        loading={busy === `revoke:${role}`}
                        disabled={!!busy && busy !== `revoke:${role}`}
                        onClick={() => void revoke(role)}
                      >
                        撤销
                      </Button>
                    ) : null}
                  </View>
                  {role === 'grid_worker' && pickingGrids ? (
                    <View className='member__grids'>
                      <Text className='member__label'>选择负责的网格（可多选）</Text>
                      {!community && !communityError ? <Loading text='正在加载网格…' /> : null}
                      {communityError ? (
                        <ErrorState message={communityError} onRetry={() => void loadCommunity(member.communityId)} />
                      ) : null}
                      {community && community.grids.length === 0 ? <Text className='muted'>本社区还没有登记网格</Text> : null}
                      <View className='member__chips'>
                        {community?.grids.map((g) => (
                          <View
                            key={g.id}
                            className={`member__chip ${gridIds.includes(g.id) ? 'member__chip--on' : ''}`}
                            onClick={() => toggleGrid(g.id)}
                          >
                            <Text>{g.name}</Text>
                          </View>
                        ))}
                      </View>
                      {gridError ? <Text className='member__error'>{gridError}</Text> : null}
                      <View className='member__actions'>
                        <Button size='small' disabled={busy === 'grant:grid_worker'} onClick={() => setPickingGrids(false)}>
                          取消
                        </Button>
                        <Button
                          size='small'
                          type='primary'
                          loading={busy === 'grant:grid_worker'}
                          onClick={() => void grant('grid_worker')}
                        >
                          {held ? '保存网格' : '确认授予'}
                        </Button>
                      </View>
                    </View>
                  ) : null}
                </View>
              )
            })}
          </View>
        </>
      ) : null}

      {active ? (
        <>
          <Text className='section-title'>变更住址</Text>
          <View className='card'>
            <Text className='member__label'>楼栋 *</Text>
            {!community && !communityError ? <Loading text='正在加载楼栋…' /> : null}
            {communityError ? (
              <ErrorState message={communityError} onRetry={() => void loadCommunity(member.communityId)} />
            ) : null}
            <View className='member__chips'>
              {community?.buildings.map((b) => (
                <View
                  key={b.id}
                  className={`member__chip ${b.id === buildingId ? 'member__chip--on' : ''}`}
                  onClick={() => {
                    setBuildingId(b.id)
                    setMoveErrors((e) => ({ ...e, buildingId: undefined, form: undefined }))
                  }}
                >
                  <Text>{b.name}</Text>
                </View>
              ))}
            </View>
            {moveErrors.buildingId ? <Text className='member__error'>{moveErrors.buildingId}</Text> : null}
            <View className='member__row'>
              <View className='member__field'>
                <Text className='member__label'>单元 *</Text>
                <Input
                  className='member__input'
                  value={unit}
                  placeholder='如：2'
                  maxlength={16}
                  onInput={(e) => {
                    setUnit(e.detail.value)
                    setMoveErrors((x) => ({ ...x, unit: undefined, form: undefined }))
                  }}
                />
                {moveErrors.unit ? <Text className='member__error'>{moveErrors.unit}</Text> : null}
              </View>
              <View className='member__field'>
                <Text className='member__label'>房号 *</Text>
                <Input
                  className='member__input'
                  value={room}
                  placeholder='如：301'
                  maxlength={16}
                  onInput={(e) => {
                    setRoom(e.detail.value)
                    setMoveErrors((x) => ({ ...x, room: undefined, form: undefined }))
                  }}
                />
                {moveErrors.room ? <Text className='member__error'>{moveErrors.room}</Text> : null}
              </View>
            </View>
            {moveErrors.form ? <Text className='member__error'>{moveErrors.form}</Text> : null}
            <Button className='block-button' type='primary' block loading={busy === 'move'} disabled={!!busy && busy !== 'move'} onClick={() => void saveMove()}>
              保存住址
            </Button>
          </View>
        </>
      ) : null}

      <Text className='section-title'>变更记录</Text>
      <View className='card member__events'>
        {events === null && !eventsError ? <Loading /> : null}
        {eventsError ? <ErrorState message={eventsError} onRetry={() => void loadEvents()} /> : null}
        {events && events.length === 0 ? <Empty title='暂无变更记录' /> : null}
        {/* Newest first: staff come here to see what just happened. */}
        {events
          ?.slice()
          .reverse()
          .map((e) => {
            const note = eventNote(e)
            return (
              <View key={e.id} className='member__event'>
                <View className='member__event-head'>
                  <Text className='member__event-type'>{MEMBERSHIP_EVENT_LABELS[e.type]}</Text>
                  <Text className='muted'>{shanghaiTime(e.at)}</Text>
                </View>
                <Text className='muted'>操作人：{e.actorName || '未知'}</Text>
                {note ? <Text className='member__event-note'>{note}</Text> : null}
              </View>
            )
          })}
      </View>

      {canRemove ? (
        <>
          <Text className='section-title'>移出社区</Text>
          <View className='card'>
            <Text className='muted'>移出后该居民不能再使用本社区的功能，需要重新申请加入。原因会记入变更记录。</Text>
            <Textarea
              className='member__reason'
              value={reason}
              placeholder='请填写移出原因，如：已搬离本社区'
              maxlength={200}
              onInput={(e) => {
                setReason(e.detail.value)
                setReasonError(null)
              }}
            />
            {reasonError ? <Text className='member__error'>{reasonError}</Text> : null}
            <Button
              className='block-button'
              type='danger'
              fill='outline'
              block
              loading={busy === 'remove'}
              disabled={!!busy && busy !== 'remove'}
              onClick={() => void remove()}
            >
              移出社区
            </Button>
          </View>
        </>
      ) : null}
    </PageShell>
  )
}
