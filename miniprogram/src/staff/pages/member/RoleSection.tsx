import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Tag } from '@nutui/nutui-react-taro'
import { ROLE_LABELS, type CommunityDetail, type GrantableRole, type Membership } from '@linli/shared'
import ChoiceChips, { toggled } from '../../../components/ChoiceChips'
import { ErrorState, Loading } from '../../../components/StateView'
import { grantRole, revokeRole } from '../../../communities/communities.api'
import { confirmed } from '../../../services/confirm'
import { errorMessage, fieldErrors } from '../../../services/http'
import { can } from '../../members'
import type { MemberChanges } from './changes'

/** Roles an admin hands out here; 居民 itself comes with approval, so it is not offered. */
const ROLE_CHOICES: { role: GrantableRole; hint: string }[] = [
  { role: 'volunteer', hint: '报名志愿活动、记录服务时长' },
  { role: 'grid_worker', hint: '负责所选网格的居民诉求' },
  { role: 'staff', hint: '审核居民、受理诉求、管理居民' },
  { role: 'admin', hint: '授予角色、修改社区设置' },
  { role: 'merchant', hint: '在积分超市提供兑换' },
  { role: 'mobile_grid', hint: '快递员、外卖骑手，在社区内随手上报隐患' },
]

interface Props extends MemberChanges {
  member: Membership
  community: { data: CommunityDetail | null; error: string | null; load: () => Promise<void> }
  gridName: (gridId: string) => string
}

/** 授予角色 / 撤销角色 (admins), with the grids a 网格员 is responsible for. */
export default function RoleSection({ member, community, gridName, busy, run, applied }: Props) {
  /** The grid picker of 网格员 is open (the only role with something to choose). */
  const [pickingGrids, setPickingGrids] = useState(false)
  const [gridIds, setGridIds] = useState<string[]>([])
  const [gridError, setGridError] = useState<string | null>(null)

  const grant = async (role: GrantableRole) => {
    if (role === 'grid_worker' && gridIds.length === 0) return setGridError('请选择网格员负责的网格')
    const extra = role === 'admin' ? '管理员可以授予和撤销角色、修改社区设置。' : ''
    const ok = member.roles.includes(role)
      ? await confirmed('调整网格', `确定将“${member.name}”负责的网格改为：${gridIds.map(gridName).join('、')}？`)
      : await confirmed('授予角色', `确定授予“${member.name}”${ROLE_LABELS[role]}角色吗？${extra}`)
    if (!ok) return
    await run(`grant:${role}`, async () => {
      try {
        // Silent: a grid error belongs next to the grid picker; anything else is toasted below.
        applied(await grantRole(member.id, role, role === 'grid_worker' ? gridIds : undefined, { silent: true }))
        setPickingGrids(false)
        setGridError(null)
        void Taro.showToast({ title: `已授予${ROLE_LABELS[role]}`, icon: 'none' })
      } catch (err) {
        const gridMsg = fieldErrors(err).gridIds
        if (role === 'grid_worker' && gridMsg) setGridError(gridMsg)
        else void Taro.showToast({ title: errorMessage(err), icon: 'none', duration: 2500 })
      }
    })
  }

  const revoke = async (role: GrantableRole) => {
    if (!(await confirmed('撤销角色', `确定撤销“${member.name}”的${ROLE_LABELS[role]}角色吗？`, { confirmText: '撤销', danger: true }))) return
    await run(`revoke:${role}`, async () => {
      try {
        applied(await revokeRole(member.id, role))
        void Taro.showToast({ title: `已撤销${ROLE_LABELS[role]}`, icon: 'none' })
      } catch {
        // toast shown by http.ts (e.g. 社区至少需要保留一名管理员)
      }
    })
  }

  const openGridPicker = () => {
    setGridIds(member.roles.includes('grid_worker') ? member.gridIds : [])
    setGridError(null)
    setPickingGrids(true)
  }

  /** A button that spins while its own change runs and waits while another one does. */
  const actionButton = (key: string, text: string, type: 'primary' | 'danger', onClick: () => void) => (
    <Button size='small' type={type} fill='outline' loading={busy === key} disabled={!!busy && busy !== key} onClick={onClick}>
      {text}
    </Button>
  )

  return (
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
                {role !== 'grid_worker' && !held ? actionButton(`grant:${role}`, '授予', 'primary', () => void grant(role)) : null}
                {held && can(member, 'revoke_role') ? actionButton(`revoke:${role}`, '撤销', 'danger', () => void revoke(role)) : null}
              </View>
              {role === 'grid_worker' && pickingGrids ? (
                <View className='member__grids'>
                  <Text className='field__label'>选择负责的网格（可多选）</Text>
                  {!community.data && !community.error ? <Loading text='正在加载网格…' /> : null}
                  {community.error ? <ErrorState message={community.error} onRetry={() => void community.load()} /> : null}
                  {community.data && community.data.grids.length === 0 ? <Text className='muted'>本社区还没有登记网格</Text> : null}
                  <ChoiceChips
                    options={community.data?.grids ?? []}
                    selected={gridIds}
                    onPick={(gid) => {
                      setGridError(null)
                      setGridIds((prev) => toggled(prev, gid))
                    }}
                  />
                  {gridError ? <Text className='field__error'>{gridError}</Text> : null}
                  <View className='form-actions'>
                    <Button size='small' disabled={busy === 'grant:grid_worker'} onClick={() => setPickingGrids(false)}>
                      取消
                    </Button>
                    <Button size='small' type='primary' loading={busy === 'grant:grid_worker'} onClick={() => void grant('grid_worker')}>
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
  )
}
