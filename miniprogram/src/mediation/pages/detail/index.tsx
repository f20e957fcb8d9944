import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { REFERRAL_CHANNEL_LABELS, api, type CaseViewAction } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import ReasonPrompt from '../../../components/ReasonPrompt'
import { ErrorState, Loading } from '../../../components/StateView'
import TimelineEvent from '../../../components/TimelineEvent'
import { confirmed } from '../../../services/confirm'
import { formatTime } from '../../../services/format'
import { unconfirmedCount } from '../../format'
import { confirmAgreement, endCase, escalateCase, recordSignature } from '../../mediation.api'
import CaseHead from './CaseHead'
import { ConcludeComposer, FollowUpComposer, MediatorsComposer, ReferComposer } from './Composers'
import Parties from './Parties'
import SessionComposer from './SessionComposer'
import Sessions from './Sessions'
import { useCase, type Composer } from './useCase'
import '../../mediation.css'

/** The buttons of a mediator's moves, in the order they stand (确认协议 and 登记纸质签字 sit with the agreement and the parties). */
const MOVES: { action: CaseViewAction; composer: Composer; label: string; primary?: boolean }[] = [
  { action: 'record_session', composer: 'session', label: '记录调解', primary: true },
  { action: 'conclude', composer: 'conclude', label: '调解结果', primary: true },
  { action: 'follow_up', composer: 'follow_up', label: '回访', primary: true },
  { action: 'escalate', composer: 'escalate', label: '上报街道' },
  { action: 'refer', composer: 'refer', label: '转出' },
  { action: 'end', composer: 'end', label: '终止调解' },
  { action: 'manage_mediators', composer: 'mediators', label: '调整调解员' },
]

/**
 * 调解案件: where a dispute stands and, for those who may read it, its file — the parties (a party never sees the other's
 * contact), what it is about, every session, the agreement with each party's confirmation, the 回访, and its history.
 * Mediators work it from here (记录调解, 调解结果, 上报街道, 转出, 终止, 回访, 登记纸质签字); a party confirms the agreement
 * (确认协议). Staff who do not mediate it see its head only. Every button follows the view's `actions`.
 */
export default function CasePage() {
  const id = useRouter().params.id ?? ''
  const k = useCase(id)
  const { c } = k

  if (!c) return <PageShell className='mcase'>{k.error ? <ErrorState message={k.error} onRetry={k.reload} /> : <Loading />}</PageShell>

  const can = (a: CaseViewAction) => c.actions.includes(a)
  const body = c.contents
  const agreed = c.status === 'agreed' || c.status === 'confirmed' || c.status === 'closed'
  const me = body?.parties.find((p) => p.isMe)

  const confirm = async () => {
    const sure = await confirmed('确认调解协议', '确认后表示您同意并将履行以上调解协议。', { confirmText: '确认协议' })
    if (sure) k.tap(() => confirmAgreement(c.id, { silent: true }), '已确认调解协议')
  }
  const sign = async (partyId: string, name: string) => {
    const sure = await confirmed('登记纸质签字', `确认${name}已在纸质调解协议上签字？`, { confirmText: '已签字' })
    if (sure) k.tap(() => recordSignature(c.id, partyId, {}, { silent: true }), `已登记${name}的签字`)
  }

  const composer = (() => {
    const props = { c, move: k.move, onCancel: k.close }
    switch (k.composer) {
      case 'session':
        return <SessionComposer {...props} />
      case 'conclude':
        return <ConcludeComposer {...props} failOnly={c.status === 'agreed'} />
      case 'refer':
        return <ReferComposer {...props} />
      case 'follow_up':
        return <FollowUpComposer {...props} />
      case 'mediators':
        return <MediatorsComposer {...props} />
      case 'escalate':
        return (
          <View className='card case-composer'>
            <Text className='case-composer__title'>上报街道</Text>
            <Text className='muted case-line'>上报后由街道（司法所、街道人民调解委员会）受理调解，街道工作人员可查看案情。</Text>
            <ReasonPrompt
              schema={api.mediation.escalate.body}
              path='note'
              placeholder='上报原因和目前情况，如：涉及金额较大，社区多次调解未果'
              confirmText='上报街道'
              confirmType='primary'
              busy={k.busy}
              onCancel={k.close}
              onSubmit={async (note) => void (await k.move(() => escalateCase(c.id, note, { silent: true }), '已上报街道'))}
            />
          </View>
        )
      case 'end':
        return (
          <View className='card case-composer'>
            <Text className='case-composer__title'>终止调解</Text>
            <ReasonPrompt
              schema={api.mediation.end.body}
              placeholder='如：一方当事人撤回调解申请'
              confirmText='终止调解'
              busy={k.busy}
              onCancel={k.close}
              onSubmit={async (reason) => void (await k.move(() => endCase(c.id, reason, { silent: true }), '已终止调解'))}
            />
          </View>
        )
      default:
        return null
    }
  })()
  // Once the agreement is written, the only conclusion left is 调解不成 (a party will not confirm it).
  const moves = MOVES.filter((m) => can(m.action)).map((m) => (m.action === 'conclude' && c.status === 'agreed' ? { ...m, label: '调解不成', primary: false } : m))

  return (
    <PageShell className='mcase'>
      <CaseHead c={c} />

      {!body ? (
        <View className='notice'>为保护当事人隐私，案情、当事人和调解记录仅本案调解员、社区管理员和当事人本人可见。</View>
      ) : (
        <>
          {c.viewer.isParty && c.status === 'agreed' && me ? (
            <View className='notice case-notice'>{me.confirmation ? '您已确认调解协议，等待其他当事人确认。' : '调解员已登记调解协议，请阅读后点“确认协议”。'}</View>
          ) : null}

          <Text className='section-title'>纠纷概况</Text>
          <View className='card'>
            <Text className='muted'>地点：{body.place}</Text>
            <Text className='case-text'>{body.summary}</Text>
            {body.requestId ? (
              <Text className='case-link' onClick={() => void Taro.navigateTo({ url: `/requests/pages/detail/index?id=${body.requestId}` })}>
                查看来源诉求 ›
              </Text>
            ) : null}
          </View>

          <Text className='section-title'>当事人（{body.parties.length}方）</Text>
          <Parties parties={body.parties} agreed={agreed && !!body.agreement} busy={k.busy} onSign={can('record_signature') ? (pid, name) => void sign(pid, name) : undefined} />

          {body.agreement ? (
            <>
              <Text className='section-title'>调解协议</Text>
              <View className='card case-agreement'>
                <Text className='case-text case-agreement__text'>{body.agreement.text}</Text>
                <Text className='muted case-line'>
                  {formatTime(body.agreement.at, true)} 达成
                  {c.status === 'agreed' ? ` · 待${unconfirmedCount(body.parties)}方确认` : ' · 各方已确认'}
                </Text>
                {can('confirm') ? (
                  <Button className='block-button case-confirm' type='primary' size='large' block loading={k.busy} disabled={k.busy} onClick={() => void confirm()}>
                    确认协议
                  </Button>
                ) : null}
              </View>
            </>
          ) : null}

          {body.referral ? (
            <>
              <Text className='section-title'>转出</Text>
              <View className='card'>
                <Text className='case-line'>转出渠道：{REFERRAL_CHANNEL_LABELS[body.referral.channel]}</Text>
                <Text className='case-text'>{body.referral.note}</Text>
                <Text className='muted case-line'>{formatTime(body.referral.at, true)}</Text>
              </View>
            </>
          ) : null}

          {body.followUps.length ? (
            <>
              <Text className='section-title'>回访</Text>
              <View className='card'>
                {body.followUps.map((f) => (
                  <View key={f.at} className='case-session'>
                    <View className='case-session__head'>
                      <Text>{f.holds ? '协议履行良好' : '协议未履行'}</Text>
                      <Text className='muted'>{formatTime(f.at, true)}</Text>
                    </View>
                    <Text className='case-text'>{f.note}</Text>
                    <Text className='muted case-line'>回访人：{f.byName}</Text>
                  </View>
                ))}
              </View>
            </>
          ) : null}

          {body.brokenAgreements.length ? (
            <>
              <Text className='section-title'>未履行的原协议</Text>
              {body.brokenAgreements.map((a) => (
                <View key={a.at} className='card case-agreement case-agreement--broken'>
                  <Text className='case-text muted'>{a.text}</Text>
                  <Text className='muted case-line'>{formatTime(a.at, true)} 达成，回访时未履行</Text>
                </View>
              ))}
            </>
          ) : null}

          <Text className='section-title'>调解记录（{body.sessions.length}次）</Text>
          <View className='card case-sessions'>
            <Sessions sessions={body.sessions} />
          </View>
        </>
      )}

      {composer ?? (
        moves.length ? (
          <View className='case-actions'>
            {moves.map((m) => (
              <Button key={m.action} className='case-actions__button' type='primary' fill={m.primary ? 'solid' : 'outline'} disabled={k.busy} onClick={() => k.open(m.composer)}>
                {m.label}
              </Button>
            ))}
          </View>
        ) : null
      )}

      {body?.events.length ? (
        <>
          <Text className='section-title'>案件进程</Text>
          <View className='card timeline'>
            {[...body.events].reverse().map((e, i) => (
              <TimelineEvent key={`${e.at}-${i}`} title={e.label} actor={e.actorName} at={e.at} note={e.note} latest={i === 0} className='case-event' />
            ))}
          </View>
        </>
      ) : null}
    </PageShell>
  )
}
