import { useState } from 'react'
import Taro from '@tarojs/taro'
import type { CaseView } from '@linli/shared'
import { useRecord } from '../../../components/useRecord'
import { ApiError } from '../../../services/http'
import { CONFLICT_MESSAGE } from '../../format'
import { getCase } from '../../mediation.api'

/** The forms a move opens on the case page (the others run after a confirmation). */
export type Composer = 'session' | 'conclude' | 'escalate' | 'refer' | 'end' | 'follow_up' | 'mediators'

/**
 * One case on its page: the record (reloaded on show and on pull), the open form, and `move`, which runs a change,
 * keeps the case it answers and says so. When the case moved on meanwhile (another mediator concluded it, a party
 * confirmed), the server answers 409: the page says 已被他人处理，请刷新 and shows where the case stands now. Any other
 * refusal is thrown to the form that asked, which shows it.
 */
export function useCase(id: string) {
  const record = useRecord((opts) => getCase(id, opts), [id])
  const [composer, setComposer] = useState<Composer | null>(null)
  const [busy, setBusy] = useState(false)

  const move = async (work: () => Promise<CaseView>, done: string): Promise<CaseView | null> => {
    setBusy(true)
    try {
      const next = await work()
      record.setData(next)
      setComposer(null)
      void Taro.showToast({ title: done, icon: 'none' })
      return next
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        setComposer(null)
        void Taro.showToast({ title: CONFLICT_MESSAGE, icon: 'none', duration: 2500 })
        void record.load()
        return null
      }
      throw err
    } finally {
      setBusy(false)
    }
  }

  /** A move from a button (no form to show a refusal on): the refusal as a toast. */
  const tap = (work: () => Promise<CaseView>, done: string) =>
    void move(work, done).catch((err: unknown) => void Taro.showToast({ title: err instanceof ApiError ? err.message : '操作失败，请稍后再试', icon: 'none', duration: 2500 }))

  return { c: record.data, error: record.error, reload: () => void record.load(), composer, open: setComposer, close: () => setComposer(null), busy, move, tap }
}
