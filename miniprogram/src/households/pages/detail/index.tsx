import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Tag } from '@nutui/nutui-react-taro'
import { ERASE_REASON_LABELS, api, type EraseReason, type HouseholdRecordView } from '@linli/shared'
import ChoiceChips from '../../../components/ChoiceChips'
import { FormError, TextField } from '../../../components/FormField'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading } from '../../../components/StateView'
import { useForm } from '../../../components/useForm'
import { useRecord } from '../../../components/useRecord'
import { useSubmit } from '../../../components/useSubmit'
import { addOccupant, eraseHousehold, getHousehold, removeOccupant } from '../../households.api'
import CareFlags from '../../components/CareFlags'
import VisitDiary from '../../../visits/components/VisitDiary'
import '../../households.css'

interface OccupantForm {
  name: string
  relation: string
  phone: string
  phoneNote: string
}
const EMPTY: OccupantForm = { name: '', relation: '', phone: '', phoneNote: '' }
const toBody = (v: OccupantForm) => ({
  name: v.name.trim(),
  relation: v.relation.trim() || undefined,
  phone: v.phone.trim() || undefined,
  phoneNote: v.phoneNote.trim() || undefined,
})
const REASONS = (['moved_out', 'on_request'] as EraseReason[]).map((id) => ({ id, name: ERASE_REASON_LABELS[id] }))

/**
 * 住户档案: one household's occupants — members (用微信) and those recorded by name, with their contact for staff and
 * the grid's workers. Staff add an occupant, remove one who moved out or asked to be erased, or erase the record;
 * staff and the grid's workers see the 关爱标记, staff set and clear them.
 */
export default function HouseholdPage() {
  const id = useRouter().params.id ?? ''
  const record = useRecord((opts) => getHousehold(id, opts), [id])
  const [h, setH] = useState<HouseholdRecordView | null>(null)
  const shown = h ?? record.data
  const [reason, setReason] = useState<EraseReason>('moved_out')
  const form = useForm<OccupantForm, typeof api.households.addOccupant.body>({ schema: api.households.addOccupant.body, initial: EMPTY, toBody })

  const [adding, add] = useSubmit(async () => {
    const done = await form.send((body) => addOccupant(id, body, { silent: true }))
    if (!done) return
    setH(done)
    form.set(EMPTY)
    void Taro.showToast({ title: '已添加住户', icon: 'none' })
  })
  const remove = async (occupantId: string) => {
    const ok = (await Taro.showModal({ title: '移除住户', content: `原因：${ERASE_REASON_LABELS[reason]}。移除后该住户的信息将被删除。` })).confirm
    if (ok) setH(await removeOccupant(id, occupantId, { reason }))
  }
  const [erasing, erase] = useSubmit(async () => {
    if (!(await Taro.showModal({ title: '删除整户档案', content: `原因：${ERASE_REASON_LABELS[reason]}。删除后无法恢复。` })).confirm) return
    await eraseHousehold(id, { reason })
    void Taro.showToast({ title: '已删除', icon: 'none' })
    void Taro.navigateBack().catch(() => undefined)
  })

  if (record.error) return <PageShell className='hh-detail'><ErrorState message={record.error} onRetry={() => void record.load()} /></PageShell>
  if (!shown) return <PageShell className='hh-detail'><Loading /></PageShell>
  const manage = shown.actions.includes('edit_occupants')
  return (
    <PageShell className='hh-detail'>
      <View className='card'>
        <Text className='hh-row__address'>{shown.address}</Text>
        <Text className='muted hh-row__people'>共 {shown.occupantCount} 位住户</Text>
      </View>
      <CareFlags household={shown} onChange={setH} />
      <Text className='section-title'>住户</Text>
      <View className='card'>
        {shown.occupants.length === 0 ? <Text className='muted'>还没有登记住户</Text> : null}
        {shown.occupants.map((o) => (
          <View key={o.id} className='hh-occupant'>
            <View>
              <Text className='hh-occupant__name'>{o.name}</Text>
              {o.relation ? <Text className='muted'> · {o.relation}</Text> : null}
              {o.phone ? <Text className='muted hh-row__people'>{`${o.phone}${o.phoneNote ? `（${o.phoneNote}）` : ''}`}</Text> : null}
            </View>
            <View>
              <Tag type={o.hasAccount ? 'success' : 'default'}>{o.hasAccount ? '已加入社区' : '未使用微信'}</Tag>
              {manage && !o.hasAccount ? (
                <Button size='small' type='danger' fill='none' onClick={() => void remove(o.id)}>
                  移除
                </Button>
              ) : null}
            </View>
          </View>
        ))}
      </View>
      {/* 民情日记: the care flags come only to staff and the grid's workers, the same who may read and record visits. */}
      {shown.careFlags ? <VisitDiary householdId={shown.id} canRecord /> : null}
      {shown.actions.includes('add_occupant') ? (
        <>
          <Text className='section-title'>添加住户</Text>
          <View className='card'>
            <TextField form={form} name='name' label='姓名' required placeholder='如：孙奶奶' />
            <TextField form={form} name='relation' label='关系（选填）' placeholder='户主、配偶、子女、租户…' />
            <TextField form={form} name='phone' type='number' label='联系电话（选填）' placeholder='本人或家属的手机号' />
            <TextField form={form} name='phoneNote' label='电话说明（选填）' placeholder='如：儿子' />
            <FormError errors={form.errors} />
            <Button className='block-button' type='primary' block loading={adding} disabled={adding} onClick={add}>
              添加
            </Button>
          </View>
        </>
      ) : null}
      {manage ? (
        <>
          <Text className='section-title'>移除或删除的原因</Text>
          <View className='card'>
            <ChoiceChips options={REASONS} selected={reason} onPick={(r) => setReason(r as EraseReason)} />
            <Text className='muted hh-row__people'>已加入社区的居民请在居民管理中变更住址或移出社区。</Text>
          </View>
          {shown.actions.includes('erase') && !shown.occupants.some((o) => o.hasAccount) ? (
            <Button className='block-button' type='danger' fill='outline' block loading={erasing} disabled={erasing} onClick={erase}>
              删除整户档案
            </Button>
          ) : null}
        </>
      ) : null}
    </PageShell>
  )
}
