import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { api, type Membership } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import ReasonPrompt from '../../../components/ReasonPrompt'
import { usePagedList } from '../../../components/usePagedList'
import { ListFooter, ListStatus } from '../../../components/ListStates'
import { Empty } from '../../../components/StateView'
import { approveResident, listPendingResidents, rejectResident } from '../../../communities/communities.api'
import { formatDate } from '../../../services/format'
import MemberCard from '../../components/MemberCard'
import { can } from '../../members'

/** Staff review of join requests: approve, or reject with a reason the resident will see. */
export default function ResidentsPage() {
  const list = usePagedList<Membership>(listPendingResidents)
  const { items, setItems } = list
  const [busyId, setBusyId] = useState<string | null>(null)
  const [rejectingId, setRejectingId] = useState<string | null>(null)

  const removeFromList = (id: string) => setItems((prev) => (prev ?? []).filter((m) => m.id !== id))

  const approve = async (m: Membership) => {
    setBusyId(m.id)
    try {
      await approveResident(m.id)
      removeFromList(m.id)
      void Taro.showToast({ title: `已通过 ${m.name}`, icon: 'none' })
    } catch {
      // toast shown by http.ts
    } finally {
      setBusyId(null)
    }
  }

  const reject = async (m: Membership, reason: string) => {
    await rejectResident(m.id, reason, { silent: true })
    removeFromList(m.id)
    setRejectingId(null)
    void Taro.showToast({ title: `已驳回 ${m.name}`, icon: 'none' })
  }

  return (
    <PageShell className='residents'>
      <ListStatus list={list} empty={<Empty title='暂无待审核的居民' description='新的入驻申请会出现在这里。' />} />
      {items?.map((m) => (
        <MemberCard key={m.id} member={m} noHousehold='未填写' aside={<Text className='muted'>{formatDate(m.joinedAt)} 申请</Text>}>
          {rejectingId === m.id ? (
            <ReasonPrompt
              schema={api.communities.rejectResident.body}
              placeholder='请填写驳回原因，如：房号与登记信息不符'
              requiredMessage='请填写驳回原因，居民会看到它'
              confirmText='确认驳回'
              onCancel={() => setRejectingId(null)}
              onSubmit={(reason) => reject(m, reason)}
            />
          ) : (
            // The moves the server lists for this application (approve, reject while it is pending).
            <View className='form-actions'>
              {can(m, 'reject') ? (
                <Button size='small' type='danger' fill='outline' disabled={busyId === m.id} onClick={() => setRejectingId(m.id)}>
                  驳回
                </Button>
              ) : null}
              {can(m, 'approve') ? (
                <Button size='small' type='primary' loading={busyId === m.id} onClick={() => void approve(m)}>
                  通过
                </Button>
              ) : null}
            </View>
          )}
        </MemberCard>
      ))}
      <ListFooter list={list} />
    </PageShell>
  )
}
