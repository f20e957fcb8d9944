import { useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { IS_WEAPP } from '../../services/config'
import { errorMessage, isNetworkError } from '../../services/http'
import { uploadVoice } from '../requests.api'
import { canPlay, createPlayer, startRecording, type Player, type RecorderHandle, type Recording } from '../voice'
import './Voice.css'

/**
 * A voice note's play button: one tap plays, another stops. A type this phone cannot play (webm recorded in a
 * browser, heard on an iPhone's WeChat) is offered as a download instead.
 */
export function VoicePlayer({ url, seconds, contentType, held }: { url: string; seconds: number; contentType: string; held?: boolean }) {
  const [playing, setPlaying] = useState(false)
  const player = useRef<Player | null>(null)
  useEffect(() => () => player.current?.destroy(), [url])

  if (!canPlay(contentType)) {
    const label = `下载语音（${seconds}″）`
    if (!IS_WEAPP)
      return (
        <a className='voice voice--download' href={url} download>
          {label}
        </a>
      )
    return (
      <View
        className='voice voice--download'
        onClick={() =>
          void Taro.setClipboardData({ data: url }).then(() => Taro.showToast({ title: '本机无法播放此格式，已复制下载链接', icon: 'none' }))
        }
      >
        <Text>{label}</Text>
      </View>
    )
  }

  const toggle = () => {
    if (!player.current)
      player.current = createPlayer(url, (on, error) => {
        setPlaying(on)
        if (error) void Taro.showToast({ title: error, icon: 'none' })
      })
    if (playing) player.current.stop()
    else player.current.play()
  }
  // The bar grows with the length, as in WeChat chats, so a long note looks long (and never wraps its words).
  const width = `${Math.round(40 + (Math.min(seconds, 60) / 60) * 55)}%`
  return (
    <View className={`voice ${playing ? 'voice--playing' : ''}`} style={{ minWidth: width }} onClick={toggle} aria-label={playing ? '停止播放' : '播放语音'}>
      <Text className='voice__icon'>{playing ? '■' : '▶'}</Text>
      <Text className='voice__label'>{playing ? '正在播放' : '语音'}</Text>
      <Text className='voice__secs'>{seconds}″</Text>
      {held ? <Text className='voice__held'>审核中</Text> : null}
    </View>
  )
}

export type VoiceDraftState = 'uploading' | 'done' | 'error' | 'waiting'

/** A recorded note in a form: the local recording, and where its upload stands. */
export interface VoiceDraft extends Recording {
  status: VoiceDraftState
  key?: string
  error?: string
}

/**
 * A voice note being recorded for a form: its state, and `upload`, which sends it to storage as soon as it is
 * recorded (and again on 重试). Without a network it is 'waiting' when `offlineWaits` (the filing form sends it
 * later with the request), else an error to retry.
 */
export function useVoiceNote(offlineWaits: boolean) {
  const [voice, setVoice] = useState<VoiceDraft | null>(null)
  const upload = async (rec: Recording) => {
    const same = (v: VoiceDraft | null) => !!v && v.path === rec.path
    setVoice({ ...rec, status: 'uploading' })
    try {
      const key = await uploadVoice(rec)
      setVoice((v) => (same(v) ? { ...v!, status: 'done', key, error: undefined } : v))
    } catch (err) {
      const offline = offlineWaits && isNetworkError(err)
      setVoice((v) => (same(v) ? { ...v!, status: offline ? 'waiting' : 'error', error: offline ? undefined : errorMessage(err) } : v))
    }
  }
  return { voice, setVoice, upload }
}

/**
 * Record a voice note instead of typing (up to 60 s): tap to start, tap to finish; then listen, record again or
 * remove it. The parent uploads it and keeps the state (`value`), so a draft can carry it.
 */
export function VoiceRecorder({
  value,
  onRecorded,
  onRemove,
  onRetry,
  label = '说一段话（最长60秒）',
}: {
  value: VoiceDraft | null
  onRecorded: (r: Recording) => void
  onRemove: () => void
  onRetry: () => void
  label?: string
}) {
  const [recording, setRecording] = useState(false)
  const [elapsed, setElapsed] = useState(0)
  const [starting, setStarting] = useState(false)
  const handle = useRef<RecorderHandle | null>(null)
  const timer = useRef<ReturnType<typeof setInterval> | null>(null)

  const stopTimer = () => {
    if (timer.current) clearInterval(timer.current)
    timer.current = null
  }
  useEffect(
    () => () => {
      stopTimer()
      handle.current?.cancel()
    },
    [],
  )

  const start = async () => {
    if (starting || recording) return
    setStarting(true)
    try {
      handle.current = await startRecording({
        onDone: (r) => {
          stopTimer()
          setRecording(false)
          onRecorded(r)
        },
        onError: (message) => {
          stopTimer()
          setRecording(false)
          void Taro.showToast({ title: message, icon: 'none' })
        },
      })
      const began = Date.now()
      setElapsed(0)
      setRecording(true)
      timer.current = setInterval(() => setElapsed(Math.floor((Date.now() - began) / 1000)), 250)
    } catch (err) {
      void Taro.showToast({ title: err instanceof Error ? err.message : '无法录音', icon: 'none' })
    } finally {
      setStarting(false)
    }
  }

  if (recording) {
    return (
      <View className='voice-rec voice-rec--on'>
        <View className='voice-rec__main' onClick={() => handle.current?.stop()}>
          <Text className='voice-rec__dot' />
          <Text className='voice-rec__text'>正在录音 {elapsed}″ / 60″</Text>
          <Text className='voice-rec__hint'>点击结束</Text>
        </View>
        <Text
          className='voice-rec__cancel'
          onClick={() => {
            handle.current?.cancel()
            stopTimer()
            setRecording(false)
          }}
        >
          取消
        </Text>
      </View>
    )
  }
  if (value) {
    return (
      <View className='voice-rec voice-rec--done'>
        <VoicePlayer url={value.path} seconds={value.seconds} contentType={value.contentType} />
        <View className='voice-rec__state'>
          {value.status === 'uploading' ? <Text className='muted'>上传中…</Text> : null}
          {value.status === 'done' ? <Text className='muted'>已录好</Text> : null}
          {value.status === 'waiting' ? <Text className='muted'>联网后上传</Text> : null}
          {value.status === 'error' ? (
            <Text className='voice-rec__retry' onClick={onRetry}>
              {value.error ?? '上传失败'}·重试
            </Text>
          ) : null}
          <Text className='voice-rec__link' onClick={() => void start()}>
            重录
          </Text>
          <Text className='voice-rec__link voice-rec__link--danger' onClick={onRemove}>
            删除
          </Text>
        </View>
      </View>
    )
  }
  return (
    <View className='voice-rec' onClick={() => void start()}>
      <Text className='voice-rec__mic'>说</Text>
      <Text className='voice-rec__text'>{starting ? '正在打开麦克风…' : label}</Text>
      <Text className='voice-rec__hint'>点击开始</Text>
    </View>
  )
}
