/** The consultation forms read their rules from the shared schemas; the reason box takes the colour of its move. */
import { act, create, type ReactTestRenderer } from 'react-test-renderer'
import { renderHook } from './render'
import { ConsultationActionInput } from '@linli/shared'
import ReasonPrompt from '../src/components/ReasonPrompt'
import { useForm } from '../src/components/useForm'
import { defaultVotingDraft, validateWithVoting, votingBody } from '../src/consult/components/VotingFields'



describe('ReasonPrompt confirmType', () => {
  const render = (confirmType?: 'danger' | 'primary') => {
    let root!: ReactTestRenderer
    act(() => {
      root = create(
        <ReasonPrompt schema={ConsultationActionInput} placeholder='理由' confirmText='确认' confirmType={confirmType} onCancel={() => undefined} onSubmit={async () => undefined} />,
      )
    })
    return root.root.findAllByType('Button' as never)[1]!.props.type
  }
  it('is a danger button unless the move is no refusal', () => {
    expect(render()).toBe('danger')
    expect(render('primary')).toBe('primary')
  })
})

describe('voting settings', () => {
  const week = () => defaultVotingDraft()

  it('turns a draft into the API body: trimmed options, the quorum as a fraction, the end only when asked', () => {
    const d = { ...week(), options: [' 同意 ', '不同意'], quorum: '50' }
    expect(votingBody(d, false)).toEqual({ voteRule: 'per_resident', options: [{ label: '同意' }, { label: '不同意' }], maxChoices: 1, quorum: 0.5 })
    expect(votingBody(d, true).votingEndsAt).toMatch(/\+08:00$/)
  })

  const setup = (draft: ReturnType<typeof defaultVotingDraft>) =>
    renderHook(() => useForm({ schema: ConsultationActionInput, initial: { voting: draft }, toBody: (v) => ({ action: 'open_voting', ...votingBody(v.voting, true) }) })).result

  it("shows the schema's messages and the draft's own problems together", () => {
    const draft = { ...week(), options: ['同意', '同意', ''], quorum: '120' }
    const form = setup(draft)
    let body: unknown
    act(() => void (body = validateWithVoting(form.current, draft, true)))
    expect(body).toBeNull()
    expect(form.current.errors).toMatchObject({ options: '选项不能重复', 'options.2.label': '请填写选项', quorum: '请填写0到100之间的数字' })
  })

  it('refuses an option longer than the schema allows, with its message', () => {
    const draft = { ...week(), options: ['同意', 'x'.repeat(41)] }
    const form = setup(draft)
    act(() => void validateWithVoting(form.current, draft, true))
    expect(form.current.errors['options.1.label']).toBe('选项最多40个字')
  })

  it('gives the checked body when all is well', () => {
    const draft = week()
    const form = setup(draft)
    let body: unknown
    act(() => void (body = validateWithVoting(form.current, draft, true)))
    expect(body).toMatchObject({ action: 'open_voting', maxChoices: 1, options: [{ label: '同意' }, { label: '不同意' }, { label: '弃权' }] })
    expect(form.current.errors).toEqual({})
  })
})
