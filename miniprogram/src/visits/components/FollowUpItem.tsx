import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, Textarea, View } from '@tarojs/components'
import { Button, Tag } from '@nutui/nutui-react-taro'
import { CompleteFollowUpInput, type FollowUpView } from '@linli/shared'
import { formatTime } from '../../services/format'
import { ApiError, errorMessage } from '../../services/http'
import { limitsOf } from '../../services/form'
import { completeFollowUp } from '../visits.api'
import { visitPage } from '../format'
import './visits.css'

interface Props {
  f: FollowUpView
  /** In the open list: the address leads, and a tap opens the visit it came from. */
  withAddress?: boolean
  /** The item as the server answers it after 完成 (or after someone else did it first: the fresh state is loaded). */
  onChange: (f: FollowUpView | null) => void
}

const NOTE_MAX = limitsOf(CompleteFollowUpInput, 'note').maxLength ?? 200

/**
 * One follow-up item: what was promised and by when (逾期 in red), and 完成 with an optional word on what was done.
 * Two people marking it at once: the server keeps the first; the second is told and the list is read again.
 */
export default function FollowUpItem({ f, withAddress, onChange }: Props) {
  const [open, setOpen] = useState(false)
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const done = async () => {
    setBusy(true)
    setError(null)
    try {
      const next = await completeFollowUp(f.visitId, f.id, note.trim() ? { note: note.trim() } : {}, { silent: true })
      setOpen(false)
      void Taro.showToast({ title: '已标记完成', icon: 'none' })
      onChange(next)
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        void Taro.showToast({ title: err.message, icon: 'none' })
        setOpen(false)
        onChange(null)
      } else setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  const go = withAddress ? () => void Taro.navigateTo({ url: visitPage(f.visitId) }) : undefined
  return (
    <View className={`fu-item ${f.status === 'done' ? 'fu-item--done' : ''}`}>
      <View className='fu-item__main' onClick={go}>
        {withAddress ? <Text className='fu-item__address'>{f.address}</Text> : null}
        <Text className='fu-item__text'>{f.text}</Text>
        <View className='fu-item__meta'>
          {f.status === 'done' ? (
            <Tag type='success'>已完成</Tag>
          ) : f.overdue ? (
            <Tag type='danger'>已逾期</Tag>
          ) : (
            <Tag type='warning'>待办</Tag>
          )}
          <Text className='muted fu-item__due'>期限 {f.dueOn}</Text>
        </View>
        {f.status === 'done' ? (
          <Text className='muted fu-item__done'>
            {f.doneByName ?? ''} {f.doneAt ? formatTime(f.doneAt) : ''} 完成{f.doneNote ? `：${f.doneNote}` : ''}
          </Text>
        ) : null}
      </View>
      {f.status === 'open' && f.canComplete && !open ? (
        <Button className='fu-item__complete' size='small' type='primary' fill='outline' onClick={() => setOpen(true)}>
          完成
        </Button>
      ) : null}
      {open ? (
        <View className='fu-item__box'>
          <Textarea className='field__textarea fu-item__note' value={note} placeholder='办理情况（选填），如：已帮忙提交补贴申请' maxlength={NOTE_MAX} onInput={(e) => setNote(e.detail.value)} />
          {error ? <Text className='field__error'>{error}</Text> : null}
          <View className='fu-item__buttons'>
            <Button size='small' fill='outline' onClick={() => setOpen(false)}>
              取消
            </Button>
            <Button className='fu-item__confirm' size='small' type='primary' loading={busy} disabled={busy} onClick={() => void done()}>
              确认完成
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  )
}
