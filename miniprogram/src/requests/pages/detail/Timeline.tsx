import { Image, Text, View } from '@tarojs/components'
import { NOTE_AUDIENCE_LABELS, type RequestView, type TimelineEntry } from '@linli/shared'
import TimelineEvent from '../../../components/TimelineEvent'
import { VoicePlayer } from '../../components/Voice'
import '../../components/badges.css'

const TIMELINE_LABELS: Record<string, string> = {
  submitted: '提交诉求',
  accept: '受理',
  assign: '分派',
  reply: '回复',
  resolve: '办结',
  escalated_community: '上报社区',
  escalated_street: '上报街道',
  reject: '不予受理',
  mark_duplicate: '标记为重复，合并办理',
  reopen: '申请重新办理',
  withdraw: '撤回',
  rated_satisfied: '评价',
  rated_unsatisfied: '评价：不满意',
  rated_unsatisfied_reopened: '评价：不满意，重新办理',
  auto_closed: '自动关闭',
  // A 邻里纠纷 handed to 人民调解 (the case's contents never appear here).
  to_mediation: '转调解',
  // 吹哨报到: the notes say to whom and why in plain words (已派发给XX物业（主办）办理…).
  dispatched: '派发（吹哨）',
  acknowledged: '单位签收',
  sent_back: '退单',
  send_back_rejected: '驳回退单',
  dispatch_recalled: '撤回派发',
  unit_done: '协办完成',
  unit_rated: '单位办理评价',
  supervised: '督办',
  // 延期申请 and 回访: the resident reads an approval's new deadline and that a call was made; reasons and notes stay internal.
  extension_requested: '申请延期',
  extension_approved: '批准延期',
  extension_refused: '延期未获批准',
  called_back: '电话回访',
  called_back_reopened: '电话回访：不满意，重新办理',
  // 改类型: the note says from what to what and the new deadline.
  type_changed: '调整诉求类型',
}

type Preview = (urls: string[], current: string) => void

/** What the request is, as far as naming its steps goes: who brought it in, and whether it was fixed on the spot. */
export type TimelineOf = Pick<RequestView, 'source' | 'resolvedOnSpot'>

/**
 * A step's name. A finding was 巡查上报, not 提交诉求; one fixed on the spot was accepted and resolved by its filing,
 * so its resolution reads 就地办结 (its only one: a finding is closed by it and never reopened).
 */
function labelOf(e: TimelineEntry, r: TimelineOf): string {
  if (e.type === 'submitted' && r.source !== 'resident') return r.source === 'patrol' ? '巡查上报' : r.source === 'proactive' ? '发起主动治理' : '流动网格员上报'
  if (e.type === 'resolve' && r.resolvedOnSpot) return '就地办结'
  return TIMELINE_LABELS[e.type] ?? e.type
}

function TimelineItem({ entry: e, of: r, latest, showAudience, onPreview }: { entry: TimelineEntry; of: TimelineOf; latest: boolean; showAudience: boolean; onPreview: Preview }) {
  return (
    <TimelineEvent title={labelOf(e, r)} actor={e.actorLabel} at={e.at} note={e.note} latest={latest} className='rdetail__event'>
      {e.note && showAudience && e.audience && e.audience !== 'filer' ? <Text className='muted pill rdetail__event-audience'>{NOTE_AUDIENCE_LABELS[e.audience]}</Text> : null}
      {e.voice ? (
        <View className='rdetail__voice'>
          <VoicePlayer url={e.voice.url} seconds={e.voice.seconds} contentType={e.voice.contentType} held={!e.voice.approved} />
        </View>
      ) : null}
      {e.pendingReview ? <Text className='muted'>内容审核中，其他居民暂不可见</Text> : null}
      {e.photos && e.photos.length > 0 ? (
        <View className='rdetail__photos'>
          {e.photos.map((p) => (
            <Image key={p.key} className='rdetail__thumb rdetail__thumb--small' src={p.url} mode='aspectFill' onClick={() => onPreview(e.photos!.map((x) => x.url), p.url)} />
          ))}
        </View>
      ) : null}
    </TimelineEvent>
  )
}

/** 办理进度: newest first; handlers see who each note was written for when it was not the filer. */
export default function Timeline({ entries = [], of: r, showAudience, onPreview }: { entries?: TimelineEntry[]; of: TimelineOf; showAudience: boolean; onPreview: Preview }) {
  return (
    <>
      <Text className='section-title'>办理进度</Text>
      <View className='card timeline'>
        {entries.length === 0 ? <Text className='muted'>暂无记录</Text> : null}
        {[...entries].reverse().map((e, i) => (
          <TimelineItem key={e.id} entry={e} of={r} latest={i === 0} showAudience={showAudience} onPreview={onPreview} />
        ))}
      </View>
    </>
  )
}
