import type { ReactNode } from 'react'
import { Input, Text, Textarea, View } from '@tarojs/components'
import type { FieldErrors, Limits } from '../services/form'
import './FormField.css'

interface FieldProps {
  label?: ReactNode
  required?: boolean
  error?: string
  className?: string
  children: ReactNode
}

/** A labelled field with its error under it: the one markup of every form (`*` marks what must be filled). */
export function FormField({ label, required, error, className = '', children }: FieldProps) {
  return (
    <View className={`field ${className}`}>
      {label ? (
        <Text className='field__label'>
          {label}
          {required ? ' *' : ''}
        </Text>
      ) : null}
      {children}
      {error ? <Text className='field__error'>{error}</Text> : null}
    </View>
  )
}

/** What a text field needs from a form (components/useForm.ts), so it can show and change one value. */
export interface TextFormLike<V> {
  values: V
  errors: FieldErrors
  set: (patch: Partial<V>) => void
  limits: (path: string) => Limits
  /** Clears errors by schema path: a field whose path differs from its value's name (`location.address`) needs it. */
  clear?: (...keys: string[]) => void
}

interface TextFieldProps<V, K extends keyof V & string> {
  form: TextFormLike<V>
  name: K
  label?: ReactNode
  required?: boolean
  placeholder?: string
  multiline?: boolean
  type?: 'text' | 'number' | 'digit' | 'idcard'
  /** The schema path when it differs from the value's name (nested bodies). */
  path?: string
  className?: string
  inputClassName?: string
  /** 0/200 under a textarea: elderly users like to know how much room is left. */
  counter?: boolean
}

/** A text input bound to a form value; its `maxlength` comes from the shared schema, never from the page. */
export function TextField<V, K extends keyof V & string>(props: TextFieldProps<V, K>) {
  const { form, name, label, required, placeholder, multiline, type = 'text', path = name, className = '', inputClassName = '', counter } = props
  const value = String(form.values[name] ?? '')
  const max = form.limits(path).maxLength ?? (type === 'number' || type === 'digit' ? String(form.limits(path).max ?? '').length || undefined : undefined)
  const onInput = (e: { detail: { value: string } }) => {
    form.set({ [name]: e.detail.value } as unknown as Partial<V>)
    if (path !== name) form.clear?.(path)
  }
  return (
    <FormField label={label} required={required} error={form.errors[path]} className={className}>
      {multiline ? (
        <Textarea className={`field__textarea ${inputClassName}`} value={value} placeholder={placeholder} maxlength={max ?? -1} onInput={onInput} />
      ) : (
        <Input className={`field__input ${inputClassName}`} type={type} value={value} placeholder={placeholder} maxlength={max ?? 140} onInput={onInput} />
      )}
      {counter && max ? <Text className='field__counter'>{`${value.length}/${max}`}</Text> : null}
    </FormField>
  )
}

/** A form-wide error (what the server said that belongs to no field). */
export function FormError({ errors }: { errors: FieldErrors }) {
  return errors.form ? <View className='form-error'>{errors.form}</View> : null
}
