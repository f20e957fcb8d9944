import { STORAGE_KEYS, readString, writeString } from './storage'
import { createStore, useStore } from './store'

/** 适老化 large-text mode: a per-phone preference, kept across sign-outs. */
const largeText = createStore<boolean>(readString(STORAGE_KEYS.largeText) === '1')

/**
 * Pages read the preference through PageShell (.page--large). H5's tab bar and title bar are drawn outside every
 * page, so the preference also marks <html> for app.h5.css; weapp's bars are WeChat's own and cannot follow it.
 */
function markDocument(on: boolean): void {
  if (process.env.TARO_ENV !== 'h5' || typeof document === 'undefined') return
  document.documentElement.classList.toggle('large-text', on)
}
markDocument(largeText.get())

export function setLargeText(on: boolean): void {
  writeString(STORAGE_KEYS.largeText, on ? '1' : null)
  largeText.set(on)
  markDocument(on)
}

export function useLargeText(): boolean {
  return useStore(largeText)
}
