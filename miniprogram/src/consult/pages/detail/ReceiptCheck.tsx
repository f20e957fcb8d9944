import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ConsultationResults, ConsultationView, VoteReceipt } from '@linli/shared'
import { normalizeReceipt } from '../../consult.api'
import { optionLabel } from '../../format'

/** A receipt is XXXX-XXXX-XX; room for spaces people type between the groups. */
const RECEIPT_INPUT_MAX = 20

/** The options whose published receipts include this code. */
const optionsWith = (c: ConsultationView, results: ConsultationResults, code: string) => c.options.filter((o) => results.receipts[o.id]?.includes(code))

/** The device's own receipt, looked up under each option its ballot chose. */
function MyReceipt({ c, results, receipt }: { c: ConsultationView; results: ConsultationResults; receipt: VoteReceipt }) {
  const found = receipt.optionIds.length > 0 && receipt.optionIds.every((id) => results.receipts[id]?.includes(receipt.receipt))
  return found ? (
    <View className='cdetail__mine cdetail__mine--ok'>
      <Text className='cdetail__mine-title'>我的投票已计入 ✓</Text>
      <Text className='cdetail__mine-text'>
        回执码 {receipt.receipt} 出现在：{receipt.optionIds.map((id) => `“${optionLabel(c, id)}”`).join('、')}
      </Text>
    </View>
  ) : (
    <View className='cdetail__mine cdetail__mine--bad'>
      <Text className='cdetail__mine-title'>未在结果中找到我的回执码</Text>
      <Text className='cdetail__mine-text'>本机保存的回执码 {receipt.receipt} 没有出现在所选选项下，请联系社区工作人员核实。</Text>
    </View>
  )
}

interface Props {
  c: ConsultationView
  results: ConsultationResults
  /** The receipt kept on this device, when its ballot was cast. */
  mine: VoteReceipt | null
}

/** 核对回执: anyone checks a receipt against the published results; the device's own is checked on its own. */
export default function ReceiptCheck({ c, results, mine }: Props) {
  const [lookup, setLookup] = useState('')
  const [result, setResult] = useState<{ found: boolean; text: string } | null>(null)

  const check = () => {
    const code = normalizeReceipt(lookup)
    if (!code) return setResult({ found: false, text: '请输入回执码' })
    const found = optionsWith(c, results, code).map((o) => `“${o.label}”`)
    setResult(found.length ? { found: true, text: `回执码 ${code} 已计入：${found.join('、')}` } : { found: false, text: `未找到回执码 ${code}，请检查是否输入正确` })
  }

  return (
    <View className='card cdetail__check'>
      {mine ? <MyReceipt c={c} results={results} receipt={mine} /> : null}
      <Text className='muted cdetail__line'>每张选票的回执码都公布在它所选的选项下，任何人都可以输入回执码核对。</Text>
      <View className='cdetail__lookup'>
        <Input
          className='cdetail__lookup-input'
          value={lookup}
          placeholder='输入回执码，如 ABCD-EFGH-JK'
          maxlength={RECEIPT_INPUT_MAX}
          onInput={(e) => {
            setLookup(e.detail.value)
            setResult(null)
          }}
        />
        <Button size='small' type='primary' onClick={check}>
          核对
        </Button>
      </View>
      {result ? (
        <Text className={`cdetail__lookup-result ${result.found ? 'cdetail__lookup-result--found' : 'cdetail__lookup-result--missing'}`}>{result.text}</Text>
      ) : null}
    </View>
  )
}
