/**
 * Requests that survive a bad network (elderly residents, basements, old phones): the request being written is
 * kept on the phone, and one whose submit found no network waits in a 待发送 list with its own Idempotency-Key.
 * When the network returns its photos and voice are uploaded first, then it is filed with the same key — so a
 * send whose reply was lost, sent again, is still one request. Editing a waiting request takes it out of the list;
 * submitting it again gives it a new key (it is a different request now).
 */
import Taro from '@tarojs/taro'
import type { VoiceContentType } from '@linli/shared'
import { errorMessage, isNetworkError, onSignOut } from '../services/http'
import { STORAGE_KEYS } from '../services/storage'
import { IS_WEAPP } from '../services/config'
import { createStore, useStore } from '../services/store'
import { createRequest, uploadVoice, type CreateRequestBody } from './requests.api'
import { uploadPhoto } from '../services/upload'

const DRAFT_KEY = STORAGE_KEYS.requestDraft
const PENDING_KEY = STORAGE_KEYS.pendingRequests

export interface MediaItem {
  /** Local file: a weapp path (saved to the app's own files while waiting) or an H5 blob: URL. */
  path: string
  size: number
  /** Set once uploaded: an upload serves one request, so a waiting request keeps its keys across tries. */
  key?: string
}

export interface VoiceItem extends MediaItem {
  seconds: number
  contentType: VoiceContentType
}

export type PendingState = 'waiting' | 'sending' | 'failed'

export interface PendingRequest {
  /** Local id of the waiting request. */
  id: string
  communityId: string
  /** The one key of this create, kept until it is filed. */
  idempotencyKey: string
  /** The request without its upload keys (added when the files are uploaded). */
  body: Omit<CreateRequestBody, 'photoKeys' | 'voiceKey'>
  photos: MediaItem[]
  voice?: VoiceItem
  /** The form's own state, so 编辑 brings back exactly what was written. */
  form: unknown
  savedAt: string
  state: PendingState
  /** Why the server refused it (the resident must edit it); network failures just wait. */
  error?: string
}

// ---------------------------------------------------------------- storage

function read<T>(key: string, fallback: T): T {
  try {
    const raw: unknown = Taro.getStorageSync(key)
    return raw ? (JSON.parse(String(raw)) as T) : fallback
  } catch {
    return fallback
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) Taro.removeStorageSync(key)
    else Taro.setStorageSync(key, JSON.stringify(value))
  } catch {
    // A full storage loses the copy on the phone, never the page's state.
  }
}

/** The request being written, per community (the form restores it on open). */
export function loadFormDraft<T>(communityId: string): T | null {
  const all = read<Record<string, T>>(DRAFT_KEY, {})
  return all[communityId] ?? null
}

export function saveFormDraft(communityId: string, draft: unknown | null): void {
  const all = read<Record<string, unknown>>(DRAFT_KEY, {})
  if (draft === null) delete all[communityId]
  else all[communityId] = draft
  write(DRAFT_KEY, Object.keys(all).length ? all : null)
}

const pending = createStore<PendingRequest[]>(read<PendingRequest[]>(PENDING_KEY, []).map((p) => (p.state === 'sending' ? { ...p, state: 'waiting' } : p)))

function setPending(next: PendingRequest[]) {
  write(PENDING_KEY, next.length ? next : null)
  pending.set(next)
}

function patch(id: string, change: Partial<PendingRequest>) {
  setPending(pending.get().map((p) => (p.id === id ? { ...p, ...change } : p)))
}

export const pendingAll = (): PendingRequest[] => pending.get()

export function usePending(communityId: string | undefined): PendingRequest[] {
  return useStore(pending).filter((p) => p.communityId === communityId)
}

// Signing out forgets everything kept on the phone (http.ts removes the stored copies; this, the list in memory).
onSignOut(() => pending.set([]))

/**
 * weapp temp files may be cleaned up before the network returns: a waiting request keeps its own copies in the
 * app's user data folder (removed once filed). H5 blob URLs live as long as the page does.
 */
function keep(path: string): string {
  if (!IS_WEAPP || path.startsWith(`${Taro.env.USER_DATA_PATH}`)) return path
  try {
    return Taro.getFileSystemManager().saveFileSync(path) as unknown as string
  } catch {
    return path
  }
}

function forget(item: PendingRequest) {
  if (!IS_WEAPP) return
  const fs = Taro.getFileSystemManager()
  for (const m of [...item.photos, ...(item.voice ? [item.voice] : [])]) {
    if (m.path.startsWith(`${Taro.env.USER_DATA_PATH}`)) {
      try {
        fs.unlinkSync(m.path)
      } catch {
        // already gone
      }
    }
  }
}

/**
 * Puts a request whose submit found no network into the 待发送 list. `idempotencyKey` is the key of the submit
 * that failed (its reply may only have been lost: sending again with the same key cannot file it twice).
 */
export function enqueue(input: Omit<PendingRequest, 'id' | 'savedAt' | 'state'>): PendingRequest {
  const item: PendingRequest = {
    ...input,
    photos: input.photos.map((p) => ({ ...p, path: p.key ? p.path : keep(p.path) })),
    voice: input.voice ? { ...input.voice, path: input.voice.key ? input.voice.path : keep(input.voice.path) } : undefined,
    id: `p${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
    savedAt: new Date().toISOString(),
    state: 'waiting',
  }
  setPending([...pending.get(), item])
  return item
}

/** Takes a waiting request out of the list to edit it (its key goes with it: the edited one is a new request). */
export function takeForEdit(id: string): PendingRequest | undefined {
  const item = pending.get().find((p) => p.id === id)
  if (item) setPending(pending.get().filter((p) => p.id !== id))
  return item
}

export function discard(id: string): void {
  const item = pending.get().find((p) => p.id === id)
  if (item) forget(item)
  setPending(pending.get().filter((p) => p.id !== id))
}

// ---------------------------------------------------------------- sending


let flushing: Promise<void> | null = null
/** A listener returns true when it told the person itself (the form's dialog); otherwise a toast does. */
type FiledListener = (filed: { id: string; requestId: string }) => boolean | void
const listeners = new Set<FiledListener>()

/** Told when a waiting request was filed (pages refresh their lists, the form offers to open it). */
export function onFiled(listener: FiledListener): () => void {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

/** Whether a local file can still be read: an H5 blob URL dies with its page, a weapp temp file may be cleaned up. */
export async function readable(path: string): Promise<boolean> {
  try {
    if (IS_WEAPP) Taro.getFileSystemManager().accessSync(path)
    else await (await fetch(path)).blob()
    return true
  } catch {
    return false
  }
}

async function sendOne(item: PendingRequest): Promise<'filed' | 'told' | 'offline' | 'failed'> {
  patch(item.id, { state: 'sending', error: undefined })
  try {
    for (const m of [...item.photos, ...(item.voice ? [item.voice] : [])]) {
      if (!m.key && !(await readable(m.path))) {
        patch(item.id, { state: 'failed', error: '照片或语音已丢失，请点“编辑”重新添加后提交' })
        return 'failed'
      }
    }
    // Uploads first, each key kept as soon as it exists, so a later try does not upload the same file again.
    const photos = [...item.photos]
    for (let i = 0; i < photos.length; i++) {
      if (photos[i]!.key) continue
      const key = await uploadPhoto(photos[i]!.path, photos[i]!.size, () => undefined)
      photos[i] = { ...photos[i]!, key }
      patch(item.id, { photos: [...photos] })
    }
    let voice = item.voice
    if (voice && !voice.key) {
      voice = { ...voice, key: await uploadVoice(voice) }
      patch(item.id, { voice })
    }
    const body: CreateRequestBody = {
      ...item.body,
      ...(photos.length ? { photoKeys: photos.map((p) => p.key!) } : {}),
      ...(voice?.key ? { voiceKey: voice.key } : {}),
    }
    const created = await createRequest(body, { silent: true, idempotencyKey: item.idempotencyKey, communityId: item.communityId })
    const done = pending.get().find((p) => p.id === item.id)
    if (done) forget(done)
    setPending(pending.get().filter((p) => p.id !== item.id))
    const told = [...listeners].map((l) => l({ id: item.id, requestId: created.id })).some(Boolean)
    return told ? 'told' : 'filed'
  } catch (err) {
    if (isNetworkError(err)) {
      patch(item.id, { state: 'waiting' })
      return 'offline'
    }
    // A file that cannot be read any more (an H5 page reloaded, a cleaned-up temp file) fails its upload here too.
    patch(item.id, { state: 'failed', error: errorMessage(err) })
    return 'failed'
  }
}

/** Sends every waiting request of the list, one at a time; stops at the first one that finds no network. */
function flushPending(): Promise<void> {
  if (flushing) return flushing
  flushing = (async () => {
    let filed = 0
    for (const item of pending.get().filter((p) => p.state === 'waiting')) {
      const result = await sendOne(item)
      if (result === 'offline') break
      if (result === 'filed') filed++
    }
    if (filed) void Taro.showToast({ title: filed > 1 ? `${filed}条待发送的诉求已提交` : '待发送的诉求已提交', icon: 'none' })
  })().finally(() => {
    flushing = null
  })
  return flushing
}

/** Sends one waiting request now (立即发送), whatever its state. */
export async function sendNow(id: string): Promise<void> {
  const item = pending.get().find((p) => p.id === id)
  if (!item || item.state === 'sending') return
  const result = await sendOne(item)
  if (result === 'filed') void Taro.showToast({ title: '待发送的诉求已提交', icon: 'none' })
  else if (result === 'told') return
  else if (result === 'offline') void Taro.showToast({ title: '还没有网络，联网后会自动发送', icon: 'none' })
}

let watching = false

/**
 * Sends waiting requests whenever the network comes back (WeChat's network events; the browser's online event on
 * H5), when the app returns to the foreground, and every 30 s while any are waiting (a network event can be missed).
 */
export function watchNetwork(): void {
  if (watching) return
  watching = true
  const kick = () => {
    if (pending.get().some((p) => p.state === 'waiting')) void flushPending()
  }
  if (IS_WEAPP) {
    Taro.onNetworkStatusChange((res) => res.isConnected && kick())
    Taro.onAppShow(kick)
  } else if (typeof window !== 'undefined') {
    window.addEventListener('online', kick)
    document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && kick())
  }
  setInterval(kick, 30_000)
  kick()
}
