import { useEffect, useRef } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Switch, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { CreateUnitInput, UNIT_TYPES, UNIT_TYPE_LABELS, type UnitType } from '@linli/shared'
import ChoiceChips, { toggled } from '../../../components/ChoiceChips'
import { FormError, FormField, TextField } from '../../../components/FormField'
import PageShell from '../../../components/PageShell'
import RoleGate from '../../../components/RoleGate'
import { ErrorState, Loading } from '../../../components/StateView'
import { useForm } from '../../../components/useForm'
import { useRecord } from '../../../components/useRecord'
import { useSubmit } from '../../../components/useSubmit'
import { useSession } from '../../../services/session'
import { createUnit, getStreetUnit, listStreetUnits, updateUnit } from '../../units.api'
import { unitAdminPage } from '../../format'
import { isStreetAdmin } from '../../roles'
import '../../units.css'

const TYPES = UNIT_TYPES.map((t) => ({ id: t, name: UNIT_TYPE_LABELS[t] }))

interface Values {
  type: UnitType | ''
  name: string
  phone: string
  communityIds: string[]
  active: boolean
}

/**
 * 新建单位 / 修改单位信息 (街道管理员): its kind (物业、城管、住建、市场监管、公安、水电气、其他), name, duty phone and
 * the street's communities it serves (派发时只列出服务该社区的单位). A unit no longer used is 停用, never deleted: its
 * past dispatches keep its name.
 */
export default function EditUnitPage() {
  const id = useRouter().params.id
  const session = useSession()
  const admin = isStreetAdmin(session)
  const existing = useRecord((opts) => (id && admin ? getStreetUnit(id, opts) : Promise.resolve(null)), [id, admin], { refreshOnShow: false })
  // The streets the caller administers, with their communities by name (the 单位管理 list carries them).
  const streetsRecord = useRecord((opts) => (admin ? listStreetUnits({ activeOnly: 'true' }, opts).then((r) => r.streets.filter((s) => s.admin)) : Promise.resolve(null)), [admin], {
    refreshOnShow: false,
  })
  const streets = streetsRecord.data ?? []
  const communities = streets.flatMap((s) => s.communities)

  const form = useForm<Values, typeof CreateUnitInput>({
    schema: CreateUnitInput,
    initial: { type: '', name: '', phone: '', communityIds: [], active: true },
    toBody: (v) => ({
      ...(streets.length > 1 ? { streetId: streets.find((s) => s.communities.some((c) => v.communityIds.includes(c.id)))?.id } : {}),
      type: v.type || undefined,
      name: v.name.trim(),
      communityIds: v.communityIds,
      ...(v.phone.trim() ? { phone: v.phone.trim() } : {}),
    }),
    messages: { type: '请选择单位类型', communityIds: '请至少选择一个服务社区' },
  })
  // An edit starts from the unit as it is, once it is read.
  const filled = useRef(false)
  useEffect(() => {
    const u = existing.data
    if (!u || filled.current) return
    filled.current = true
    form.reset({ type: u.type, name: u.name, phone: u.phone ?? '', communityIds: u.communityIds, active: u.active })
  }, [existing.data])

  const v = form.values
  const [sending, submit] = useSubmit(async () => {
    const body = form.validate()
    if (!body) return
    try {
      if (id) {
        await updateUnit(id, { type: body.type, name: body.name, communityIds: body.communityIds, phone: v.phone.trim(), active: v.active }, { silent: true })
        void Taro.showToast({ title: '已保存', icon: 'success' })
        void Taro.navigateBack()
      } else {
        const created = await createUnit(body, { silent: true })
        void Taro.showToast({ title: '单位已添加', icon: 'success' })
        void Taro.redirectTo({ url: unitAdminPage(created.id) })
      }
    } catch (err) {
      form.fail(err)
    }
  })

  const loading = (id && !existing.data) || !streetsRecord.data
  const error = existing.error ?? streetsRecord.error
  return (
    <RoleGate session={session} allowed={admin} className='uedit' title='单位由街道管理员添加和修改' description='请联系街道管理员。'>
      {loading ? (
        <PageShell className='uedit'>{error ? <ErrorState message={error} onRetry={() => void (existing.load(), streetsRecord.load())} /> : <Loading />}</PageShell>
      ) : (
        <PageShell className='uedit'>
          <Text className='section-title'>单位类型 *</Text>
          <View className='card'>
            <ChoiceChips className='uedit__types' options={TYPES} selected={v.type || null} onPick={(t) => form.set({ type: t as UnitType })} />
            {form.errors.type ? <Text className='field__error'>{form.errors.type}</Text> : null}
          </View>
          <View className='card'>
            <TextField form={form} name='name' label='单位名称' required placeholder='如：阳光物业公司、自来水公司' />
            <TextField form={form} name='phone' label='值班电话' placeholder='选填，手机号或座机号（如 010-12345678）' />
          </View>
          <Text className='section-title'>服务社区 *（可多选）</Text>
          <View className='card'>
            <ChoiceChips className='uedit__communities' options={communities} selected={v.communityIds} onPick={(c) => form.set({ communityIds: toggled(v.communityIds, c) })} />
            {form.errors.communityIds ? <Text className='field__error'>{form.errors.communityIds}</Text> : null}
            <Text className='muted uedit__hint'>社区和街道派发诉求时，只列出服务该诉求所在社区的单位。</Text>
          </View>
          {id ? (
            <View className='card'>
              <FormField label='启用'>
                <View className='uedit__active'>
                  <Text className='muted'>{v.active ? '启用中，可以接收派发' : '已停用，不再接收新的派发'}</Text>
                  <Switch checked={v.active} onChange={(e) => form.set({ active: e.detail.value })} />
                </View>
              </FormField>
            </View>
          ) : null}
          <FormError errors={form.errors} />
          <Button className='block-button uedit__submit' type='primary' block loading={sending} disabled={sending} onClick={submit}>
            {id ? '保存' : '添加单位'}
          </Button>
        </PageShell>
      )}
    </RoleGate>
  )
}
