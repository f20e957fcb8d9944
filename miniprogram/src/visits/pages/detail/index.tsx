import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Tag } from '@nutui/nutui-react-taro'
import { CASE_STATUS_LABELS, MET_CONSENT_LABELS, REQUEST_STATUS_LABELS, VISIT_TOPIC_LABELS, hasAnyRole, type FollowUpView, type VisitView } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import RoleGate from '../../../components/RoleGate'
import { currentRoles, useSession } from '../../../services/session'
import { ErrorState, Loading } from '../../../components/StateView'
import { useRecord } from '../../../components/useRecord'
import { formatTime } from '../../../services/format'
import { householdPage } from '../../../households/households.api'
import FollowUpItem from '../../components/FollowUpItem'
import { getVisit } from '../../visits.api'
import { behalfForm } from '../../format'
import '../../components/visits.css'
import './index.css'

/** The visit with one follow-up replaced by its new state. */
const withFollowUp = (v: VisitView, f: FollowUpView): VisitView => ({ ...v, followUps: v.followUps.map((x) => (x.id === f.id ? f : x)) })

/**
 * 走访记录: one visit — the day, who recorded it, whom they met (a name only with consent), topics, notes, the
 * follow-up items with 完成, and the requests filed from it, each a link. 转为诉求（代办） files a finding on behalf
 * of the household, the form filled from the visit; the request then links back here. 转为调解案件 opens a dispute
 * case from the visit (its mediators add the parties); the case's number and state are listed here, never its contents.
 */
export default function VisitPage() {
  const id = useRouter().params.id ?? ''
  const session = useSession()
  const worker = hasAnyRole(currentRoles(session), ['grid_worker', 'staff'])
  const record = useRecord((opts) => (worker ? getVisit(id, opts) : Promise.resolve(null)), [id, worker])
  const v = record.data
  const gate = (children: JSX.Element) => (
    <RoleGate session={session} allowed={worker} className='vdetail' title='走访记录仅供本网格网格员和社区工作者查看' description='走访中了解的情况属于个人信息，只用于上门服务。'>
      {children}
    </RoleGate>
  )

  if (!v) {
    return gate(<PageShell className='vdetail'>{record.error ? <ErrorState message={record.error} onRetry={() => void record.load()} /> : <Loading />}</PageShell>)
  }

  const requests = v.requests ?? []
  const cases = v.cases ?? []
  return gate(
    <PageShell className='vdetail'>
      <View className='card vdetail__head' onClick={() => void Taro.navigateTo({ url: householdPage(v.householdId) })}>
        <Text className='vdetail__address'>{v.address}</Text>
        <Text className='muted vdetail__line'>
          {v.date} 走访 · {v.recorderName}
        </Text>
        <Text className='muted vdetail__line'>记录于 {formatTime(v.recordedAt)} · 查看住户档案 ›</Text>
      </View>

      <Text className='section-title'>见到的人（{v.metCount}）</Text>
      <View className='card'>
        {v.met.length === 0 ? <Text className='muted'>没有登记见到的人</Text> : null}
        {v.met.map((m, i) => (
          <View key={`${m.occupantId ?? 'p'}-${i}`} className='vdetail__met'>
            <Text className='vdetail__met-name'>
              {m.label}
              {m.relation ? <Text className='muted'> · {m.relation}</Text> : null}
            </Text>
            {/* A refusal says so in its label already (一位住户（未同意登记）). */}
            {m.consent === 'refused' ? null : <Text className='muted vdetail__consent'>{MET_CONSENT_LABELS[m.consent]}</Text>}
          </View>
        ))}
      </View>

      <Text className='section-title'>走访事项</Text>
      <View className='card vdetail__topics'>
        {v.topics.map((t) => (
          <Text key={t} className='vdetail__topic'>
            {VISIT_TOPIC_LABELS[t]}
          </Text>
        ))}
      </View>

      <Text className='section-title'>走访记录</Text>
      <View className='card'>
        <Text className={v.notes ? 'vdetail__notes' : 'muted'}>{v.notes || '没有填写记录'}</Text>
      </View>

      <Text className='section-title'>待办事项（{v.followUps.length}）</Text>
      <View className='card'>
        {v.followUps.length === 0 ? <Text className='muted'>这次走访没有待办事项</Text> : null}
        {v.followUps.map((f) => (
          <FollowUpItem key={f.id} f={f} onChange={(next) => (next ? record.setData(withFollowUp(v, next)) : void record.load())} />
        ))}
      </View>

      <Text className='section-title'>转出的诉求（{requests.length}）</Text>
      <View className='card'>
        {requests.length === 0 ? <Text className='muted'>走访中发现需要社区办理的问题，可以转为诉求代住户反映。</Text> : null}
        {requests.map((r) => (
          <View key={r.id} className='vdetail__request' onClick={() => void Taro.navigateTo({ url: `/requests/pages/detail/index?id=${r.id}&from=queue` })}>
            <Text className='vdetail__request-title'>{r.title}</Text>
            <Tag type={r.status === 'resolved' || r.status === 'closed' ? 'success' : 'default'}>{REQUEST_STATUS_LABELS[r.status]}</Tag>
          </View>
        ))}
        {v.actions.includes('file_request') ? (
          <Button className='block-button vdetail__behalf vdetail__to-request' type='primary' fill='outline' block onClick={() => void Taro.navigateTo({ url: behalfForm(v.id) })}>
            转为诉求（代办）
          </Button>
        ) : null}
      </View>

      <Text className='section-title'>转调解的纠纷（{cases.length}）</Text>
      <View className='card'>
        {cases.length === 0 ? <Text className='muted'>走访中发现邻里、家庭等矛盾纠纷，可以登记为调解案件，由调解员跟进化解。</Text> : null}
        {cases.map((c) => (
          <View key={c.id} className='vdetail__request' onClick={() => void Taro.navigateTo({ url: `/mediation/pages/detail/index?id=${c.id}` })}>
            <Text className='vdetail__request-title'>调解案件 {c.number}</Text>
            <Tag type={c.status === 'closed' ? 'success' : 'default'}>{CASE_STATUS_LABELS[c.status]}</Tag>
          </View>
        ))}
        <Button className='block-button vdetail__behalf vdetail__to-case' type='primary' fill='outline' block onClick={() => void Taro.navigateTo({ url: `/mediation/pages/new/index?visitId=${v.id}` })}>
          转为调解案件
        </Button>
      </View>
    </PageShell>,
  )
}
