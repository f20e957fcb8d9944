import { useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { REDEMPTION_STATUS_LABELS, RedemptionCodeParams, api, type OutputOf } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { usePagedList } from '../../../components/usePagedList'
import { errorMessage, fieldErrors } from '../../../services/http'
import { IS_WEAPP } from '../../../services/config'
import { fulfilRedemption, listRedemptions, lookUpRedemption } from '../../../volunteer/volunteer.api'
import { dateTime } from '../../../services/format'
import '../../merchant.css'
import './index.css'

type Redemption = OutputOf<typeof api.mall.redemptions>['items'][number]

/** Codes are 8 characters without look-alikes (no 0/O, 1/I/L): what people type is tidied to that. */
const tidy = (raw: string) => raw.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, 8)

/** 兑换核销 (merchants, and staff for the community's own rewards): type or scan a volunteer's code to fulfil it. */
export default function FulfilPage() {
  const [code, setCode] = useState('')
  const [codeError, setCodeError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<Redemption | null>(null)
  // Step one shows what the code is for; only 确认核销 uses it up.
  const [found, setFound] = useState<Redemption | null>(null)
  const { items, setItems, nextCursor, error, loadingMore, load, loadMore } = usePagedList<Redemption>((cursor, opts) =>
    listRedemptions('merchant', cursor, opts),
  )
  useReachBottom(() => void loadMore())

  const lookUp = async (value: string) => {
    const checked = RedemptionCodeParams.safeParse({ code: value })
    if (!checked.success) return setCodeError(value.length === 8 ? '兑换码格式不正确' : '请输入8位兑换码')
    setBusy(true)
    setCodeError(null)
    setDone(null)
    setFound(null)
    try {
      setFound(await lookUpRedemption(value, { silent: true }))
    } catch (err) {
      setCodeError(fieldErrors(err).code ?? errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  const fulfil = async (value: string) => {
    setBusy(true)
    setCodeError(null)
    try {
      const res = await fulfilRedemption(value, { silent: true })
      setDone(res)
      setFound(null)
      setCode('')
      setItems((list) => [res, ...(list ?? []).filter((x) => x.id !== res.id)])
      void Taro.showToast({ title: '核销成功', icon: 'success' })
    } catch (err) {
      setCodeError(fieldErrors(err).code ?? errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  const scan = async () => {
    let result: string
    try {
      result = (await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })).result
    } catch {
      return // closed the scanner
    }
    const value = tidy(result)
    setCode(value)
    await lookUp(value)
  }

  return (
    <PageShell className='mfulfil'>
      <View className='card'>
        <Text className='card__title'>核销兑换码</Text>
        <Text className='muted'>请志愿者出示“我的兑换码”，输入8位兑换码{IS_WEAPP ? '或扫码' : ''}查验，核对商品和兑换人后确认核销。</Text>
        {IS_WEAPP ? (
          <Button className='block-button' type='primary' block disabled={busy} onClick={() => void scan()}>
            扫码查验
          </Button>
        ) : null}
        <View className='mfulfil__row'>
          <Input
            className='mf__input mfulfil__code'
            value={code}
            placeholder='输入8位兑换码'
            maxlength={12}
            onInput={(e) => {
              setCode(tidy(e.detail.value))
              setCodeError(null)
              setFound(null)
            }}
            onConfirm={() => void lookUp(code)}
          />
          <Button type='primary' fill={IS_WEAPP ? 'outline' : 'solid'} loading={busy && !found} disabled={busy} onClick={() => void lookUp(code)}>
            查验
          </Button>
        </View>
        {codeError ? <Text className='mf__error'>{codeError}</Text> : null}
        {found ? (
          <View className='mfulfil__found'>
            <Text className='mfulfil__found-name'>{found.rewardName}</Text>
            <Text>
              兑换人：{found.volunteerName ?? '志愿者'} · {found.cost}积分
            </Text>
            <Text className='muted'>
              兑换码 {found.code} · 有效期至 {dateTime(found.expiresAt)}
            </Text>
            <Text className={`mpill mpill--${found.status} mfulfil__found-state`}>{REDEMPTION_STATUS_LABELS[found.status]}</Text>
            {found.status === 'issued' ? (
              <View className='mfulfil__found-actions'>
                <Button onClick={() => setFound(null)}>取消</Button>
                <Button type='primary' loading={busy} disabled={busy} onClick={() => void fulfil(found.code)}>
                  确认核销
                </Button>
              </View>
            ) : (
              <Text className='muted'>{found.status === 'fulfilled' ? '该兑换码已核销，不能再次使用。' : found.status === 'cancelled' ? '该兑换码已取消。' : '该兑换码已过期，积分已退回志愿者。'}</Text>
            )}
          </View>
        ) : null}
        {done ? (
          <View className='mfulfil__done'>
            <Text className='mfulfil__done-title'>✓ 核销成功</Text>
            <Text>
              {done.rewardName}
              {done.volunteerName ? ` · ${done.volunteerName}` : ''} · {done.cost}积分
            </Text>
            <Text className='muted'>兑换码 {done.code}</Text>
          </View>
        ) : null}
      </View>

      <Text className='section-title'>兑换记录</Text>
      {items === null && !error ? <Loading /> : null}
      {error ? <ErrorState message={error} onRetry={() => void load()} /> : null}
      {items && items.length === 0 ? <Empty title='还没有兑换记录' description='志愿者兑换您的商品后会出现在这里。' /> : null}
      {items && items.length > 0 ? (
        <View className='card mfulfil__list'>
          {items.map((r) => (
            <View key={r.id} className='mfulfil__item'>
              <View className='mfulfil__item-main'>
                <Text className='mfulfil__item-name'>
                  {r.rewardName}
                  {r.volunteerName ? ` · ${r.volunteerName}` : ''}
                </Text>
                <Text className='muted'>
                  {r.code} · {dateTime(r.status === 'fulfilled' && r.fulfilledAt ? r.fulfilledAt : r.createdAt)}
                  {r.status === 'fulfilled' ? ' 核销' : ' 兑换'}
                </Text>
              </View>
              <Text className={`mpill mpill--${r.status}`}>{REDEMPTION_STATUS_LABELS[r.status]}</Text>
            </View>
          ))}
        </View>
      ) : null}
      {nextCursor ? (
        <Button className='block-button' block fill='outline' loading={loadingMore} onClick={() => void loadMore()}>
          加载更多
        </Button>
      ) : null}
    </PageShell>
  )
}
