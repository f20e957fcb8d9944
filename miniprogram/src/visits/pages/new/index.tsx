import { useEffect } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Picker, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { CreateVisitInput, VISIT_MAX_AGE_DAYS, VISIT_TOPICS, VISIT_TOPIC_LABELS, hasAnyRole, type VisitTopic } from '@linli/shared'
import ChoiceChips, { toggled } from '../../../components/ChoiceChips'
import { FormError, FormField } from '../../../components/FormField'
import PageShell from '../../../components/PageShell'
import RoleGate from '../../../components/RoleGate'
import { ErrorState, Loading } from '../../../components/StateView'
import { useForm } from '../../../components/useForm'
import { useRecord } from '../../../components/useRecord'
import { useSubmit } from '../../../components/useSubmit'
import { getHousehold } from '../../../households/households.api'
import { getCommunity } from '../../../services/community'
import { currentRoles, useSession } from '../../../services/session'
import { createVisit } from '../../visits.api'
import { dayFromToday, today, visitPage } from '../../format'
import { NEW_HOUSEHOLD, dropDraft, emptyDraft, keepDraft, loadDraft, visitBody, type VisitDraft } from './draft'
import AddressFields from './AddressFields'
import FollowUpFields from './FollowUpFields'
import MetFields from './MetFields'
import './index.css'

const TOPICS = VISIT_TOPICS.map((id) => ({ id, name: VISIT_TOPIC_LABELS[id] }))

/**
 * 记录走访 (`?householdId=`; without it, at a household not on the register, found by its address and put on the
 * register by the visit): the day (today by default, up to 30 days back for notes typed up later), who was met, what it was about,
 * what was said and seen, and what was promised. The draft survives a refused submit and leaving the page; the
 * submit carries the draft's own Idempotency-Key, so a retry after a lost reply records one visit.
 */
export default function NewVisitPage() {
  const householdId = useRouter().params.householdId || null
  const draftKey = householdId ?? NEW_HOUSEHOLD
  const session = useSession()
  const communityId = session.current?.communityId
  const staff = hasAnyRole(currentRoles(session), ['staff'])
  const worker = staff || currentRoles(session).includes('grid_worker')
  const household = useRecord((opts) => (householdId && worker ? getHousehold(householdId, opts) : Promise.resolve(null)), [householdId, worker], { refreshOnShow: false })
  const h = household.data
  const noAccount = new Set((h?.occupants ?? []).filter((o) => !o.hasAccount).map((o) => o.id))

  // A household not on the register: the buildings of the caller's grids (staff: all) to choose from.
  const community = useRecord((opts) => (!householdId && communityId && worker ? getCommunity(communityId, opts) : Promise.resolve(null)), [householdId, communityId, worker], { refreshOnShow: false })
  const buildings = (community.data?.buildings ?? []).filter((b) => staff || session.current?.gridIds.includes(b.gridId))

  const form = useForm<VisitDraft, typeof CreateVisitInput>({
    schema: CreateVisitInput,
    initial: () => loadDraft(draftKey),
    toBody: (d) => visitBody(householdId, d, noAccount),
    messages: { topics: '请至少选择一个走访事项', 'address.buildingId': '请选择楼栋' },
  })
  const draft = form.values
  useEffect(() => keepDraft(draftKey, draft), [draft])

  const [sending, submit] = useSubmit(async () => {
    const result = await form.send((body) => createVisit(body, { silent: true, idempotencyKey: draft.idempotencyKey }), 'notes')
    if (!result) {
      void Taro.showToast({ title: '请按提示修改后再提交', icon: 'none' })
      return
    }
    dropDraft(draftKey)
    form.reset(emptyDraft())
    void Taro.showToast({ title: result.householdCreated ? '已建档并记录走访' : '走访已记录', icon: 'success' })
    void Taro.redirectTo({ url: visitPage(result.visit.id) })
  })

  const gate = (children: JSX.Element) => (
    <RoleGate session={session} allowed={worker} className='vnew' title='走访由网格员和社区工作者记录' description='走访中了解的情况属于个人信息，只用于上门服务。'>
      {children}
    </RoleGate>
  )
  const source = householdId ? household : community
  if (householdId ? !h : !community.data) {
    return gate(<PageShell className='vnew'>{source.error ? <ErrorState message={source.error} onRetry={() => void source.load()} /> : <Loading />}</PageShell>)
  }

  const notesMax = form.limits('notes').maxLength
  return gate(
    <PageShell className='vnew'>
      <View className='card vnew__head'>
        <Text className='vnew__address'>{h ? h.address : '未登记的住户'}</Text>
        <Text className='muted vnew__private'>走访记录仅本网格网格员和社区工作者可见，每次查看都会留痕。</Text>
      </View>
      {h ? null : <AddressFields draft={draft} buildings={buildings} errors={form.errors} set={form.set} clear={form.clear} />}

      <Text className='section-title'>走访日期</Text>
      <View className='card'>
        <FormField error={form.errors.date}>
          <Picker mode='date' value={draft.date} start={dayFromToday(-VISIT_MAX_AGE_DAYS)} end={today()} onChange={(e) => form.set({ date: e.detail.value })}>
            <View className='field__select vnew__date'>
              <Text>{draft.date === today() ? `今天（${draft.date}）` : draft.date}</Text>
              <Text className='muted'>修改 ›</Text>
            </View>
          </Picker>
        </FormField>
      </View>

      <MetFields draft={draft} occupants={h?.occupants ?? []} errors={form.errors} set={form.set} clear={form.clear} />

      <Text className='section-title'>走访事项 *（可多选）</Text>
      <View className='card'>
        <ChoiceChips className='vnew__topics' options={TOPICS} selected={draft.topics} onPick={(id) => form.set({ topics: toggled(draft.topics, id) as VisitTopic[] })} />
        {form.errors.topics ? <Text className='field__error'>{form.errors.topics}</Text> : null}
      </View>

      <Text className='section-title'>走访记录</Text>
      <View className='card'>
        <FormField error={form.errors.notes}>
          <Textarea
            className='field__textarea vnew__notes'
            value={draft.notes}
            placeholder='住户的情况、反映的问题和诉求，如：孙奶奶腿脚不便，希望楼道加装扶手'
            maxlength={notesMax ?? -1}
            onInput={(e) => form.set({ notes: e.detail.value })}
          />
          {notesMax ? <Text className='field__counter'>{`${draft.notes.length}/${notesMax}`}</Text> : null}
        </FormField>
      </View>

      <FollowUpFields draft={draft} errors={form.errors} set={form.set} clear={form.clear} />

      <FormError errors={form.errors} />
      <Button className='block-button vnew__submit' type='primary' size='large' block loading={sending} disabled={sending} onClick={submit}>
        提交走访记录
      </Button>
    </PageShell>,
  )
}
