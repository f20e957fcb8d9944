import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Picker, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ActivityInput } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { errorMessage, fieldErrors } from '../../../services/http'
import { createActivity, type ActivityBody } from '../../volunteer.api'
import { VOLUNTEER_SKILLS } from '../../format'
import { shanghaiInstant } from '../../../services/format'
import { shanghaiParts } from '../../../services/format'
import '../../volunteer.css'
import './index.css'

const CATEGORIES = ['环境整治', '助老助残', '文明劝导', '治安巡逻', '便民服务', '文体活动', '疫情防控', '其他']
const DESCRIPTION_MAX = 2000
const HOUR_MS = 3_600_000

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

/** 发布活动 (staff): a volunteer activity, or one already held that staff record afterwards (补录). */
export default function PublishPage() {
  const [draft, setDraftState] = useState<Draft>(() => saved ?? initialDraft())
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)

  const setDraft = (patch: Partial<Draft>) =>
    setDraftState((d) => {
      saved = { ...d, ...patch }
      return saved
    })
  const clearError = (...keys: string[]) =>
    setErrors((e) => {
      const next = { ...e }
      for (const k of keys) delete next[k]
      delete next.form
      return next
    })

  /** Moving the start moves the end with it (same duration), as calendars do. */
  const setStart = (patch: Partial<Pick<Draft, 'startDate' | 'startTime'>>) => {
    const duration = instant(draft.endDate, draft.endTime) - instant(draft.startDate, draft.startTime)
    const next = { ...draft, ...patch }
    const end = shanghaiParts(instant(next.startDate, next.startTime) + (duration > 0 ? duration : 2 * HOUR_MS))
    setDraft({ ...patch, endDate: end.date, endTime: end.time })
    clearError('startAt', 'endAt')
  }

  const toggleSkill = (s: string) => {
    const has = draft.skills.includes(s)
    if (!has && draft.skills.length >= 10) return
    setDraft({ skills: has ? draft.skills.filter((x) => x !== s) : [...draft.skills, s] })
  }

  const validate = (): ActivityBody | null => {
    const next: Record<string, string> = {}
    const capacity = Number(draft.capacity)
    const points = Number(draft.pointsPerHour)
    if (!/^\d+$/.test(draft.capacity.trim()) || capacity < 1 || capacity > 1000) next.capacity = '请填写名额（1–1000的整数）'
    if (!/^\d+$/.test(draft.pointsPerHour.trim()) || points > 1000) next.pointsPerHour = '请填写每小时积分（0–1000的整数）'
    const body: ActivityBody = {
      title: draft.title.trim(),
      description: draft.description.trim(),
      startAt: shanghaiInstant(draft.startDate, draft.startTime),
      endAt: shanghaiInstant(draft.endDate, draft.endTime),
      location: draft.location.trim(),
      capacity,
      pointsPerHour: points,
      ...(draft.category ? { category: draft.category } : {}),
      ...(draft.skills.length ? { skills: draft.skills } : {}),
    }
    const local = ActivityInput.safeParse(body)
    if (!local.success) for (const issue of local.error.issues) next[String(issue.path[0] ?? 'form')] ??= issue.message
    // The shared schema calls it 内容; the form calls it 活动说明.
    if (next.description && draft.description.trim().length < 2) next.description = '请填写活动说明（至少2个字）'
    if (Object.keys(next).length) {
      setErrors(next)
      void Taro.showToast({ title: '请检查标红的内容', icon: 'none' })
      return null
    }
    return body
  }

  const submit = async () => {
    const body = validate()
    if (!body) return
    setBusy(true)
    setErrors({})
    try {
      const created = await createActivity(body, { silent: true })
      saved = null
      void Taro.showToast({ title: '活动已发布', icon: 'none' })
      void Taro.redirectTo({ url: `/volunteer/pages/activity/index?id=${created.id}` })
    } catch (err) {
      const byField = fieldErrors(err)
      setErrors(Object.keys(byField).length ? byField : { form: errorMessage(err) })
      void Taro.showToast({ title: Object.keys(byField).length ? '请检查标红的内容' : errorMessage(err), icon: 'none' })
    } finally {
      setBusy(false)
    }
  }

  const fieldError = (key: string) => (errors[key] ? <Text className='vf__error'>{errors[key]}</Text> : null)
  const past = instant(draft.endDate, draft.endTime) < Date.now()

  return (
    <PageShell className='vpub'>
      <Text className='section-title'>活动内容</Text>
      <View className='card'>
        <View className='vf__field'>
          <Text className='vf__label'>标题 *</Text>
          <Input
            className='vf__input'
            value={draft.title}
            placeholder='如：周末楼道清理'
            maxlength={60}
            onInput={(e) => {
              setDraft({ title: e.detail.value })
              clearError('title')
            }}
          />
          {fieldError('title')}
        </View>
        <View className='vf__field'>
          <Text className='vf__label'>活动说明 *</Text>
          <Textarea
            className='vf__textarea'
            value={draft.description}
            placeholder='做什么、要带什么、集合方式等'
            maxlength={DESCRIPTION_MAX}
            onInput={(e) => {
              setDraft({ description: e.detail.value })
              clearError('description')
            }}
          />
          {fieldError('description')}
        </View>
        <View className='vf__field'>
          <Text className='vf__label'>类别（选填）</Text>
          <View className='vpub__chips vpub__categories'>
            {CATEGORIES.map((c) => (
              <Text
                key={c}
                className={`vpub__chip ${draft.category === c ? 'vpub__chip--on' : ''}`}
                onClick={() => {
                  setDraft({ category: draft.category === c ? '' : c })
                  clearError('category')
                }}
              >
                {c}
              </Text>
            ))}
          </View>
          {fieldError('category')}
        </View>
      </View>

      <Text className='section-title'>时间地点</Text>
      <View className='card'>
        <View className='vf__pair'>
          <View className='vf__field'>
            <Text className='vf__label'>开始日期 *</Text>
            <Picker mode='date' value={draft.startDate} onChange={(e) => setStart({ startDate: e.detail.value })}>
              <View className='vf__select vpub__start-date'>
                <Text>{draft.startDate}</Text>
              </View>
            </Picker>
          </View>
          <View className='vf__field'>
            <Text className='vf__label'>开始时间 *</Text>
            <Picker mode='time' value={draft.startTime} onChange={(e) => setStart({ startTime: e.detail.value })}>
              <View className='vf__select vpub__start-time'>
                <Text>{draft.startTime}</Text>
              </View>
            </Picker>
          </View>
        </View>
        {fieldError('startAt')}
        <View className='vf__pair'>
          <View className='vf__field'>
            <Text className='vf__label'>结束日期 *</Text>
            <Picker
              mode='date'
              value={draft.endDate}
              onChange={(e) => {
                setDraft({ endDate: e.detail.value })
                clearError('endAt')
              }}
            >
              <View className='vf__select vpub__end-date'>
                <Text>{draft.endDate}</Text>
              </View>
            </Picker>
          </View>
          <View className='vf__field'>
            <Text className='vf__label'>结束时间 *</Text>
            <Picker
              mode='time'
              value={draft.endTime}
              onChange={(e) => {
                setDraft({ endTime: e.detail.value })
                clearError('endAt')
              }}
            >
              <View className='vf__select vpub__end-time'>
                <Text>{draft.endTime}</Text>
              </View>
            </Picker>
          </View>
        </View>
        {fieldError('endAt')}
        {past ? <Text className='muted vpub__past'>结束时间已过：将作为已结束的活动补录，之后可在名单中确认时长。</Text> : null}
        <View className='vf__field vpub__location'>
          <Text className='vf__label'>地点 *</Text>
          <Input
            className='vf__input'
            value={draft.location}
            placeholder='如：社区服务站门口集合'
            maxlength={100}
            onInput={(e) => {
              setDraft({ location: e.detail.value })
              clearError('location')
            }}
          />
          {fieldError('location')}
        </View>
      </View>

      <Text className='section-title'>名额与积分</Text>
      <View className='card'>
        <View className='vf__pair'>
          <View className='vf__field'>
            <Text className='vf__label'>名额（人）*</Text>
            <Input
              className='vf__input'
              type='number'
              value={draft.capacity}
              placeholder='如：10'
              maxlength={4}
              onInput={(e) => {
                setDraft({ capacity: e.detail.value })
                clearError('capacity')
              }}
            />
            {fieldError('capacity')}
          </View>
          <View className='vf__field'>
            <Text className='vf__label'>每小时积分 *</Text>
            <Input
              className='vf__input'
              type='number'
              value={draft.pointsPerHour}
              placeholder='如：20'
              maxlength={4}
              onInput={(e) => {
                setDraft({ pointsPerHour: e.detail.value })
                clearError('pointsPerHour')
              }}
            />
            {fieldError('pointsPerHour')}
          </View>
        </View>
        <View className='vf__field'>
          <Text className='vf__label'>需要的技能（选填）</Text>
          <View className='vpub__chips vpub__skills'>
            {VOLUNTEER_SKILLS.map((s) => (
              <Text key={s} className={`vpub__chip ${draft.skills.includes(s) ? 'vpub__chip--on' : ''}`} onClick={() => toggleSkill(s)}>
                {s}
              </Text>
            ))}
          </View>
          {fieldError('skills')}
        </View>
      </View>

      {errors.form ? <View className='vf__form-error'>{errors.form}</View> : null}
      <Button className='block-button vpub__submit' type='primary' size='large' block loading={busy} disabled={busy} onClick={() => void submit()}>
        发布活动
      </Button>
    </PageShell>
  )
}
