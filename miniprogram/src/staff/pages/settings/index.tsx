import Taro from '@tarojs/taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import { Button, Cell, CellGroup, Switch } from '@nutui/nutui-react-taro'
import { api, type CommunitySettings } from '@linli/shared'
import PageShell from '../../../components/PageShell'
import { FormError, FormField, TextField } from '../../../components/FormField'
import { ErrorState, Loading } from '../../../components/StateView'
import { useForm } from '../../../components/useForm'
import { useRecord } from '../../../components/useRecord'
import { useSubmit } from '../../../components/useSubmit'
import { getSettings, updateSettings } from '../../../communities/communities.api'
import { limitsOf } from '../../../services/form'
import ReportRewardsFields, { REWARD_MESSAGES, rewardChanges, rewardValuesOf } from './ReportRewardsFields'
import CareIntervalsFields, { CARE_INTERVAL_MESSAGES, careIntervalChanges, careIntervalValuesOf } from './CareIntervalsFields'
import MediationFollowUpField, { FOLLOW_UP_MESSAGES, followUpChanges, followUpValuesOf } from './MediationFollowUpField'
import TypeDeadlinesFields, { typeDeadlineChanges, typeDeadlineValuesOf } from './TypeDeadlinesFields'
import './index.css'

const schema = api.communities.updateSettings.body

/** What the form holds: 常用回复 one per line, 议题附议人数 as typed (empty means the default). */
const valuesOf = (s: CommunitySettings) => ({
  joinRequiresApproval: s.joinRequiresApproval,
  announcement: s.announcement,
  templates: s.replyTemplates.join('\n'),
  threshold: s.consultationSupportThreshold === null ? '' : String(s.consultationSupportThreshold),
  ...rewardValuesOf(s),
  ...careIntervalValuesOf(s),
  ...followUpValuesOf(s),
  ...typeDeadlineValuesOf(s),
})
type SettingsForm = ReturnType<typeof valuesOf>

/** Only what changed: PATCH leaves the rest (and later features' keys) as they are. */
function changes(v: SettingsForm, saved: CommunitySettings): Partial<CommunitySettings> {
  const body: Record<string, unknown> = {}
  if (v.joinRequiresApproval !== saved.joinRequiresApproval) body.joinRequiresApproval = v.joinRequiresApproval
  if (v.announcement.trim() !== saved.announcement) body.announcement = v.announcement.trim()
  const lines = v.templates.split('\n').map((l) => l.trim()).filter(Boolean)
  if (lines.join('\n') !== saved.replyTemplates.join('\n')) body.replyTemplates = lines
  // Not a whole number: sent as it is, so the schema refuses it in the words below.
  const threshold = v.threshold.trim() ? (/^\d+$/.test(v.threshold.trim()) ? Number(v.threshold.trim()) : v.threshold) : null
  if (threshold !== saved.consultationSupportThreshold) body.consultationSupportThreshold = threshold
  return { ...body, ...rewardChanges(v, saved), ...careIntervalChanges(v, saved), ...followUpChanges(v, saved), ...typeDeadlineChanges(v, saved) } as Partial<CommunitySettings>
}

// The schema's own messages for these are zod's English; ours say the same limits in words (read from the schema).
const announcementMax = limitsOf(schema, 'announcement').maxLength
const templateLimits = { count: limitsOf(schema, 'replyTemplates').maxItems, length: limitsOf(schema, 'replyTemplates.0').maxLength }
const threshold = limitsOf(schema, 'consultationSupportThreshold')
const MESSAGES = {
  announcement: `公告最多${announcementMax}个字`,
  consultationSupportThreshold: `请填写${threshold.min}到${threshold.max}之间的整数，留空则使用默认值`,
  ...REWARD_MESSAGES,
  ...CARE_INTERVAL_MESSAGES,
  ...FOLLOW_UP_MESSAGES,
}
const TEMPLATES_MESSAGE = `常用回复最多${templateLimits.count}条，每条不超过${templateLimits.length}字`

/** 社区设置 for admins: whether joining needs review, the notice on 首页, 常用回复, 议事 supports, 随手拍有奖, 关爱探访 intervals and 调解回访. */
export default function SettingsPage() {
  // Not reloaded on show: it would overwrite what the admin is typing.
  const settings = useRecord(getSettings, [], { refreshOnShow: false })
  const saved = settings.data
  if (!saved) {
    return <PageShell className='settings'>{settings.error ? <ErrorState message={settings.error} onRetry={() => void settings.load()} /> : <Loading />}</PageShell>
  }
  return <SettingsEditor saved={saved} onSaved={settings.setData} />
}

function SettingsEditor({ saved, onSaved }: { saved: CommunitySettings; onSaved: (s: CommunitySettings) => void }) {
  const form = useForm({ schema, initial: () => valuesOf(saved), toBody: (v) => changes(v, saved), messages: MESSAGES })
  const { values, errors, set } = form
  // 常用回复 is one text here but a list in the body: an error of any line (replyTemplates.3) belongs to the box.
  const templateKeys = Object.keys(errors).filter((k) => k === 'replyTemplates' || k.startsWith('replyTemplates.'))

  const save = async () => {
    const body = form.validate()
    if (!body) return
    if (Object.keys(body).length === 0) return void Taro.showToast({ title: '没有需要保存的修改', icon: 'none' })
    try {
      const next = await updateSettings(body, { silent: true })
      onSaved(next)
      form.reset(valuesOf(next))
      void Taro.showToast({ title: '设置已保存', icon: 'none' })
    } catch (err) {
      form.fail(err)
    }
  }
  const [saving, send] = useSubmit(save)

  return (
    <PageShell className='settings'>
      {/* Section titles in one style for both sections (NutUI's group title is larger and darker). */}
      <Text className='section-title'>入驻</Text>
      <CellGroup>
        <Cell
          title='入驻需审核'
          description={values.joinRequiresApproval ? '申请经工作人员审核后加入' : '申请后直接加入，无需审核'}
          extra={<Switch checked={values.joinRequiresApproval} onChange={(on) => set({ joinRequiresApproval: on })} />}
        />
      </CellGroup>
      {errors.joinRequiresApproval ? <Text className='field__error settings__error--outside'>{errors.joinRequiresApproval}</Text> : null}

      <Text className='section-title'>社区公告</Text>
      <View className='card settings__card'>
        <Text className='muted settings__intro'>显示在每位居民的首页。留空则显示默认欢迎语。</Text>
        <TextField form={form} name='announcement' multiline counter placeholder='如：本周六上午9点在社区广场开展义诊活动，欢迎参加。' />
      </View>

      <Text className='section-title'>常用回复</Text>
      <View className='card settings__card'>
        <Text className='muted settings__intro'>网格员和社区工作者回复诉求时可一键选用。每行一条，最多{templateLimits.count}条。</Text>
        <FormField error={templateKeys.length ? TEMPLATES_MESSAGE : undefined}>
          <Textarea
            className='field__textarea settings__templates'
            value={values.templates}
            placeholder='如：您好，您反映的问题已收到，我们会尽快安排人员处理。'
            // The lines are checked one by one (count and length) on save; the box holds at most what they could fill.
            maxlength={templateLimits.count && templateLimits.length ? templateLimits.count * (templateLimits.length + 1) : -1}
            onInput={(e) => {
              set({ templates: e.detail.value })
              form.clear(...templateKeys)
            }}
          />
        </FormField>
      </View>

      <Text className='section-title'>议事</Text>
      <View className='card settings__card'>
        <FormField error={errors.consultationSupportThreshold}>
          <View className='settings__row'>
            <Text className='settings__row-label'>议题附议人数</Text>
            <Input
              className='field__input settings__number'
              type='number'
              value={values.threshold}
              placeholder='默认'
              maxlength={String(threshold.max).length}
              onInput={(e) => {
                set({ threshold: e.detail.value })
                form.clear('consultationSupportThreshold')
              }}
            />
            <Text className='settings__unit'>人</Text>
          </View>
          <Text className='muted settings__hint'>
            居民提出的议题需要这么多邻居附议，才提交社区审核。留空则使用默认值：10人与议题范围内户数的5%中较小者。无论哪种，都不超过议题范围内可附议居民（不含提议人）的一半，至少1人；修改后对正在征集附议的议题也生效。
          </Text>
        </FormField>
      </View>

      <ReportRewardsFields values={values} errors={errors} set={set} clear={form.clear} />
      <CareIntervalsFields values={values} errors={errors} set={set} clear={form.clear} />
      <MediationFollowUpField values={values} errors={errors} set={set} />
      <TypeDeadlinesFields values={values} errors={errors} set={set} clear={form.clear} />

      <FormError errors={errors} />
      <Button className='block-button' type='primary' size='large' block loading={saving} disabled={saving} onClick={send}>
        保存
      </Button>
    </PageShell>
  )
}
