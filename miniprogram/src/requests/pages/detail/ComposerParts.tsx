import { Picker, Text, View } from '@tarojs/components'
import { NOTE_AUDIENCE_LABELS, RATING_LEVEL_LABELS, REQUEST_STATUS_LABELS, ratingLevel, type DuplicateCandidate, type NoteAudience } from '@linli/shared'
import { formatTime } from '../../../services/format'
import type { Assignee } from './assignees'

/** One step, big targets: each star says what it means (4–5 满意, 3 基本满意, 1–2 不满意). */
export function StarPicker({ score, onChange, reopens }: { score: number; onChange: (n: number) => void; reopens: boolean }) {
  return (
    <>
      <View className='rdetail__stars'>
        {[1, 2, 3, 4, 5].map((n) => (
          <View key={n} className={`rdetail__star-cell ${n <= score ? 'rdetail__star-cell--on' : ''}`} onClick={() => onChange(n)}>
            <Text className={`rdetail__star ${n <= score ? 'rdetail__star--on' : ''}`}>{n <= score ? '★' : '☆'}</Text>
            <Text className='rdetail__star-word'>{RATING_LEVEL_LABELS[ratingLevel(n)]}</Text>
          </View>
        ))}
      </View>
      <Text className='rdetail__score'>{score > 0 ? `${score}星 · ${RATING_LEVEL_LABELS[ratingLevel(score)]}` : '请点星评价'}</Text>
      {/* Only while the request may still be reopened (the server offers 申请重新办理). */}
      {score > 0 && ratingLevel(score) === 'unsatisfied' && reopens ? <Text className='muted rdetail__block'>选择不满意后，社区将重新办理一次。</Text> : null}
    </>
  )
}

/** The default (to the filer) first. */
const AUDIENCES: NoteAudience[] = ['filer', 'internal', 'public']

const AUDIENCE_HINTS: Record<NoteAudience, string> = {
  internal: '仅社区工作人员和办理人员可见，居民看不到。',
  filer: '反映人和办理人员可见。',
  public: '所有能看到这条诉求的人都可见（公开后包括其他居民和12345平台），请勿写入姓名、电话、门牌。',
}

/** Who a handler's note is for: three options, the chosen one filled, with what it means. */
export function AudiencePicker({ value, onChange }: { value: NoteAudience; onChange: (a: NoteAudience) => void }) {
  return (
    <View className='rdetail__audience'>
      <Text className='muted rdetail__audience-label'>谁能看到：</Text>
      {AUDIENCES.map((a) => (
        <Text key={a} className={`rdetail__audience-option ${value === a ? 'rdetail__audience-option--on' : ''}`} onClick={() => onChange(a)}>
          {NOTE_AUDIENCE_LABELS[a]}
        </Text>
      ))}
      <Text className='muted rdetail__block'>{AUDIENCE_HINTS[value]}</Text>
    </View>
  )
}

/** 常用回复: the community's own (admins edit them in 社区设置); a tap puts one in the box. */
export function ReplyTemplates({ items, onPick }: { items: string[]; onPick: (text: string) => void }) {
  return (
    <View className='rdetail__templates'>
      <Text className='muted'>常用回复：</Text>
      {items.map((t) => (
        <Text key={t} className='rdetail__template' onClick={() => onPick(t)}>
          {t}
        </Text>
      ))}
    </View>
  )
}

/** 分派: who takes the request. */
export function AssigneePicker({ assignees, index, onChange }: { assignees: Assignee[] | null; index: number; onChange: (i: number) => void }) {
  if (assignees === null) return <Text className='muted'>加载人员中…</Text>
  if (assignees.length === 0) return <Text className='muted'>没有可分派的网格员或工作人员</Text>
  return (
    <Picker mode='selector' range={assignees.map((a) => a.label)} value={Math.max(0, index)} onChange={(e) => onChange(Number(e.detail.value))}>
      <View className='field__select'>
        <Text>{assignees[index]?.member.name ?? '请选择负责人'}</Text>
        <Text className='muted'>选择 ›</Text>
      </View>
    </Picker>
  )
}

/**
 * 标记为重复: which request this one repeats, chosen from the same category's open ones the handler may see (the
 * same building first). The one tapped is the original, where the work goes on.
 */
export function OriginalPicker({ candidates, value, onChange }: { candidates: DuplicateCandidate[] | null; value: string | null; onChange: (id: string) => void }) {
  if (candidates === null) return <Text className='muted'>加载同类诉求中…</Text>
  if (candidates.length === 0) return <Text className='muted'>60天内没有同类别、未结束的诉求可以合并</Text>
  return (
    <View className='rdetail__originals'>
      <Text className='muted'>请选择原诉求（重复的诉求将关闭，反映人可在此查看原诉求进展）：</Text>
      {candidates.map((c) => (
        <View key={c.id} className={`rdetail__original ${value === c.id ? 'rdetail__original--on' : ''}`} onClick={() => onChange(c.id)}>
          <Text className='rdetail__original-text'>{c.title ?? c.excerpt}</Text>
          <Text className='muted'>
            {[c.buildingName, REQUEST_STATUS_LABELS[c.status], formatTime(c.createdAt), c.sameBuilding ? '同楼栋' : ''].filter(Boolean).join(' · ')}
          </Text>
        </View>
      ))}
    </View>
  )
}
