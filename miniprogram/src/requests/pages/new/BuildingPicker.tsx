import { Picker, Text, View } from '@tarojs/components'
import type { Building } from '@linli/shared'

interface Props {
  buildings: readonly Building[]
  value: string | null
  /** What the tap does: 更换 a preselected building, 选择 one not chosen yet. */
  action: string
  onChange: (buildingId: string | null) => void
}

/** A building of the community, chosen from a list (the request is routed by it). */
export default function BuildingPicker({ buildings, value, action, onChange }: Props) {
  return (
    <Picker
      mode='selector'
      range={buildings.map((b) => b.name)}
      value={Math.max(0, buildings.findIndex((b) => b.id === value))}
      onChange={(e) => onChange(buildings[Number(e.detail.value)]?.id ?? null)}
    >
      <View className='field__select rnew__select'>
        <Text>{buildings.find((b) => b.id === value)?.name ?? '请选择楼栋'}</Text>
        <Text className='muted'>{action}</Text>
      </View>
    </Picker>
  )
}
