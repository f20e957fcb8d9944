import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Tag } from '@nutui/nutui-react-taro'
import { UNIT_TYPE_LABELS, type UnitInviteView } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import QrCode from '../../../components/QrCode'
import RoleGate from '../../../components/RoleGate'
import Switcher from '../../../components/Switcher'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useRecord } from '../../../components/useRecord'
import { formatTime } from '../../../services/format'
import { useSession } from '../../../services/session'
import { createUnitInvite, getStreetUnit, removeUnitMember } from '../../units.api'
import { editUnitPage, joinQrText } from '../../format'
import { isStreetAdmin } from '../../roles'
import '../../units.css'

type Kind = 'single' | 'week'
const KINDS: { key: Kind; label: string }[] = [
  { key: 'single', label: '一人一码' },
  { key: 'week', label: '7天内多人可用' },
]

/** A join code just made: its QR code to scan from this phone, and the code to send as text. */
function InviteCard({ invite }: { invite: UnitInviteView }) {
  return (
    <View className='card uunit__invite'>
      <Text className='card__title'>{invite.unitName} · 加入码</Text>
      <View className='uunit__qr'>
        <QrCode value={joinQrText(invite.code)} size={200} />
      </View>
      <Text className='uunit__code'>{invite.code}</Text>
      <Text className='muted'>
        {invite.maxUses > 1 ? `可供${invite.maxUses}人使用` : '仅限一人使用'} · {formatTime(invite.expiresAt, true)}前有效
      </Text>
      <Text className='muted'>请单位工作人员在“邻里”小程序“我的 → 加入单位”扫码或输入加入码。</Text>
      <Button className='uunit__copy' size='small' fill='outline' onClick={() => void Taro.setClipboardData({ data: invite.code })}>
        复制加入码
      </Button>
    </View>
  )
}

/**
 * One unit (街道单位管理): what it is, whom it serves, its members; street admins edit it, remove members and make
 * join codes (shown as a QR code and as text).
 */
export default function UnitAdminPage() {
  const id = useRouter().params.id ?? ''
  const session = useSession()
  const street = (session.me?.streets.length ?? 0) > 0
  const admin = isStreetAdmin(session)
  const record = useRecord((opts) => (street && id ? getStreetUnit(id, opts) : Promise.resolve(null)), [id, street])
  const u = record.data
  const [kind, setKind] = useState<Kind>('single')
  const [invite, setInvite] = useState<UnitInviteView | null>(null)
  const [making, setMaking] = useState(false)

  const makeInvite = async () => {
    setMaking(true)
    try {
      setInvite(await createUnitInvite(id, { kind }))
    } catch {
      // toast shown by http.ts
    } finally {
      setMaking(false)
    }
  }

  const remove = async (userId: string, name: string) => {
    const { confirm } = await Taro.showModal({ title: '移除工作人员', content: `移除后${name}将不能再查看和办理本单位的诉求，确定移除吗？` })
    if (!confirm) return
    await record.act(async () => {
      await removeUnitMember(id, userId)
      return getStreetUnit(id, { silent: true })
    }, () => `已移除${name}`)
  }

  return (
    <RoleGate session={session} allowed={street} className='uunit' title='单位信息由街道工作人员查看'>
      {!u ? (
        <PageShell className='uunit'>{record.error ? <ErrorState message={record.error} onRetry={() => void record.load()} /> : <Loading />}</PageShell>
      ) : (
        <PageShell className='uunit'>
          <View className='card'>
            <View className='unit-row__head'>
              <Tag type='primary'>{UNIT_TYPE_LABELS[u.type]}</Tag>
              <Text className='unit-row__name'>{u.name}</Text>
              {u.active ? null : <Tag type='default'>已停用</Tag>}
            </View>
            <Text className='muted unit-row__line'>服务社区：{(u.communityNames ?? []).join('、')}</Text>
            <Text className='muted unit-row__line'>值班电话：{u.phone ?? '未填写'}</Text>
            {admin ? (
              <Button className='uunit__edit' size='small' fill='outline' onClick={() => void Taro.navigateTo({ url: editUnitPage(u.id) })}>
                修改单位信息
              </Button>
            ) : null}
          </View>

          <Text className='section-title'>工作人员（{u.members.filter((m) => m.active).length}）</Text>
          <View className='card'>
            {u.members.filter((m) => m.active).length === 0 ? <Empty title='还没有工作人员' description={admin ? '生成加入码发给单位工作人员，他们加入后即可签收、办理派发的诉求。' : '街道管理员生成加入码后，单位工作人员即可加入。'} /> : null}
            {u.members
              .filter((m) => m.active)
              .map((m) => (
                <View key={m.id} className='uunit__member'>
                  <View className='uunit__member-body'>
                    <Text className='uunit__member-name'>{m.name}</Text>
                    <Text className='muted'>
                      {m.phone ?? '未留电话'}
                      {m.joinedAt ? ` · ${formatTime(m.joinedAt)}加入` : ''}
                    </Text>
                  </View>
                  {admin ? (
                    <Button size='small' type='danger' fill='outline' disabled={record.busy} onClick={() => void remove(m.userId, m.name)}>
                      移除
                    </Button>
                  ) : null}
                </View>
              ))}
          </View>

          {admin && u.active ? (
            <>
              <Text className='section-title'>邀请工作人员</Text>
              <View className='card'>
                <Switcher look='segments' options={KINDS} value={kind} onChange={setKind} />
                <Text className='muted uunit__hint'>{kind === 'single' ? '一个加入码只能一人使用。' : '7天内可供本单位多名工作人员使用，请只发到单位内部。'}</Text>
                <Button className='block-button uunit__make' type='primary' block loading={making} disabled={making} onClick={() => void makeInvite()}>
                  生成加入码
                </Button>
              </View>
              {invite ? <InviteCard invite={invite} /> : null}
            </>
          ) : null}
        </PageShell>
      )}
    </RoleGate>
  )
}
