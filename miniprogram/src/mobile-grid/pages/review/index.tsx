import { useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { api, type MobileGridApplicationView } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import ReasonPrompt from '../../../components/ReasonPrompt'
import { Empty } from '../../../components/StateView'
import { ListFooter, ListStatus } from '../../../components/ListStates'
import { usePagedList } from '../../../components/usePagedList'
import ApplicationCard from '../../components/ApplicationCard'
import { listApplications, reviewApplication } from '../../mobile-grid.api'
import '../../mobile-grid.css'

/**
 * 流动网格员审核 (staff): applications waiting (待审核); approve — the role is theirs at once, on a membership of
 * its own if they live elsewhere — or reject with a reason the applicant reads. Revoking is 撤销角色 on 居民管理.
 */
export default function MobileGridReviewPage() {
  const list = usePagedList<MobileGridApplicationView>((cursor, opts) => listApplications({ status: 'pending', cursor }, opts))
  const { items, setItems } = list
  useReachBottom(() => void list.loadMore())
  const [busyId, setBusyId] = useState<string | null>(null)
  const [rejectingId, setRejectingId] = useState<string | null>(null)

  const drop = (id: string) => setItems((all) => (all ?? []).filter((a) => a.id !== id))

  const approve = async (a: MobileGridApplicationView) => {
    setBusyId(a.id)
    try {
      await reviewApplication(a.id, { approve: true })
      drop(a.id)
      void Taro.showToast({ title: `已通过 ${a.realName}`, icon: 'none' })
    } catch {
      // toast shown by http.ts (decided by someone else meanwhile, a joining still pending…)
    } finally {
      setBusyId(null)
    }
  }

  /** Throws a refusal for ReasonPrompt to show under the box. */
  const reject = async (a: MobileGridApplicationView, reason: string) => {
    await reviewApplication(a.id, { approve: false, reason }, { silent: true })
    drop(a.id)
    setRejectingId(null)
    void Taro.showToast({ title: `已驳回 ${a.realName}`, icon: 'none' })
  }

  return (
    <PageShell className='mgrid-review'>
      <ListStatus list={list} empty={<Empty title='暂无待审核的申请' description='快递员、外卖骑手在“我的”页申请后会出现在这里。' />} />
      {items?.map((a) => (
        <ApplicationCard key={a.id} app={a} title={a.realName}>
          {rejectingId === a.id ? (
            <ReasonPrompt
              schema={api.mobileGrid.review.body}
              placeholder='请填写不通过的原因，如：电话无法接通，请核对后重新申请'
              requiredMessage='请填写不通过的原因，申请人会看到它'
              confirmText='确认驳回'
              onCancel={() => setRejectingId(null)}
              onSubmit={(reason) => reject(a, reason)}
            />
          ) : (
            <View className='form-actions'>
              {a.actions.includes('reject') ? (
                <Button size='small' type='danger' fill='outline' disabled={busyId === a.id} onClick={() => setRejectingId(a.id)}>
                  驳回
                </Button>
              ) : null}
              {a.actions.includes('approve') ? (
                <Button size='small' type='primary' loading={busyId === a.id} onClick={() => void approve(a)}>
                  通过
                </Button>
              ) : null}
              {a.actions.length === 0 ? <Text className='muted'>不能审核自己的申请</Text> : null}
            </View>
          )}
        </ApplicationCard>
      ))}
      <ListFooter list={list} />
    </PageShell>
  )
}
