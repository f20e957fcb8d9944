import { useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { api, type VolunteerView } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import ReasonPrompt from '../../../components/ReasonPrompt'
import { Empty } from '../../../components/StateView'
import { ListFooter, ListStatus } from '../../../components/ListStates'
import { usePagedList } from '../../../components/usePagedList'
import { listVolunteers, reviewVolunteer } from '../../volunteer.api'
import { dateTime } from '../../../services/format'
import '../../volunteer.css'
import './index.css'

/** 志愿者审核 (staff): registrations waiting for approval; approve, or reject with a reason the resident sees. */
export default function ReviewPage() {
  const list = usePagedList<VolunteerView>((cursor, opts) => listVolunteers({ status: 'pending', cursor }, opts))
  const { items, setItems } = list
  useReachBottom(() => void list.loadMore())
  const [busyId, setBusyId] = useState<string | null>(null)
  const [rejectingId, setRejectingId] = useState<string | null>(null)

  const drop = (id: string) => setItems((all) => (all ?? []).filter((v) => v.id !== id))

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

  /** Throws a refusal for ReasonPrompt to show under the box. */
  const reject = async (v: VolunteerView, reason: string) => {
    await reviewVolunteer(v.id, { approve: false, reason }, { silent: true })
    drop(v.id)
    setRejectingId(null)
    void Taro.showToast({ title: `已驳回 ${v.name}`, icon: 'none' })
  }

  return (
    <PageShell className='vreview'>
      <ListStatus list={list} empty={<Empty title='暂无待审核的志愿者' description='居民在“志愿”页注册后会出现在这里。' />} />
      {items?.map((v) => (
        <View key={v.id} className='card vreview__item'>
          <View className='vhead'>
            <Text className='vname'>{v.name}</Text>
            {v.partyMember ? <Text className='vpill vpill--ok'>党员双报到</Text> : null}
          </View>
          <Text className='vreview__line'>技能：{v.skills.join('、')}</Text>
          {v.availability ? <Text className='vreview__line'>服务时间：{v.availability}</Text> : null}
          <Text className='muted'>{dateTime(v.createdAt)} 申请</Text>
          {rejectingId === v.id ? (
            <ReasonPrompt
              className='vreview__reject'
              schema={api.volunteers.review.body}
              placeholder='请填写不通过的理由，如：请先完成社区入驻登记'
              requiredMessage='请填写不通过的理由，居民会看到它'
              confirmText='确认驳回'
              onCancel={() => setRejectingId(null)}
              onSubmit={(reason) => reject(v, reason)}
            />
          ) : (
            <View className='form-actions'>
              {v.actions.includes('reject') ? (
                <Button size='small' type='danger' fill='outline' disabled={busyId === v.id} onClick={() => setRejectingId(v.id)}>
                  驳回
                </Button>
              ) : null}
              {v.actions.includes('approve') ? (
                <Button size='small' type='primary' loading={busyId === v.id} onClick={() => void approve(v)}>
                  通过
                </Button>
              ) : null}
            </View>
          )}
        </View>
      ))}
      <ListFooter list={list} />
    </PageShell>
  )
}
