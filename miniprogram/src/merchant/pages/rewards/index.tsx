import { useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { api, hasAnyRole } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { FormError, TextField } from '../../../components/FormField'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useForm } from '../../../components/useForm'
import { useSubmit } from '../../../components/useSubmit'
import { useRecord } from '../../../components/useRecord'
import { currentRoles, useSession } from '../../../services/session'
import { createReward, listRewards } from '../../../volunteer/volunteer.api'
import { typedNumber, wholeNumberMessage } from '../../../volunteer/format'
import RewardHead from '../../../volunteer/components/RewardHead'
import './index.css'

const SCHEMA = api.mall.createReward.body
const MESSAGES = { cost: wholeNumberMessage(SCHEMA, 'cost', '所需积分'), stock: wholeNumberMessage(SCHEMA, 'stock', '库存') }

interface Draft {
  name: string
  cost: string
  stock: string
  description: string
}
const EMPTY: Draft = { name: '', cost: '', stock: '', description: '' }
/** Kept while the subpackage is loaded, so leaving the page or a failed save loses nothing. */
let saved: Draft = EMPTY

const toBody = (d: Draft) => ({
  name: d.name.trim(),
  cost: typedNumber(d.cost),
  stock: typedNumber(d.stock),
  ...(d.description.trim() ? { description: d.description.trim() } : {}),
})

/**
 * 积分兑换商品: a 爱心商家 lists and adds its own rewards; staff do the same for the community's own 积分超市
 * (rewards without a merchant).
 */
export default function RewardsPage() {
  const session = useSession()
  const staff = hasAnyRole(currentRoles(session), ['staff'])
  const { data, setData, error, load } = useRecord(listRewards, [], { refreshOnShow: false })
  const rewards = data?.items ?? null
  const [adding, setAdding] = useState(saved !== EMPTY)
  const form = useForm({ schema: SCHEMA, initial: () => saved, toBody, messages: MESSAGES })

  // Keep what was typed; an untouched form stays EMPTY, so the next visit starts folded.
  const untouched = useRef(form.values)
  useEffect(() => {
    if (form.values !== untouched.current) saved = form.values
  }, [form.values])

  // A merchant sees its own; staff the community's own (no merchant).
  const mine = (rewards ?? []).filter((r) => (staff ? !r.merchantName : r.mine))

  const [busy, submit] = useSubmit(async () => {
    const created = await form.send((body) => createReward(body, { silent: true }))
    if (!created) return
    setData((d) => d && { ...d, items: [created, ...d.items] })
    saved = EMPTY
    form.reset(EMPTY)
    setAdding(false)
    void Taro.showToast({ title: '已上架', icon: 'none' })
  })

  return (
    <PageShell className='mrewards'>
      <View className='notice'>
        {staff ? '社区积分超市的商品，志愿者用积分兑换后凭兑换码到社区服务站领取。' : '您上架的商品或服务会出现在积分超市，志愿者兑换后凭兑换码到店使用，由您核销。'}
      </View>

      {adding ? (
        <View className='card'>
          <Text className='card__title'>上架新商品</Text>
          <TextField form={form} name='name' label='名称' required placeholder='如：理发一次、大米一袋' />
          <View className='field-pair'>
            <TextField form={form} name='cost' label='所需积分' required type='number' placeholder='如：30' />
            <TextField form={form} name='stock' label='库存' required type='number' placeholder='如：20' />
          </View>
          <TextField
            form={form}
            name='description'
            label='使用说明（选填）'
            multiline
            inputClassName='mrewards__desc-input'
            placeholder='如：凭兑换码到店使用，周一至周五营业'
          />
          <FormError errors={form.errors} />
          <View className='form-actions mrewards__actions'>
            <Button onClick={() => setAdding(false)}>收起</Button>
            <Button type='primary' loading={busy} disabled={busy} onClick={submit}>
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
          <RewardHead reward={r} />
          {r.description ? <Text className='muted mrewards__desc'>{r.description}</Text> : null}
          <Text className={`mrewards__stock ${r.stock <= 0 ? 'mrewards__stock--out' : ''}`}>{r.stock > 0 ? `库存 ${r.stock}` : '已兑完'}</Text>
        </View>
      ))}
    </PageShell>
  )
}
