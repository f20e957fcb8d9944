import { useEffect, useRef } from 'react'
import Taro from '@tarojs/taro'
import { Picker, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { api, hasAnyRole } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import RoleGate from '../../../components/RoleGate'
import ChoiceChips, { toggled } from '../../../components/ChoiceChips'
import { FormError, FormField, TextField } from '../../../components/FormField'
import { useForm } from '../../../components/useForm'
import { useSubmit } from '../../../components/useSubmit'
import { shanghaiInstant, shanghaiParts } from '../../../services/format'
import { currentRoles, useSession } from '../../../services/session'
import { createActivity } from '../../volunteer.api'
import { VOLUNTEER_SKILLS, chipsOf, typedNumber, wholeNumberMessage } from '../../format'
import '../../volunteer.css'
import './index.css'

const SCHEMA = api.activities.create.body
const CATEGORIES = chipsOf(['环境整治', '助老助残', '文明劝导', '治安巡逻', '便民服务', '文体活动', '疫情防控', '其他'])
const SKILLS = chipsOf(VOLUNTEER_SKILLS)
const HOUR_MS = 3_600_000

const MESSAGES = { capacity: wholeNumberMessage(SCHEMA, 'capacity', '名额'), pointsPerHour: wholeNumberMessage(SCHEMA, 'pointsPerHour', '每小时积分') }

interface Draft {
  title: string
  description: string
  category: string
  startDate: string
  startTime: string
  endDate: string
  endTime: string
  location: string
  capacity: string
  pointsPerHour: string
  skills: string[]
}

function initialDraft(): Draft {
  // Tomorrow 09:00–11:00 in Shanghai: a typical morning activity; staff change what differs.
  const tomorrow = shanghaiParts(Date.now() + 24 * HOUR_MS).date
  return {
    title: '',
    description: '',
    category: '',
    startDate: tomorrow,
    startTime: '09:00',
    endDate: tomorrow,
    endTime: '11:00',
    location: '',
    capacity: '10',
    pointsPerHour: '10',
    skills: [],
  }
}

/** Kept while the subpackage is loaded: leaving the form (or a failed publish) loses nothing. */
let saved: Draft | null = null

const instant = (date: string, time: string) => new Date(shanghaiInstant(date, time)).getTime()

function toBody(d: Draft) {
  return {
    title: d.title.trim(),
    description: d.description.trim(),
    startAt: shanghaiInstant(d.startDate, d.startTime),
    endAt: shanghaiInstant(d.endDate, d.endTime),
    location: d.location.trim(),
    capacity: typedNumber(d.capacity),
    pointsPerHour: typedNumber(d.pointsPerHour),
    ...(d.category ? { category: d.category } : {}),
    ...(d.skills.length ? { skills: d.skills } : {}),
  }
}

interface WhenProps {
  /** 开始 or 结束: the labels read 开始日期, 开始时间. */
  edge: '开始' | '结束'
  date: string
  time: string
  error?: string
  /** vpub__start → vpub__start-date, vpub__start-time on the two boxes. */
  className: string
  onChange: (patch: { date?: string; time?: string }) => void
}

/** The date and time of one end of the activity: two pickers that look like the other fields, one error under both. */
function WhenPair({ edge, date, time, error, className, onChange }: WhenProps) {
  const picker = (mode: 'date' | 'time', value: string) => (
    <FormField label={`${edge}${mode === 'date' ? '日期' : '时间'}`} required>
      <Picker mode={mode} value={value} onChange={(e) => onChange({ [mode]: e.detail.value })}>
        <View className={`field__select ${className}-${mode}`}>
          <Text>{value}</Text>
        </View>
      </Picker>
    </FormField>
  )
  return (
    <FormField className='vpub__when' error={error}>
      <View className='field-pair'>
        {picker('date', date)}
        {picker('time', time)}
      </View>
    </FormField>
  )
}

/** 发布活动 (staff): a volunteer activity, or one already held that staff record afterwards (补录). */
export default function PublishPage() {
  const session = useSession()
  const form = useForm({ schema: SCHEMA, initial: () => saved ?? initialDraft(), toBody, messages: MESSAGES })
  const { values: draft, set, errors } = form

  // Keep what was typed (not the untouched defaults: a later visit starts from a fresh tomorrow).
  const untouched = useRef(draft)
  useEffect(() => {
    if (draft !== untouched.current) saved = draft
  }, [draft])

  /** Moving the start moves the end with it (same duration), as calendars do. */
  const setStart = ({ date = draft.startDate, time = draft.startTime }: { date?: string; time?: string }) => {
    const duration = instant(draft.endDate, draft.endTime) - instant(draft.startDate, draft.startTime)
    const end = shanghaiParts(instant(date, time) + (duration > 0 ? duration : 2 * HOUR_MS))
    set({ startDate: date, startTime: time, endDate: end.date, endTime: end.time })
    form.clear('startAt', 'endAt')
  }
  const setEnd = ({ date = draft.endDate, time = draft.endTime }: { date?: string; time?: string }) => {
    set({ endDate: date, endTime: time })
    form.clear('endAt')
  }

  const toggleSkill = (s: string) => {
    const has = draft.skills.includes(s)
    if (!has && draft.skills.length >= (form.limits('skills').maxItems ?? Infinity)) return
    set({ skills: toggled(draft.skills, s) })
  }

  const [busy, submit] = useSubmit(async () => {
    const body = form.validate()
    if (!body) return void Taro.showToast({ title: '请检查标红的内容', icon: 'none' })
    form.setErrors({})
    try {
      const created = await createActivity(body, { silent: true })
      saved = null
      void Taro.showToast({ title: '活动已发布', icon: 'none' })
      void Taro.redirectTo({ url: `/volunteer/pages/activity/index?id=${created.id}` })
    } catch (err) {
      // The refusal is on the form; the toast says where to look, or what went wrong when no field is named.
      void Taro.showToast({ title: form.fail(err).form ?? '请检查标红的内容', icon: 'none' })
    }
  })

  const past = instant(draft.endDate, draft.endTime) < Date.now()

  return (
    <RoleGate session={session} allowed={hasAnyRole(currentRoles(session), ['staff'])} className='vpub' title='志愿活动由社区工作者发布' description='想组织活动？请联系社区工作者。'>
      <PageShell className='vpub'>
        <Text className='section-title'>活动内容</Text>
        <View className='card'>
          <TextField form={form} name='title' label='标题' required placeholder='如：周末楼道清理' />
          <TextField form={form} name='description' label='活动说明' required multiline placeholder='做什么、要带什么、集合方式等' />
          <FormField label='类别（选填）' error={errors.category}>
            <ChoiceChips
              className='vchips vpub__categories'
              options={CATEGORIES}
              selected={draft.category}
              onPick={(c) => set({ category: draft.category === c ? '' : c })}
            />
          </FormField>
        </View>

        <Text className='section-title'>时间地点</Text>
        <View className='card'>
          <WhenPair edge='开始' date={draft.startDate} time={draft.startTime} error={errors.startAt} className='vpub__start' onChange={setStart} />
          <WhenPair edge='结束' date={draft.endDate} time={draft.endTime} error={errors.endAt} className='vpub__end' onChange={setEnd} />
          {past ? <Text className='muted vpub__past'>结束时间已过：将作为已结束的活动补录，之后可在名单中确认时长。</Text> : null}
          <TextField form={form} name='location' label='地点' required placeholder='如：社区服务站门口集合' className='vpub__location' />
        </View>

        <Text className='section-title'>名额与积分</Text>
        <View className='card'>
          <View className='field-pair'>
            <TextField form={form} name='capacity' label='名额（人）*' type='number' placeholder='如：10' />
            <TextField form={form} name='pointsPerHour' label='每小时积分' required type='number' placeholder='如：20' />
          </View>
          <FormField label='需要的技能（选填）' error={errors.skills}>
            <ChoiceChips className='vchips vpub__skills' options={SKILLS} selected={draft.skills} onPick={toggleSkill} />
          </FormField>
        </View>

        <FormError errors={errors} />
        <Button className='block-button vpub__submit' type='primary' size='large' block loading={busy} disabled={busy} onClick={submit}>
          发布活动
        </Button>
      </PageShell>
    </RoleGate>
  )
}
