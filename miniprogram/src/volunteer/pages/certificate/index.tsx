import { useRouter, useShareAppMessage } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading } from '../../../components/StateView'
import { useRecord } from '../../../components/useRecord'
import { IS_WEAPP } from '../../../services/config'
import { getStarAward } from '../../volunteer.api'
import { hoursText, starText } from '../../format'
import { shanghaiParts } from '../../../services/format'
import './index.css'

const CN_DIGITS = ['〇', '一', '二', '三', '四', '五']

/** 星级证书: a certificate for a granted star, to keep and share with family (weapp 转发). */
export default function CertificatePage() {
  const id = useRouter().params.id ?? ''
  const { data: award, error, load } = useRecord((opts) => getStarAward(id, opts), [id], { refreshOnShow: false })

  useShareAppMessage(() => ({
    title: award ? `${award.volunteerName}荣获${award.communityName}${CN_DIGITS[award.stars] ?? award.stars}星级志愿者` : '星级志愿者证书',
    path: `/volunteer/pages/certificate/index?id=${id}`,
  }))

  if (!award) {
    return <PageShell className='vcert'>{error ? <ErrorState message={error} onRetry={() => void load()} /> : <Loading />}</PageShell>
  }

  const granted = award.status === 'granted'
  const issuedOn = shanghaiParts(award.publicUntil).date
  const [y, m, d] = issuedOn.split('-')

  return (
    <PageShell className='vcert'>
      {!granted ? (
        <View className='notice'>
          {award.status === 'announced' ? `公示中，${shanghaiParts(award.publicUntil).date} 公示期满后授予，届时生成证书编号。` : '该星级已暂缓授予。'}
        </View>
      ) : null}
      <View className={`vcert__paper ${granted ? '' : 'vcert__paper--draft'}`}>
        <View className='vcert__frame'>
          <Text className='vcert__heading'>荣誉证书</Text>
          <Text className='vcert__sub'>星级志愿者</Text>
          <Text className='vcert__stars'>{starText(award.stars)}</Text>
          <Text className='vcert__body'>
            <Text className='vcert__name'>{award.volunteerName}</Text> 同志：
          </Text>
          <Text className='vcert__body vcert__indent'>
            您热心社区公益，累计志愿服务 {hoursText(award.hours)} 小时，经社区公示，被评为“{CN_DIGITS[award.stars] ?? award.stars}星级志愿者”。特发此证，以资鼓励。
          </Text>
          <View className='vcert__foot'>
            <Text className='vcert__org'>{award.communityName}</Text>
            <Text className='vcert__date'>{granted ? `${y}年${Number(m)}月${Number(d)}日` : '公示中'}</Text>
          </View>
          <Text className='vcert__no'>证书编号：{award.certificateNo ?? '公示期满后生成'}</Text>
        </View>
      </View>
      {granted ? <Text className='vcert__tip muted'>{IS_WEAPP ? '点右上角“…”转发给家人朋友' : '在微信中打开可转发给家人朋友'}</Text> : null}
    </PageShell>
  )
}
