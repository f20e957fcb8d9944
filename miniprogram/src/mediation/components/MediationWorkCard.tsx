import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { CaseView } from '@linli/shared'
import { ErrorState, Loading } from '../../components/StateView'
import { useRecord } from '../../components/useRecord'
import { casesPage, newCasePage } from '../format'
import { myOpenCases } from '../mediation.api'
import './MediationWorkCard.css'

/** What waits on the mediator: sessions to hold, confirmations to collect, 回访 due. */
function waiting(items: readonly CaseView[]): string {
  const count = (pred: (c: CaseView) => boolean) => items.filter(pred).length
  const parts = [
    [count((c) => c.status === 'open' || c.status === 'mediating'), '调解中'],
    [count((c) => c.status === 'agreed'), '待确认协议'],
    [count((c) => c.status === 'confirmed' && !!c.followUpDueAt && new Date(c.followUpDueAt).getTime() <= Date.now()), '待回访'],
    [count((c) => c.status === 'failed'), '调解不成待处理'],
  ] as const
  return parts.filter(([n]) => n > 0).map(([n, label]) => `${label}${n}件`).join(' · ')
}

/**
 * 矛盾纠纷调解 on the 首页 of grid workers, staff and 人民调解员: how many cases they mediate are still open and what
 * waits on them, with 我调解的案件 and 登记纠纷 one tap away. Read again whenever 首页 shows.
 */
export default function MediationWorkCard() {
  const record = useRecord((opts) => myOpenCases(opts), [])
  const items = record.data?.items
  return (
    <>
      <Text className='section-title'>矛盾纠纷调解</Text>
      <View className='card mcard'>
        {!record.data && !record.error ? <Loading /> : null}
        {record.error ? <ErrorState message={record.error} onRetry={() => void record.load()} /> : null}
        {items ? (
          <>
            <View className='mcard__head' onClick={() => void Taro.navigateTo({ url: casesPage('mediator') })}>
              <Text className='card__title'>我调解的案件</Text>
              <Text>
                进行中 <Text className='mcard__count'>{items.length}</Text> 件
              </Text>
            </View>
            <Text className='muted mcard__line'>{items.length ? waiting(items) : '没有进行中的案件。邻里纠纷诉求可“转调解”，也可直接登记。'}</Text>
          </>
        ) : null}
        <View className='mcard__links'>
          <Button type='primary' fill='outline' onClick={() => void Taro.navigateTo({ url: casesPage('mediator') })}>
            我调解的案件
          </Button>
          <Button type='primary' onClick={() => void Taro.navigateTo({ url: newCasePage() })}>
            登记纠纷
          </Button>
        </View>
      </View>
    </>
  )
}
