import { useEffect, useState } from 'react'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { api, hasAnyRole, type OutputOf } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { currentRoles, useSession } from '../../../services/session'
import { errorMessage, fieldErrors } from '../../../services/http'
import { createReward, listRewards, type RewardBody } from '../../../volunteer/volunteer.api'
import '../../merchant.css'
import './index.css'

type Reward = OutputOf<typeof api.mall.rewards>['items'][number]

interface Draft {
  name: string
  cost: string
  stock: string
  description: string
}
const EMPTY: Draft = { name: '', cost: '', stock: '', description: '' }
/** Kept while the subpackage is loaded, so leaving the page or a failed save loses nothing. */
let saved: Draft = EMPTY

/**
 * 积分兑换商品: a 爱心商家 lists and adds its own rewards; staff do the same for the community's own 积分超市
 * (rewards without a merchant).
 */
export default function RewardsPage() {
  const session = useSession()
  const staff = hasAnyRole(currentRoles(session), ['staff'])
  const [rewards, setRewards] = useState<Reward[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [adding, setAdding] = useState(saved !== EMPTY)
  const [draft, setDraftState] = useState<Draft>(saved)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)

  const setDraft = (patch: Partial<Draft>) => {
    setDraftState((d) => {
      saved = { ...d, ...patch }
      return saved
    })
    setErrors((e) => {
      const next = { ...e }
      for (const k of Object.keys(patch)) delete next[k]
      delete next.form
      return next
    })
  }

  const load = async () => {
    setError(null)
    try {
      setRewards((await listRewards({ silent: true })).items)
    } catch (err) {
      setError(errorMessage(err))
    }
  }
  useEffect(() => {
    void load()
  }, [])
  usePullDownRefresh(() => {
    void load().finally(() => Taro.stopPullDownRefresh())
  })

  // A merchant sees its own; staff the community's own (no merchant).
  const mine = (rewards ?? []).filter((r) => (staff ? !r.merchantName : r.mine))

  const submit = async () => {
    const next: Record<string, string> = {}
    const name = draft.name.trim()
    if (!name) next.name = '请填写名称'
    else if (name.length > 40) next.name = '名称最多40个字'
    if (!/^\d+$/.test(draft.cost.trim()) || Number(draft.cost) < 1 || Number(draft.cost) > 100000) next.cost = '请填写所需积分（1–100000的整数）'
    if (!/^\d+$/.test(draft.stock.trim()) || Number(draft.stock) > 100000) next.stock = '请填写库存（0–100000的整数）'
    if (draft.description.trim().length > 500) next.description = '说明最多500个字'
    if (Object.keys(next).length) return setErrors(next)
    const body: RewardBody = {
      name,
      cost: Number(draft.cost),
      stock: Number(draft.stock),
      ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
    }
    setBusy(true)
    setErrors({})
    try {
      const created = await createReward(body, { silent: true })
      setRewards((list) => [created, ...(list ?? [])])
      saved = EMPTY
      setDraftState(EMPTY)
      setAdding(false)
      void Taro.showToast({ title: '已上架', icon: 'none' })
    } catch (err) {
      const byField = fieldErrors(err)
      setErrors(Object.keys(byField).length ? byField : { form: errorMessage(err) })
    } finally {
      setBusy(false)
    }
  }

  const fieldError = (key: string) => (errors[key] ? <Text className='mf__error'>{errors[key]}</Text> : null)

  return (
    <PageShell className='mrewards'>
      <View className='notice'>
        {staff ? '社区积分超市的商品，志愿者用积分兑换后凭兑换码到社区服务站领取。' : '您上架的商品或服务会出现在积分超市，志愿者兑换后凭兑换码到店使用，由您核销。'}
      </View>

      {adding ? (
        <View className='card'>
          <Text className='card__title'>上架新商品</Text>
          <View className='mf__field'>
            <Text className='mf__label'>名称 *</Text>
            <Input className='mf__input' value={draft.name} placeholder='如：理发一次、大米一袋' maxlength={40} onInput={(e) => setDraft({ name: e.detail.value })} />
            {fieldError('name')}
          </View>
          <View className='mf__pair'>
            <View className='mf__field'>
              <Text className='mf__label'>所需积分 *</Text>
              <Input className='mf__input' type='number' value={draft.cost} placeholder='如：30' maxlength={6} onInput={(e) => setDraft({ cost: e.detail.value })} />
              {fieldError('cost')}
            </View>
            <View className='mf__field'>
              <Text className='mf__label'>库存 *</Text>
              <Input className='mf__input' type='number' value={draft.stock} placeholder='如：20' maxlength={6} onInput={(e) => setDraft({ stock: e.detail.value })} />
              {fieldError('stock')}
            </View>
          </View>
          <View className='mf__field'>
            <Text className='mf__label'>使用说明（选填）</Text>
            <Textarea
              className='mf__textarea'
              value={draft.description}
              placeholder='如：凭兑换码到店使用，周一至周五营业'
              maxlength={500}
              onInput={(e) => setDraft({ description: e.detail.value })}
            />
            {fieldError('description')}
          </View>
          {errors.form ? <Text className='mf__error'>{errors.form}</Text> : null}
          <View className='mrewards__actions'>
            <Button onClick={() => setAdding(false)}>收起</Button>
            <Button type='primary' loading={busy} disabled={busy} onClick={() => void submit()}>
              上架
            </Button>
          </View>
        </View>
      ) : (
        <Button className='block-button' type='primary' block onClick={() => setAdding(true)}>
          上架新商品
        </Button>
      )}

      <Text className='section-title'>{staff ? '社区积分超市商品' : '我的商品'}</Text>
      {rewards === null && !error ? <Loading /> : null}
      {error ? <ErrorState message={error} onRetry={() => void load()} /> : null}
      {rewards && mine.length === 0 ? <Empty title='还没有上架商品' description='点“上架新商品”添加可用积分兑换的商品或服务。' /> : null}
      {mine.map((r) => (
        <View key={r.id} className='card mrewards__item'>
          <View className='mrewards__head'>
            <Text className='mrewards__name'>{r.name}</Text>
            <Text className='mrewards__cost'>{r.cost}积分</Text>
          </View>
          {r.description ? <Text className='muted mrewards__desc'>{r.description}</Text> : null}
          <Text className={`mrewards__stock ${r.stock <= 0 ? 'mrewards__stock--out' : ''}`}>{r.stock > 0 ? `库存 ${r.stock}` : '已兑完'}</Text>
        </View>
      ))}
    </PageShell>
  )
}
