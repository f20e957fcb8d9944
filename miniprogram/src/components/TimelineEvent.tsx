import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { formatTime } from '../services/format'
import './TimelineEvent.css'

interface Props {
  title: string
  /** Who took the step (or 系统). */
  actor?: string
  at: string
  note?: string
  /** The newest step stands out. */
  latest: boolean
  /** The feature's own class for the row (tests and feature styles find rows by it). */
  className?: string
  /** What else the step carries: photos, a voice note, who a note was written for. */
  children?: ReactNode
}

/** One step of a record's history: a dot on the line, what happened, who, when, and what they wrote. */
export default function TimelineEvent({ title, actor, at, note, latest, className = '', children }: Props) {
  return (
    <View className={`timeline__event ${latest ? 'timeline__event--latest' : ''} ${className}`}>
      <View className='timeline__dot' />
      <View className='timeline__body'>
        <View className='timeline__head'>
          <Text className='timeline__type'>{title}</Text>
          <Text className='muted'>{actor ?? ''}</Text>
        </View>
        <Text className='muted'>{formatTime(at, true)}</Text>
        {note ? <Text className='timeline__note'>{note}</Text> : null}
        {children}
      </View>
    </View>
  )
}
