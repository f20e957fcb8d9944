import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import { CARE_FLAGS, CARE_FLAG_LABELS, VISIT_STATE_LABELS, shanghaiDate, type CareFlag, type HouseholdRecordView } from '@linli/shared'
import ChoiceChips from '../../components/ChoiceChips'
import { clearCareFlag, setCareFlag } from '../households.api'

const OPTIONS = CARE_FLAGS.map((id) => ({ id, name: CARE_FLAG_LABELS[id] }))

interface Props {
  household: HouseholdRecordView
  onChange: (h: HouseholdRecordView) => void
}

/** Where the next visit stands, in words: 探访间隔7天 · 下次探访 2026-12-08（即将到期）. */
function visitLine(v: NonNullable<HouseholdRecordView['visit']>): string {
  const next = v.dueAt ? ` · 下次探访 ${shanghaiDate(new Date(v.dueAt))}` : ''
  return `探访间隔${v.intervalDays}天${next}（${VISIT_STATE_LABELS[v.state]}）`
}

/**
 * 关爱标记 on a household's page: staff and the grid's workers see them (the API gives them to nobody else); staff
 * tap a chip to set or clear one, with an optional note for the visitor (行动不便).
 */
export default function CareFlags({ household, onChange }: Props) {
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const flags = household.careFlags
  if (!flags) return null
  const edit = household.actions.includes('edit_care_flags')
  const on = flags.map((f) => f.flag)

  const toggle = async (flag: CareFlag) => {
    if (busy) return
    const had = on.includes(flag)
    if (had && !(await Taro.showModal({ title: '取消关爱标记', content: `取消“${CARE_FLAG_LABELS[flag]}”标记？` })).confirm) return
    setBusy(true)
    try {
      onChange(had ? await clearCareFlag(household.id, flag) : await setCareFlag(household.id, flag, note.trim() ? { note: note.trim() } : {}))
      if (!had) setNote('')
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <Text className='section-title'>关爱标记</Text>
      <View className='card hh-care'>
        {flags.length === 0 ? <Text className='muted'>没有关爱标记</Text> : null}
        {flags.map((f) => (
          <View key={f.flag} className='hh-care__flag'>
            <Tag type='warning'>{CARE_FLAG_LABELS[f.flag]}</Tag>
            {f.note ? <Text className='muted'> {f.note}</Text> : null}
          </View>
        ))}
        {household.visit ? <Text className='muted hh-row__people'>{visitLine(household.visit)}</Text> : null}
        {edit ? (
          <View className='hh-care__edit'>
            <Text className='muted hh-row__people'>点选设置或取消标记（仅社区工作者和本网格网格员可见）</Text>
            <Input className='field__input' value={note} placeholder='说明（选填，如：行动不便）' maxlength={30} onInput={(e) => setNote(e.detail.value)} />
            <ChoiceChips options={OPTIONS} selected={on} onPick={(id) => void toggle(id as CareFlag)} />
          </View>
        ) : null}
      </View>
    </>
  )
}
