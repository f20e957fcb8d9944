/**
 * The one place that talks to the API (pages call their feature's *.api.ts, which calls `call`).
 * It owns the sign-in token, the community header, idempotency keys and retries, the 401 / 426
 * handling and the error toast, and it parses every reply with the endpoint's shared output schema.
 */
import Taro from '@tarojs/taro'
import {
  APP_VERSION,
  ERROR_MESSAGES,
  ErrorBody,
  FieldIssue,
  HEADERS,
  api,
  buildPath,
  type BodyOf,
  type Endpoint,
  type ErrorCode,
  type OutputOf,
  type ParamsOf,
  type QueryOf,
} from '@linli/shared'
import { API_BASE, DEV_SIGNIN_ENABLED, DEV_SIGNIN_PAGE, IS_WEAPP } from './config'
import { STORAGE_KEYS, readString, writeString } from './storage'
import { watchForUpdates } from './update'

/** Error codes of the API plus the two the client itself can run into. */
export type ClientErrorCode = ErrorCode | 'NETWORK' | 'BAD_RESPONSE'

/** A failed call, with the server's Chinese message ready to show. */
export class ApiError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly status: number | null = null,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** Field messages of a VALIDATION_FAILED error keyed by dotted path (`room`, `household.room`). */
/** No answer at all (offline, or the reply was lost): what may be tried again later with the same key. */
export const isNetworkError = (err: unknown): boolean => err instanceof ApiError && err.code === 'NETWORK'

export function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return out
  for (const item of err.details) {
    const issue = FieldIssue.safeParse(item)
    if (issue.success && !(issue.data.path in out)) out[issue.data.path] = issue.data.message
  }
  return out
}

/** Message to show for any thrown value. */
export function errorMessage(err: unknown): string {
  return err instanceof ApiError ? err.message : ERROR_MESSAGES.INTERNAL
}

// ---------------------------------------------------------------- session state

let token: string | null = readString(STORAGE_KEYS.token)
let communityId: string | null = readString(STORAGE_KEYS.communityId)

export function isSignedIn(): boolean {
  return token !== null
}

function setToken(value: string | null): void {
  token = value
  writeString(STORAGE_KEYS.token, value)
}

/** The community the app acts in (X-Community-Id), chosen on 我的 and remembered. */
export function getCurrentCommunityId(): string | null {
  return communityId
}

export function setCurrentCommunityId(id: string | null): void {
  communityId = id
  writeString(STORAGE_KEYS.communityId, id)
}

/** The demo openid picked on the H5 development sign-in page, reused to sign in again after a 401. */
export function getDemoOpenid(): string | null {
  return readString(STORAGE_KEYS.demoOpenid)
}

export function setDemoOpenid(openid: string | null): void {
  writeString(STORAGE_KEYS.demoOpenid, openid)
}

const signOutListeners = new Set<() => void>()

/** Told on sign-out (features forget what they keep in memory for the person). */
export function onSignOut(listener: () => void): void {
  signOutListeners.add(listener)
}

/**
 * Forgets who is signed in, and what they wrote but had not sent (the next person on this phone must not see it);
 * the large-text preference stays: it belongs to the phone's user.
 */
export function signOut(): void {
  setToken(null)
  setCurrentCommunityId(null)
  setDemoOpenid(null)
  writeString(STORAGE_KEYS.requestDraft, null)
  writeString(STORAGE_KEYS.pendingRequests, null)
  signOutListeners.forEach((l) => l())
}

// ---------------------------------------------------------------- typed calls

type Field<K extends string, T> = {} extends T ? { [P in K]?: T } : { [P in K]: T }

/** Input of an endpoint: `params`, `query` and `body` are required only when their schema has required keys. */
export type CallInput<E extends Endpoint> = Field<'params', ParamsOf<E>> &
  Field<'query', QueryOf<E>> &
  Field<'body', BodyOf<E>>

export interface CallOptions {
  /** Don't toast the error: the caller shows it itself (e.g. next to form fields or as a page state). */
  silent?: boolean
  /** Used by the sign-in call itself so a failed sign-in never triggers another sign-in. */
  noAuthRetry?: boolean
  /**
   * The key of a create the caller keeps across sessions (a draft waiting for the network): every send of it, now
   * or after the network returns, is the same logical create, so the server never files it twice.
   */
  idempotencyKey?: string
  /** The community the call is for, when it is not the current one (a draft written in another community). */
  communityId?: string
}

interface RawReply {
  statusCode: number
  data: unknown
}

const NETWORK_RETRIES = 2
const BACKOFF_MS = [400, 1200]
const TIMEOUT_MS = 15_000

/** A random uuid-shaped key: it only has to be unique per logical create, not cryptographic. */
export function newIdempotencyKey(): string {
  const hex = (n: number) =>
    Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join('')
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${(8 + Math.floor(Math.random() * 4)).toString(16)}${hex(3)}-${Date.now().toString(16).slice(-12).padStart(12, '0')}`
}

function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return ''
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** One HTTP exchange; resolves with any HTTP reply, rejects only when there was none. */
async function send(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<RawReply> {
  const res = await Taro.request({
    url,
    method: method as keyof Taro.request.Method,
    header: headers,
    data: body === undefined ? undefined : (body as Record<string, unknown>),
    dataType: 'json',
    timeout: TIMEOUT_MS,
  })
  return { statusCode: res.statusCode, data: res.data as unknown }
}

/**
 * Calls an endpoint and returns its parsed output. Throws ApiError; shows the error as a toast unless
 * `silent`.
 */
export async function call<E extends Endpoint>(
  endpoint: E,
  ...args: {} extends CallInput<E> ? [input?: CallInput<E>, opts?: CallOptions] : [input: CallInput<E>, opts?: CallOptions]
): Promise<OutputOf<E>> {
  const [input, opts = {}] = args as [CallInput<E> | undefined, CallOptions | undefined]
  try {
    return await callOnce(endpoint, (input ?? {}) as CallInput<E>, opts)
  } catch (err) {
    const apiErr =
      err instanceof ApiError ? err : new ApiError('INTERNAL', ERROR_MESSAGES.INTERNAL, null, String(err))
    if (!opts.silent && apiErr.code !== 'UPGRADE_REQUIRED') {
      void Taro.showToast({ title: apiErr.message, icon: 'none', duration: 2500 })
    }
    throw apiErr
  }
}

async function callOnce<E extends Endpoint>(endpoint: E, input: CallInput<E>, opts: CallOptions): Promise<OutputOf<E>> {
  const { params, query, body } = input as { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown }
  const url = `${API_BASE}${buildPath(endpoint.path, params ?? {})}${queryString(query)}`
  const needsUser = endpoint.access !== 'public'

  // Signing in before the first protected call saves a round trip that would only answer 401.
  if (needsUser && !token && !opts.noAuthRetry) await signInAgain()

  // One key per logical create, reused by every retry so the server can tell a retry from a new create.
  const idempotencyKey = endpoint.idempotent ? (opts.idempotencyKey ?? newIdempotencyKey()) : null
  // Retrying after a lost reply is safe for reads and for idempotent writes (thanks to the key), not for others.
  const retriable = endpoint.method === 'GET' || endpoint.idempotent

  let authRetried = false
  for (let attempt = 0; ; attempt++) {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      [HEADERS.clientVersion]: APP_VERSION,
    }
    if (token) headers.Authorization = `Bearer ${token}`
    if (opts.communityId ?? communityId) headers[HEADERS.community] = (opts.communityId ?? communityId)!
    if (idempotencyKey) headers[HEADERS.idempotencyKey] = idempotencyKey

    let reply: RawReply
    try {
      reply = await send(endpoint.method, url, headers, endpoint.method === 'GET' ? undefined : (body ?? {}))
    } catch {
      if (retriable && attempt < NETWORK_RETRIES) {
        await sleep(BACKOFF_MS[attempt] ?? 1500)
        continue
      }
      throw new ApiError('NETWORK', '网络连接失败，请检查网络后重试')
    }

    if (reply.statusCode >= 200 && reply.statusCode < 300) {
      const parsed = endpoint.output.safeParse(reply.data)
      if (!parsed.success) {
        console.error(`[api] ${endpoint.id}: unexpected reply`, parsed.error)
        throw new ApiError('BAD_RESPONSE', '服务器返回的数据有误，请稍后再试', reply.statusCode)
      }
      return parsed.data as OutputOf<E>
    }

    const error = toApiError(reply)
    if (error.status === 401 && !opts.noAuthRetry && !authRetried) {
      authRetried = true
      setToken(null)
      await signInAgain()
      attempt = -1 // a fresh round of network retries for the re-sent request
      continue
    }
    if (error.status === 426) askToUpdate()
    throw error
  }
}

function toApiError(reply: RawReply): ApiError {
  const body = ErrorBody.safeParse(reply.data)
  if (body.success) {
    const { code, message, details } = body.data.error
    return new ApiError(code, message || ERROR_MESSAGES[code], reply.statusCode, details)
  }
  // Not our API's error shape (a proxy or gateway page): fall back on the status.
  const code: ErrorCode =
    reply.statusCode === 401 ? 'UNAUTHENTICATED'
    : reply.statusCode === 403 ? 'FORBIDDEN'
    : reply.statusCode === 404 ? 'NOT_FOUND'
    : reply.statusCode === 426 ? 'UPGRADE_REQUIRED'
    : reply.statusCode === 429 ? 'RATE_LIMITED'
    : reply.statusCode === 503 || reply.statusCode === 502 || reply.statusCode === 504 ? 'UNAVAILABLE'
    : 'INTERNAL'
  return new ApiError(code, ERROR_MESSAGES[code], reply.statusCode)
}

let updateModalOpen = false
function askToUpdate(): void {
  if (updateModalOpen) return
  updateModalOpen = true
  watchForUpdates()
  void Taro.showModal({
    title: '请更新小程序',
    content: '当前版本过旧，部分功能无法使用。请更新到最新版本后再试。',
    showCancel: false,
    confirmText: '知道了',
  }).finally(() => {
    updateModalOpen = false
  })
}

// ---------------------------------------------------------------- sign-in

let signingIn: Promise<void> | null = null

/** Exchanges a sign-in code (wx.login's, or a demo openid on H5) for a token and stores it. */
export async function signInWithCode(code: string): Promise<void> {
  const result = await call(api.auth.wechatSignIn, { body: { code } }, { silent: true, noAuthRetry: true })
  setToken(result.token)
}

/**
 * Gets a fresh token, once even when several calls need it at the same moment.
 * weapp: wx.login → /api/auth/wechat. H5 has no wx.login: reuse the demo openid chosen earlier on the
 * development sign-in page, or send the user there.
 */
function signInAgain(): Promise<void> {
  if (!signingIn) {
    signingIn = doSignIn().finally(() => {
      signingIn = null
    })
  }
  return signingIn
}

async function doSignIn(): Promise<void> {
  if (IS_WEAPP) {
    let code: string
    try {
      code = (await Taro.login()).code
    } catch {
      throw new ApiError('NETWORK', '微信登录失败，请稍后重试')
    }
    await signInWithCode(code)
    return
  }
  const demoOpenid = DEV_SIGNIN_ENABLED ? getDemoOpenid() : null
  if (demoOpenid) {
    await signInWithCode(demoOpenid)
    return
  }
  if (DEV_SIGNIN_ENABLED) goToDevSignIn()
  throw new ApiError('UNAUTHENTICATED', DEV_SIGNIN_ENABLED ? '请先选择账号登录' : '请在微信中打开小程序')
}

function goToDevSignIn(): void {
  const pages = Taro.getCurrentPages()
  const here = (pages[pages.length - 1]?.route ?? '').replace(/^\//, '')
  if (here && DEV_SIGNIN_PAGE.includes(here)) return
  // Tab pages show the landing page or a sign-in button themselves: the development page is never what opens first.
  if (here.startsWith('pages/')) return
  void Taro.navigateTo({ url: DEV_SIGNIN_PAGE })
}

// ---------------------------------------------------------------- non-JSON replies (CSV export)

/** Full URL of an endpoint, for the few calls that cannot go through `call` (file downloads). */
export function endpointUrl<E extends Endpoint>(endpoint: E, query?: Record<string, unknown>, params?: Record<string, string>): string {
  return `${API_BASE}${buildPath(endpoint.path, params ?? {})}${queryString(query)}`
}

/** The headers `call` would send, for Taro.downloadFile (weapp) which cannot go through `call`. */
export async function authorizedHeaders(): Promise<Record<string, string>> {
  if (!token) await signInAgain()
  const headers: Record<string, string> = { [HEADERS.clientVersion]: APP_VERSION }
  if (token) headers.Authorization = `Bearer ${token}`
  if (communityId) headers[HEADERS.community] = communityId
  return headers
}

/**
 * GETs an endpoint whose reply is text (the CSV export) and returns it as is: `call` parses JSON.
 * Errors still arrive as our JSON error shape, so they become ApiErrors and are toasted like any other.
 */
export async function getText<E extends Endpoint>(endpoint: E, query?: Record<string, unknown>): Promise<string> {
  try {
    for (let authRetry = 0; ; authRetry++) {
      let res: Taro.request.SuccessCallbackResult<string>
      try {
        res = await Taro.request({
          url: endpointUrl(endpoint, query),
          method: 'GET',
          header: await authorizedHeaders(),
          dataType: 'text',
          responseType: 'text',
          timeout: TIMEOUT_MS,
        })
      } catch {
        throw new ApiError('NETWORK', '网络连接失败，请检查网络后重试')
      }
      if (res.statusCode >= 200 && res.statusCode < 300) return String(res.data ?? '')
      let data: unknown = res.data
      try {
        data = typeof res.data === 'string' ? JSON.parse(res.data) : res.data
      } catch {
        // not JSON: toApiError falls back on the status
      }
      const error = toApiError({ statusCode: res.statusCode, data })
      if (error.status === 401 && authRetry === 0) {
        setToken(null)
        await signInAgain()
        continue
      }
      throw error
    }
  } catch (err) {
    const apiErr = err instanceof ApiError ? err : new ApiError('INTERNAL', ERROR_MESSAGES.INTERNAL)
    void Taro.showToast({ title: apiErr.message, icon: 'none', duration: 2500 })
    throw apiErr
  }
}
