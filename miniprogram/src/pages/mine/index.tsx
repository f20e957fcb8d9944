import Taro from '@tarojs/taro'
import { Picker, Text, View } from '@tarojs/components'
import { Button, Cell, CellGroup, Switch, Tag } from '@nutui/nutui-react-taro'
import { MEMBERSHIP_STATUS_LABELS, ROLE_LABELS, type Membership } from '@linli/shared'
import PageShell from '../../components/PageShell'
import SessionStatus from '../../components/SessionStatus'
import { leaveCommunity } from '../../communities/communities.api'
import { householdText } from '../../services/community'
import { confirmed } from '../../services/confirm'
import {
  isAdmin,
  isStaff,
  liveMemberships,
  refreshSession,
  signOut,
  switchCommunity,
  useSession,
} from '../../services/session'
import { DEV_SIGNIN_ENABLED, DEV_SIGNIN_PAGE } from '../../services/config'
import { isHandler } from '../../services/roles'
import { setLargeText, useLargeText } from '../../services/preferences'
import { APPLY_PAGE, REPORT_PAGE, REVIEW_PAGE } from '../../mobile-grid/format'
import MyCasesCell from '../../mediation/components/MyCasesCell'
import { UNIT_JOIN_PAGE, UNIT_QUEUE_PAGE } from '../../units/format'
import './index.css'

const go = (url: string) => () => void Taro.navigateTo({ url })

function statusTagType(status: Membership['status']) {
  return status === 'active' ? 'success' : status === 'pending' ? 'warning' : 'default'
}

export default function MinePage() {
  const session = useSession()
  const large = useLargeText()
  const { me, current } = session
  const live = liveMemberships(me)
  const history = (me?.memberships ?? []).filter((m) => m.status === 'rejected' || m.status === 'removed')
  const lastRejected = !current ? history[history.length - 1] : undefined
  // Street staff work through their street, not a membership: they may have no community of their own.
  const streets = me?.streets ?? []

  const onSwitch = (index: number) => {
    const chosen = live[index]
    if (!chosen || chosen.communityId === current?.communityId) return
    switchCommunity(chosen.communityId)
    void Taro.showToast({ title: `已切换到${chosen.communityName}`, icon: 'none' })
  }

  const onLeave = async () => {
    if (!current) return
    if (!(await confirmed('退出社区', `确定退出“${current.communityName}”吗？退出后需要重新申请加入。`, { confirmText: '退出', danger: true }))) return
    try {
      await leaveCommunity()
      await refreshSession()
      void Taro.showToast({ title: '已退出社区', icon: 'none' })
    } catch {
      // http.ts has already shown the reason.
    }
  }

  const onSignOut = async () => {
    if (!(await confirmed('退出登录', '确定退出登录吗？'))) return
    signOut()
    void Taro.showToast({ title: '已退出登录', icon: 'none' })
  }


  return (
    <PageShell className='mine'>
      <View className='mine__profile'>
        <View className='mine__avatar'>
          <Text>{me?.user.nickname.slice(0, 1) || '邻'}</Text>
        </View>
        <View className='mine__who'>
          <Text className='mine__nickname'>{me ? me.user.nickname : '未登录'}</Text>
          <Text className='mine__sub'>
            {current
              ? current.communityName
              : streets.length > 0
                ? `${streets.map((st) => st.name).join('、')} · 街道工作人员`
                : me?.units.length
                  ? `${me.units.map((u) => u.name).join('、')} · 单位工作人员`
                  : me
                  ? '尚未加入社区'
                  : '登录后加入您的社区'}
          </Text>
        </View>
      </View>

      <SessionStatus session={session} />

      {me ? (
        <>
          {current ? (
            <CellGroup title='我的社区'>
              {live.length > 1 ? (
                <Picker
                  mode='selector'
                  range={live.map((m) => `${m.communityName}（${MEMBERSHIP_STATUS_LABELS[m.status]}）`)}
                  value={Math.max(0, live.findIndex((m) => m.communityId === current.communityId))}
                  onChange={(e) => onSwitch(Number(e.detail.value))}
                >
                  <Cell title='当前社区' extra={`${current.communityName} · 切换`} clickable />
                </Picker>
              ) : (
                <Cell title='当前社区' extra={current.communityName} />
              )}
              <Cell
                title='入驻状态'
                extra={<Tag type={statusTagType(current.status)}>{MEMBERSHIP_STATUS_LABELS[current.status]}</Tag>}
              />
              {current.roles.length > 0 ? (
                <Cell
                  title='我的身份'
                  extra={
                    <View className='mine__roles'>
                      {current.roles.map((r) => (
                        <Tag key={r} type='primary' className='mine__role'>
                          {ROLE_LABELS[r]}
                        </Tag>
                      ))}
                    </View>
                  }
                />
              ) : null}
              {current.household ? (
                <Cell title='住址' extra={householdText(current.household)} />
              ) : null}
            </CellGroup>
          ) : null}

          {current?.status === 'pending' ? (
            <View className='notice'>您的入驻申请正在等待社区工作人员审核，审核通过后即可使用全部功能。</View>
          ) : null}

          {/* A party to a dispute case finds it here (keyed by community: the list is the current community's). */}
          {current?.status === 'active' ? <MyCasesCell key={current.communityId} /> : null}

          {/* Street staff work through their street, and units' people through their unit: they have nothing to join. */}
          {!current && streets.length === 0 && me.units.length === 0 ? (
            <View className='card'>
              <Text className='card__title'>加入社区</Text>
              {lastRejected ? (
                <Text className='muted'>
                  您加入“{lastRejected.communityName}”的申请{MEMBERSHIP_STATUS_LABELS[lastRejected.status]}
                  {lastRejected.note ? `：${lastRejected.note}` : ''}。可以核对信息后重新申请。
                </Text>
              ) : (
                <Text className='muted'>填写您的楼栋和房号，社区审核后即可加入。有邀请码可直接加入。</Text>
              )}
              <Button className='block-button' type='primary' block onClick={go('/communities/pages/join/index')}>
                申请加入社区
              </Button>
            </View>
          ) : null}

          {streets.length > 0 ? (
            <CellGroup title='我的街道'>
              {streets.map((st) => (
                <Cell key={st.id} title={st.name} extra={`街道工作人员 · 辖${st.communityIds.length}个社区`} />
              ))}
            </CellGroup>
          ) : null}

          {/* 单位 (物业、城管、水电气…): their 工作台, and joining one with the code the street gave. */}
          <CellGroup title='单位'>
            {me.units.length > 0 ? <Cell title='单位工作台' description={me.units.map((u) => u.name).join('、')} extra='办理' clickable onClick={go(UNIT_QUEUE_PAGE)} /> : null}
            <Cell title='加入单位' description='物业、城管、水电气等单位工作人员凭街道给的加入码加入' extra='加入' clickable onClick={go(UNIT_JOIN_PAGE)} />
          </CellGroup>

          {current?.roles.includes('merchant') && current.status === 'active' ? (
            <CellGroup title='爱心商家'>
              <Cell title='商家核销' extra='查验后核销兑换码' clickable onClick={go('/merchant/pages/fulfil/index')} />
              <Cell title='我的商品' extra='上架与库存' clickable onClick={go('/merchant/pages/rewards/index')} />
            </CellGroup>
          ) : null}

          {/* Couriers and riders deliver in communities they need not live in: applying needs no membership. */}
          {!isStaff(session) && streets.length === 0 ? (
            <CellGroup title='流动网格员'>
              {current?.status === 'active' && current.roles.includes('mobile_grid') ? (
                <Cell title='流动网格员上报' extra='上报' clickable onClick={go(REPORT_PAGE)} />
              ) : null}
              <Cell title='申请成为流动网格员' description='快递员、外卖骑手：配送途中随手上报隐患' extra='申请与进度' clickable onClick={go(APPLY_PAGE)} />
            </CellGroup>
          ) : null}

          {isHandler(session) ? (
            <CellGroup title='办理工作'>
              <Cell title='工作电话' extra='居民可一键联系您' clickable onClick={go('/staff/pages/profile/index')} />
            </CellGroup>
          ) : null}

          {isStaff(session) ? (
            <CellGroup title='社区管理'>
              <Cell title='待审核居民' extra='去审核' clickable onClick={go('/staff/pages/residents/index')} />
              <Cell title='居民管理' extra='住址、角色与移出' clickable onClick={go('/staff/pages/members/index')} />
              <Cell title='流动网格员审核' extra='去审核' clickable onClick={go(REVIEW_PAGE)} />
              {isAdmin(session) ? (
                <>
                  <Cell title='邀请码' extra='生成与查看' clickable onClick={go('/staff/pages/invite-codes/index')} />
                  <Cell title='社区设置' extra='入驻审核与公告' clickable onClick={go('/staff/pages/settings/index')} />
                </>
              ) : null}
            </CellGroup>
          ) : null}
        </>
      ) : null}

      <CellGroup title='设置'>
        <Cell
          title='大字模式'
          description='适老化：放大全部页面文字'
          extra={<Switch checked={large} onChange={(on) => setLargeText(on)} />}
        />
        <Cell title='隐私政策' clickable extra='查看' onClick={go('/legal/pages/privacy/index')} />
        <Cell title='用户协议' clickable extra='查看' onClick={go('/legal/pages/terms/index')} />
        {current ? <Cell title='加入其他社区' clickable extra='申请' onClick={go('/communities/pages/join/index')} /> : null}
        {/* The server lists 'leave' among the membership's actions while leaving is open to this member. */}
        {current?.actions.includes('leave') ? <Cell title='退出当前社区' clickable onClick={onLeave} /> : null}
        {/* Not offered to the community's only admin: say why, rather than leave the row missing without a word. */}
        {current?.status === 'active' && current.roles.includes('admin') && !current.actions.includes('leave') ? (
          <Cell title='退出当前社区' description='您是本社区唯一的管理员，请先把管理员身份交给其他工作人员再退出。' />
        ) : null}
        {DEV_SIGNIN_ENABLED ? <Cell title='切换演示账号（开发）' clickable onClick={go(DEV_SIGNIN_PAGE)} /> : null}
      </CellGroup>

      {me ? (
        <Button className='block-button mine__signout' block fill='outline' onClick={onSignOut}>
          退出登录
        </Button>
      ) : null}
    </PageShell>
  )
}
