import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Picker, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { CreateConsultationInput, SCOPE_LEVEL_LABELS, SCOPE_LEVELS, type CommunityDetail, type ScopeLevel } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading } from '../../../components/StateView'
import { FormError, FormField, TextField } from '../../../components/FormField'
import { useForm } from '../../../components/useForm'
import { useRecord } from '../../../components/useRecord'
import { getCommunity } from '../../../services/community'
import { isStaff as staffOf, useSession } from '../../../services/session'
import { canFile } from '../../../services/roles'
import { ApiError, fieldErrors } from '../../../services/http'
import { createConsultation } from '../../consult.api'
import Segments from '../../components/Segments'
import VotingFields, { defaultVotingDraft, validateWithVoting, votingBody, type VotingDraft } from '../../components/VotingFields'
import './index.css'

interface Draft {
  title: string
  body: string
  level: ScopeLevel
  /** Staff pick any grid or building; residents get their own. */
  gridId: string | null
  buildingId: string | null
  stage: 'discussion' | 'voting'
  voting: VotingDraft
}

const emptyDraft = (): Draft => ({ title: '', body: '', level: 'community', gridId: null, buildingId: null, stage: 'discussion', voting: defaultVotingDraft() })

/** The draft outlives the page (module state): leaving and coming back, or a refused submit, loses nothing. */
let savedDraft: Draft = emptyDraft()

const STAFF_LEVEL_LABELS: Record<ScopeLevel, string> = { community: '全社区', grid: '网格', building: '楼栋' }
const STAGES = [
  { key: 'discussion', label: '先讨论' },
  { key: 'voting', label: '直接投票' },
] as const

/** The grid or building a topic is for, and its name: staff pick any, a resident's come from their household. */
function scopeOf(d: Draft, community: CommunityDetail | null, staff: boolean, buildingId: string | undefined) {
  const myBuilding = community?.buildings.find((b) => b.id === buildingId) ?? null
  const myGrid = community?.grids.find((g) => g.id === myBuilding?.gridId) ?? null
  if (d.level === 'community') return { id: undefined, name: community?.name ?? '' }
  if (!staff) return d.level === 'grid' ? { id: myGrid?.id, name: myGrid?.name ?? '' } : { id: myBuilding?.id, name: myBuilding?.name ?? '' }
  const picked = d.level === 'grid' ? community?.grids.find((g) => g.id === d.gridId) : community?.buildings.find((b) => b.id === d.buildingId)
  return { id: picked?.id, name: picked?.name ?? (d.level === 'grid' ? '请选择网格' : '请选择楼栋') }
}

/** 提出议题: residents propose a topic for 附议; staff may also put it straight to discussion or to the vote. */
export default function NewConsultationPage() {
  const session = useSession()
  const { current } = session
  const staff = staffOf(session)
  const household = current?.household
  const { data: community, error: loadError, load: loadCommunity } = useRecord(
    (opts) => (current ? getCommunity(current.communityId, opts) : Promise.resolve(null)),
    [current?.communityId],
    { refreshOnShow: false },
  )
  /** Content security refused the words: said above the button until the text changes. */
  const [rejected, setRejected] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)

  const scopeFor = (d: Draft) => scopeOf(d, community, staff, household?.buildingId)
  const form = useForm({
    schema: CreateConsultationInput,
    initial: () => savedDraft,
    toBody: (d: Draft) => ({
      title: d.title.trim(),
      body: d.body.trim(),
      scope: { level: d.level, ...(scopeFor(d).id ? { id: scopeFor(d).id } : {}) },
      ...(staff ? { stage: d.stage, ...votingBody(d.voting, d.stage === 'voting') } : {}),
    }),
  })
  const draft = form.values
  useEffect(() => {
    savedDraft = draft
    setRejected(null)
  }, [draft])

  const submit = async () => {
    const body = staff ? validateWithVoting(form, draft.voting, draft.stage === 'voting') : form.validate()
    if (!body) {
      // The schema says 请选择网格或楼栋; the page knows which of the two is missing.
      form.setErrors((e) => (e['scope.id'] ? { ...e, 'scope.id': draft.level === 'grid' ? '请选择网格' : '请选择楼栋' } : e))
      void Taro.showToast({ title: '请检查标红的内容', icon: 'none' })
      return
    }
    setSubmitting(true)
    try {
      const created = await createConsultation(body, { silent: true })
      savedDraft = emptyDraft()
      void Taro.showToast({
        title: created.status === 'proposed' ? '已提交，内容审核后开始征集附议' : created.status === 'collecting' ? '已提出，快请邻居附议吧' : '议题已发布',
        icon: 'none',
      })
      void Taro.redirectTo({ url: `/consult/pages/detail/index?id=${created.id}` })
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CONTENT_REJECTED') {
        // Content security refused the words: say so above the button and next to the text.
        const byField = fieldErrors(err)
        form.setErrors({ ...byField, body: byField.body ?? '内容包含不适宜发布的信息，请修改' })
        setRejected(err.message)
        return
      }
      const shown = form.fail(err)
      if (shown.form) void Taro.showToast({ title: shown.form, icon: 'none' })
    } finally {
      setSubmitting(false)
    }
  }

  if (!current || current.status !== 'active' || !canFile(session)) {
    return (
      <PageShell className='cnew'>
        {session.status === 'loading' ? <Loading /> : <View className='notice'>加入社区并通过审核后才能提出议题。</View>}
      </PageShell>
    )
  }
  if (!staff && !household) {
    return (
      <PageShell className='cnew'>
        <View className='notice'>只有登记了住址的居民可以提出议题。如需登记住址，请联系社区工作人员。</View>
      </PageShell>
    )
  }

  const scopeName = scopeFor(draft).name || (draft.level === 'community' ? current.communityName : '')
  const places = community ? (draft.level === 'grid' ? community.grids : community.buildings) : []
  const placeId = draft.level === 'grid' ? draft.gridId : draft.buildingId

  return (
    <PageShell className='cnew'>
      {!staff ? (
        <View className='notice'>议题提出后征集邻居附议，附议人数达到要求后提交社区审核，审核通过后公开讨论、投票表决。</View>
      ) : null}

      <Text className='section-title'>议题</Text>
      <View className='card'>
        <TextField form={form} name='title' label='标题' required placeholder='如：小区东门加装非机动车充电桩' />
        <TextField
          form={form}
          name='body'
          label='内容'
          required
          multiline
          counter
          inputClassName='cnew__textarea'
          placeholder={`说说现在的情况、您的建议和理由（至少${form.limits('body').minLength}个字）`}
        />
      </View>

      <Text className='section-title'>范围</Text>
      <View className='card'>
        {community === null ? (
          loadError ? (
            <ErrorState message={loadError} onRetry={() => void loadCommunity()} />
          ) : (
            <Text className='muted'>加载中…</Text>
          )
        ) : (
          <FormField error={form.errors['scope.id'] ?? form.errors.scope}>
            <Segments
              items={SCOPE_LEVELS.map((l) => ({ key: l, label: staff ? STAFF_LEVEL_LABELS[l] : SCOPE_LEVEL_LABELS[l] }))}
              value={draft.level}
              onChange={(level) => {
                form.set({ level })
                form.clear('scope.id', 'scope')
              }}
            />
            {staff && draft.level !== 'community' ? (
              <Picker
                mode='selector'
                range={places.map((x) => x.name)}
                value={Math.max(0, places.findIndex((x) => x.id === placeId))}
                onChange={(e) => {
                  const id = places[Number(e.detail.value)]?.id ?? null
                  form.set(draft.level === 'grid' ? { gridId: id } : { buildingId: id })
                  form.clear('scope.id')
                }}
              >
                <View className='field__select cnew__select'>
                  <Text>{scopeName}</Text>
                  <Text className='muted'>选择 ›</Text>
                </View>
              </Picker>
            ) : (
              <Text className='cnew__scope-name'>{scopeName}</Text>
            )}
            <Text className='cnew__hint'>
              {draft.level === 'community' ? '全社区居民可以附议、讨论和投票' : `只有居住在${scopeName || '该范围'}的居民可以附议、讨论和投票`}
            </Text>
          </FormField>
        )}
      </View>

      {staff ? (
        <>
          <Text className='section-title'>发起方式</Text>
          <View className='card'>
            <FormField error={form.errors.stage}>
              <Segments
                items={STAGES}
                value={draft.stage}
                onChange={(stage) => {
                  form.set({ stage })
                  form.clear('votingEndsAt')
                }}
              />
              <Text className='cnew__hint'>
                {draft.stage === 'discussion' ? '居民先讨论，之后在议题页开始投票（届时可修改投票设置）' : '发布后立即开始投票，居民名单以此刻为准'}
              </Text>
            </FormField>
          </View>

          <Text className='section-title'>投票设置</Text>
          <View className='card'>
            <VotingFields
              draft={draft.voting}
              onChange={(patch) => form.set({ voting: { ...draft.voting, ...patch } })}
              errors={form.errors}
              onClear={form.clear}
              showEnd={draft.stage === 'voting'}
            />
          </View>
        </>
      ) : null}

      {rejected ? (
        <View className='cnew__rejected'>
          <Text className='cnew__rejected-title'>内容未通过安全检测</Text>
          <Text>{rejected}</Text>
        </View>
      ) : null}
      <FormError errors={form.errors} />
      <Button className='block-button cnew__submit' type='primary' size='large' block loading={submitting} disabled={submitting} onClick={() => void submit()}>
        {staff ? (draft.stage === 'voting' ? '发布并开始投票' : '发布议题') : '提出议题'}
      </Button>
    </PageShell>
  )
}
