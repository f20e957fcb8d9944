import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import { Button, Cell, CellGroup, Switch } from '@nutui/nutui-react-taro'
import { UpdateCommunitySettingsInput, type CommunitySettings } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading } from '../../../components/StateView'
import { getSettings, updateSettings } from '../../../communities/communities.api'
import { errorMessage, fieldErrors } from '../../../services/http'
import './index.css'

const ANNOUNCEMENT_MAX = 200

/** 社区设置 for admins: whether joining needs review, the notice every member sees on 首页, 常用回复 and 议事 supports. */
export default function SettingsPage() {
  /** What the server holds, to tell whether there is anything to save. */
  const [saved, setSaved] = useState<CommunitySettings | null>(null)
  const [joinRequiresApproval, setJoinRequiresApproval] = useState(true)
  const [announcement, setAnnouncement] = useState('')
  /** 常用回复, one per line while editing. */
  const [templates, setTemplates] = useState('')
  /** 议题附议人数 as typed; empty means the default (the smaller of 10 or 5% of households in scope; capped by who may support). */
  const [threshold, setThreshold] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [errors, setErrors] = useState<Partial<Record<keyof CommunitySettings | 'form', string>>>({})
  const [saving, setSaving] = useState(false)

  const show = (s: CommunitySettings) => {
    setSaved(s)
    setJoinRequiresApproval(s.joinRequiresApproval)
    setAnnouncement(s.announcement)
    setTemplates(s.replyTemplates.join('\n'))
    setThreshold(s.consultationSupportThreshold === null ? '' : String(s.consultationSupportThreshold))
  }

  const load = async () => {
    setError(null)
    try {
      show(await getSettings({ silent: true }))
    } catch (err) {
      setError(errorMessage(err))
    }
  }

  useEffect(() => {
    void load()
  }, [])

  const save = async () => {
    if (!saved) return
    // Send only what changed: PATCH leaves the rest (and later features' keys) as they are.
    const body: Partial<CommunitySettings> = {}
    if (joinRequiresApproval !== saved.joinRequiresApproval) body.joinRequiresApproval = joinRequiresApproval
    if (announcement.trim() !== saved.announcement) body.announcement = announcement.trim()
    const lines = templates.split('\n').map((l) => l.trim()).filter(Boolean)
    if (lines.join('\n') !== saved.replyTemplates.join('\n')) body.replyTemplates = lines
    const thresholdText = threshold.trim()
    if (thresholdText && !/^\d+$/.test(thresholdText)) {
      setErrors({ consultationSupportThreshold: '请填写1到1000之间的整数，留空则使用默认值' })
      return
    }
    const thresholdValue = thresholdText ? Number(thresholdText) : null
    if (thresholdValue !== saved.consultationSupportThreshold) body.consultationSupportThreshold = thresholdValue
    if (Object.keys(body).length === 0) {
      void Taro.showToast({ title: '没有需要保存的修改', icon: 'none' })
      return
    }
    const local = UpdateCommunitySettingsInput.safeParse(body)
    if (!local.success) {
      const next: typeof errors = {}
      for (const issue of local.error.issues) {
        const key = String(issue.path[0] ?? 'form') as keyof typeof errors
        if (!next[key])
          next[key] =
            key === 'announcement'
              ? `公告最多${ANNOUNCEMENT_MAX}个字`
              : key === 'replyTemplates'
                ? '常用回复最多30条，每条不超过200字'
                : key === 'consultationSupportThreshold'
                  ? '请填写1到1000之间的整数，留空则使用默认值'
                  : issue.message
      }
      setErrors(next)
      return
    }
    setErrors({})
    setSaving(true)
    try {
      show(await updateSettings(local.data, { silent: true }))
      void Taro.showToast({ title: '设置已保存', icon: 'none' })
    } catch (err) {
      const byField = fieldErrors(err)
      setErrors(Object.keys(byField).length ? byField : { form: errorMessage(err) })
    } finally {
      setSaving(false)
    }
  }

  if (!saved) {
    return (
      <PageShell className='settings'>
        {error ? <ErrorState message={error} onRetry={() => void load()} /> : <Loading />}
      </PageShell>
    )
  }

  return (
    <PageShell className='settings'>
      {/* Section titles in one style for both sections (NutUI's group title is larger and darker). */}
      <Text className='section-title'>入驻</Text>
      <CellGroup>
        <Cell
          title='入驻需审核'
          description={joinRequiresApproval ? '申请经工作人员审核后加入' : '申请后直接加入，无需审核'}
          extra={
            <Switch
              checked={joinRequiresApproval}
              onChange={(on) => {
                setJoinRequiresApproval(on)
                setErrors((e) => ({ ...e, joinRequiresApproval: undefined, form: undefined }))
              }}
            />
          }
        />
      </CellGroup>
      {errors.joinRequiresApproval ? <Text className='settings__error settings__error--outside'>{errors.joinRequiresApproval}</Text> : null}

      <Text className='section-title'>社区公告</Text>
      <View className='card settings__card'>
        <Text className='muted'>显示在每位居民的首页。留空则显示默认欢迎语。</Text>
        <Textarea
          className='settings__announcement'
          value={announcement}
          placeholder='如：本周六上午9点在社区广场开展义诊活动，欢迎参加。'
          maxlength={ANNOUNCEMENT_MAX}
          onInput={(e) => {
            setAnnouncement(e.detail.value)
            setErrors((x) => ({ ...x, announcement: undefined, form: undefined }))
          }}
        />
        <Text className='settings__count'>
          {announcement.length}/{ANNOUNCEMENT_MAX}
        </Text>
        {errors.announcement ? <Text className='settings__error'>{errors.announcement}</Text> : null}
      </View>

      <Text className='section-title'>常用回复</Text>
      <View className='card settings__card'>
        <Text className='muted'>网格员和社区工作者回复诉求时可一键选用。每行一条，最多30条。</Text>
        <Textarea
          className='settings__announcement settings__templates'
          value={templates}
          placeholder='如：您好，您反映的问题已收到，我们会尽快安排人员处理。'
          maxlength={6000}
          onInput={(e) => {
            setTemplates(e.detail.value)
            setErrors((x) => ({ ...x, replyTemplates: undefined, form: undefined }))
          }}
        />
        {errors.replyTemplates ? <Text className='settings__error'>{errors.replyTemplates}</Text> : null}
      </View>

      <Text className='section-title'>议事</Text>
      <View className='card settings__card'>
        <View className='settings__row'>
          <Text className='settings__row-label'>议题附议人数</Text>
          <Input
            className='settings__number'
            type='number'
            value={threshold}
            placeholder='默认'
            maxlength={4}
            onInput={(e) => {
              setThreshold(e.detail.value)
              setErrors((x) => ({ ...x, consultationSupportThreshold: undefined, form: undefined }))
            }}
          />
          <Text className='settings__unit'>人</Text>
        </View>
        <Text className='muted settings__hint'>
          居民提出的议题需要这么多邻居附议，才提交社区审核。留空则使用默认值：10人与议题范围内户数的5%中较小者。无论哪种，都不超过议题范围内可附议居民（不含提议人）的一半，至少1人；修改后对正在征集附议的议题也生效。
        </Text>
        {errors.consultationSupportThreshold ? <Text className='settings__error'>{errors.consultationSupportThreshold}</Text> : null}
      </View>

      {errors.form ? <View className='settings__form-error'>{errors.form}</View> : null}
      <Button className='block-button' type='primary' size='large' block loading={saving} disabled={saving} onClick={() => void save()}>
        保存
      </Button>
    </PageShell>
  )
}
