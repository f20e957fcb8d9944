import { Input, Text, View } from '@tarojs/components'
import { Button, Switch } from '@nutui/nutui-react-taro'
import { REFUSED_GUEST_LABEL, REFUSED_PERSON_LABEL, type OccupantView } from '@linli/shared'
import ChoiceChips, { toggled } from '../../../components/ChoiceChips'
import type { FieldErrors } from '../../../services/form'
import { rowKey, type Consent, type Guest, type VisitDraft } from './draft'

interface Props {
  draft: VisitDraft
  occupants: readonly OccupantView[]
  errors: FieldErrors
  set: (patch: Partial<VisitDraft>) => void
  clear: (...keys: string[]) => void
}

/** What the toggle off means, in one line a grid worker can read out at the door: what the record keeps instead of the name. */
const consentHint = (refusedLabel: string) => `不同意则不记姓名，只记“${refusedLabel}”`

/** 已口头同意登记 for one person, with what it means under it. */
function ConsentRow({ name, consent, hint, error, onChange }: { name: string; consent: Consent; hint: string; error?: string; onChange: (c: Consent) => void }) {
  return (
    <View className='vnew__consent'>
      <View className='vnew__consent-text'>
        <Text className='vnew__consent-name'>{name || '这位'}：已口头同意登记</Text>
        <Text className='muted vnew__consent-hint'>{hint}</Text>
        {error ? <Text className='field__error'>{error}</Text> : null}
      </View>
      <Switch className='vnew__consent-switch' checked={consent === 'given'} onChange={(on) => onChange(on ? 'given' : 'refused')} />
    </View>
  )
}

/**
 * 见到的人: the household's occupants as chips (tap who was there), and people not on the register added by name.
 * Whoever has no account of their own (an elderly occupant without WeChat, a visiting daughter) is asked at the door
 * whether they agree to be named in the record (PIPL: the grid worker records that consent); without it the
 * record keeps only that one person was met. Occupants who use the mini-program agreed to the privacy terms.
 */
export default function MetFields({ draft, occupants, errors, set, clear }: Props) {
  const noAccount = occupants.filter((o) => !o.hasAccount && draft.met.includes(o.id))
  const setGuest = (key: string, patch: Partial<Guest>) => set({ guests: draft.guests.map((g) => (g.key === key ? { ...g, ...patch } : g)) })
  // Errors of a person are at met.N (occupants in the order tapped, then the guests).
  const metError = (n: number, field?: string) => errors[`met.${n}${field ? `.${field}` : ''}`]
  return (
    <>
      <Text className='section-title'>见到的人</Text>
      <View className='card'>
        {occupants.length ? (
          <ChoiceChips
            className='vnew__met'
            options={occupants.map((o) => ({ id: o.id, name: o.hasAccount ? o.name : `${o.name}（未使用微信）` }))}
            selected={draft.met}
            onPick={(id) => {
              set({ met: toggled(draft.met, id) })
              clear('met')
            }}
          />
        ) : (
          <Text className='muted'>这户还没有登记住户，可以在下方添加见到的人。</Text>
        )}
        {errors.met ? <Text className='field__error'>{errors.met}</Text> : null}
        {noAccount.map((o) => (
          <ConsentRow
            key={o.id}
            name={o.name}
            consent={draft.consent[o.id] ?? 'refused'}
            hint={consentHint(REFUSED_PERSON_LABEL)}
            error={metError(draft.met.indexOf(o.id), 'consent')}
            onChange={(c) => set({ consent: { ...draft.consent, [o.id]: c } })}
          />
        ))}
        {draft.guests.map((g, i) => {
          const n = draft.met.length + i
          return (
            <View key={g.key} className='vnew__guest'>
              <View className='vnew__guest-fields'>
                <Input
                  className='field__input vnew__guest-name'
                  value={g.name}
                  placeholder='姓名，如：孙奶奶的女儿'
                  maxlength={20}
                  onInput={(e) => {
                    setGuest(g.key, { name: e.detail.value })
                    clear(`met.${n}.name`)
                  }}
                />
                <Input className='field__input vnew__guest-relation' value={g.relation} placeholder='关系（选填）' maxlength={10} onInput={(e) => setGuest(g.key, { relation: e.detail.value })} />
                <Text className='vnew__remove' onClick={() => set({ guests: draft.guests.filter((x) => x.key !== g.key) })}>
                  删除
                </Text>
              </View>
              {metError(n, 'name') || metError(n) ? <Text className='field__error'>{metError(n, 'name') ?? metError(n)}</Text> : null}
              <ConsentRow name={g.name.trim()} consent={g.consent} hint={consentHint(REFUSED_GUEST_LABEL)} onChange={(consent) => setGuest(g.key, { consent })} />
            </View>
          )
        })}
        <Button className='vnew__add' size='small' fill='outline' onClick={() => set({ guests: [...draft.guests, { key: rowKey(), name: '', relation: '', consent: 'refused' }] })}>
          ＋ 添加其他人（未登记在册）
        </Button>
      </View>
    </>
  )
}
