import Taro from '@tarojs/taro'
import { IS_WEAPP } from './config'
import { createStore, useStore } from './store'

/**
 * WeChat privacy authorisation. Before a privacy API runs for the first time (phone number, chooseMedia's album
 * and camera, scanCode, the recorder of requests/voice.ts, the map picker of requests/location.ts, the clipboard:
 * the list in app.config.ts) WeChat calls onNeedPrivacyAuthorization and waits: we show our own popup
 * (components/PrivacyPopup, which names the same things) and answer agree / disagree through `resolve`.
 */
type Resolve = (option: Taro.onNeedPrivacyAuthorization.ResolveOption) => void

const pending = createStore<Resolve | null>(null)

export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree-btn'

/** Registers the listener once, at launch. */
export function listenForPrivacyRequests(): void {
  if (!IS_WEAPP || typeof Taro.onNeedPrivacyAuthorization !== 'function') return
  Taro.onNeedPrivacyAuthorization((resolve) => {
    resolve({ event: 'exposureAuthorization' })
    pending.set(resolve)
  })
}

export function usePendingPrivacyRequest(): Resolve | null {
  return useStore(pending)
}

export function answerPrivacyRequest(agree: boolean): void {
  const resolve = pending.get()
  pending.set(null)
  if (!resolve) return
  resolve(agree ? { event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID } : { event: 'disagree' })
}

/**
 * Asks for consent up front (e.g. before opening the camera or reading location), so the user sees our
 * explanation before WeChat's own prompt. Resolves true when the user agreed or nothing was needed.
 */
export function ensurePrivacyAuthorized(): Promise<boolean> {
  if (!IS_WEAPP || typeof Taro.requirePrivacyAuthorize !== 'function') return Promise.resolve(true)
  return new Promise((resolve) => {
    Taro.requirePrivacyAuthorize({ success: () => resolve(true), fail: () => resolve(false) })
  })
}
