import { useEffect, useState } from 'react'
import { Input, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { RequestActionInput, type DispatchOptionsView, type RequestView } from '@linli/shared'
import ChoiceChips, { toggled } from '../../../components/ChoiceChips'
import { ErrorState, Loading } from '../../../components/StateView'
import { check, errorsFromCall, type FieldErrors } from '../../../services/form'
import { formatDate } from '../../../services/format'
import { errorMessage } from '../../../services/http'
import { actOnRequest, getDispatchOptions } from '../../requests.api'
import type { Perform } from './Composer'

interface Props {
  r: RequestView
  busy: boolean
  perform: Perform
  onCancel: () => void
}

const DAY_MS = 86_400_000

/**
 * 派发（吹哨）: the units of the street that serve this community, by kind (物业、城管、水电气…): one 主办 unit, any
 * 协办 units, the days the units have to resolve it, and a note to them. The request's own deadlines (三率) stay as
 * they are; the units' run from now.
 */
export default function DispatchComposer({ r, busy, perform, onCancel }: Props) {
  const [options, setOptions] = useState<DispatchOptionsView | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [lead, setLead] = useState<string | null>(null)
  const [helpers, setHelpers] = useState<string[]>([])
  const [days, setDays] = useState('')
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})

  const load = () => {
    setLoadError(null)
    getDispatchOptions(r.id, { silent: true })
      .then((o) => {
        setOptions(o)
        setDays(String(o.defaultResolveDays))
      })
      .catch((err) => setLoadError(errorMessage(err)))
  }
  useEffect(load, [r.id])

  if (loadError) return <View className='card rdetail__composer'><ErrorState message={loadError} onRetry={load} /></View>
  if (!options) return <View className='card rdetail__composer'><Loading text='加载可派发的单位…' /></View>

  const units = options.groups.flatMap((g) => g.units)
  const nameOf = (id: string) => units.find((u) => u.id === id)?.name ?? ''
  const chips = (exclude: string | null) => (g: DispatchOptionsView['groups'][number]) =>
    g.units.filter((u) => u.id !== exclude).map((u) => ({ id: u.id, name: u.active ? `${u.name}（办理中）` : u.name }))
  const free = (id: string) => !units.find((u) => u.id === id)?.active

  const submit = async () => {
    if (!lead) return setErrors({ leadUnitId: '请选择主办单位' })
    const n = Number(days)
    const body = {
      action: 'dispatch' as const,
      leadUnitId: lead,
      ...(helpers.length ? { helperUnitIds: helpers } : {}),
      ...(days.trim() ? { resolveDays: Number.isInteger(n) ? n : -1 } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    }
    const res = check(RequestActionInput, body, { resolveDays: '办理时限为1到90之间的整数天' })
    if (!res.ok) return setErrors(res.errors)
    setErrors({})
    await perform(async () => {
      try {
        return await actOnRequest(r.id, body, { silent: true })
      } catch (err) {
        setErrors(errorsFromCall(err))
        throw err
      }
    }, () => `已派发给${nameOf(lead)}${helpers.length ? `，协办${helpers.length}家` : ''}`)
  }

  const other = errors.form ?? Object.entries(errors).find(([k]) => !['leadUnitId', 'helperUnitIds', 'resolveDays', 'note'].includes(k))?.[1]
  const due = Number(days) > 0 ? formatDate(new Date(Date.now() + Number(days) * DAY_MS).toISOString()) : null
  return (
    <View className='card rdetail__composer rdispatch'>
      <Text className='card__title'>派发（吹哨）</Text>
      {units.length === 0 ? <Text className='muted'>本街道还没有服务本社区的单位，请联系街道管理员在“单位管理”中添加。</Text> : null}
      {units.length > 0 ? (
        <>
          <Text className='rdispatch__label'>主办单位 *</Text>
          {options.groups.map((g) => (
            <View key={g.type} className='rdispatch__group'>
              <Text className='muted rdispatch__type'>{g.typeLabel}</Text>
              <ChoiceChips options={chips(null)(g)} selected={lead} onPick={(id) => free(id) && (setLead(id), setHelpers(helpers.filter((h) => h !== id)), setErrors({}))} />
            </View>
          ))}
          {errors.leadUnitId ? <Text className='field__error'>{errors.leadUnitId}</Text> : null}

          <Text className='rdispatch__label'>协办单位（选填，可多选）</Text>
          {options.groups.map((g) =>
            chips(lead)(g).length ? (
              <View key={g.type} className='rdispatch__group'>
                <Text className='muted rdispatch__type'>{g.typeLabel}</Text>
                <ChoiceChips options={chips(lead)(g)} selected={helpers} onPick={(id) => free(id) && (setHelpers(toggled(helpers, id)), setErrors({}))} />
              </View>
            ) : null,
          )}
          {errors.helperUnitIds ? <Text className='field__error'>{errors.helperUnitIds}</Text> : null}

          <Text className='rdispatch__label'>单位办理时限</Text>
          <View className='rdispatch__days'>
            <Input className='field__input rdispatch__days-input' type='number' value={days} maxlength={2} onInput={(e) => (setDays(e.detail.value), setErrors({}))} />
            <Text className='muted'>天{due ? `（${due}前办结）` : ''}</Text>
          </View>
          {errors.resolveDays ? <Text className='field__error'>{errors.resolveDays}</Text> : null}
          <Text className='muted rdispatch__hint'>诉求的响应、办结时限仍从居民提交时起算，不因派发重新计算。</Text>

          <Textarea className='field__textarea rdispatch__note' value={note} placeholder='派发说明（选填），如：请尽快上门查看漏水点' maxlength={500} onInput={(e) => (setNote(e.detail.value), setErrors({}))} />
          {errors.note ? <Text className='field__error'>{errors.note}</Text> : null}
        </>
      ) : null}
      {other ? <Text className='field__error'>{other}</Text> : null}
      <View className='form-actions'>
        <Button size='small' onClick={onCancel}>
          取消
        </Button>
        {units.length > 0 ? (
          <Button size='small' type='primary' loading={busy} disabled={busy} onClick={() => void submit()}>
            确认派发
          </Button>
        ) : null}
      </View>
    </View>
  )
}
