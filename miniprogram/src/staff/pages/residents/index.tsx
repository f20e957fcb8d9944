import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Membership } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { usePagedList } from '../../../components/usePagedList'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { approveResident, listPendingResidents, rejectResident } from '../../../communities/communities.api'
import { errorMessage, fieldErrors } from '../../../services/http'
import './index.css'

/** Staff review of join requests: approve, or reject with a reason the resident will see. */
export default function ResidentsPage() {
  const { items, setItems, nextCursor, error, loadingMore, load, loadMore } = usePagedList<Membership>(listPendingResidents)
  const [busyId, setBusyId] = useState<string | null>(null)
  const [rejectingId, setRejectingId] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string | null>(null)

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

  const confirmReject = async (m: Membership) => {
    const text = reason.trim()
    if (!text) {
      setReasonError('请填写驳回原因，居民会看到它')
      return
    }
    setBusyId(m.id)
    setReasonError(null)
    try {
      await rejectResident(m.id, text, { silent: true })
      removeFromList(m.id)
      setRejectingId(null)
      setReason('')
      void Taro.showToast({ title: `已驳回 ${m.name}`, icon: 'none' })
    } catch (err) {
      setReasonError(fieldErrors(err).reason ?? errorMessage(err))
    } finally {
      setBusyId(null)
    }
  }

  return (
    <PageShell className='residents'>
      {items === null && !error ? <Loading /> : null}
      {error ? <ErrorState message={error} onRetry={() => void load()} /> : null}
      {items && items.length === 0 ? (
        <Empty title='暂无待审核的居民' description='新的入驻申请会出现在这里。' />
      ) : null}
      {items?.map((m) => (
        <View className='card residents__item' key={m.id}>
          <View className='residents__head'>
            <Text className='residents__name'>
              {m.name}
              {m.realName ? `（${m.realName}）` : ''}
            </Text>
            <Text className='muted'>{m.joinedAt.slice(0, 10)} 申请</Text>
          </View>
          <Text className='residents__line'>
            住址：{m.household ? `${m.household.buildingName} ${m.household.unit}单元 ${m.household.room}` : '未填写'}
          </Text>
          <Text className='residents__line'>手机：{m.phone ?? '未填写'}</Text>
          {rejectingId === m.id ? (
            <View className='residents__reject'>
              <Textarea
                className='residents__reason'
                value={reason}
                placeholder='请填写驳回原因，如：房号与登记信息不符'
                maxlength={200}
                onInput={(e) => {
                  setReason(e.detail.value)
                  setReasonError(null)
                }}
              />
              {reasonError ? <Text className='residents__error'>{reasonError}</Text> : null}
              <View className='residents__actions'>
                <Button size='small' onClick={() => setRejectingId(null)}>
                  取消
                </Button>
                <Button size='small' type='danger' loading={busyId === m.id} onClick={() => void confirmReject(m)}>
                  确认驳回
                </Button>
              </View>
            </View>
          ) : (
            <View className='residents__actions'>
              <Button
                size='small'
                type='danger'
                fill='outline'
                disabled={busyId === m.id}
                onClick={() => {
                  setRejectingId(m.id)
                  setReason('')
                  setReasonError(null)
                }}
              >
                驳回
              </Button>
              <Button size='small' type='primary' loading={busyId === m.id} onClick={() => void approve(m)}>
                通过
              </Button>
            </View>
          )}
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
