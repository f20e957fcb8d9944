import { Input, Picker, Text, View } from '@tarojs/components'
import { Switch } from '@nutui/nutui-react-taro'
import { VOTE_RULE_LABELS, type ConsultationView, type VoteRule, type VotingSettingsInput } from '@linli/shared'
import { defaultVotingEnd } from '../format'
import { shanghaiInstant, shanghaiParts } from '../../services/format'
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

export const DEFAULT_OPTIONS = ['同意', '不同意', '弃权']
export const MAX_OPTIONS = 10

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
 * The API body of a draft, or field errors (keyed by the API's paths, so the server's own messages land in the
 * same places). `withEnd` false leaves the end time out (a topic that starts with discussion).
 */
export function votingInput(d: VotingDraft, withEnd: boolean): { input: VotingSettingsInput } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {}
  const labels = d.options.map((o) => o.trim())
  labels.forEach((l, i) => {
    if (!l) errors[`options.${i}.label`] = '请填写选项'
    else if (l.length > 40) errors[`options.${i}.label`] = '选项最多40个字'
  })
  const filled = labels.filter(Boolean)
  if (filled.length < 2) errors.options = '至少需要两个选项'
  else if (new Set(filled).size !== filled.length) errors.options = '选项不能重复'
  if (d.multi && (d.maxChoices < 2 || d.maxChoices > labels.length)) errors.maxChoices = `可选项数应在2到${labels.length}之间`
  let quorum: number | undefined
  if (d.quorum.trim()) {
    const q = Number(d.quorum.trim())
    if (!Number.isFinite(q) || q < 0 || q > 100) errors.quorum = '请填写0到100之间的数字'
    else quorum = q / 100
  }
  let votingEndsAt: string | undefined
  if (withEnd) {
    votingEndsAt = shanghaiInstant(d.endDate, d.endTime)
    if (new Date(votingEndsAt).getTime() <= Date.now() + 60_000) errors.votingEndsAt = '投票截止时间须晚于现在'
  }
  if (Object.keys(errors).length) return { errors }
  return {
    input: {
      voteRule: d.voteRule,
      options: labels.map((label) => ({ label })),
      maxChoices: d.multi ? d.maxChoices : 1,
      ...(quorum !== undefined ? { quorum } : {}),
      ...(votingEndsAt ? { votingEndsAt } : {}),
    },
  }
}

interface Props {
  draft: VotingDraft
  onChange: (patch: Partial<VotingDraft>) => void
  errors: Record<string, string>
  /** Clears the errors of these paths (and the form-wide one) when the user edits them. */
  onClear: (...paths: string[]) => void
  showEnd: boolean
}

const today = () => shanghaiParts(new Date()).date

/** The voting settings staff set: rule, options, single or multiple choice, quorum and the end time. */
export default function VotingFields({ draft, onChange, errors, onClear, showEnd }: Props) {
  const err = (key: string) => (errors[key] ? <Text className='cvote__error'>{errors[key]}</Text> : null)
  const setOption = (i: number, value: string) => {
    onChange({ options: draft.options.map((o, j) => (j === i ? value : o)) })
    onClear(`options.${i}.label`, 'options')
  }
  const removeOption = (i: number) => {
    const options = draft.options.filter((_, j) => j !== i)
    onChange({ options, maxChoices: Math.min(draft.maxChoices, Math.max(2, options.length)) })
    onClear('options', 'maxChoices', ...draft.options.map((_, j) => `options.${j}.label`))
  }

  return (
    <View className='cvote'>
      <View className='cvote__field'>
        <Text className='cvote__label'>投票规则</Text>
        <View className='cvote__segs'>
          {(['per_resident', 'per_household'] as const).map((r) => (
            <Text key={r} className={`cvote__seg ${draft.voteRule === r ? 'cvote__seg--on' : ''}`} onClick={() => onChange({ voteRule: r })}>
              {VOTE_RULE_LABELS[r]}
            </Text>
          ))}
        </View>
        <Text className='cvote__hint'>{draft.voteRule === 'per_household' ? '每户只能投一票，家中任何一人投票即代表全户' : '每位认证居民各投一票'}</Text>
      </View>

      <View className='cvote__field'>
        <Text className='cvote__label'>选项</Text>
        {draft.options.map((o, i) => (
          <View key={i} className='cvote__option'>
            <View className='cvote__option-row'>
              <Input className='cvote__input cvote__option-input' value={o} placeholder={`选项${i + 1}`} maxlength={40} onInput={(e) => setOption(i, e.detail.value)} />
              {draft.options.length > 2 ? (
                <Text className='cvote__remove' onClick={() => removeOption(i)}>
                  删除
                </Text>
              ) : null}
            </View>
            {err(`options.${i}.label`)}
          </View>
        ))}
        {draft.options.length < MAX_OPTIONS ? (
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
        {err('options')}
      </View>

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
            <Text
              className={`cvote__step ${draft.maxChoices <= 2 ? 'cvote__step--off' : ''}`}
              onClick={() => {
                if (draft.maxChoices > 2) onChange({ maxChoices: draft.maxChoices - 1 })
                onClear('maxChoices')
              }}
            >
              －
            </Text>
            <Text className='cvote__step-value'>{draft.maxChoices}项</Text>
            <Text
              className={`cvote__step ${draft.maxChoices >= draft.options.length ? 'cvote__step--off' : ''}`}
              onClick={() => {
                if (draft.maxChoices < draft.options.length) onChange({ maxChoices: draft.maxChoices + 1 })
                onClear('maxChoices')
              }}
            >
              ＋
            </Text>
          </View>
        </View>
      ) : null}
      {err('maxChoices')}

      <View className='cvote__field cvote__field--top'>
        <Text className='cvote__label'>最低投票率（选填）</Text>
        <View className='cvote__option-row'>
          <Input
            className='cvote__input cvote__quorum'
            type='digit'
            value={draft.quorum}
            placeholder='不设'
            maxlength={5}
            onInput={(e) => {
              onChange({ quorum: e.detail.value })
              onClear('quorum')
            }}
          />
          <Text className='cvote__unit'>%</Text>
        </View>
        <Text className='cvote__hint'>投票人数占可投票人数的比例低于此值时，结果无效</Text>
        {err('quorum')}
      </View>

      {showEnd ? (
        <View className='cvote__field'>
          <Text className='cvote__label'>投票截止</Text>
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
              <Text className='cvote__input cvote__pick'>{draft.endDate}</Text>
            </Picker>
            <Picker
              mode='time'
              value={draft.endTime}
              onChange={(e) => {
                onChange({ endTime: e.detail.value })
                onClear('votingEndsAt')
              }}
            >
              <Text className='cvote__input cvote__pick cvote__pick--time'>{draft.endTime}</Text>
            </Picker>
          </View>
          {err('votingEndsAt')}
        </View>
      ) : null}
    </View>
  )
}
