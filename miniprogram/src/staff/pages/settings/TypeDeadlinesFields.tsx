import { Input, Text, View } from '@tarojs/components'
import {
  DEFAULT_REQUEST_TYPE_DEADLINES,
  REQUEST_LEVEL_LABELS,
  REQUEST_TYPES,
  REQUEST_TYPE_LABELS,
  type CommunitySettings,
  type DeadlineSpan,
  type RequestType,
  type RequestTypeDeadlines,
} from '@linli/shared'
import { FormField } from '../../../components/FormField'
import type { FieldErrors } from '../../../services/form'

/** The four deadlines of a type, in the order shown: the first response, then resolution at each level. */
const ROWS = ['respond', 'grid', 'community', 'street'] as const
type Row = (typeof ROWS)[number]
const ROW_LABELS: Record<Row, string> = { respond: '响应', grid: `${REQUEST_LEVEL_LABELS.grid}办结`, community: `${REQUEST_LEVEL_LABELS.community}办结`, street: `${REQUEST_LEVEL_LABELS.street}办结` }

type SpanValue = { value: string; unit: DeadlineSpan['unit'] }
/** What the form holds of 诉求办理时限: each type's four spans, the numbers as typed. */
export type TypeDeadlineValues = { typeDeadlines: Record<RequestType, Record<Row, SpanValue>> }

const spanOf = (t: RequestTypeDeadlines[RequestType], row: Row): DeadlineSpan => (row === 'respond' ? t.respond : t.resolve[row])

export function typeDeadlineValuesOf(s: CommunitySettings): TypeDeadlineValues {
  const saved = s.requestTypeDeadlines ?? DEFAULT_REQUEST_TYPE_DEADLINES
  const typeDeadlines = Object.fromEntries(
    REQUEST_TYPES.map((t) => [t, Object.fromEntries(ROWS.map((row) => [row, { value: String(spanOf(saved[t], row).value), unit: spanOf(saved[t], row).unit }]))]),
  ) as TypeDeadlineValues['typeDeadlines']
  return { typeDeadlines }
}

/** The whole table when anything in it changed; a number not typed as one is sent as typed, for the schema to refuse in words. */
export function typeDeadlineChanges(v: TypeDeadlineValues, saved: CommunitySettings): Partial<CommunitySettings> {
  const span = (s: SpanValue) => ({ value: /^\d+$/.test(s.value.trim()) ? Number(s.value.trim()) : s.value, unit: s.unit })
  const next = Object.fromEntries(
    REQUEST_TYPES.map((t) => {
      const rows = v.typeDeadlines[t]
      return [t, { respond: span(rows.respond), resolve: { grid: span(rows.grid), community: span(rows.community), street: span(rows.street) } }]
    }),
  )
  return JSON.stringify(next) === JSON.stringify(saved.requestTypeDeadlines ?? DEFAULT_REQUEST_TYPE_DEADLINES)
    ? {}
    : ({ requestTypeDeadlines: next } as unknown as Partial<CommunitySettings>)
}

const errorPath = (t: RequestType, row: Row) => (row === 'respond' ? `requestTypeDeadlines.${t}.respond` : `requestTypeDeadlines.${t}.resolve.${row}`)

interface Props {
  values: TypeDeadlineValues
  errors: FieldErrors
  set: (patch: Partial<TypeDeadlineValues>) => void
  clear: (...keys: string[]) => void
}

/**
 * 诉求办理时限 in 社区设置: per type (咨询, 求助, 投诉, 建议) the response deadline and the resolution deadline at each
 * level, in working days (ending 24:00 of the last one, skipping weekends and the holidays of the national calendar) or
 * hours. Urgent requests keep their hours; requests already filed keep their deadlines.
 */
export default function TypeDeadlinesFields({ values, errors, set, clear }: Props) {
  const put = (t: RequestType, row: Row, patch: Partial<SpanValue>) => {
    const rows = values.typeDeadlines[t]
    set({ typeDeadlines: { ...values.typeDeadlines, [t]: { ...rows, [row]: { ...rows[row], ...patch } } } })
    clear(`${errorPath(t, row)}.value`, errorPath(t, row), 'requestTypeDeadlines')
  }
  return (
    <>
      <Text className='section-title'>诉求办理时限</Text>
      <View className='card settings__card settings__deadlines'>
        <Text className='muted settings__intro'>
          按诉求类型设置，从居民提交时起算。工作日不含周末和法定节假日（调休上班日计入），时限到第N个工作日24时止。紧急诉求仍按小时计算；已提交的诉求不受修改影响。
        </Text>
        {REQUEST_TYPES.map((t) => (
          <View key={t} className={`settings__deadline-type settings__deadline-type--${t}`}>
            <Text className='settings__deadline-title'>{REQUEST_TYPE_LABELS[t]}</Text>
            {ROWS.map((row) => {
              const span = values.typeDeadlines[t][row]
              const error = errors[`${errorPath(t, row)}.value`] ?? errors[errorPath(t, row)]
              return (
                <FormField key={row} error={error}>
                  <View className='settings__row'>
                    <Text className='settings__row-label'>{ROW_LABELS[row]}</Text>
                    <Input
                      className={`field__input settings__number settings__deadline-${row}`}
                      type='number'
                      value={span.value}
                      maxlength={4}
                      onInput={(e) => put(t, row, { value: e.detail.value })}
                    />
                    <View className='settings__units'>
                      {(['workdays', 'hours'] as const).map((u) => (
                        <Text key={u} className={`settings__unit-choice ${span.unit === u ? 'settings__unit-choice--on' : ''}`} onClick={() => put(t, row, { unit: u })}>
                          {u === 'workdays' ? '工作日' : '小时'}
                        </Text>
                      ))}
                    </View>
                  </View>
                </FormField>
              )
            })}
          </View>
        ))}
      </View>
    </>
  )
}
