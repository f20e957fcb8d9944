import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Button as TaroButton, Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { JoinCommunityInput, type CommunityDetail, type CommunitySummary } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading, Empty } from '../../../components/StateView'
import { joinCommunity, listCommunities, type JoinInput } from '../../communities.api'
import { getCommunity } from '../../../services/community'
import { refreshSession, switchCommunity } from '../../../services/session'
import { errorMessage, fieldErrors } from '../../../services/http'
import { IS_WEAPP } from '../../../services/config'
import './index.css'

type Form = {
  name: string
  realName: string
  unit: string
  room: string
  phone: string
  inviteCode: string
}
type FieldKey = keyof Form | 'communityId' | 'buildingId' | 'phoneCode'

const EMPTY_FORM: Form = { name: '', realName: '', unit: '', room: '', phone: '', inviteCode: '' }

/** Turns the form into the API body: empty optional fields are left out rather than sent as "". */
function toBody(communityId: string, buildingId: string, form: Form, phoneCode: string | null): JoinInput {
  const opt = (v: string) => (v.trim() ? v.trim() : undefined)
  return {
    communityId,
    buildingId,
    name: form.name.trim(),
    realName: opt(form.realName),
    unit: form.unit.trim(),
    room: form.room.trim(),
    phone: phoneCode ? undefined : opt(form.phone),
    phoneCode: phoneCode ?? undefined,
    inviteCode: opt(form.inviteCode.toUpperCase()),
  }
}

export default function JoinPage() {
  const [communities, setCommunities] = useState<CommunitySummary[] | null>(null)
  const [listError, setListError] = useState<string | null>(null)
  const [query, setQuery] = useState('')
  const [communityId, setCommunityId] = useState<string | null>(null)
  const [detail, setDetail] = useState<CommunityDetail | null>(null)
  const [detailError, setDetailError] = useState<string | null>(null)
  const [buildingId, setBuildingId] = useState<string | null>(null)
  const [form, setForm] = useState<Form>(EMPTY_FORM)
  const [phoneCode, setPhoneCode] = useState<string | null>(null)
  const [errors, setErrors] = useState<Partial<Record<FieldKey, string>>>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)

  const loadCommunities = async (q?: string) => {
    setListError(null)
    try {
      const res = await listCommunities(q, { silent: true })
      setCommunities(res.items)
    } catch (err) {
      setListError(errorMessage(err))
    }
  }

  useEffect(() => {
    void loadCommunities()
  }, [])

  const loadDetail = async (id: string) => {
    setDetail(null)
    setDetailError(null)
    try {
      setDetail(await getCommunity(id, { silent: true }))
    } catch (err) {
      setDetailError(errorMessage(err))
    }
  }

  const chooseCommunity = (id: string) => {
    if (id === communityId) return
    setCommunityId(id)
    setBuildingId(null)
    setErrors((e) => ({ ...e, communityId: undefined, buildingId: undefined }))
    void loadDetail(id)
  }

  const set = (key: keyof Form) => (e: { detail: { value: string } }) => {
    const value = e.detail.value
    setForm((f) => ({ ...f, [key]: value }))
    setErrors((errs) => ({ ...errs, [key]: undefined }))
  }

  const onPhoneNumber = (e: { detail: { code?: string; errMsg?: string } }) => {
    // The code is exchanged for the number on the server; a refusal simply leaves the typed number.
    if (e.detail.code) {
      setPhoneCode(e.detail.code)
      setErrors((errs) => ({ ...errs, phone: undefined, phoneCode: undefined }))
    }
  }

  const submit = async () => {
    setFormError(null)
    const missing: Partial<Record<FieldKey, string>> = {}
    if (!communityId) missing.communityId = '请选择社区'
    if (!buildingId) missing.buildingId = '请选择楼栋'
    if (!communityId || !buildingId) {
      setErrors(missing)
      return
    }
    const body = toBody(communityId, buildingId, form, phoneCode)
    // Check with the same schema the server uses, so obvious slips get the same words without a round trip.
    const local = JoinCommunityInput.safeParse(body)
    if (!local.success) {
      const next: Partial<Record<FieldKey, string>> = {}
      for (const issue of local.error.issues) {
        const key = String(issue.path[0] ?? '') as FieldKey
        if (key && !next[key]) next[key] = issue.message
      }
      setErrors(next)
      return
    }
    setSubmitting(true)
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
      const byField = fieldErrors(err)
      if (Object.keys(byField).length > 0) setErrors(byField as Partial<Record<FieldKey, string>>)
      setFormError(errorMessage(err))
    } finally {
      setSubmitting(false)
    }
  }

  const fieldError = (key: FieldKey) => (errors[key] ? <Text className='join__error'>{errors[key]}</Text> : null)

  return (
    <PageShell className='join'>
      <Text className='section-title'>1. 选择社区</Text>
      <View className='card'>
        <View className='join__search'>
          <Input
            className='join__input join__search-input'
            value={query}
            placeholder='搜索社区名称'
            confirmType='search'
            onInput={(e) => setQuery(e.detail.value)}
            onConfirm={() => void loadCommunities(query.trim() || undefined)}
          />
          <Button size='small' type='primary' fill='outline' onClick={() => void loadCommunities(query.trim() || undefined)}>
            搜索
          </Button>
        </View>
        {communities === null && !listError ? <Loading text='正在加载社区…' /> : null}
        {listError ? <ErrorState message={listError} onRetry={() => void loadCommunities(query.trim() || undefined)} /> : null}
        {communities && communities.length === 0 ? (
          <Empty title='没有找到社区' description='换个名称试试，或联系您所在的社区居委会。' />
        ) : null}
        {communities?.map((c) => (
          <View
            key={c.id}
            className={`join__option ${c.id === communityId ? 'join__option--on' : ''}`}
            onClick={() => chooseCommunity(c.id)}
          >
            <Text className='join__option-name'>{c.name}</Text>
            <Text className='muted'>{c.streetName}</Text>
          </View>
        ))}
        {fieldError('communityId')}
      </View>

      {communityId ? (
        <>
          <Text className='section-title'>2. 选择住址</Text>
          <View className='card'>
            {!detail && !detailError ? <Loading text='正在加载楼栋…' /> : null}
            {detailError ? <ErrorState message={detailError} onRetry={() => void loadDetail(communityId)} /> : null}
            {detail && detail.buildings.length === 0 ? <Empty title='该社区还没有登记楼栋' description='请联系社区工作人员。' /> : null}
            {detail ? (
              <View className='join__chips'>
                {detail.buildings.map((b) => (
                  <View
                    key={b.id}
                    className={`join__chip ${b.id === buildingId ? 'join__chip--on' : ''}`}
                    onClick={() => {
                      setBuildingId(b.id)
                      setErrors((e) => ({ ...e, buildingId: undefined }))
                    }}
                  >
                    <Text>{b.name}</Text>
                  </View>
                ))}
              </View>
            ) : null}
            {fieldError('buildingId')}
            <View className='join__row'>
              <View className='join__field join__field--half'>
                <Text className='join__label'>单元 *</Text>
                <Input className='join__input' value={form.unit} placeholder='如：2' maxlength={16} onInput={set('unit')} />
                {fieldError('unit')}
              </View>
              <View className='join__field join__field--half'>
                <Text className='join__label'>房号 *</Text>
                <Input className='join__input' value={form.room} placeholder='如：301' maxlength={16} onInput={set('room')} />
                {fieldError('room')}
              </View>
            </View>
          </View>
        </>
      ) : null}

      <Text className='section-title'>{communityId ? '3. 个人信息' : '2. 个人信息'}</Text>
      <View className='card'>
        <View className='join__field'>
          <Text className='join__label'>称呼 *</Text>
          <Input className='join__input' value={form.name} placeholder='邻居怎么称呼您，如：王阿姨' maxlength={20} onInput={set('name')} />
          {fieldError('name')}
        </View>
        <View className='join__field'>
          <Text className='join__label'>真实姓名（选填）</Text>
          <Input className='join__input' value={form.realName} placeholder='仅社区工作人员可见' maxlength={20} onInput={set('realName')} />
          {fieldError('realName')}
        </View>
        <View className='join__field'>
          <Text className='join__label'>手机号（选填）</Text>
          {phoneCode ? (
            <View className='join__phone-ok'>
              <Text>已授权使用微信绑定的手机号</Text>
              <Text className='join__link' onClick={() => setPhoneCode(null)}>
                改为手动填写
              </Text>
            </View>
          ) : (
            <>
              <Input
                className='join__input'
                type='number'
                value={form.phone}
                placeholder='11位手机号，便于社区联系您'
                maxlength={11}
                onInput={set('phone')}
              />
              {IS_WEAPP ? (
                <TaroButton className='join__wx-phone' openType='getPhoneNumber' onGetPhoneNumber={onPhoneNumber}>
                  使用微信手机号
                </TaroButton>
              ) : null}
            </>
          )}
          {fieldError('phone')}
          {fieldError('phoneCode')}
        </View>
        <View className='join__field'>
          <Text className='join__label'>邀请码（选填）</Text>
          <Input
            className='join__input'
            value={form.inviteCode}
            placeholder='有邀请码可直接加入，无需审核'
            maxlength={8}
            onInput={set('inviteCode')}
          />
          {fieldError('inviteCode')}
        </View>
      </View>

      {formError ? <View className='join__form-error'>{formError}</View> : null}

      <Button className='block-button' type='primary' size='large' block loading={submitting} disabled={submitting} onClick={() => void submit()}>
        {submitting ? '正在提交…' : '提交申请'}
      </Button>
      <Text className='join__privacy'>
        提交即表示您同意
        <Text className='join__link' onClick={() => Taro.navigateTo({ url: '/legal/pages/terms/index' })}>
          《用户协议》
        </Text>
        和
        <Text className='join__link' onClick={() => Taro.navigateTo({ url: '/legal/pages/privacy/index' })}>
          《隐私政策》
        </Text>
        。您的住址和手机号仅用于社区核实身份和联系您。
      </Text>
    </PageShell>
  )
}
