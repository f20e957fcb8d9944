import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import './StateView.css'

/** Loading indicator for slow work: a spinner plus words, since a spinner alone says little to elderly users. */
export function Loading({ text = '加载中…' }: { text?: string }) {
  return (
    <View className='state state--loading' aria-busy>
      <View className='state__spinner' />
      <Text className='state__text'>{text}</Text>
    </View>
  )
}

interface EmptyProps {
  title: string
  description?: string
  actionText?: string
  onAction?: () => void
}

/** A friendly empty state: what is missing and, where there is one, what to do next. */
export function Empty({ title, description, actionText, onAction }: EmptyProps) {
  return (
    <View className='state'>
      <View className='state__icon'>
        <Text>空</Text>
      </View>
      <Text className='state__title'>{title}</Text>
      {description ? <Text className='state__text'>{description}</Text> : null}
      {actionText && onAction ? (
        <Button className='state__action' type='primary' onClick={onAction}>
          {actionText}
        </Button>
      ) : null}
    </View>
  )
}

/** An error state with a retry: the API may be down or the phone offline. */
export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <View className='state state--error'>
      <View className='state__icon state__icon--error'>
        <Text>!</Text>
      </View>
      <Text className='state__title'>{message}</Text>
      {onRetry ? (
        <Button className='state__action' type='primary' fill='outline' onClick={onRetry}>
          重新加载
        </Button>
      ) : null}
    </View>
  )
}
