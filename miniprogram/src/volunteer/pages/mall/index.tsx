import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { REDEMPTION_DAYS, api, orderRewards, rewardMove, type OutputOf } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import QrCode from '../../../components/QrCode'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useRecord } from '../../../components/useRecord'
import { ApiError, type CallOptions } from '../../../services/http'
import { getMyVolunteer, listRewards, redeemReward } from '../../volunteer.api'
import RewardHead from '../../components/RewardHead'
import { dateTime } from '../../../services/format'
import '../../volunteer.css'
import './index.css'

type Reward = OutputOf<typeof api.mall.rewards>['items'][number]
type Redemption = OutputOf<typeof api.mall.redeem>

const ALL_SOURCES = '全部'
const COMMUNITY_SOURCE = '社区积分超市'

/** The rewards with what this caller may do with each, and their volunteer record (null: not registered). */
async function loadMall(opts: CallOptions) {
  const [list, me] = await Promise.all([
    listRewards(opts),
    getMyVolunteer(opts).catch((err: unknown) => {
      if (err instanceof ApiError && err.code === 'NOT_FOUND') return null
      throw err
    }),
  ])
  return { rewards: list.items, me }
}

/** The button's words: 兑换 when `actions` allow it, else why not by the shared rule (sold out, or short of points). */
function redeemLabel(r: Reward, balance: number | null): string {
  if (r.actions.includes('redeem')) return '兑换'
  const move = rewardMove(r, balance ?? Number.POSITIVE_INFINITY)
  return move.ok ? '兑换' : move.reason === 'sold_out' ? '已兑完' : '积分不足'
}

/** 积分超市: rewards of the community and of 爱心商家; 兑换 spends points and gives a code to show. */
export default function MallPage() {
  const { data, error, load } = useRecord(loadMall, [])
  const [busyId, setBusyId] = useState<string | null>(null)
  const [issued, setIssued] = useState<Redemption | null>(null)
  const [source, setSource] = useState(ALL_SOURCES)
  const rewards = data?.rewards ?? null
  const me = data?.me ?? null

  const redeem = async (r: Reward) => {
    if (!me) return
    const { confirm } = await Taro.showModal({
      title: '确认兑换',
      // A preview of what the server will debit; whether it may is the reward's `actions`.
      content: `兑换“${r.name}”将使用${r.cost}积分，兑换后结余${me.balance - r.cost}积分。兑换码${REDEMPTION_DAYS}天内有效，未使用可取消并退回积分。`,
      confirmText: '确认兑换',
      cancelText: '再想想',
    })
    if (!confirm) return
    setBusyId(r.id)
    try {
      setIssued(await redeemReward(r.id))
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined)
      // The balance, the stock and what is still affordable come from the server.
      await load()
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
          <Text className='vcode-text vmall__code'>{issued.code}</Text>
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
      {/* Any account spends its points (a volunteer's, or a resident's from 随手拍有奖): only having none stops it. */}
      {me === null ? <View className='notice'>您还没有积分。参加志愿服务，或反映的问题被确认为有效举报（随手拍有奖），即可获得积分兑换。</View> : null}

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
      {shown.map((r) => (
        <View key={r.id} className='card vmall__item'>
          <RewardHead reward={r} />
          <Text className='vmall__from'>{r.merchantName ? `爱心商家：${r.merchantName}` : '社区积分超市'}</Text>
          {r.description ? <Text className='vmall__desc'>{r.description}</Text> : null}
          <View className='vmall__foot'>
            <Text className='muted'>库存 {r.stock}</Text>
            <Button
              size='small'
              type='primary'
              disabled={!r.actions.includes('redeem') || busyId !== null}
              loading={busyId === r.id}
              onClick={() => void redeem(r)}
            >
              {redeemLabel(r, me?.balance ?? null)}
            </Button>
          </View>
        </View>
      ))}
    </PageShell>
  )
}
