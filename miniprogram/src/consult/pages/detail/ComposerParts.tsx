import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ConsultationActionInput, ConsultationView } from '@linli/shared'
import { actOnConsultation } from '../../consult.api'

/** The forms of the topic page: the author's edit and the staff moves that need more than a confirmation. */
export type ComposerKind = 'edit' | 'reject' | 'merge' | 'send_to_review' | 'open_voting' | 'post_update' | 'complete'

export interface ComposerProps {
  c: ConsultationView
  busy: boolean
  onCancel: () => void
  /** Runs the change and keeps the topic it answers (the composer then closes); throws the refusal, for the form. */
  perform: (work: () => Promise<ConsultationView>, done: string) => Promise<void>
}

/** Sends a staff move from a form; a refusal lands on the form's fields (a text refused by content security on `contentField`). */
export function sendAct(p: ComposerProps, form: { fail: (err: unknown, contentField?: string) => unknown }, contentField?: string) {
  return async (body: ConsultationActionInput | null, done: string) => {
    if (!body) return
    try {
      await p.perform(() => actOnConsultation(p.c.id, body, { silent: true }), done)
    } catch (err) {
      form.fail(err, contentField)
    }
  }
}

/** 取消 and the form's confirm button. */
export function ComposerButtons({ confirmText, busy, onCancel, onSubmit }: { confirmText: string; busy: boolean; onCancel: () => void; onSubmit: () => void }) {
  return (
    <View className='form-actions'>
      <Button size='small' onClick={onCancel}>
        取消
      </Button>
      <Button size='small' type='primary' loading={busy} disabled={busy} onClick={onSubmit}>
        {confirmText}
      </Button>
    </View>
  )
}

