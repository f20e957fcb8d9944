import { useRef } from 'react'
import { useDidShow } from '@tarojs/taro'

/**
 * Runs `again` when the page is shown again (back from a page where something changed meanwhile: a merchant
 * fulfilled a code, hours were confirmed), not on its first show, when the page is loading anyway.
 */
export function useShownAgain(again: () => void) {
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) again()
    shown.current = true
  })
}
