import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import { Button, Tag } from '@nutui/nutui-react-taro'
import { DISPATCH_ROLE_LABELS, DISPATCH_STATUS_LABELS, REQUEST_CATEGORY_LABELS, REQUEST_STATUS_LABELS, SEND_BACK_REASON_LABELS, UnitActionInput, type UnitAction } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import SendBackForm from '../../../components/SendBackForm'
import TimelineEvent from '../../../components/TimelineEvent'
import { ErrorState, Loading } from '../../../components/StateView'
import { useRecord } from '../../../components/useRecord'
import { formatDeadline, formatTime } from '../../../services/format'
import DeadlineBadge from '../../components/DeadlineBadge'
import { actOnUnitRequest, getUnitRequest } from '../../units.api'
import UnitComposer, { type UnitBody, type WrittenKind } from './UnitComposer'
import '../../units.css'

type Open = WrittenKind | 'send_back' | null

/** The unit's moves in the order their buttons stand, with their words. */
const BUTTONS: { action: UnitAction; label: string; primary?: boolean; danger?: boolean }[] = [
  { action: 'acknowledge', label: '签收', primary: true },
  { action: 'reply', label: '回复' },
  { action: 'resolve', label: '办结', primary: true },
  { action: 'done', label: '协办完成', primary: true },
  { action: 'request_extension', label: '申请延期' },
  { action: 'send_back', label: '退单', danger: true },
]

const DONE: Record<string, string> = { acknowledge: '已签收', reply: '已回复', resolve: '已办结，居民将收到通知', done: '已完成协办', send_back: '已退单，等待派发方处理', request_extension: '延期申请已提交' }

const preview = (urls: string[], current: string) => void Taro.previewImage({ urls, current })

/**
 * A request dispatched to the caller's unit: what the resident asked (their phone only where they agreed to be
 * called), the unit's task (主办/协办, its own 签收 and 办结 deadlines, the dispatcher's note), the request's own
 * deadlines (三率, from the resident's submission), its timeline, and the moves the server offers: 签收, 回复, 办结
 * (协办完成), 申请延期, 退单.
 */
export default function UnitRequestPage() {
  const id = useRouter().params.id ?? ''
  const record = useRecord((opts) => getUnitRequest(id, opts), [id])
  const [open, setOpen] = useState<Open>(null)
  const detail = record.data

  if (!detail) {
    return <PageShell className='urequest'>{record.error ? <ErrorState message={record.error} onRetry={() => void record.load()} /> : <Loading />}</PageShell>
  }
  const { request: r, dispatch: d, unitActions: actions } = detail

  const act = (body: UnitBody) =>
    record.act(async () => {
      const next = await actOnUnitRequest(id, body, { silent: true })
      setOpen(null)
      return next
    }, () => DONE[body.action])
  // The forms show the refusal themselves; record.act has already reloaded on a 409.
  const send = async (body: UnitBody) => {
    const next = await record.act(() => actOnUnitRequest(id, body, { silent: true }), () => DONE[body.action])
    if (!next) throw new Error('未能提交，请稍后再试')
    setOpen(null)
  }

  const onButton = async (action: UnitAction) => {
    if (action === 'acknowledge') {
      const { confirm } = await Taro.showModal({ title: '签收', content: `签收后由${d.unitName}负责${d.role === 'lead' ? '办理' : '协办'}，请在办结时限内办结。确定签收吗？` })
      if (confirm) void act({ action: 'acknowledge' })
      return
    }
    setOpen(action)
  }

  const buttons = BUTTONS.filter((b) => actions.includes(b.action))
  const photos = r.photos ?? []
  return (
    <PageShell className='urequest'>
      <View className='card'>
        <View className='urequest__head'>
          <Text className='urequest__category'>【{REQUEST_CATEGORY_LABELS[r.category]}】</Text>
          <Tag type='primary'>{REQUEST_STATUS_LABELS[r.status]}</Tag>
        </View>
        {r.title ? <Text className='urequest__title'>{r.title}</Text> : null}
        {r.description ? <Text className='urequest__desc'>{r.description}</Text> : null}
        <Text className='muted urequest__line'>提交于 {formatTime(r.createdAt, true)}</Text>
        <Text className='muted urequest__line'>{[d.communityName, r.buildingName, r.address, r.place].filter(Boolean).join(' · ')}</Text>
        {r.contact ? (
          <View className='urequest__call'>
            <Text className='muted'>
              居民电话：{r.contact.name}
              {r.contact.phone ? ` ${r.contact.phone}` : '（未留电话）'}
            </Text>
            {r.contact.phone ? (
              <Button size='small' type='primary' fill='outline' onClick={() => void Taro.makePhoneCall({ phoneNumber: r.contact!.phone! }).catch(() => undefined)}>
                拨打
              </Button>
            ) : null}
          </View>
        ) : (
          <Text className='muted urequest__line'>居民未同意电话联系，请通过回复与居民沟通。</Text>
        )}
        {photos.length > 0 ? (
          <View className='urequest__photos'>
            {photos.map((p) => (
              <Image key={p.key} className='urequest__thumb' src={p.url} mode='aspectFill' onClick={() => preview(photos.map((x) => x.url), p.url)} />
            ))}
          </View>
        ) : null}
      </View>

      <Text className='section-title'>本单位任务</Text>
      <View className='card urequest__task'>
        <View className='urequest__head'>
          <Text className='urequest__unit'>{d.unitName}</Text>
          <Tag type={d.role === 'lead' ? 'primary' : 'default'}>{DISPATCH_ROLE_LABELS[d.role]}</Tag>
          <View className='udispatch__spacer' />
          <Text className='urequest__state'>{DISPATCH_STATUS_LABELS[d.status]}</Text>
        </View>
        <Text className='muted urequest__line'>
          {d.dispatcherLevel === 'street' ? '街道' : '社区'}派发于 {formatTime(d.dispatchedAt, true)}
          {d.acknowledgedAt ? ` · 签收于 ${formatTime(d.acknowledgedAt)}` : ''}
        </Text>
        {d.note ? <Text className='urequest__note'>派发说明：{d.note}</Text> : null}
        <View className='urequest__deadlines'>
          <View className='urequest__deadline'>
            <Text className='muted'>签收时限 {formatDeadline(d.respondBy)}</Text>
            {d.status === 'dispatched' ? <DeadlineBadge kind='' iso={d.respondBy} /> : d.acknowledgedAt ? <Text className='ubadge ubadge--done'>已签收</Text> : null}
          </View>
          <View className='urequest__deadline'>
            <Text className='muted'>办结时限 {formatDeadline(d.resolveBy)}</Text>
            {d.status === 'dispatched' || d.status === 'acknowledged' ? <DeadlineBadge kind='' iso={d.resolveBy} /> : null}
            {d.status === 'resolved' ? <Text className='ubadge ubadge--done'>已办结</Text> : null}
          </View>
        </View>
        {d.sendBack && d.status === 'sent_back' ? (
          <Text className='notice urequest__notice'>
            已退单：{SEND_BACK_REASON_LABELS[d.sendBack.reason]}
            {d.sendBack.note ? `（${d.sendBack.note}）` : ''}，等待派发方重新派发或驳回。
          </Text>
        ) : null}
        {r.extension ? (
          <Text className='muted urequest__line'>
            延期申请：{r.extension.status === 'requested' ? '审批中' : r.extension.status === 'approved' ? '已同意' : '未同意'}，申请办结日期 {formatTime(r.extension.proposedResolveBy)}
            {r.extension.decisionNote ? `（${r.extension.decisionNote}）` : ''}
          </Text>
        ) : null}
        {d.rating ? (
          <Text className='muted urequest__line'>
            社区评价：{'★'.repeat(d.rating.score)}
            {'☆'.repeat(5 - d.rating.score)}
            {d.rating.note ? ` ${d.rating.note}` : ''}
          </Text>
        ) : null}
      </View>

      <View className='card urequest__request-deadlines'>
        <Text className='muted urequest__line'>诉求时限（从居民提交起算，计入三率）</Text>
        <Text className='urequest__line'>
          响应 {formatDeadline(r.respondBy)} · 办结 {formatDeadline(r.resolveBy)}
        </Text>
      </View>

      <Text className='section-title'>办理进度</Text>
      <View className='card timeline'>
        {(r.timeline ?? []).length === 0 ? <Text className='muted'>暂无记录</Text> : null}
        {[...(r.timeline ?? [])].reverse().map((e, i) => (
          <TimelineEvent key={e.id} title={timelineTitle(e.type)} actor={e.actorLabel} at={e.at} note={e.note} latest={i === 0} className='urequest__event'>
            {/* 办结 photos (the unit's own, or staff's). */}
            {e.photos && e.photos.length > 0 ? (
              <View className='urequest__photos'>
                {e.photos.map((p) => (
                  <Image key={p.key} className='urequest__thumb' src={p.url} mode='aspectFill' onClick={() => preview(e.photos!.map((x) => x.url), p.url)} />
                ))}
              </View>
            ) : null}
          </TimelineEvent>
        ))}
      </View>

      {open === 'send_back' ? (
        <View className='card'>
          <Text className='card__title'>退单</Text>
          <SendBackForm schema={UnitActionInput} who='本单位' busy={record.busy} onCancel={() => setOpen(null)} onSubmit={(body) => send(body)} />
        </View>
      ) : open ? (
        <UnitComposer key={open} kind={open} requestId={id} resolveBy={d.resolveBy} busy={record.busy} onCancel={() => setOpen(null)} onSubmit={send} />
      ) : buttons.length > 0 ? (
        <View className='urequest__actions'>
          {buttons.map((b) => (
            <Button
              key={b.action}
              className={`urequest__action urequest__action--${b.action}`}
              type={b.danger ? 'danger' : 'primary'}
              fill={b.primary ? 'solid' : 'outline'}
              disabled={record.busy}
              onClick={() => void onButton(b.action)}
            >
              {b.label}
            </Button>
          ))}
        </View>
      ) : null}
    </PageShell>
  )
}

/** A timeline step's name as a unit reads it (the request feature's words for the same steps). */
const TITLES: Record<string, string> = {
  submitted: '居民提交诉求',
  accept: '受理',
  assign: '分派',
  reply: '回复',
  resolve: '办结',
  escalated_community: '上报社区',
  escalated_street: '上报街道',
  dispatched: '派发（吹哨）',
  acknowledged: '签收',
  sent_back: '退单',
  send_back_rejected: '驳回退单',
  dispatch_recalled: '撤回派发',
  unit_done: '协办完成',
  unit_rated: '单位办理评价',
  supervised: '督办',
  reopen: '申请重新办理',
  extension_requested: '申请延期',
  extension_approved: '同意延期',
  extension_refused: '不同意延期',
}
const timelineTitle = (type: string) => TITLES[type] ?? '办理'
