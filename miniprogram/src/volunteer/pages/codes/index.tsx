import { useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { REDEMPTION_STATUS_LABELS, api, type OutputOf } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import QrCode from '../../../components/QrCode'
import { Empty } from '../../../components/StateView'
import { ListFooter, ListStatus } from '../../../components/ListStates'
import { usePagedList } from '../../../components/usePagedList'
import { useShownAgain } from '../../../components/useShownAgain'
import { ApiError } from '../../../services/http'
import { cancelRedemption, listRedemptions } from '../../volunteer.api'
import { dateTime } from '../../../services/format'
import { redemptionPill } from '../../format'
import '../../volunteer.css'
import './index.css'

type Redemption = OutputOf<typeof api.mall.redemptions>['items'][number]

/** 我的兑换码: codes to show at the shop (QR and 8 characters), their status, and 取消兑换 with the points refunded. */
export default function CodesPage() {
  const list = usePagedList<Redemption>((cursor, opts) => listRedemptions('mine', cursor, opts))
  const { items, setItems, load } = list
  const [busy, setBusy] = useState<string | null>(null)
  // Back on screen: the merchant may have fulfilled a code meanwhile.
  useShownAgain(() => void load())
  useReachBottom(() => void list.loadMore())

  const cancel = async (r: Redemption) => {
    const { confirm } = await Taro.showModal({
      title: '取消兑换',
      content: `取消“${r.rewardName}”的兑换后，${r.cost}积分将退回您的积分存折。确定取消吗？`,
      confirmText: '确定取消',
      cancelText: '再想想',
    })
    if (!confirm) return
    setBusy(r.code)
    try {
      const next = await cancelRedemption(r.code)
      setItems((list) => (list ?? []).map((x) => (x.id === next.id ? next : x)))
      void Taro.showToast({ title: `已取消，${r.cost}积分已退回`, icon: 'none' })
    } catch (err) {
      // toast shown by http.ts; it was fulfilled or expired meanwhile.
      if (err instanceof ApiError && err.status === 409) void load()
    } finally {
      setBusy(null)
    }
  }

  return (
    <PageShell className='vcodes'>
      <ListStatus
        list={list}
        empty={<Empty title='还没有兑换码' description='在积分超市兑换商品或服务后，兑换码会出现在这里。' actionText='去积分超市' onAction={() => void Taro.navigateTo({ url: '/volunteer/pages/mall/index' })} />}
      />
      {items?.map((r) => (
        <View key={r.id} className={`card vcodes__item vcodes__item--${r.status}`}>
          <View className='vhead vcodes__head'>
            <Text className='vname vcodes__name'>{r.rewardName}</Text>
            <Text className={redemptionPill(r.status)}>{REDEMPTION_STATUS_LABELS[r.status]}</Text>
          </View>
          <Text className='muted'>
            {r.cost}积分 · {dateTime(r.createdAt)} 兑换
          </Text>
          {r.status === 'issued' ? (
            <View className='vcodes__code-box'>
              <QrCode value={r.code} size={150} />
              <Text className='vcode-text vcodes__code'>{r.code}</Text>
              <Text className='muted'>有效期至 {dateTime(r.expiresAt)}</Text>
              {r.actions.includes('cancel') ? (
                <Button className='vcodes__cancel' size='small' type='danger' fill='outline' loading={busy === r.code} disabled={busy !== null} onClick={() => void cancel(r)}>
                  取消兑换
                </Button>
              ) : null}
            </View>
          ) : (
            <Text className='vcodes__line'>
              兑换码 {r.code}
              {r.status === 'fulfilled' && r.fulfilledAt ? ` · ${dateTime(r.fulfilledAt)} 核销` : ''}
              {r.status === 'cancelled' ? ' · 积分已退回' : ''}
              {r.status === 'expired' ? ' · 过期未用，积分已退回' : ''}
            </Text>
          )}
        </View>
      ))}
      <ListFooter list={list} end />
    </PageShell>
  )
}
