import { useRef, useState } from 'react'

/**
 * A form's send button: `running` spins it while the work runs, and a second tap meanwhile does nothing (an
 * impatient double tap must not send twice). The work shows its own outcome (a toast, errors on the form).
 */
export function useSubmit(work: () => Promise<unknown>): [running: boolean, start: () => void] {
  const [running, setRunning] = useState(false)
  const inFlight = useRef(false)
  const start = () => {
    if (inFlight.current) return
    inFlight.current = true
    setRunning(true)
    void work()
      .catch(() => undefined) // the work reports its own failure; nothing is left unhandled here
      .finally(() => {
        inFlight.current = false
        setRunning(false)
      })
  }
  return [running, start]
}
