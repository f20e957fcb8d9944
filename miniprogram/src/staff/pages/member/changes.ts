import { useState } from 'react'
import type { Membership } from '@linli/shared'

/** What each section of the member page gets to change the member: one change at a time, and the answer kept. */
export interface MemberChanges {
  /** The change in progress ('move', 'remove', 'grant:volunteer', …): its button spins, the others wait. */
  busy: string | null
  run: (key: string, work: () => Promise<void>) => Promise<void>
  /** Every change answers the updated membership: the page keeps it, tells the list, and reloads the record. */
  applied: (updated: Membership) => void
}

/** The one-change-at-a-time part of MemberChanges. */
export function useOneChange(): Pick<MemberChanges, 'busy' | 'run'> {
  const [busy, setBusy] = useState<string | null>(null)
  const run = async (key: string, work: () => Promise<void>) => {
    setBusy(key)
    try {
      await work()
    } finally {
      setBusy(null)
    }
  }
  return { busy, run }
}
