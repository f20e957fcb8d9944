import Taro, { useRouter } from '@tarojs/taro'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading } from '../../../components/StateView'
import { useSession } from '../../../services/session'
import ActionBar from './ActionBar'
import { actionButtons, type ExtCallKind, type UnitMoveKind } from './actions'
import Composer from './Composer'
import DispatchComposer from './DispatchComposer'
import { PendingSendBack, RateUnitComposer, RejectSendBackComposer, SendBackComposer } from './UnitMoves'
import { CallBackComposer, DecideExtensionComposer, ExtensionCallBackFacts, RequestExtensionComposer } from './ExtensionCallBack'
import TypeComposer from './TypeComposer'
import DuplicateLink from './DuplicateLink'
import MediationLink from './MediationLink'
import HolderCard from './HolderCard'
import PhotoGallery from './PhotoGallery'
import RatingCard from './RatingCard'
import { RewardCard } from './Reward'
import RequestSummary from './RequestSummary'
import Timeline from './Timeline'
import { useRequestDetail } from './useRequestDetail'
import './index.css'

const preview = (urls: string[], current: string) => void Taro.previewImage({ urls, current })

/** 吹哨报到's forms: 派发 (重新派发), 退单 (a person assignee), 驳回退单, 单位办理评价. */
const UNIT_MOVES: Record<UnitMoveKind | ExtCallKind | 'set_type', typeof DispatchComposer> = {
  dispatch: DispatchComposer,
  send_back: SendBackComposer,
  reject_send_back: RejectSendBackComposer,
  rate_unit: RateUnitComposer,
  // 延期申请, 延期审批, 电话回访 (ExtensionCallBack.tsx).
  request_extension: RequestExtensionComposer,
  decide_extension: DecideExtensionComposer,
  call_back: CallBackComposer,
  // 改类型 (TypeComposer.tsx).
  set_type: TypeComposer,
}

/** 诉求详情: what was asked, where it stands, its timeline, and the moves this person may make now (the view's `actions`). */
export default function RequestDetailPage() {
  const router = useRouter()
  const session = useSession()
  const d = useRequestDetail(router.params.id ?? '', router.params.from)
  const { r } = d

  if (!r) {
    return <PageShell className='rdetail'>{d.error ? <ErrorState message={d.error} onRetry={d.reload} /> : <Loading />}</PageShell>
  }

  const handler = r.viewer.isHandler
  return (
    <PageShell className='rdetail'>
      <RequestSummary r={r} />
      <DuplicateLink r={r} />
      <MediationLink r={r} />
      <HolderCard r={r} handler={handler} userId={session.current?.userId} />
      <ExtensionCallBackFacts r={r} handler={handler} />
      <PhotoGallery photos={r.photos} onApprove={d.hat === 'handler' ? d.approveHeldPhoto : undefined} onPreview={preview} />
      <RatingCard rating={r.rating} />
      <RewardCard r={r} handler={handler} />
      <Timeline entries={r.timeline} of={r} showAudience={handler} onPreview={preview} />
      {d.hat === 'handler' ? <PendingSendBack r={r} /> : null}
      {d.composer && UNIT_MOVES[d.composer as UnitMoveKind | ExtCallKind | 'set_type'] ? (
        (() => {
          const Form = UNIT_MOVES[d.composer as UnitMoveKind | ExtCallKind | 'set_type']
          return <Form key={d.composer} r={r} busy={d.busy} perform={d.perform} onCancel={d.closeComposer} />
        })()
      ) : d.composer ? (
        <Composer
          key={d.composer}
          kind={d.composer as Exclude<typeof d.composer, UnitMoveKind | ExtCallKind | 'set_type'>}
          r={r}
          asHandler={d.hat === 'handler'}
          busy={d.busy}
          templates={d.templates}
          assignees={d.assignees}
          candidates={d.candidates}
          listError={d.listError}
          perform={d.perform}
          onCancel={d.closeComposer}
        />
      ) : (
        <ActionBar buttons={actionButtons(r, d.hat)} busy={d.busy} onAction={(a) => void d.onAction(a)} />
      )}
    </PageShell>
  )
}
