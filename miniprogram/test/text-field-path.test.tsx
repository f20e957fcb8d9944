/** TextField bound to a value whose schema path differs from its name (`address` at `location.address`). */
import { act, create, type ReactTestRenderer } from 'react-test-renderer'
import { CreateRequestInput } from '@linli/shared'
import { useForm } from '../src/components/useForm'
import { TextField } from '../src/components/FormField'


const errorsIn = (root: ReactTestRenderer) => root.root.findAll((n) => n.type === 'Text' && n.props.className === 'field__error')

it('reads limits and the error at the schema path, and typing clears that error', () => {
  type Values = { address: string }
  const result = { current: null as null | ReturnType<typeof useForm<Values, typeof CreateRequestInput>> }
  function Field() {
    const form = useForm<Values, typeof CreateRequestInput>({ schema: CreateRequestInput, initial: { address: '' } })
    result.current = form
    return <TextField form={form} name='address' path='location.address' />
  }
  let root!: ReactTestRenderer
  act(() => {
    root = create(<Field />)
  })
  const input = root.root.findByType('Input' as never)
  expect(input.props.maxlength).toBe(100)
  act(() => result.current!.setErrors({ 'location.address': '地址包含不允许的控制字符' }))
  expect(errorsIn(root)).toHaveLength(1)
  act(() => input.props.onInput({ detail: { value: '2单元门口' } }))
  expect(result.current!.values.address).toBe('2单元门口')
  expect(errorsIn(root)).toHaveLength(0)
})
