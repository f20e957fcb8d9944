import { STORAGE_KEYS, readString, writeString } from './storage'
import { createStore, useStore } from './store'

/** 适老化 large-text mode: a per-phone preference, kept across sign-outs. */
const largeText = createStore<boolean>(readString(STORAGE_KEYS.largeText) === '1')

export function setLargeText(on: boolean): void {
  writeString(STORAGE_KEYS.largeText, on ? '1' : null)
  largeText.set(on)
}

export function useLargeText(): boolean {
  return useStore(largeText)
}
