import { Text, View } from '@tarojs/components'
import './ChoiceChips.css'

export interface Choice {
  id: string
  name: string
}

interface Props {
  options: readonly Choice[]
  /** The chosen id (pick one, e.g. a building) or ids (pick several, e.g. a grid worker's grids). */
  selected: string | readonly string[] | null
  onPick: (id: string) => void
  className?: string
}

/**
 * Options as large tappable chips (楼栋, 网格): easier for elderly users than a picker wheel, and every choice is in
 * sight. The page decides what a tap does (choose one, or toggle one of several).
 */
export default function ChoiceChips({ options, selected, onPick, className = '' }: Props) {
  const on = (id: string) => (typeof selected === 'string' || selected === null ? selected === id : selected.includes(id))
  return (
    <View className={`chips ${className}`}>
      {options.map((o) => (
        <View key={o.id} className={`chip ${on(o.id) ? 'chip--on' : ''}`} onClick={() => onPick(o.id)}>
          <Text>{o.name}</Text>
        </View>
      ))}
    </View>
  )
}

/** The ids with `id` added, or without it when it was there (a tap on a chip of a several-choice list). */
export const toggled = (ids: readonly string[], id: string): string[] => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id])
