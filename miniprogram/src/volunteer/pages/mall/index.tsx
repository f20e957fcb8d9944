import { useEffect, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { api, orderRewards, type OutputOf, type VolunteerMe } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import QrCode from '../../../components/QrCode'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { ApiError, errorMessage } from '../../../services/http'
import { getMyVolunteer, listRewards, redeemReward } from '../../volunteer.api'
import { dateTime } from '../../../services/format'
import '../../volunteer.css'
import './index.css'

type Reward = OutputOf<typeof api.mall.rewards>['items'][number]
type Redemption = OutputOf<typeof api.mall.redeem>

const ALL_SOURCES = '全部'
const COMMUNITY_SOURCE = '社区积分超市'

/** 积分超市: rewards of the community and of 爱心商家; 兑换 spends points and gives a code to show. */
export default function MallPage() {
  const [rewards, setRewards] = useState<Reward[] | null>(null)
  const [me, setMe] = useState<VolunteerMe | null | undefined>(undefined)
  const [error, setError] = useState<string | null>(null)
  const [busyId, setBusyId] = useState<string | null>(null)
  const [issued, setIssued] = useState<Redemption | null>(null)
  const [source, setSource] = useState(ALL_SOURCES)

  const load = async () => {
    setError(null)
    try {
      const [list, mine] = await Promise.all([
        listRewards({ silent: true }),
        getMyVolunteer({ silent: true }).catch((err: unknown) => {
          if (err instanceof ApiError && err.code === 'NOT_FOUND') return null
          throw err
        }),
      ])
      setRewards(list.items)
      setMe(mine)
    } catch (err) {
      setError(errorMessage(err))
    }
  }
  useEffect(() => {
    void load()
  }, [])
  useDidShow(() => {
    if (rewards) void load()
  })
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  const active = me?.status === 'active'

  const redeem = async (r: Reward) => {
    if (!me) return
    const after = me.balance - r.cost
    const { confirm } = await Taro.showModal({
      title: '确认兑换',
      content: `兑换“${r.name}”将使用${r.cost}积分，兑换后结余${after}积分。兑换码30天内有效，未使用可取消并退回积分。`,
      confirmText: '确认兑换',
      cancelText: '再想想',
    })
    if (!confirm) return
    setBusyId(r.id)
    try {
      const res = await redeemReward(r.id)
      setIssued(res)
      setMe({ ...me, balance: after })
      setRewards((list) => (list ?? []).map((x) => (x.id === r.id ? { ...x, stock: x.stock - 1 } : x)))
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined)
    } catch (err) {
      // toast shown by http.ts; balance or stock changed meanwhile: show them as they are now.
      if (err instanceof ApiError && err.status === 409) void load()
    } finally {
      setBusyId(null)
    }
  }

  // 全部, the community's own 积分超市, then each 爱心商家: a filter by who offers it.
  const sourceOf = (r: Reward) => r.merchantName ?? COMMUNITY_SOURCE
  const sources = rewards ? [ALL_SOURCES, ...new Set(rewards.map(sourceOf))] : []
  const shown = rewards ? orderRewards(rewards.filter((r) => source === ALL_SOURCES || sourceOf(r) === source)) : []

  if (!rewards) {
    return <PageShell className='vmall'>{error ? <ErrorState message={error} onRetry={() => void load()} /> : <Loading />}</PageShell>
  }

  return (
    <PageShell className='vmall'>
      {issued ? (
        <View className='card vmall__issued'>
          <Text className='card__title'>兑换成功</Text>
          <Text className='muted'>使用时请向商家或社区工作人员出示兑换码</Text>
          <View className='vmall__qr'>
            <QrCode value={issued.code} size={160} />
          </View>
          <Text className='vmall__code'>{issued.code}</Text>
          <Text className='muted'>
            {issued.rewardName} · 有效期至 {dateTime(issued.expiresAt).slice(0, 10)}
          </Text>
          <Button className='block-button' type='primary' fill='outline' block onClick={() => void Taro.navigateTo({ url: '/volunteer/pages/codes/index' })}>
            查看我的兑换码
          </Button>
        </View>
      ) : null}

      <View className='card vmall__balance'>
        <Text>我的积分结余</Text>
        <Text className='vmall__balance-value'>{me ? me.balance : '—'}</Text>
      </View>
      {me === null ? <View className='notice'>积分兑换仅限已认证的志愿者。请先在“志愿”页注册志愿者。</View> : null}
      {me && !active ? <View className='notice'>志愿者注册审核通过后才能兑换。</View> : null}

      {rewards.length === 0 ? <Empty title='积分超市暂无商品' description='社区和爱心商家上架后会出现在这里。' /> : null}
      {sources.length > 2 ? (
        <View className='vmall__filters'>
          {sources.map((s) => (
            <Text key={s} className={`vmall__filter ${source === s ? 'vmall__filter--on' : ''}`} onClick={() => setSource(s)}>
              {s}
            </Text>
          ))}
        </View>
      ) : null}
      {shown.map((r) => {
        const soldOut = r.stock <= 0
        const short = !!me && me.balance < r.cost
        return (
          <View key={r.id} className='card vmall__item'>
            <View className='vmall__head'>
              <Text className='vmall__name'>{r.name}</Text>
              <Text className='vmall__cost'>{r.cost}积分</Text>
            </View>
            <Text className='vmall__from'>{r.merchantName ? `爱心商家：${r.merchantName}` : '社区积分超市'}</Text>
            {r.description ? <Text className='vmall__desc'>{r.description}</Text> : null}
            <View className='vmall__foot'>
              <Text className='muted'>库存 {r.stock}</Text>
              <Button
                size='small'
                type='primary'
                disabled={!active || soldOut || short || busyId !== null}
                loading={busyId === r.id}
                onClick={() => void redeem(r)}
              >
                {soldOut ? '已兑完' : short ? '积分不足' : '兑换'}
              </Button>
            </View>
          </View>
        )
      })}
    </PageShell>
  )
}
