import { Input, Picker, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { FOLLOW_UP_MAX_DAYS, VISIT_MAX_FOLLOW_UPS } from '@linli/shared'
import type { FieldErrors } from '../../../services/form'
import { rowKey, type FollowUpDraft, type VisitDraft } from './draft'

interface Props {
  draft: VisitDraft
  errors: FieldErrors
  set: (patch: Partial<VisitDraft>) => void
  clear: (...keys: string[]) => void
}

/** Days after the visit a new item is due by default: a week is what most promises at the door take. */
const DEFAULT_DUE_DAYS = 7

/** `date` plus `days`, YYYY-MM-DD (calendar arithmetic on the date itself: no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

/**
 * 待办事项: what was promised at the visit (帮忙申请补贴, 联系物业修水管), each with the day it is due, picked on a
 * calendar from the visit's day on. Rows are added and removed; an open item shows on the grid worker's 首页.
 */
export default function FollowUpFields({ draft, errors, set, clear }: Props) {
  const setRow = (key: string, patch: Partial<FollowUpDraft>) => set({ followUps: draft.followUps.map((f) => (f.key === key ? { ...f, ...patch } : f)) })
  const full = draft.followUps.length >= VISIT_MAX_FOLLOW_UPS
  return (
    <>
      <Text className='section-title'>待办事项（选填）</Text>
      <View className='card'>
        {draft.followUps.length === 0 ? <Text className='muted vnew__followups-empty'>答应住户要办的事，记下来按时跟进，会出现在首页的待跟进事项里。</Text> : null}
        {draft.followUps.map((f, i) => (
          <View key={f.key} className='vnew__followup'>
            <View className='vnew__followup-row'>
              <Text className='vnew__followup-no'>{i + 1}.</Text>
              <Input
                className='field__input vnew__followup-text'
                value={f.text}
                placeholder='如：帮忙申请高龄补贴'
                maxlength={100}
                onInput={(e) => {
                  setRow(f.key, { text: e.detail.value })
                  clear(`followUps.${i}.text`, `followUps.${i}`)
                }}
              />
              <Text className='vnew__remove' onClick={() => set({ followUps: draft.followUps.filter((x) => x.key !== f.key) })}>
                删除
              </Text>
            </View>
            {errors[`followUps.${i}.text`] ? <Text className='field__error'>{errors[`followUps.${i}.text`]}</Text> : null}
            <Picker
              mode='date'
              value={f.dueOn}
              start={draft.date}
              end={addDays(draft.date, FOLLOW_UP_MAX_DAYS)}
              onChange={(e) => {
                setRow(f.key, { dueOn: e.detail.value })
                clear(`followUps.${i}.dueOn`)
              }}
            >
              <View className='field__select vnew__followup-due'>
                <Text>完成期限：{f.dueOn}</Text>
                <Text className='muted'>修改 ›</Text>
              </View>
            </Picker>
            {errors[`followUps.${i}.dueOn`] ? <Text className='field__error'>{errors[`followUps.${i}.dueOn`]}</Text> : null}
          </View>
        ))}
        {errors.followUps ? <Text className='field__error'>{errors.followUps}</Text> : null}
        {full ? null : (
          <Button
            className='vnew__add vnew__add-followup'
            size='small'
            fill='outline'
            onClick={() => set({ followUps: [...draft.followUps, { key: rowKey(), text: '', dueOn: addDays(draft.date, DEFAULT_DUE_DAYS) }] })}
          >
            ＋ 添加待办事项
          </Button>
        )}
      </View>
    </>
  )
}
