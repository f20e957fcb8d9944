import Taro from '@tarojs/taro'
import { Button as TaroButton, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { api } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import ChoiceChips from '../../../components/ChoiceChips'
import { FormError, FormField, TextField } from '../../../components/FormField'
import { ErrorState, Loading, Empty } from '../../../components/StateView'
import { useForm } from '../../../components/useForm'
import { useRecord } from '../../../components/useRecord'
import { useSubmit } from '../../../components/useSubmit'
import { joinCommunity } from '../../communities.api'
import { getCommunity } from '../../../services/community'
import { refreshSession, switchCommunity } from '../../../services/session'
import { IS_WEAPP } from '../../../services/config'
import CommunitySearch from './CommunitySearch'
import './index.css'

const EMPTY = { communityId: '', buildingId: '', name: '', realName: '', unit: '', room: '', phone: '', inviteCode: '', phoneCode: '' }
type JoinForm = typeof EMPTY

/** The API body: empty optional fields are left out rather than sent as "". */
function toBody(v: JoinForm) {
  const opt = (s: string) => s.trim() || undefined
  return {
    communityId: v.communityId,
    buildingId: v.buildingId,
    name: v.name.trim(),
    realName: opt(v.realName),
    unit: v.unit.trim(),
    room: v.room.trim(),
    // The code from WeChat's phone button is exchanged for the number on the server; else the typed one.
    phone: v.phoneCode ? undefined : opt(v.phone),
    phoneCode: v.phoneCode || undefined,
    inviteCode: opt(v.inviteCode.toUpperCase()),
  }
}

const go = (url: string) => () => void Taro.navigateTo({ url })

/** 申请加入社区: choose the community and the household, say who you are; an invite code joins at once. */
export default function JoinPage() {
  const form = useForm({
    schema: api.communities.join.body,
    initial: EMPTY,
    toBody,
    messages: { communityId: '请选择社区', buildingId: '请选择楼栋' },
  })
  const { values, errors, set } = form
  const detail = useRecord((opts) => (values.communityId ? getCommunity(values.communityId, opts) : Promise.resolve(null)), [values.communityId], {
    refreshOnShow: false,
  })

  const submit = async () => {
    const body = form.validate()
    if (!body) return
    try {
      const membership = await joinCommunity(body, { silent: true })
      switchCommunity(membership.communityId)
      await refreshSession()
      // A toast rather than a modal: 我的 shows the outcome (已加入 / 待审核 and its notice) right away.
      void Taro.showToast({
        title: membership.status === 'active' ? `已加入${membership.communityName}` : '申请已提交，请等待社区审核',
        icon: 'none',
        duration: 2500,
      })
      void Taro.switchTab({ url: '/pages/mine/index' })
    } catch (err) {
      form.fail(err)
    }
  }
  const [submitting, send] = useSubmit(submit)

  return (
    <PageShell className='join'>
      <Text className='section-title'>1. 选择社区</Text>
      <View className='card'>
        <FormField error={errors.communityId}>
          <CommunitySearch chosen={values.communityId} onChoose={(id) => id !== values.communityId && set({ communityId: id, buildingId: '' })} />
        </FormField>
      </View>

      {values.communityId ? (
        <>
          <Text className='section-title'>2. 选择住址</Text>
          <View className='card'>
            <FormField error={errors.buildingId}>
              {!detail.data && !detail.error ? <Loading text='正在加载楼栋…' /> : null}
              {detail.error ? <ErrorState message={detail.error} onRetry={() => void detail.load()} /> : null}
              {detail.data && detail.data.buildings.length === 0 ? <Empty title='该社区还没有登记楼栋' description='请联系社区工作人员。' /> : null}
              <ChoiceChips options={detail.data?.buildings ?? []} selected={values.buildingId} onPick={(id) => set({ buildingId: id })} />
            </FormField>
            <View className='field-pair'>
              <TextField form={form} name='unit' label='单元' required placeholder='如：2' />
              <TextField form={form} name='room' label='房号' required placeholder='如：301' />
            </View>
          </View>
        </>
      ) : null}

      <Text className='section-title'>{values.communityId ? '3. 个人信息' : '2. 个人信息'}</Text>
      <View className='card'>
        <TextField form={form} name='name' label='称呼' required placeholder='邻居怎么称呼您，如：王阿姨' />
        <TextField form={form} name='realName' label='真实姓名（选填）' placeholder='仅社区工作人员可见' />
        {values.phoneCode ? (
          <FormField label='手机号（选填）' error={errors.phoneCode}>
            <View className='join__phone-ok'>
              <Text>已授权使用微信绑定的手机号</Text>
              <Text className='join__link' onClick={() => set({ phoneCode: '' })}>
                改为手动填写
              </Text>
            </View>
          </FormField>
        ) : (
          <TextField form={form} name='phone' type='number' label='手机号（选填）' placeholder='11位手机号，便于社区联系您' />
        )}
        {IS_WEAPP && !values.phoneCode ? (
          <TaroButton
            className='join__wx-phone'
            openType='getPhoneNumber'
            // A refusal (no code) simply leaves the typed number.
            onGetPhoneNumber={(e) => e.detail.code && set({ phoneCode: e.detail.code, phone: '' })}
          >
            使用微信手机号
          </TaroButton>
        ) : null}
        <TextField form={form} name='inviteCode' label='邀请码（选填）' placeholder='有邀请码可直接加入，无需审核' />
      </View>

      <FormError errors={errors} />

      <Button className='block-button' type='primary' size='large' block loading={submitting} disabled={submitting} onClick={send}>
        {submitting ? '正在提交…' : '提交申请'}
      </Button>
      <Text className='join__privacy'>
        提交即表示您同意
        <Text className='join__link' onClick={go('/legal/pages/terms/index')}>
          《用户协议》
        </Text>
        和
        <Text className='join__link' onClick={go('/legal/pages/privacy/index')}>
          《隐私政策》
        </Text>
        。您的住址和手机号仅用于社区核实身份和联系您。
      </Text>
    </PageShell>
  )
}
