import { useState } from 'react'
import Taro, { useReachBottom } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { REDEMPTION_STATUS_LABELS, api, type OutputOf } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { Empty } from '../../../components/StateView'
import { ListFooter, ListStatus } from '../../../components/ListStates'
import { usePagedList } from '../../../components/usePagedList'
import { check, errorsFromCall, limitsOf } from '../../../services/form'
import { IS_WEAPP } from '../../../services/config'
import { fulfilRedemption, listRedemptions, lookUpRedemption } from '../../../volunteer/volunteer.api'
import { redemptionPill } from '../../../volunteer/format'
import CodeEntry, { scanQr } from '../../../volunteer/components/CodeEntry'
import { dateTime } from '../../../services/format'
import '../../../volunteer/volunteer.css'
import './index.css'

type Redemption = OutputOf<typeof api.mall.redemptions>['items'][number]

const SCHEMA = api.mall.lookup.params
const CODE_LENGTH = limitsOf(SCHEMA, 'code').maxLength!
/** Codes are 8 characters without look-alikes (no 0/O, 1/I/L): what people type is tidied to that. */
const tidy = (raw: string) => raw.toUpperCase().replace(/[^A-Z0-9]/g, '').slice(0, CODE_LENGTH)

/** 兑换核销 (merchants, and staff for the community's own rewards): type or scan a volunteer's code to fulfil it. */
export default function FulfilPage() {
  const [code, setCode] = useState('')
  const [codeError, setCodeError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState<Redemption | null>(null)
  // Step one shows what the code is for; only 确认核销 uses it up.
  const [found, setFound] = useState<Redemption | null>(null)
  const list = usePagedList<Redemption>((cursor, opts) => listRedemptions('merchant', cursor, opts))
  useReachBottom(() => void list.loadMore())

  /** Runs a call about the code; a refusal shows under the box (the server's word on the code, or its message). */
  const run = async (work: () => Promise<void>) => {
    setBusy(true)
    setCodeError(null)
    try {
      await work()
    } catch (err) {
      const shown = errorsFromCall(err)
      setCodeError(shown.code ?? shown.form ?? null)
    } finally {
      setBusy(false)
    }
  }

  const lookUp = async (value: string) => {
    const checked = check(SCHEMA, { code: value })
    if (!checked.ok) return setCodeError(value.length === CODE_LENGTH ? (checked.errors.code ?? null) : `请输入${CODE_LENGTH}位兑换码`)
    setDone(null)
    setFound(null)
    await run(async () => setFound(await lookUpRedemption(value, { silent: true })))
  }

  const fulfil = (value: string) =>
    run(async () => {
      const res = await fulfilRedemption(value, { silent: true })
      setDone(res)
      setFound(null)
      setCode('')
      list.setItems((all) => [res, ...(all ?? []).filter((x) => x.id !== res.id)])
      void Taro.showToast({ title: '核销成功', icon: 'success' })
    })

  const scan = async () => {
    const result = await scanQr()
    if (result === null) return
    const value = tidy(result)
    setCode(value)
    await lookUp(value)
  }

  return (
    <PageShell className='mfulfil'>
      <View className='card'>
        <Text className='card__title'>核销兑换码</Text>
        <Text className='muted'>请志愿者出示“我的兑换码”，输入8位兑换码{IS_WEAPP ? '或扫码' : ''}查验，核对商品和兑换人后确认核销。</Text>
        <CodeEntry
          className='mfulfil__row'
          inputClassName='mfulfil__code'
          value={code}
          onChange={(v) => {
            setCode(tidy(v))
            setCodeError(null)
            setFound(null)
          }}
          error={codeError}
          placeholder={`输入${CODE_LENGTH}位兑换码`}
          // Room for the spaces and dashes people paste between groups of four; tidy() drops them.
          maxlength={CODE_LENGTH + 4}
          scanText='扫码查验'
          onScan={() => void scan()}
          submitText='查验'
          onSubmit={() => void lookUp(code)}
          busy={busy}
          submitting={busy && !found}
        />
        {found ? (
          <View className='mfulfil__found'>
            <Text className='mfulfil__found-name'>{found.rewardName}</Text>
            <Text>
              兑换人：{found.volunteerName ?? '志愿者'} · {found.cost}积分
            </Text>
            <Text className='muted'>
              兑换码 {found.code} · 有效期至 {dateTime(found.expiresAt)}
            </Text>
            <Text className={`${redemptionPill(found.status)} mfulfil__found-state`}>{REDEMPTION_STATUS_LABELS[found.status]}</Text>
            {found.actions.includes('fulfil') ? (
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
      <ListStatus list={list} empty={<Empty title='还没有兑换记录' description='志愿者兑换您的商品后会出现在这里。' />} />
      {list.items && list.items.length > 0 ? (
        <View className='card mfulfil__list'>
          {list.items.map((r) => (
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
              <Text className={redemptionPill(r.status)}>{REDEMPTION_STATUS_LABELS[r.status]}</Text>
            </View>
          ))}
        </View>
      ) : null}
      <ListFooter list={list} />
    </PageShell>
  )
}
