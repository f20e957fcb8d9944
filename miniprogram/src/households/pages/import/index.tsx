import { useState } from 'react'
import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { HOUSEHOLD_CSV_COLUMNS, HOUSEHOLD_IMPORT_MAX_ROWS, IMPORT_ROW_OUTCOME_LABELS, type ImportHouseholdsResult } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { useSubmit } from '../../../components/useSubmit'
import { errorMessage } from '../../../services/http'
import { importHouseholds } from '../../households.api'
import '../../households.css'

const EXAMPLE = `${HOUSEHOLD_CSV_COLUMNS.join(',')}\n2号楼,1,102,孙奶奶,户主,13900000002,儿子`

/**
 * 批量导入住户: staff paste CSV rows (one occupant a row; a row without a name registers the address alone) and get an
 * answer per row — 新建, 已存在 or the reason it was refused. Importing the same rows again adds nothing.
 */
export default function ImportHouseholdsPage() {
  const [csv, setCsv] = useState('')
  const [result, setResult] = useState<ImportHouseholdsResult | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [sending, send] = useSubmit(async () => {
    setError(null)
    try {
      setResult(await importHouseholds(csv, { silent: true }))
    } catch (err) {
      setError(errorMessage(err))
    }
  })

  return (
    <PageShell className='hh-import'>
      <View className='card'>
        <Text className='muted'>{`每行一位住户，列依次为：${HOUSEHOLD_CSV_COLUMNS.join('、')}。只有前三列必填；一次最多${HOUSEHOLD_IMPORT_MAX_ROWS}行。`}</Text>
        <Text className='muted hh-row__people'>{`例如：\n${EXAMPLE}`}</Text>
      </View>
      <View className='card'>
        <Textarea className='hh-import__box' value={csv} maxlength={-1} placeholder='在此粘贴CSV内容' onInput={(e) => setCsv(e.detail.value)} />
      </View>
      {error ? <View className='notice'>{error}</View> : null}
      <Button className='block-button' type='primary' size='large' block loading={sending} disabled={sending || !csv.trim()} onClick={send}>
        {sending ? '正在导入…' : '导入'}
      </Button>
      {result ? (
        <>
          <Text className='section-title'>{`导入结果：新建${result.created}户，已存在${result.existing}行，添加住户${result.occupantsAdded}人，错误${result.errors}行`}</Text>
          <View className='card'>
            {result.rows.map((r) => (
              <Text key={r.line} className={`hh-import__row ${r.outcome === 'error' ? 'hh-import__row--error' : ''}`}>
                {`第${r.line}行 · ${IMPORT_ROW_OUTCOME_LABELS[r.outcome]} · ${r.outcome === 'error' ? r.message : `${r.address}${r.occupantAdded ? ' · 已添加住户' : ''}`}`}
              </Text>
            ))}
          </View>
        </>
      ) : null}
    </PageShell>
  )
}
