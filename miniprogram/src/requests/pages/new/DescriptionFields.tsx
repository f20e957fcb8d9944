import { Text, View } from '@tarojs/components'
import { FormField, TextField } from '../../../components/FormField'
import { VoiceRecorder, type VoiceDraft } from '../../components/Voice'
import type { Recording } from '../../voice'
import type { DraftForm } from './draft'

interface Props {
  form: DraftForm
  voice: VoiceDraft | null
  onVoice: (rec: Recording) => void
  onRemoveVoice: () => void
}

/** 问题描述: an optional title, the words (or a voice note instead, for those who would rather speak). */
export default function DescriptionFields({ form, voice, onVoice, onRemoveVoice }: Props) {
  return (
    <>
      <Text className='section-title'>问题描述</Text>
      <View className='card'>
        <TextField form={form} name='title' label='标题（选填）' placeholder='一句话概括，如：3号楼电梯停运' />
        <TextField
          form={form}
          name='description'
          label='详细描述 *（也可以说一段话代替）'
          placeholder='请说清楚发生了什么、在哪里、持续多久（至少5个字）'
          multiline
          counter
          inputClassName='rnew__description'
        />
        <FormField label='语音（选填，打字不方便可以直接说）' error={form.errors.voiceKey}>
          <VoiceRecorder value={voice} onRecorded={onVoice} onRemove={onRemoveVoice} onRetry={() => voice && onVoice(voice)} />
        </FormField>
      </View>
    </>
  )
}
