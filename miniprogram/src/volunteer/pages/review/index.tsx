import { useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { VolunteerView } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { usePagedList } from '../../../components/usePagedList'
import { errorMessage, fieldErrors } from '../../../services/http'
import { listVolunteers, reviewVolunteer } from '../../volunteer.api'
import { dateTime } from '../../../services/format'
import '../../volunteer.css'
import './index.css'

/** 志愿者审核 (staff): registrations waiting for approval; approve, or reject with a reason the resident sees. */
export default function ReviewPage() {
  const { items, setItems, nextCursor, error, loadingMore, load, loadMore } = usePagedList<VolunteerView>((cursor, opts) =>
    listVolunteers({ status: 'pending', cursor }, opts),
  )
  useReachBottom(() => void loadMore())
  const [busyId, setBusyId] = useState<string | null>(null)
  const [rejectingId, setRejectingId] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string | null>(null)

  const drop = (id: string) => setItems((list) => (list ?? []).filter((v) => v.id !== id))

  const approve = async (v: VolunteerView) => {
    setBusyId(v.id)
    try {
      await reviewVolunteer(v.id, { approve: true })
      drop(v.id)
      void Taro.showToast({ title: `已通过 ${v.name}`, icon: 'none' })
    } catch {
      // toast shown by http.ts
    } finally {
      setBusyId(null)
    }
  }

  const reject = async (v: VolunteerView) => {
    const text = reason.trim()
    if (text.length < 2) return setReasonError('请填写不通过的理由（至少2个字），居民会看到它')
    setBusyId(v.id)
    setReasonError(null)
    try {
      await reviewVolunteer(v.id, { approve: false, reason: text }, { silent: true })
      drop(v.id)
      setRejectingId(null)
      setReason('')
      void Taro.showToast({ title: `已驳回 ${v.name}`, icon: 'none' })
    } catch (err) {
      setReasonError(fieldErrors(err).reason ?? errorMessage(err))
    } finally {
      setBusyId(null)
    }
  }

  return (
    <PageShell className='vreview'>
      {items === null && !error ? <Loading /> : null}
      {error ? <ErrorState message={error} onRetry={() => void load()} /> : null}
      {items && items.length === 0 ? <Empty title='暂无待审核的志愿者' description='居民在“志愿”页注册后会出现在这里。' /> : null}
      {items?.map((v) => (
        <View key={v.id} className='card vreview__item'>
          <View className='vreview__head'>
            <Text className='vreview__name'>{v.name}</Text>
            {v.partyMember ? <Text className='vpill vpill--ok'>党员双报到</Text> : null}
          </View>
          <Text className='vreview__line'>技能：{v.skills.join('、')}</Text>
          {v.availability ? <Text className='vreview__line'>服务时间：{v.availability}</Text> : null}
          <Text className='muted'>{dateTime(v.createdAt)} 申请</Text>
          {rejectingId === v.id ? (
            <View className='vreview__reject'>
              <Textarea
                className='vf__textarea vreview__reason'
                value={reason}
                placeholder='请填写不通过的理由，如：请先完成社区入驻登记'
                maxlength={200}
                onInput={(e) => {
                  setReason(e.detail.value)
                  setReasonError(null)
                }}
              />
              {reasonError ? <Text className='vf__error'>{reasonError}</Text> : null}
              <View className='vf__actions'>
                <Button size='small' onClick={() => setRejectingId(null)}>
                  取消
                </Button>
                <Button size='small' type='danger' loading={busyId === v.id} onClick={() => void reject(v)}>
                  确认驳回
                </Button>
              </View>
            </View>
          ) : (
            <View className='vf__actions'>
              <Button
                size='small'
                type='danger'
                fill='outline'
                disabled={busyId === v.id}
                onClick={() => {
                  setRejectingId(v.id)
                  setReason('')
                  setReasonError(null)
                }}
              >
                驳回
              </Button>
              <Button size='small' type='primary' loading={busyId === v.id} onClick={() => void approve(v)}>
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
