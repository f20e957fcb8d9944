import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { VOTE_RULE_LABELS, type ConsultationView, type VoteReceipt } from '@linli/shared'
import { ApiError, errorMessage, fieldErrors } from '../../../services/http'
import { formatTime, share } from '../../../services/format'
import { castVote } from '../../consult.api'
import { voterUnit } from '../../format'
import Meter from './Meter'

interface Props {
  c: ConsultationView
  /** The ballot cast just now on this page: the choices give way to 您已投票 at once. */
  fresh: VoteReceipt | null
  onVoted: (receipt: VoteReceipt) => void
  /** Load the topic again (a 409: voting closed or this household voted meanwhile). */
  reload: () => void
}

/** 投票: the rule, the deadline and the live turnout (never the tallies), and the ballot when this caller may vote. */
export default function VotingCard({ c, fresh, onVoted, reload }: Props) {
  const v = c.viewer
  const [choice, setChoice] = useState<string[]>([])
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const turnout = c.turnout ?? 0
  const eligible = c.eligible ?? 0

  const toggle = (optionId: string) => {
    setError(null)
    if (c.maxChoices <= 1) return setChoice([optionId])
    if (choice.includes(optionId)) return setChoice(choice.filter((x) => x !== optionId))
    if (choice.length >= c.maxChoices) return setError(`最多选择${c.maxChoices}项`)
    setChoice([...choice, optionId])
  }

  const vote = async () => {
    if (choice.length === 0) return setError('请先选择')
    const labels = c.options.filter((o) => choice.includes(o.id)).map((o) => `“${o.label}”`).join('、')
    const { confirm } = await Taro.showModal({ title: '确认投票', content: `您选择了${labels}。投票后不能修改，确定投票吗？`, confirmText: '确定投票' })
    if (!confirm) return
    setBusy(true)
    setError(null)
    try {
      const receipt = await castVote(c.id, choice, { silent: true })
      setChoice([])
      onVoted(receipt)
    } catch (err) {
      setError(Object.values(fieldErrors(err))[0] ?? errorMessage(err))
      if (err instanceof ApiError && err.status === 409) reload()
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='card cdetail__voting'>
      <Text className='card__title'>投票</Text>
      <Text className='muted cdetail__line'>
        {VOTE_RULE_LABELS[c.voteRule]} · {c.maxChoices > 1 ? `最多选${c.maxChoices}项` : '单选'} · 不记名
      </Text>
      {c.votingEndsAt ? <Text className='cdetail__deadline'>截止 {formatTime(c.votingEndsAt, true)}</Text> : null}
      <View className='cdetail__turnout'>
        <Meter part={turnout} whole={eligible} figure={`已投 ${turnout}/${eligible}${voterUnit(c)}`} />
        <Text className='muted'>
          投票率 {share(turnout, eligible)}%{c.quorum ? ` · 最低投票率 ${Math.round(c.quorum * 100)}%` : ''} · 投票结束前不公布各选项票数
        </Text>
      </View>

      {c.actions.includes('vote') && !fresh ? (
        <View className='cdetail__ballot'>
          {c.options.map((o) => {
            const on = choice.includes(o.id)
            return (
              <View key={o.id} className={`cdetail__choice ${on ? 'cdetail__choice--on' : ''}`} onClick={() => toggle(o.id)}>
                <View className={`cdetail__mark ${c.maxChoices > 1 ? 'cdetail__mark--box' : ''} ${on ? 'cdetail__mark--on' : ''}`}>
                  {on ? <Text className='cdetail__mark-tick'>{c.maxChoices > 1 ? '✓' : ''}</Text> : null}
                </View>
                <Text className='cdetail__choice-label'>{o.label}</Text>
              </View>
            )
          })}
          {error ? <Text className='field__error'>{error}</Text> : null}
          <Button className='block-button cdetail__vote' type='primary' size='large' block loading={busy} disabled={busy} onClick={() => void vote()}>
            投票
          </Button>
          <Text className='muted cdetail__line'>投票后不能修改。系统只记录您已投票，不记录您投了什么。</Text>
        </View>
      ) : v.voted || fresh ? (
        <View className='cdetail__voted'>
          <Text className='cdetail__voted-text'>✓ {c.voteRule === 'per_household' ? '您家已投票' : '您已投票'}</Text>
        </View>
      ) : (
        <Text className='muted cdetail__line'>
          {v.isStaff && !v.inScope
            ? '您不在本次投票的居民名单中，可以查看投票进度。'
            : v.inScope
              ? '投票开始后入住或认证的居民不能参加本次投票。'
              : `您不在本次投票的范围内（${c.scope.name}）。`}
        </Text>
      )}
    </View>
  )
}
