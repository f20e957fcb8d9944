import { useEffect, useMemo, useState } from 'react'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import { Text } from '@tarojs/components'
import type { ConsultationActionInput, ConsultationView, VoteReceipt } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading } from '../../../components/StateView'
import { useRecord } from '../../../components/useRecord'
import { IS_WEAPP } from '../../../services/config'
import { actOnConsultation, askConsultationSubscription, getConsultation, prefetchConsultationTemplate, readReceipt, saveReceipt, supportConsultation } from '../../consult.api'
import { FOLLOW_UP_STATUSES, SUPPORT_CARD_STATUSES, topicPath } from '../../format'
import Comments from '../../components/Comments'
import Composer from './Composer'
import type { ComposerKind } from './ComposerParts'
import FollowUp from './FollowUp'
import ReceiptCard from './ReceiptCard'
import ReceiptCheck from './ReceiptCheck'
import ResultsCard from './ResultsCard'
import StaffActions from './StaffActions'
import SupportCard from './SupportCard'
import Timeline from './Timeline'
import TopicHeader from './TopicHeader'
import VotingCard from './VotingCard'
import './index.css'

/** The receipt is shown once: bring it on screen (scrolling is a convenience; a failure changes nothing). */
function scrollToReceipt() {
  setTimeout(() => {
    try {
      void Promise.resolve(Taro.pageScrollTo({ selector: '.cdetail__receipt', duration: 300 })).catch(() => undefined)
    } catch {
      // Scrolling is a convenience.
    }
  }, 100)
}

/** 议题详情: the proposal, 附议, the vote with its receipt, the results and their check, the follow-up, discussion. */
export default function ConsultationDetailPage() {
  const id = useRouter().params.id ?? ''
  const record = useRecord((opts) => getConsultation(id, opts), [id])
  const c = record.data
  /** The receipt of a ballot cast just now on this page (shown large until the page is left). */
  const [fresh, setFresh] = useState<VoteReceipt | null>(null)
  const [composer, setComposer] = useState<ComposerKind | null>(null)
  // The receipt kept on this device, read again with every answer (a ballot cast here, or on an earlier visit).
  const stored = useMemo(() => readReceipt(id), [id, c])

  useEffect(() => void prefetchConsultationTemplate(), [id])
  // 邀请邻居附议: a WeChat chat card with the topic's title that opens this topic (the ··· menu and the button).
  useShareAppMessage(() => ({ title: c ? `邀请您附议：${c.title}` : '邻里议事', path: topicPath(id) }))
  useEffect(() => {
    if (IS_WEAPP) void Taro.showShareMenu({ withShareTicket: false }).catch(() => undefined)
  }, [])

  if (!c) {
    return <PageShell className='cdetail'>{record.error ? <ErrorState message={record.error} onRetry={() => void record.load()} /> : <Loading />}</PageShell>
  }

  /**
   * A staff move or the author's edit: the topic it answers is kept and the composer closes. The refusal is thrown
   * back to the form that sent it, to show by its fields; useRecord reloads on a 409 (someone acted first).
   */
  const perform = async (work: () => Promise<ConsultationView>, done: string) => {
    let refusal: unknown
    const next = await record.act(() => work().catch((err: unknown) => Promise.reject((refusal = err))), () => done)
    if (!next) throw refusal
    setComposer(null)
  }

  const support = () => {
    // WeChat's subscribe dialog only opens right inside the tap, before any await (weapp; nothing on H5).
    void askConsultationSubscription(c.id)
    void record.act(
      () => supportConsultation(c.id),
      (next) => (next.status === 'review' ? '附议成功，已达到人数，提交社区审核' : '附议成功'),
    )
  }

  const voted = (receipt: VoteReceipt) => {
    saveReceipt(c.id, receipt)
    setFresh(receipt)
    void Taro.showToast({ title: '投票成功', icon: 'none' })
    void record.load()
    scrollToReceipt()
  }

  const v = c.viewer
  const mine = v.voted ? stored : null
  const receipt = fresh ?? (c.status === 'voting' ? mine : null)

  return (
    <PageShell className='cdetail'>
      <TopicHeader c={c} onEdit={() => setComposer('edit')} />
      {!c.byStaff && SUPPORT_CARD_STATUSES.includes(c.status) ? <SupportCard c={c} busy={record.busy} onSupport={support} /> : null}
      {c.status === 'voting' ? <VotingCard c={c} fresh={fresh} onVoted={voted} reload={() => void record.load()} /> : null}
      {receipt ? <ReceiptCard c={c} receipt={receipt} /> : null}

      {c.results ? (
        <>
          <Text className='section-title'>表决结果</Text>
          <ResultsCard c={c} results={c.results} />
          <Text className='section-title'>核对回执</Text>
          <ReceiptCheck c={c} results={c.results} mine={mine} />
        </>
      ) : null}

      {FOLLOW_UP_STATUSES.includes(c.status) || c.updates.length > 0 ? (
        <>
          <Text className='section-title'>落实情况</Text>
          <FollowUp c={c} />
        </>
      ) : null}

      {composer ? (
        <Composer kind={composer} c={c} busy={record.busy} onCancel={() => setComposer(null)} perform={perform} />
      ) : (
        <StaffActions
          c={c}
          busy={record.busy}
          onOpen={setComposer}
          onAct={(body: ConsultationActionInput, done) => perform(() => actOnConsultation(c.id, body, { silent: true }), done)}
        />
      )}

      {c.status !== 'proposed' || v.isStaff || v.isAuthor ? <Comments c={c} onChanged={() => void record.load()} /> : null}

      <Text className='section-title'>议事进程</Text>
      <Timeline c={c} />
    </PageShell>
  )
}
