/**
 * Voice notes for residents who would rather speak than type: recording and playback on both platforms.
 * weapp records mp3 with WeChat's RecorderManager (which stops by itself at 60 s); H5 records webm/opus with the
 * browser's MediaRecorder (stopped by a timer at 60 s). Uploading goes through requests.api.ts uploadVoice.
 */
import Taro from '@tarojs/taro'
import { MAX_VOICE_BYTES, MAX_VOICE_SECONDS, type VoiceContentType } from '@linli/shared'
import { IS_WEAPP } from '../services/config'

export interface Recording {
  /** weapp temp file path, or an H5 blob: URL. */
  path: string
  size: number
  seconds: number
  contentType: VoiceContentType
}

export interface RecorderHandle {
  /** Ends the recording; `onDone` follows. */
  stop: () => void
  /** Ends it and throws it away. */
  cancel: () => void
}

export interface RecorderCallbacks {
  onDone: (recording: Recording) => void
  onError: (message: string) => void
}

const MIC_REFUSED = '没有麦克风权限：请在设置中允许“邻里”使用麦克风'
const TOO_SHORT = '录音太短，请多说几句'

const clampSeconds = (ms: number) => Math.min(MAX_VOICE_SECONDS, Math.max(1, Math.round(ms / 1000)))

function checked(r: Recording, cb: RecorderCallbacks) {
  if (r.size <= 0 || r.seconds < 1) return cb.onError(TOO_SHORT)
  if (r.size > MAX_VOICE_BYTES) return cb.onError('录音超过1MB，请说得简短一些')
  cb.onDone(r)
}

// ---------------------------------------------------------------- weapp

// RecorderManager is one object per app and its handlers cannot be removed: register them once and route them to
// whichever recording is current.
let current: (RecorderCallbacks & { cancelled: boolean; started: number }) | null = null
let wired = false

function weappRecorder(): Taro.RecorderManager {
  const rm = Taro.getRecorderManager()
  if (!wired) {
    wired = true
    rm.onStop((res) => {
      const cb = current
      current = null
      if (!cb || cb.cancelled) return
      const ms = res.duration || Date.now() - cb.started
      checked({ path: res.tempFilePath, size: res.fileSize, seconds: clampSeconds(ms), contentType: 'audio/mpeg' }, cb)
    })
    rm.onError((err) => {
      const cb = current
      current = null
      if (!cb || cb.cancelled) return
      cb.onError(/auth|permission|deny/i.test(err.errMsg) ? MIC_REFUSED : '录音失败，请重试')
    })
  }
  return rm
}

async function startWeapp(cb: RecorderCallbacks): Promise<RecorderHandle> {
  const rm = weappRecorder()
  current = { ...cb, cancelled: false, started: Date.now() }
  const mine = current
  // mp3 at 16 kHz mono, 48 kbit/s: clear speech, 60 s ≈ 360 KB (the upload limit is 1 MB).
  rm.start({ duration: MAX_VOICE_SECONDS * 1000, format: 'mp3', sampleRate: 16000, numberOfChannels: 1, encodeBitRate: 48000 })
  return {
    stop: () => rm.stop(),
    cancel: () => {
      mine.cancelled = true
      rm.stop()
    },
  }
}

// ---------------------------------------------------------------- H5

async function startH5(cb: RecorderCallbacks): Promise<RecorderHandle> {
  if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia || typeof MediaRecorder === 'undefined') {
    throw new Error('当前浏览器不支持录音，请用文字描述')
  }
  let stream: MediaStream
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true })
  } catch (err) {
    const name = (err as { name?: string }).name
    throw new Error(name === 'NotAllowedError' || name === 'SecurityError' ? MIC_REFUSED : '找不到可用的麦克风')
  }
  const mimeType = MediaRecorder.isTypeSupported('audio/webm;codecs=opus') ? 'audio/webm;codecs=opus' : 'audio/webm'
  const recorder = new MediaRecorder(stream, { mimeType, audioBitsPerSecond: 32000 })
  const chunks: Blob[] = []
  const started = Date.now()
  let cancelled = false
  recorder.ondataavailable = (e) => {
    if (e.data.size) chunks.push(e.data)
  }
  const timer = setTimeout(() => recorder.state !== 'inactive' && recorder.stop(), MAX_VOICE_SECONDS * 1000)
  recorder.onstop = () => {
    clearTimeout(timer)
    stream.getTracks().forEach((t) => t.stop())
    if (cancelled) return
    // The upload policy names the container only (audio/webm); the codec stays inside the file.
    const blob = new Blob(chunks, { type: 'audio/webm' })
    checked({ path: URL.createObjectURL(blob), size: blob.size, seconds: clampSeconds(Date.now() - started), contentType: 'audio/webm' }, cb)
  }
  recorder.onerror = () => cb.onError('录音失败，请重试')
  recorder.start(1000)
  return {
    stop: () => recorder.state !== 'inactive' && recorder.stop(),
    cancel: () => {
      cancelled = true
      if (recorder.state !== 'inactive') recorder.stop()
    },
  }
}

/** Starts recording. Throws (with a Chinese message) when the phone cannot record or the microphone is refused. */
export function startRecording(cb: RecorderCallbacks): Promise<RecorderHandle> {
  return IS_WEAPP ? startWeapp(cb) : startH5(cb)
}

// ---------------------------------------------------------------- playback

/** Whether this phone can play the type; otherwise the note is offered as a download. */
export function canPlay(contentType: string): boolean {
  if (IS_WEAPP) return contentType === 'audio/mpeg' || contentType === 'audio/aac'
  if (typeof document === 'undefined') return false
  return document.createElement('audio').canPlayType(contentType) !== ''
}

export interface Player {
  play: () => void
  stop: () => void
  destroy: () => void
}

/** One player per voice note on screen; `onState` says whether it is playing (ended and errors say false). */
export function createPlayer(url: string, onState: (playing: boolean, error?: string) => void): Player {
  if (IS_WEAPP) {
    const ctx = Taro.createInnerAudioContext()
    ctx.src = url
    ctx.onPlay(() => onState(true))
    ctx.onStop(() => onState(false))
    ctx.onEnded(() => onState(false))
    ctx.onError(() => onState(false, '语音播放失败，请稍后重试'))
    return { play: () => ctx.play(), stop: () => ctx.stop(), destroy: () => ctx.destroy() }
  }
  const audio = new Audio(url)
  audio.preload = 'none'
  audio.onplaying = () => onState(true)
  audio.onended = () => onState(false)
  audio.onpause = () => onState(false)
  audio.onerror = () => onState(false, '语音播放失败，请稍后重试')
  return {
    play: () => void audio.play().catch(() => onState(false, '语音播放失败，请稍后重试')),
    stop: () => {
      audio.pause()
      audio.currentTime = 0
    },
    destroy: () => {
      audio.pause()
      audio.src = ''
    },
  }
}
