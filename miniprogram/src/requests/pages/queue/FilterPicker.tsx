import { Picker, Text } from '@tarojs/components'

interface Props {
  /** The values to filter by, with their names; 全部… (no filter) comes first by itself. */
  options: { key: string; name: string }[]
  value: string | undefined
  /** Shown while nothing is chosen (状态, 类别, 网格). */
  label: string
  allLabel: string
  onChange: (key: string | undefined) => void
}

/** One filter of the queue: a chip that opens a list, filled once a value is chosen. */
export default function FilterPicker({ options, value, label, allLabel, onChange }: Props) {
  const all: { key: string | undefined; name: string }[] = [{ key: undefined, name: allLabel }, ...options]
  const chosen = options.find((o) => o.key === value)
  return (
    <Picker mode='selector' range={all.map((o) => o.name)} value={Math.max(0, all.findIndex((o) => o.key === value))} onChange={(e) => onChange(all[Number(e.detail.value)]?.key)}>
      <Text className={`queue__filter ${chosen ? 'queue__filter--on' : ''}`}>{chosen?.name ?? label} ▾</Text>
    </Picker>
  )
}
