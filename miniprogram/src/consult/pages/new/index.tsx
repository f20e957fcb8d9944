import { useEffect, useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Picker, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { CreateConsultationInput, SCOPE_LEVEL_LABELS, type CommunityDetail, type ScopeLevel } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading } from '../../../components/StateView'
import { getCommunity } from '../../../services/community'
import { isStaff as staffOf, useSession } from '../../../services/session'
import { canFile } from '../../../services/roles'
import { ApiError, errorMessage, fieldErrors } from '../../../services/http'
import { createConsultation, type CreateConsultationBody } from '../../consult.api'
import VotingFields, { defaultVotingDraft, votingInput, type VotingDraft } from '../../components/VotingFields'
import './index.css'

const TITLE_MAX = 60
const BODY_MAX = 2000

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

/** 提出议题: residents propose a topic for 附议; staff may also put it straight to discussion or to the vote. */
export default function NewConsultationPage() {
  const session = useSession()
  const { current } = session
  const staff = staffOf(session)
  const household = current?.household

  const [draft, setDraftState] = useState<Draft>(savedDraft)
  const setDraft = (patch: Partial<Draft>) =>
    setDraftState((d) => {
      const next = { ...d, ...patch }
      savedDraft = next
      return next
    })
  const [community, setCommunity] = useState<CommunityDetail | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [rejected, setRejected] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)

  const loadCommunity = async () => {
    if (!current) return
    setLoadError(null)
    try {
      setCommunity(await getCommunity(current.communityId, { silent: true }))
    } catch (err) {
      setLoadError(errorMessage(err))
    }
  }
  useEffect(() => {
    void loadCommunity()
  }, [current?.communityId])

  // A resident's grid and building come from their household.
  const myBuilding = community?.buildings.find((b) => b.id === household?.buildingId) ?? null
  const myGrid = community?.grids.find((g) => g.id === myBuilding?.gridId) ?? null

  const clearError = (...keys: string[]) => {
    setRejected(null)
    setErrors((e) => {
      const next = { ...e }
      for (const k of keys) delete next[k]
      delete next.form
      return next
    })
  }

  const scopeId = (d: Draft): string | undefined => {
    if (d.level === 'community') return undefined
    if (staff) return (d.level === 'grid' ? d.gridId : d.buildingId) ?? undefined
    return d.level === 'grid' ? myGrid?.id : myBuilding?.id
  }

  const scopeName = useMemo(() => {
    if (draft.level === 'community') return community?.name ?? current?.communityName ?? ''
    if (staff) {
      return draft.level === 'grid'
        ? (community?.grids.find((g) => g.id === draft.gridId)?.name ?? '请选择网格')
        : (community?.buildings.find((b) => b.id === draft.buildingId)?.name ?? '请选择楼栋')
    }
    return (draft.level === 'grid' ? myGrid?.name : myBuilding?.name) ?? ''
  }, [draft, community, staff])

  const submit = async () => {
    const body: CreateConsultationBody = {
      title: draft.title.trim(),
      body: draft.body.trim(),
      scope: { level: draft.level, ...(scopeId(draft) ? { id: scopeId(draft) } : {}) },
    }
    const next: Record<string, string> = {}
    if (staff) {
      body.stage = draft.stage
      const voting = votingInput(draft.voting, draft.stage === 'voting')
      if ('errors' in voting) Object.assign(next, voting.errors)
      else Object.assign(body, voting.input)
    }
    // The shared schema gives the same messages the server would, before a round trip.
    const local = CreateConsultationInput.safeParse(body)
    if (!local.success) {
      for (const issue of local.error.issues) {
        const key = issue.path.join('.')
        if (!next[key]) next[key] = key === 'scope.id' ? (draft.level === 'grid' ? '请选择网格' : '请选择楼栋') : issue.message
      }
    }
    if (Object.keys(next).length) {
      setErrors(next)
      void Taro.showToast({ title: '请检查标红的内容', icon: 'none' })
      return
    }
    setSubmitting(true)
    setErrors({})
    setRejected(null)
    try {
      const created = await createConsultation(local.success ? local.data : body, { silent: true })
      savedDraft = emptyDraft()
      void Taro.showToast({
        title: created.status === 'proposed' ? '已提交，内容审核后开始征集附议' : created.status === 'collecting' ? '已提出，快请邻居附议吧' : '议题已发布',
        icon: 'none',
      })
      void Taro.redirectTo({ url: `/consult/pages/detail/index?id=${created.id}` })
    } catch (err) {
      const byField = fieldErrors(err)
      if (err instanceof ApiError && err.code === 'CONTENT_REJECTED') {
        // Content security refused the words: say so above the button and next to the text.
        setRejected(err.message)
        byField.body = byField.body ?? '内容包含不适宜发布的信息，请修改'
      }
      setErrors(Object.keys(byField).length ? byField : { form: errorMessage(err) })
      if (!Object.keys(byField).length) void Taro.showToast({ title: errorMessage(err), icon: 'none' })
    } finally {
      setSubmitting(false)
    }
  }

  const fieldError = (key: string) => (errors[key] ? <Text className='cnew__error'>{errors[key]}</Text> : null)

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

  const levels: ScopeLevel[] = ['community', 'grid', 'building']

  return (
    <PageShell className='cnew'>
      {!staff ? (
        <View className='notice'>议题提出后征集邻居附议，附议人数达到要求后提交社区审核，审核通过后公开讨论、投票表决。</View>
      ) : null}

      <Text className='section-title'>议题</Text>
      <View className='card'>
        <View className='cnew__field'>
          <Text className='cnew__label'>标题 *</Text>
          <Input
            className='cnew__input'
            value={draft.title}
            placeholder='如：小区东门加装非机动车充电桩'
            maxlength={TITLE_MAX}
            onInput={(e) => {
              setDraft({ title: e.detail.value })
              clearError('title')
            }}
          />
          {fieldError('title')}
        </View>
        <View className='cnew__field'>
          <Text className='cnew__label'>内容 *</Text>
          <Textarea
            className='cnew__textarea'
            value={draft.body}
            placeholder='说说现在的情况、您的建议和理由（至少10个字）'
            maxlength={BODY_MAX}
            onInput={(e) => {
              setDraft({ body: e.detail.value })
              clearError('body')
            }}
          />
          <Text className='cnew__count'>
            {draft.body.length}/{BODY_MAX}
          </Text>
          {fieldError('body')}
        </View>
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
          <>
            <View className='cnew__segs'>
              {levels.map((l) => (
                <Text
                  key={l}
                  className={`cnew__seg ${draft.level === l ? 'cnew__seg--on' : ''}`}
                  onClick={() => {
                    setDraft({ level: l })
                    clearError('scope.id', 'scope')
                  }}
                >
                  {staff ? { community: '全社区', grid: '网格', building: '楼栋' }[l] : SCOPE_LEVEL_LABELS[l]}
                </Text>
              ))}
            </View>
            {staff && draft.level !== 'community' ? (
              <Picker
                mode='selector'
                range={(draft.level === 'grid' ? community.grids : community.buildings).map((x) => x.name)}
                value={Math.max(
                  0,
                  draft.level === 'grid'
                    ? community.grids.findIndex((g) => g.id === draft.gridId)
                    : community.buildings.findIndex((b) => b.id === draft.buildingId),
                )}
                onChange={(e) => {
                  const i = Number(e.detail.value)
                  if (draft.level === 'grid') setDraft({ gridId: community.grids[i]?.id ?? null })
                  else setDraft({ buildingId: community.buildings[i]?.id ?? null })
                  clearError('scope.id')
                }}
              >
                <View className='cnew__select'>
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
            {fieldError('scope.id')}
            {fieldError('scope')}
          </>
        )}
      </View>

      {staff ? (
        <>
          <Text className='section-title'>发起方式</Text>
          <View className='card'>
            <View className='cnew__segs'>
              {(['discussion', 'voting'] as const).map((s) => (
                <Text
                  key={s}
                  className={`cnew__seg ${draft.stage === s ? 'cnew__seg--on' : ''}`}
                  onClick={() => {
                    setDraft({ stage: s })
                    clearError('votingEndsAt', 'stage')
                  }}
                >
                  {s === 'discussion' ? '先讨论' : '直接投票'}
                </Text>
              ))}
            </View>
            <Text className='cnew__hint'>
              {draft.stage === 'discussion' ? '居民先讨论，之后在议题页开始投票（届时可修改投票设置）' : '发布后立即开始投票，居民名单以此刻为准'}
            </Text>
            {fieldError('stage')}
          </View>

          <Text className='section-title'>投票设置</Text>
          <View className='card'>
            <VotingFields
              draft={draft.voting}
              onChange={(patch) => setDraft({ voting: { ...draft.voting, ...patch } })}
              errors={errors}
              onClear={clearError}
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
      {errors.form ? <View className='cnew__form-error'>{errors.form}</View> : null}
      <Button className='block-button cnew__submit' type='primary' size='large' block loading={submitting} disabled={submitting} onClick={() => void submit()}>
        {staff ? (draft.stage === 'voting' ? '发布并开始投票' : '发布议题') : '提出议题'}
      </Button>
    </PageShell>
  )
}
