import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RequestViewAction } from '@linli/shared'
import type { ActionButton } from './actions'

/** The moves the caller may make now, as buttons (actions.ts says which and in what order). */
export default function ActionBar({ buttons, busy, onAction }: { buttons: ActionButton[]; busy: boolean; onAction: (action: RequestViewAction) => void }) {
  if (buttons.length === 0) return null
  return (
    <View className='rdetail__actions'>
      {buttons.map((b) => (
        <Button
          key={b.action}
          className='rdetail__action'
          type={b.danger ? 'danger' : 'primary'}
          fill={b.primary ? 'solid' : 'outline'}
          disabled={busy}
          loading={busy && b.primary}
          onClick={() => onAction(b.action)}
        >
          {b.label}
        </Button>
      ))}
    </View>
  )
}
