import { useEffect } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { MEDIATION_TYPES, MEDIATION_TYPE_LABELS, RISK_LEVELS, RISK_LEVEL_LABELS, api, type MediationType, type RiskLevel } from '@linli/shared'
import ChoiceChips from '../../../components/ChoiceChips'
import { FormError, FormField, TextField } from '../../../components/FormField'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading } from '../../../components/StateView'
import { useForm } from '../../../components/useForm'
import { useRecord } from '../../../components/useRecord'
import { useSubmit } from '../../../components/useSubmit'
import { EMPTY_CASE, caseBody, casePage, withParty, type CaseForm } from '../../format'
import { createCase, getRequestForCase, getVisitForCase } from '../../mediation.api'
import PartyPicker from './PartyPicker'
import '../../mediation.css'

const TYPES = MEDIATION_TYPES.map((id) => ({ id, name: MEDIATION_TYPE_LABELS[id] }))
const RISKS = RISK_LEVELS.map((id) => ({ id, name: RISK_LEVEL_LABELS[id] }))

/**
 * 登记纠纷: a mediator (grid worker, staff, 人民调解员) opens a case — from a 邻里纠纷 request (转调解, `?requestId=`: its
 * filer is a party already, its words and place fill the form), from a household visit (`?visitId=`: 走访发现, the
 * household's address fills the place) or directly: the parties, the kind of dispute, its
 * risk (重大 tells the street's staff at once), where, and what it is about. The caller becomes its mediator.
 */
export default function NewCasePage() {
  const params = useRouter().params
  const requestId = params.requestId || undefined
  // A request wins over a visit: a case comes from one of them at most.
  const visitId = requestId ? undefined : params.visitId || undefined
  const request = useRecord((opts) => (requestId ? getRequestForCase(requestId, opts) : Promise.resolve(null)), [requestId], { refreshOnShow: false })
  const visit = useRecord((opts) => (visitId ? getVisitForCase(visitId, opts) : Promise.resolve(null)), [visitId], { refreshOnShow: false })
  const form = useForm<CaseForm, typeof api.mediation.create.body>({
    schema: api.mediation.create.body,
    initial: EMPTY_CASE,
    toBody: (v) => caseBody(v, { requestId, visitId }),
    messages: { type: '请选择纠纷类型' },
  })
  const { values, errors, set } = form

  // The request's words and place, once, as a start the mediator edits.
  const r = request.data
  useEffect(() => {
    if (!r) return
    set({
      type: 'neighbour',
      summary: values.summary || [r.title, r.description].filter(Boolean).join('\n'),
      place: values.place || [r.buildingName, r.address, r.place].filter(Boolean).join(' ').slice(0, 60),
    })
  }, [r?.id])
  // A visit's household is where the dispute is; the mediator writes what it is about.
  const w = visit.data
  useEffect(() => {
    if (w) set({ place: values.place || w.address.slice(0, 60) })
  }, [w?.id])

  const [sending, submit] = useSubmit(async () => {
    // Two sides at least: the request's filer counts as one.
    if (values.parties.length + (requestId ? 1 : 0) < 2) {
      form.setErrors({ ...form.errors, parties: requestId ? '请再添加至少一方当事人' : '请至少添加两方当事人' })
      return
    }
    const created = await form.send((body) => createCase(body, { silent: true }))
    if (!created) return
    void Taro.showToast({ title: values.risk === 'serious' ? '已登记，已通知街道' : '已登记', icon: 'none' })
    void Taro.redirectTo({ url: casePage(created.id) })
  })

  if (requestId && !r) {
    return <PageShell className='mnew'>{request.error ? <ErrorState message={request.error} onRetry={() => void request.load()} /> : <Loading />}</PageShell>
  }
  if (visitId && !w) {
    return <PageShell className='mnew'>{visit.error ? <ErrorState message={visit.error} onRetry={() => void visit.load()} /> : <Loading />}</PageShell>
  }

  return (
    <PageShell className='mnew'>
      {r ? (
        <View className='card'>
          <Text className='card__title'>由诉求转入调解</Text>
          <Text className='case-line'>{r.title || r.description}</Text>
          <Text className='muted case-line'>登记后诉求显示“已转调解”，调解结束时一并办结；案情不会出现在诉求的办理记录中。</Text>
        </View>
      ) : null}
      {w ? (
        <View className='card'>
          <Text className='card__title'>走访发现的矛盾纠纷</Text>
          <Text className='case-line'>
            {w.address} · {w.date} 走访
          </Text>
          <Text className='muted case-line'>登记后走访记录中可看到这件案件的编号和状态，案情只在案件页。</Text>
        </View>
      ) : null}

      <Text className='section-title'>纠纷双方</Text>
      <View className='card'>
        <PartyPicker
          parties={values.parties}
          fixed={r ? `${r.filerName ?? '反映人'}${r.household ? `（${r.household}）` : ''}` : undefined}
          error={errors.parties}
          onAdd={(p) => set({ parties: withParty(values.parties, p) })}
          onRemove={(key) => set({ parties: values.parties.filter((p) => p.key !== key) })}
        />
      </View>

      <Text className='section-title'>纠纷情况</Text>
      <View className='card'>
        <FormField label='纠纷类型' required error={errors.type}>
          <ChoiceChips options={TYPES} selected={values.type || null} onPick={(id) => set({ type: id as MediationType })} />
        </FormField>
        <FormField label='风险等级' required error={errors.risk}>
          <ChoiceChips options={RISKS} selected={values.risk} onPick={(id) => set({ risk: id as RiskLevel })} />
          {values.risk === 'serious' ? (
            <View className='notice case-warning'>重大风险：登记后立即通知街道工作人员（司法所、街道人民调解委员会），街道可查看案情。可能激化的纠纷请同时报告社区负责人。</View>
          ) : null}
        </FormField>
        <TextField form={form} name='place' label='发生地点' required placeholder='如：3号楼2单元楼道' />
        <TextField form={form} name='summary' label='纠纷概况' required multiline counter placeholder='双方是谁、因为什么、现在怎样' />
      </View>

      <FormError errors={errors} />
      <Button className='block-button' type='primary' size='large' block loading={sending} disabled={sending} onClick={submit}>
        {sending ? '正在登记…' : '登记并开始调解'}
      </Button>
      <Text className='muted case-line'>案情、当事人和调解记录仅本案调解员、社区管理员和当事人本人可见；当事人看不到对方的联系方式。</Text>
    </PageShell>
  )
}
