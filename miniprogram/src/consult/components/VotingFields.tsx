import type { Dispatch, SetStateAction } from 'react'
import { Input, Picker, Text, View } from '@tarojs/components'
import { Switch } from '@nutui/nutui-react-taro'
import { VOTE_RULE_LABELS, VoteRule, VotingSettingsInput, type ConsultationView } from '@linli/shared'
import { FormField } from '../../components/FormField'
import { limitsOf, maxLengthOf, type FieldErrors } from '../../services/form'
import { defaultVotingEnd } from '../format'
import { shanghaiInstant, shanghaiParts } from '../../services/format'
import Segments from './Segments'
import './VotingFields.css'

/** What staff fill in for a vote, as typed (the quorum as a percentage text, the end as Shanghai date and time). */
export interface VotingDraft {
  voteRule: VoteRule
  options: string[]
  multi: boolean
  maxChoices: number
  /** Minimum turnout in percent; empty for none. */
  quorum: string
  endDate: string
  endTime: string
}

const DEFAULT_OPTIONS = ['同意', '不同意', '弃权']
/** How many options a vote may have, and how long each may be: the shared schema's limits. */
const MAX_OPTIONS = limitsOf(VotingSettingsInput, 'options').maxItems
const OPTION_MAX = maxLengthOf(VotingSettingsInput, 'options.0.label')
/** A percentage with one decimal (`33.3`): the quorum is typed in percent, the schema's fraction is not. */
const QUORUM_MAX_CHARS = 5
const RULES = VoteRule.options.map((r) => ({ key: r, label: VOTE_RULE_LABELS[r] }))

export function defaultVotingDraft(): VotingDraft {
  const end = defaultVotingEnd()
  return { voteRule: 'per_resident', options: [...DEFAULT_OPTIONS], multi: false, maxChoices: 2, quorum: '', endDate: end.date, endTime: end.time }
}

/** The draft prefilled from what a topic already has (staff may have set it when creating), else the defaults. */
export function votingDraftOf(c: ConsultationView): VotingDraft {
  const d = defaultVotingDraft()
  const future = c.votingEndsAt && new Date(c.votingEndsAt).getTime() > Date.now() + 3_600_000
  const end = future ? shanghaiParts(c.votingEndsAt!) : null
  return {
    voteRule: c.voteRule,
    options: c.options.length >= 2 ? c.options.map((o) => o.label) : d.options,
    multi: c.maxChoices > 1,
    maxChoices: c.maxChoices > 1 ? c.maxChoices : d.maxChoices,
    quorum: c.quorum ? String(Math.round(c.quorum * 1000) / 10) : '',
    endDate: end?.date ?? d.endDate,
    endTime: end?.time ?? d.endTime,
  }
}

/**
 * What the schema cannot know about a draft, keyed by the API's paths: an empty option (in the page's words), a choice
 * count beyond the options, a quorum that is no percentage, an end in the past. `withEnd` false: no end time asked.
 */
function votingProblems(d: VotingDraft, withEnd: boolean): FieldErrors {
  const errors: FieldErrors = {}
  d.options.forEach((o, i) => {
    if (!o.trim()) errors[`options.${i}.label`] = '请填写选项'
  })
  if (d.multi && (d.maxChoices < 2 || d.maxChoices > d.options.length)) errors.maxChoices = `可选项数应在2到${d.options.length}之间`
  if (d.quorum.trim() && quorumOf(d) === undefined) errors.quorum = '请填写0到100之间的数字'
  if (withEnd && new Date(shanghaiInstant(d.endDate, d.endTime)).getTime() <= Date.now() + 60_000) errors.votingEndsAt = '投票截止时间须晚于现在'
  return errors
}

/** The quorum typed as a percentage, as the API's fraction; undefined when none or not a percentage. */
function quorumOf(d: VotingDraft): number | undefined {
  const q = Number(d.quorum.trim())
  return d.quorum.trim() && Number.isFinite(q) && q >= 0 && q <= 100 ? q / 100 : undefined
}

/** The voting settings of a draft as the API takes them; the shared schema checks them (options, their length…). */
export function votingBody(d: VotingDraft, withEnd: boolean): VotingSettingsInput {
  const quorum = quorumOf(d)
  return {
    voteRule: d.voteRule,
    options: d.options.map((o) => ({ label: o.trim() })),
    maxChoices: d.multi ? d.maxChoices : 1,
    ...(quorum !== undefined ? { quorum } : {}),
    ...(withEnd ? { votingEndsAt: shanghaiInstant(d.endDate, d.endTime) } : {}),
  }
}

/**
 * Checks a form whose body carries a draft's voting settings: the schema's messages (useForm.validate), then the
 * draft's own problems. The body, or null with every error shown.
 */
export function validateWithVoting<T>(form: { validate: () => T | null; setErrors: Dispatch<SetStateAction<FieldErrors>> }, d: VotingDraft, withEnd: boolean): T | null {
  const body = form.validate()
  const problems = votingProblems(d, withEnd)
  if (!Object.keys(problems).length) return body
  form.setErrors((e) => ({ ...(body ? {} : e), ...problems }))
  return null
}

interface Props {
  draft: VotingDraft
  onChange: (patch: Partial<VotingDraft>) => void
  errors: FieldErrors
  /** Clears the errors of these paths (and the form-wide one) when the user edits them. */
  onClear: (...paths: string[]) => void
  showEnd: boolean
}

const today = () => shanghaiParts(new Date()).date
const errorOf = (errors: FieldErrors, key: string) => (errors[key] ? <Text className='field__error'>{errors[key]}</Text> : null)

/** The voting settings staff set: rule, options, single or multiple choice, quorum and the end time. */
export default function VotingFields({ draft, onChange, errors, onClear, showEnd }: Props) {
  const setOption = (i: number, value: string) => {
    onChange({ options: draft.options.map((o, j) => (j === i ? value : o)) })
    onClear(`options.${i}.label`, 'options')
  }
  const removeOption = (i: number) => {
    const options = draft.options.filter((_, j) => j !== i)
    onChange({ options, maxChoices: Math.min(draft.maxChoices, Math.max(2, options.length)) })
    onClear('options', 'maxChoices', ...draft.options.map((_, j) => `options.${j}.label`))
  }
  const step = (by: number) => {
    const next = draft.maxChoices + by
    if (next >= 2 && next <= draft.options.length) onChange({ maxChoices: next })
    onClear('maxChoices')
  }

  return (
    <View className='cvote'>
      <FormField label='投票规则'>
        <Segments items={RULES} value={draft.voteRule} onChange={(voteRule) => onChange({ voteRule })} />
        <Text className='cvote__hint'>{draft.voteRule === 'per_household' ? '每户只能投一票，家中任何一人投票即代表全户' : '每位认证居民各投一票'}</Text>
      </FormField>

      <FormField label='选项' error={errors.options}>
        {draft.options.map((o, i) => (
          <View key={i} className='cvote__option'>
            <View className='cvote__option-row'>
              <Input className='field__input cvote__option-input' value={o} placeholder={`选项${i + 1}`} maxlength={OPTION_MAX} onInput={(e) => setOption(i, e.detail.value)} />
              {draft.options.length > 2 ? (
                <Text className='cvote__remove' onClick={() => removeOption(i)}>
                  删除
                </Text>
              ) : null}
            </View>
            {errorOf(errors, `options.${i}.label`)}
          </View>
        ))}
        {MAX_OPTIONS === undefined || draft.options.length < MAX_OPTIONS ? (
          <Text
            className='cvote__add'
            onClick={() => {
              onChange({ options: [...draft.options, ''] })
              onClear('options')
            }}
          >
            ＋ 添加选项
          </Text>
        ) : null}
      </FormField>

      <View className='cvote__row'>
        <View className='cvote__row-text'>
          <Text>多选</Text>
          <Text className='cvote__hint'>允许每票选择多个选项</Text>
        </View>
        <Switch
          checked={draft.multi}
          onChange={(on) => {
            onChange({ multi: on, maxChoices: Math.min(Math.max(2, draft.maxChoices), draft.options.length) })
            onClear('maxChoices')
          }}
        />
      </View>
      {draft.multi ? (
        <View className='cvote__row'>
          <Text>最多可选</Text>
          <View className='cvote__stepper'>
            <Text className={`cvote__step ${draft.maxChoices <= 2 ? 'cvote__step--off' : ''}`} onClick={() => step(-1)}>
              －
            </Text>
            <Text className='cvote__step-value'>{draft.maxChoices}项</Text>
            <Text className={`cvote__step ${draft.maxChoices >= draft.options.length ? 'cvote__step--off' : ''}`} onClick={() => step(1)}>
              ＋
            </Text>
          </View>
        </View>
      ) : null}
      {errorOf(errors, 'maxChoices')}

      <FormField label='最低投票率（选填）' error={errors.quorum} className='cvote__quorum-field'>
        <View className='cvote__option-row'>
          <Input
            className='field__input cvote__quorum'
            type='digit'
            value={draft.quorum}
            placeholder='不设'
            maxlength={QUORUM_MAX_CHARS}
            onInput={(e) => {
              onChange({ quorum: e.detail.value })
              onClear('quorum')
            }}
          />
          <Text className='cvote__unit'>%</Text>
        </View>
        <Text className='cvote__hint'>投票人数占可投票人数的比例低于此值时，结果无效</Text>
      </FormField>

      {showEnd ? (
        <FormField label='投票截止' error={errors.votingEndsAt}>
          <View className='cvote__option-row'>
            <Picker
              mode='date'
              value={draft.endDate}
              start={today()}
              onChange={(e) => {
                onChange({ endDate: e.detail.value })
                onClear('votingEndsAt')
              }}
            >
              <Text className='field__input cvote__pick'>{draft.endDate}</Text>
            </Picker>
            <Picker
              mode='time'
              value={draft.endTime}
              onChange={(e) => {
                onChange({ endTime: e.detail.value })
                onClear('votingEndsAt')
              }}
            >
              <Text className='field__input cvote__pick cvote__pick--time'>{draft.endTime}</Text>
            </Picker>
          </View>
        </FormField>
      ) : null}
    </View>
  )
}
