import { useEffect } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { MOBILE_GRID_PLATFORMS, MOBILE_GRID_PLATFORM_LABELS, api, type MobileGridPlatform } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import ChoiceChips from '../../../components/ChoiceChips'
import { FormError, FormField, TextField } from '../../../components/FormField'
import { ErrorState, Loading } from '../../../components/StateView'
import { useForm } from '../../../components/useForm'
import { useRecord } from '../../../components/useRecord'
import { useSubmit } from '../../../components/useSubmit'
import { refreshSession, useSession } from '../../../services/session'
import ApplicationCard from '../../components/ApplicationCard'
import { listCommunities } from '../../../services/community'
import { applyMobileGrid, myApplications } from '../../mobile-grid.api'
import { REPORT_PAGE } from '../../format'
import '../../mobile-grid.css'

interface ApplyForm {
  communityId: string
  realName: string
  phone: string
  platform: MobileGridPlatform | ''
  platformName: string
  area: string
}

/** The API body: empty optional parts left out; the employer's name only with 其他. */
const toBody = (v: ApplyForm) => ({
  communityId: v.communityId,
  realName: v.realName.trim(),
  phone: v.phone.trim(),
  platform: v.platform || undefined,
  platformName: v.platform === 'other' ? v.platformName.trim() || undefined : undefined,
  area: v.area.trim() || undefined,
})

const PLATFORMS = MOBILE_GRID_PLATFORMS.map((p) => ({ id: p, name: MOBILE_GRID_PLATFORM_LABELS[p] }))

/**
 * 申请成为流动网格员: couriers and riders who deliver in a community — living there or not — apply to report the hazards
 * they see on their rounds. My applications and their status come first (审核中 / 已通过 / 未通过 and why / 已撤销);
 * the form is for a community without an application pending or in force.
 */
export default function ApplyPage() {
  const session = useSession()
  const apps = useRecord((opts) => myApplications(opts), [])
  const communities = useRecord((opts) => listCommunities(undefined, opts).then((r) => r.items), [], { refreshOnShow: false })
  const form = useForm<ApplyForm, typeof api.mobileGrid.apply.body>({
    schema: api.mobileGrid.apply.body,
    initial: () => ({ communityId: session.current?.communityId ?? '', realName: session.current?.realName ?? '', phone: session.current?.phone ?? '', platform: '', platformName: '', area: '' }),
    toBody,
    messages: { communityId: '请选择社区', platform: '请选择所在单位或平台' },
  })
  const { values, errors, set } = form
  const approved = apps.data?.some((a) => a.status === 'approved')
  // Approval gives a role (and, to a courier from elsewhere, a membership): the session reads it again.
  useEffect(() => {
    if (approved) void refreshSession()
  }, [approved])

  const here = apps.data?.find((a) => a.communityId === values.communityId)
  const open = here && (here.status === 'pending' || here.status === 'approved')

  const submit = async () => {
    const done = await form.send((body) => applyMobileGrid(body, { silent: true }))
    if (!done) return
    await apps.load()
    void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined)
    void Taro.showToast({ title: '申请已提交，请等待社区审核', icon: 'none', duration: 2500 })
  }
  const [submitting, send] = useSubmit(submit)

  return (
    <PageShell className='mgrid'>
      <View className='card'>
        <Text className='mgrid__intro'>快递员、外卖骑手等在社区里配送的朋友，可以申请成为流动网格员：送件路上看到的安全隐患、设施损坏，随手上报给社区，由网格员和社区工作者处理。不住在本社区也可以申请。</Text>
      </View>

      {apps.data === null && !apps.error ? <Loading /> : null}
      {apps.error ? <ErrorState message={apps.error} onRetry={() => void apps.load()} /> : null}
      {apps.data?.length ? <Text className='section-title'>我的申请</Text> : null}
      {apps.data?.map((a) => (
        <ApplicationCard key={a.id} app={a} title={a.communityName}>
          {a.status === 'approved' && session.current?.communityId === a.communityId ? (
            <Button className='block-button' type='primary' block onClick={() => void Taro.navigateTo({ url: REPORT_PAGE })}>
              流动网格员上报
            </Button>
          ) : null}
          {a.status === 'revoked' ? <Text className='muted'>社区已撤销您的流动网格员身份，如需继续可重新申请。</Text> : null}
        </ApplicationCard>
      ))}

      <Text className='section-title'>{here?.status === 'rejected' || here?.status === 'revoked' ? '重新申请' : '填写申请'}</Text>
      <View className='card'>
        <FormField label='在哪个社区配送' required error={errors.communityId}>
          {communities.data === null && !communities.error ? <Loading text='正在加载社区…' /> : null}
          {communities.error ? <ErrorState message={communities.error} onRetry={() => void communities.load()} /> : null}
          <ChoiceChips options={communities.data ?? []} selected={values.communityId} onPick={(communityId) => set({ communityId })} />
        </FormField>
        {open ? (
          <View className='notice'>{here.status === 'pending' ? '您在该社区的申请正在审核中，请耐心等待。' : '您已是该社区的流动网格员。'}</View>
        ) : (
          <>
            <TextField form={form} name='realName' label='真实姓名' required placeholder='仅社区工作人员可见' />
            <TextField form={form} name='phone' type='number' label='手机号' required placeholder='11位手机号，仅社区工作人员可见' />
            <FormField label='所在单位或平台' required error={errors.platform}>
              <ChoiceChips options={PLATFORMS} selected={values.platform || null} onPick={(id) => set({ platform: id as MobileGridPlatform })} />
            </FormField>
            {values.platform === 'other' ? <TextField form={form} name='platformName' label='单位名称' required placeholder='如：闪送、达达' /> : null}
            <TextField form={form} name='area' label='配送范围（选填）' multiline counter placeholder='如：每天上午给1至4号楼送件' />
          </>
        )}
      </View>

      <FormError errors={errors} />
      {open ? null : (
        <Button className='block-button' type='primary' size='large' block loading={submitting} disabled={submitting} onClick={send}>
          {submitting ? '正在提交…' : '提交申请'}
        </Button>
      )}
      <Text className='mgrid__privacy'>您的姓名和手机号仅用于社区核实身份和联系您，不会向其他居民公开。</Text>
    </PageShell>
  )
}
