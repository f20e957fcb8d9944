import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import type { RequestCategory, RequestStatus } from '@linli/shared'
import { findSimilar, meToo } from '../../requests.api'

export interface Similar {
  id: string
  category: RequestCategory
  /** Only where the caller may read it (public requests, their own): other residents' words stay private. */
  excerpt?: string
  /** Whether 我也遇到 is possible (exactly the requests the caller may see). */
  joinable: boolean
  createdAt: string
  status: RequestStatus
  meTooCount: number
  joined?: boolean
}

/**
 * Similar open requests for the chosen category and building, asked for as soon as both are known so the submit
 * tap has them at hand (FixMyStreet: one more 我也遇到 helps more than a second request). `shown` once the
 * submit tap has shown them; `fresh` when they answer the category and building chosen now.
 */
export function useSimilar(category: RequestCategory | null, buildingId: string | null) {
  const [items, setItems] = useState<Similar[] | null>(null)
  const [answeredFor, setAnsweredFor] = useState('')
  const [shown, setShown] = useState(false)
  const key = `${category ?? ''}|${buildingId ?? ''}`

  useEffect(() => {
    if (!category) return
    let live = true
    setItems(null)
    setShown(false)
    findSimilar(category, buildingId ?? undefined, { silent: true })
      .then((res) => {
        if (!live) return
        setItems(res.items)
        setAnsweredFor(key)
      })
      .catch(() => live && setItems([]))
    return () => {
      live = false
    }
  }, [key])

  const join = async (s: Similar) => {
    try {
      const res = await meToo(s.id)
      setItems((list) => (list ?? []).map((x) => (x.id === s.id ? { ...x, meTooCount: res.meTooCount, joined: true } : x)))
      void Taro.showToast({ title: '已记录，办理进展会通知您', icon: 'none' })
    } catch {
      // toast shown by http.ts
    }
  }

  const any = !!items && items.length > 0
  return { items, any, fresh: any && answeredFor === key, shown, setShown, join, visible: shown && any }
}

export type SimilarState = ReturnType<typeof useSimilar>
