import { useEffect, useState } from 'react'
import type { RequestCategory, VisitTopic } from '@linli/shared'
import { getHouseholdForFiling, getVisitForFiling } from '../../requests.api'
import { errorMessage } from '../../../services/http'
import { EMPTY_DRAFT, type Draft, type DraftForm } from './draft'

/** A visit's topic that names a request category outright; the others leave the category to the grid worker. */
const CATEGORY_OF_TOPIC: Partial<Record<VisitTopic, RequestCategory>> = { safety_risk: 'safety', dispute_risk: 'dispute' }

/** The form opened for 转为诉求（代办） from a visit: 代办, tied to the visit, nothing else yet. */
export const visitDraft = (visitId: string): Draft => ({ ...EMPTY_DRAFT, onBehalf: true, visitId })

/**
 * 走访转代办: fills the filing form from the visit (`?visitId=`) — the household's address and the person met (or
 * its first occupant) as the resident filed for, their number where the register has one, the visit's notes as the
 * description, and the category where a topic names one. The grid worker then edits it down to the one problem.
 * Loaded once; what was typed meanwhile is kept.
 */
export function useVisitPrefill(visitId: string | null, form: DraftForm) {
  const [state, setState] = useState<{ address?: string; error?: string }>({})
  const load = async () => {
    if (!visitId) return
    setState({})
    try {
      const visit = await getVisitForFiling(visitId, { silent: true })
      const household = await getHouseholdForFiling(visit.householdId, { silent: true })
      const metIds = new Set(visit.met.flatMap((m) => (m.occupantId ? [m.occupantId] : [])))
      const person = household.occupants.find((o) => metIds.has(o.id)) ?? household.occupants[0]
      const max = form.limits('description').maxLength ?? 1000
      const d = form.values
      const category = visit.topics.map((t) => CATEGORY_OF_TOPIC[t]).find(Boolean) ?? null
      form.set({
        onBehalf: true,
        visitId,
        behalf: {
          name: d.behalf.name || person?.name || '',
          buildingId: household.buildingId,
          unit: household.unit,
          room: household.room,
          phone: d.behalf.phone || person?.phone || '',
        },
        ...(d.description ? {} : { description: (visit.notes ?? '').slice(0, max) }),
        ...(d.category ? {} : { category }),
      })
      setState({ address: visit.address })
    } catch (err) {
      setState({ error: errorMessage(err) })
    }
  }
  useEffect(() => {
    void load()
  }, [visitId])
  return { ...state, reload: () => void load() }
}
