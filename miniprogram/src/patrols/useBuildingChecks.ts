import { useState } from 'react'
import type { PatrolView } from '@linli/shared'
import { ApiError } from '../services/http'
import { shownChecked } from './format'

/**
 * 楼栋打卡 that answers the tap at once: a tapped building shows ✓ while its check is on the way, and goes back to
 * unchecked if the check fails (http.ts shows why). Answers can arrive out of order, and an older one lists fewer
 * buildings; since checks only ever add, what any answer confirmed stays checked. A 409 (the patrol was ended
 * meanwhile, by staff say) asks the page to reload.
 */
export function useBuildingChecks(
  serverChecked: readonly string[],
  send: (buildingIds: string[]) => Promise<PatrolView>,
  { onAnswer, onConflict }: { onAnswer: (view: PatrolView) => void; onConflict: () => void },
) {
  const [pending, setPending] = useState<string[]>([])
  const [confirmed, setConfirmed] = useState<string[]>([])
  const checked = shownChecked(serverChecked, confirmed, pending)

  const check = async (buildingId: string): Promise<boolean> => {
    if (checked.has(buildingId)) return true
    setPending((p) => [...p, buildingId])
    try {
      const view = await send([buildingId])
      setConfirmed((c) => [...new Set([...c, ...view.checkedBuildingIds])])
      onAnswer(view)
      return true
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) onConflict()
      return false
    } finally {
      setPending((p) => p.filter((id) => id !== buildingId))
    }
  }

  return { checked, pending: new Set(pending), check }
}
