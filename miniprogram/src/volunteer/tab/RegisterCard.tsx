import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button, Switch } from '@nutui/nutui-react-taro'
import { RegisterVolunteerInput, type VolunteerMe } from '@linli/shared'
import { errorMessage, fieldErrors } from '../../services/http'
import { registerVolunteer } from '../volunteer.api'
import { VOLUNTEER_SKILLS as SKILLS } from '../format'

interface Draft {
  skills: string[]
  availability: string
  partyMember: boolean
  anonymous: boolean
}

/** Kept across visits of the tab (module state), so a failed or interrupted registration loses nothing. */
let saved: Draft = { skills: [], availability: '', partyMember: false, anonymous: false }

/** 注册志愿者: skills, when one can serve, 党员双报到 and whether to appear anonymously on the leaderboard. */
export default function RegisterCard({ onRegistered }: { onRegistered: (me: VolunteerMe) => void }) {
  const [draft, setDraftState] = useState<Draft>(saved)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)
  const setDraft = (patch: Partial<Draft>) =>
    setDraftState((d) => {
      saved = { ...d, ...patch }
      return saved
    })

  const toggle = (skill: string) => {
    const has = draft.skills.includes(skill)
    if (!has && draft.skills.length >= 10) return void Taro.showToast({ title: '最多选择10项技能', icon: 'none' })
    setDraft({ skills: has ? draft.skills.filter((s) => s !== skill) : [...draft.skills, skill] })
    setErrors({})
  }

  const submit = async () => {
    const body = {
      skills: draft.skills,
      partyMember: draft.partyMember,
      anonymous: draft.anonymous,
      ...(draft.availability.trim() ? { availability: draft.availability.trim() } : {}),
    }
    const local = RegisterVolunteerInput.safeParse(body)
    if (!local.success) {
      const next: Record<string, string> = {}
      for (const issue of local.error.issues) next[String(issue.path[0] ?? 'form')] ??= issue.message
      return setErrors(next)
    }
    setBusy(true)
    setErrors({})
    try {
      const me = await registerVolunteer(local.data, { silent: true })
      saved = { skills: [], availability: '', partyMember: false, anonymous: false }
      void Taro.showToast({ title: '已提交，请等待社区审核', icon: 'none' })
      onRegistered(me)
    } catch (err) {
      const byField = fieldErrors(err)
      setErrors(Object.keys(byField).length ? byField : { form: errorMessage(err) })
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='card vreg'>
      <Text className='card__title'>注册志愿者</Text>
      <Text className='muted'>注册并经社区审核后，即可报名志愿活动，服务时长和积分记入您的“道德银行”。</Text>

      <Text className='vreg__label'>我能提供的服务 *</Text>
      <View className='vreg__chips'>
        {SKILLS.map((s) => (
          <Text key={s} className={`vreg__chip ${draft.skills.includes(s) ? 'vreg__chip--on' : ''}`} onClick={() => toggle(s)}>
            {s}
          </Text>
        ))}
      </View>
      {errors.skills ? <Text className='vreg__error'>{errors.skills}</Text> : null}

      <Text className='vreg__label'>方便服务的时间（选填）</Text>
      <Input
        className='vreg__input'
        value={draft.availability}
        placeholder='如：周末上午、工作日晚上'
        maxlength={100}
        onInput={(e) => setDraft({ availability: e.detail.value })}
      />
      {errors.availability ? <Text className='vreg__error'>{errors.availability}</Text> : null}

      <View className='vreg__row'>
        <View className='vreg__row-text'>
          <Text>党员双报到</Text>
          <Text className='muted'>在职党员到居住社区报到，可认领服务岗位</Text>
        </View>
        <Switch checked={draft.partyMember} onChange={(on) => setDraft({ partyMember: on })} />
      </View>
      <View className='vreg__row'>
        <View className='vreg__row-text'>
          <Text>排行榜匿名</Text>
          <Text className='muted'>排行榜上显示为“志愿者***”</Text>
        </View>
        <Switch checked={draft.anonymous} onChange={(on) => setDraft({ anonymous: on })} />
      </View>

      {errors.form ? <Text className='vreg__error'>{errors.form}</Text> : null}
      <Button className='block-button' type='primary' block loading={busy} disabled={busy} onClick={() => void submit()}>
        提交注册
      </Button>
    </View>
  )
}
