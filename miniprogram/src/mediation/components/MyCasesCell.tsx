import Taro from '@tarojs/taro'
import { Cell, CellGroup } from '@nutui/nutui-react-taro'
import { CASE_STATUS_LABELS } from '@linli/shared'
import { useRecord } from '../../components/useRecord'
import { casesPage } from '../format'
import { listCases } from '../mediation.api'

/**
 * 我的调解 on 我的, for a resident who is a party to a dispute case: where they read the sessions and confirm the
 * agreement. Shown only to those who have a case — a neighbour without a dispute has no use for an empty list —
 * and read again whenever 我的 shows (a mediator may just have named them).
 */
export default function MyCasesCell() {
  const record = useRecord((opts) => listCases({ scope: 'party', limit: 1 }, opts), [])
  const latest = record.data?.items[0]
  if (!latest) return null
  return (
    <CellGroup title='矛盾纠纷调解'>
      <Cell
        title='我的调解'
        description={latest.actions.includes('confirm') ? '调解协议待您确认' : undefined}
        extra={`最近：${CASE_STATUS_LABELS[latest.status]}`}
        clickable
        onClick={() => void Taro.navigateTo({ url: casesPage('party') })}
      />
    </CellGroup>
  )
}
