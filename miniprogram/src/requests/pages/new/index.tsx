import { useEffect } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageShell from '../../../components/PageShell'
import { FormError } from '../../../components/FormField'
import { Loading } from '../../../components/StateView'
import { canFileOnBehalf } from '../../../services/roles'
import PendingList from '../../components/PendingList'
import BehalfFields from './BehalfFields'
import CategoryPicker from './CategoryPicker'
import DescriptionFields from './DescriptionFields'
import OnSpotFields from './OnSpotFields'
import OptionFields, { SwitchRow } from './OptionFields'
import PhotoPicker from './PhotoPicker'
import PlaceFields from './PlaceFields'
import SimilarCard from './SimilarCard'
import TypePicker from './TypePicker'
import { useNewRequest } from './useNewRequest'
import './index.css'

/**
 * 反映诉求: category, words, place, urgency, photos; duplicate suggestions before filing; 代办 for staff. Opened from
 * a patrol, the same few taps file a 巡查发现, with 就地办结 for what the grid worker fixed there and then. A 流动网格员
 * files 流动网格员上报 the same way, at a building or a place of the community (a switch for one who is a resident too).
 */
export default function NewRequestPage() {
  const f = useNewRequest()
  const { session, form, similar } = f
  const { current } = session
  const finding = !!form.values.finding
  const mobileGrid = !finding && !!form.values.mobileGrid
  useEffect(() => {
    const title = finding ? '上报巡查发现' : mobileGrid ? '流动网格员上报' : f.fromVisit ? '走访转为诉求' : null
    if (title) void Taro.setNavigationBarTitle({ title }).catch(() => undefined)
  }, [finding, mobileGrid, !!f.fromVisit])

  if (!current || current.status !== 'active') {
    return (
      <PageShell className='rnew'>
        {session.status === 'loading' ? <Loading /> : <View className='notice'>加入社区并通过审核后才能反映诉求。</View>}
      </PageShell>
    )
  }

  return (
    <PageShell className='rnew'>
      {finding ? <Text className='notice rnew__finding'>巡查中发现的问题，提交后记入本次巡查。</Text> : null}
      {f.fromVisit ? (
        <View className='notice rnew__visit' onClick={f.fromVisit.error ? f.fromVisit.reload : undefined}>
          {f.fromVisit.error
            ? `读取走访记录失败：${f.fromVisit.error}（点此重试）`
            : `走访中发现的问题，代住户反映${f.fromVisit.address ? `（${f.fromVisit.address}）` : ''}。已按走访记录填好，请只保留需要社区办理的内容；提交后关联到这次走访。`}
        </View>
      ) : null}
      {f.reporterChoice ? (
        <View className='card'>
          <SwitchRow
            title='流动网格员上报'
            hint={mobileGrid ? '以流动网格员身份上报配送途中看到的问题' : '反映自家的事请关闭；配送途中看到的问题请打开'}
            className='rnew__mobile-grid'
            checked={mobileGrid}
            onChange={(on) => form.set({ mobileGrid: on, onBehalf: false, buildingId: on ? null : (current.household?.buildingId ?? null) })}
          />
        </View>
      ) : null}
      {mobileGrid ? <Text className='notice rnew__mobile-grid-notice'>流动网格员上报：请选择问题所在的楼栋，或在下方标注、填写具体地点（如南门外人行道）。</Text> : null}
      <PendingList communityId={f.communityId} onEdit={f.editPending} />
      {/* A resident's demand says what the resident wants; a finding or a 流动网格员's report is a problem to fix. */}
      {!finding && !mobileGrid ? <TypePicker value={form.values.type} onChange={(type) => form.set({ type })} /> : null}
      <CategoryPicker value={form.values.category} error={form.errors.category} onChange={(category) => form.set({ category })} />
      <DescriptionFields form={form} voice={f.voice} onVoice={(rec) => void f.recordVoice(rec)} onRemoveVoice={() => f.setVoice(null)} />
      <PhotoPicker photos={f.photos} error={form.errors.photoKeys} />
      <PlaceFields form={form} buildings={f.buildings} loadError={f.buildingsError} onReload={f.reloadBuildings} />
      <OptionFields form={form} behalfAllowed={canFileOnBehalf(session)} />
      {form.values.onBehalf && !finding && !mobileGrid ? <BehalfFields form={form} buildings={f.buildings} /> : null}
      <OnSpotFields form={form} photos={f.onSpotPhotos} />
      {similar.visible ? <SimilarCard items={similar.items ?? []} onJoin={(s) => void similar.join(s)} /> : null}
      <FormError errors={form.errors} />
      <Button
        className='block-button rnew__submit'
        type='primary'
        size='large'
        block
        loading={f.submitting}
        disabled={f.submitting}
        onClick={() => void f.submit(similar.shown)}
      >
        {similar.visible ? '仍要提交' : form.values.finding?.onSpot ? '提交并办结' : '提交'}
      </Button>
    </PageShell>
  )
}
