import { useEffect } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Switch } from '@nutui/nutui-react-taro'
import { api, type VolunteerMe } from '@linli/shared'
import ChoiceChips, { toggled } from '../../components/ChoiceChips'
import { FormError, FormField, TextField } from '../../components/FormField'
import { useForm } from '../../components/useForm'
import { useSubmit } from '../../components/useSubmit'
import { registerVolunteer } from '../volunteer.api'
import { VOLUNTEER_SKILLS, chipsOf } from '../format'

const SKILLS = chipsOf(VOLUNTEER_SKILLS)

interface Draft {
  skills: string[]
  availability: string
  partyMember: boolean
  anonymous: boolean
}

const EMPTY: Draft = { skills: [], availability: '', partyMember: false, anonymous: false }
/** Kept across visits of the tab (module state), so a failed or interrupted registration loses nothing. */
let saved: Draft = EMPTY

const toBody = (d: Draft) => ({
  skills: d.skills,
  partyMember: d.partyMember,
  anonymous: d.anonymous,
  ...(d.availability.trim() ? { availability: d.availability.trim() } : {}),
})

/** 注册志愿者: skills, when one can serve, 党员双报到 and whether to appear anonymously on the leaderboard. */
export default function RegisterCard({ onRegistered }: { onRegistered: (me: VolunteerMe) => void }) {
  const form = useForm({ schema: api.volunteers.register.body, initial: () => saved, toBody })
  const { values: draft, set } = form
  useEffect(() => {
    saved = draft
  }, [draft])

  const toggle = (skill: string) => {
    const most = form.limits('skills').maxItems ?? Infinity
    if (!draft.skills.includes(skill) && draft.skills.length >= most) return void Taro.showToast({ title: `最多选择${most}项技能`, icon: 'none' })
    set({ skills: toggled(draft.skills, skill) })
  }

  const [busy, submit] = useSubmit(async () => {
    const me = await form.send((body) => registerVolunteer(body, { silent: true }))
    if (!me) return
    saved = EMPTY
    void Taro.showToast({ title: '已提交，请等待社区审核', icon: 'none' })
    onRegistered(me)
  })

  return (
    <View className='card vreg'>
      <Text className='card__title'>注册志愿者</Text>
      <Text className='muted'>注册并经社区审核后，即可报名志愿活动，服务时长和积分记入您的“道德银行”。</Text>

      <FormField className='vreg__field' label='我能提供的服务' required error={form.errors.skills}>
        <ChoiceChips className='vchips' options={SKILLS} selected={draft.skills} onPick={toggle} />
      </FormField>
      <TextField className='vreg__field' form={form} name='availability' label='方便服务的时间（选填）' placeholder='如：周末上午、工作日晚上' />

      <View className='vreg__row'>
        <View className='vreg__row-text'>
          <Text>党员双报到</Text>
          <Text className='muted'>在职党员到居住社区报到，可认领服务岗位</Text>
        </View>
        <Switch checked={draft.partyMember} onChange={(on) => set({ partyMember: on })} />
      </View>
      <View className='vreg__row'>
        <View className='vreg__row-text'>
          <Text>排行榜匿名</Text>
          <Text className='muted'>排行榜上显示为“志愿者***”</Text>
        </View>
        <Switch checked={draft.anonymous} onChange={(on) => set({ anonymous: on })} />
      </View>

      <FormError errors={form.errors} />
      <Button className='block-button' type='primary' block loading={busy} disabled={busy} onClick={submit}>
        提交注册
      </Button>
    </View>
  )
}
