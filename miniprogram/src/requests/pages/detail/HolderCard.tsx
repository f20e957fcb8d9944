import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { OPEN_STATUSES, REQUEST_LEVEL_LABELS, type RequestView } from '@linli/shared'
import { formatDeadline, formatTime } from '../../../services/format'
import { timeLeft } from '../../format'
import CallButton from './CallButton'
import HandOffs from './HandOffs'
import '../../components/badges.css'

function Deadline({ label, iso, done }: { label: string; iso: string; done: boolean }) {
  const left = timeLeft(iso)
  return (
    <View className='rdetail__deadline'>
      <Text className='muted'>{label}</Text>
      <Text>{formatDeadline(iso)}</Text>
      {done ? (
        <Text className='deadline-badge deadline-badge--done rdetail__badge'>已响应</Text>
      ) : (
        <Text className={`deadline-badge rdetail__badge ${left.overdue ? 'deadline-badge--overdue' : ''}`}>{left.label}</Text>
      )}
    </View>
  )
}

/** What kind of holder, in a word beside the name. */
const HOLDER_KIND_LABELS = { unit: '单位', person: '负责人', grid: '网格', community: '社区', street: '街道' } as const

/** A level's queue holds it (no unit, no person): the queue and what it waits for there. */
function queueWords(r: RequestView): string {
  const waiting = r.sendBack ? '等待重新派发' : r.status === 'submitted' ? '待受理' : '办理中'
  const name = r.holder && r.holder.name !== HOLDER_KIND_LABELS[r.holder.kind] ? `${r.holder.name} · ` : ''
  return `${name}${waiting}`
}

interface Props {
  r: RequestView
  /** The caller handles the request (sees 响应时限 where the filer sees 承诺响应). */
  handler: boolean
  userId: string | undefined
}

/**
 * 谁在办: who holds the request now (a unit, a person, or the grid's / community's / street's queue), since when and
 * by when they promised to act; beside it the request's own deadlines (三率, from the resident's submission, which no
 * hand-off restarts) and every hand-off in plain words. Once it is no longer open, only who held it. For the filer
 * and the handlers; nothing for other residents.
 */
export default function HolderCard({ r, handler, userId }: Props) {
  if (!handler && !r.viewer.isFiler) return null
  const mine = handler && !!r.assigneeId && r.assigneeId === userId
  const holder = r.holder
  if (!OPEN_STATUSES.includes(r.status)) {
    return r.assigneeName || holder ? (
      <View className='card rdetail__who'>
        <Text className='muted'>{holder?.kind === 'unit' ? `办理单位：${holder.name}` : `负责人：${r.assigneeName ?? holder?.name}（${REQUEST_LEVEL_LABELS[r.level]}）`}</Text>
        {r.timeline ? <HandOffs entries={r.timeline} /> : null}
      </View>
    ) : null
  }
  const unit = holder?.kind === 'unit'
  return (
    <View className='card rdetail__deadlines rdetail__who'>
      <Text className='card__title'>谁在办</Text>
      <View className='rdetail__holder'>
        {holder ? <Text className='pill rdetail__holder-kind'>{HOLDER_KIND_LABELS[holder.kind]}</Text> : <Text className='muted'>当前办理：{REQUEST_LEVEL_LABELS[r.level]}</Text>}
        {unit ? <Text className='rdetail__holder-name'>{holder.name}</Text> : null}
        {!unit && r.assigneeName ? <Text className='rdetail__holder-name'>负责人 {r.assigneeName}</Text> : null}
        {!unit && !r.assigneeName ? <Text className={holder ? 'rdetail__holder-name' : 'muted'}>{queueWords(r)}</Text> : null}
        {unit && holder.acknowledged === false ? <Text className='deadline-badge rdetail__badge'>待签收</Text> : null}
        {r.assigneePhone && !mine && !unit ? <CallButton phone={r.assigneePhone} label='联系负责人' /> : null}
        {mine && !r.assigneePhone ? (
          <Text className='rdetail__link' onClick={() => void Taro.navigateTo({ url: '/staff/pages/profile/index' })}>
            设置工作电话，居民可一键联系您 ›
          </Text>
        ) : null}
      </View>
      {holder ? (
        <Text className='muted rdetail__holder-since'>
          {formatTime(holder.since)}起办理
          {holder.helpers && holder.helpers.length > 0 ? ` · 协办：${holder.helpers.join('、')}` : ''}
          {r.handOffCount ? ` · 已流转${r.handOffCount}次` : ''}
        </Text>
      ) : null}
      {holder?.respondBy || holder?.resolveBy ? (
        <View className='rdetail__holder-deadlines'>
          <Text className='muted'>{unit ? '单位' : '本环节'}时限：</Text>
          {holder.respondBy ? <Text className='muted'>{unit ? '签收' : '响应'} {formatDeadline(holder.respondBy)}</Text> : null}
          {holder.resolveBy ? (
            <Text className={`muted ${timeLeft(holder.resolveBy).overdue ? 'rdetail__late' : ''}`}>
              {' · '}办结 {formatDeadline(holder.resolveBy)}
              {timeLeft(holder.resolveBy).overdue ? '（已超时）' : ''}
            </Text>
          ) : null}
        </View>
      ) : null}
      <Text className='muted rdetail__deadline-note'>{handler ? '诉求时限（从居民提交起算，计入三率）' : '社区承诺（从您提交起算）'}</Text>
      <View className='rdetail__deadline-row'>
        <Deadline label={handler ? '响应时限' : '承诺响应'} iso={r.respondBy} done={r.status !== 'submitted'} />
        <Deadline label={handler ? '办结时限' : '承诺办结'} iso={r.resolveBy} done={false} />
      </View>
      {r.timeline ? <HandOffs entries={r.timeline} /> : null}
    </View>
  )
}
