import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { CasePartyInput, type PartyCandidate } from '@linli/shared'
import ChoiceChips from '../../../components/ChoiceChips'
import { FormField } from '../../../components/FormField'
import { check } from '../../../services/form'
import { errorMessage } from '../../../services/http'
import { findParties } from '../../mediation.api'
import { outsiderParty, residentParty, type PartyEntry } from '../../format'

interface Props {
  parties: PartyEntry[]
  onAdd: (p: PartyEntry) => void
  onRemove: (key: string) => void
  error?: string
  /** A party named already outside this list (the request's filer, added by the server). */
  fixed?: string
}

/**
 * 当事人: residents of the community found by name (they confirm the agreement on their phone and see the case in
 * 我的调解), or anyone else by name with a contact if they give one (they sign the agreement on paper).
 */
export default function PartyPicker({ parties, onAdd, onRemove, error, fixed }: Props) {
  const [q, setQ] = useState('')
  const [found, setFound] = useState<PartyCandidate[] | null>(null)
  const [searching, setSearching] = useState(false)
  const [searchError, setSearchError] = useState<string | null>(null)
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  const [outsiderError, setOutsiderError] = useState<string | null>(null)

  const search = async () => {
    if (!q.trim() || searching) return
    setSearching(true)
    setSearchError(null)
    try {
      setFound((await findParties(q.trim(), { silent: true })).items)
    } catch (err) {
      setFound(null)
      setSearchError(errorMessage(err))
    } finally {
      setSearching(false)
    }
  }

  const addOutsider = () => {
    const res = check(CasePartyInput, phone.trim() ? { name: name.trim(), phone: phone.trim() } : { name: name.trim() })
    if (!res.ok) return setOutsiderError(Object.values(res.errors)[0] ?? '请填写姓名')
    onAdd(outsiderParty(name, phone))
    setName('')
    setPhone('')
    setOutsiderError(null)
  }

  return (
    <>
      <FormField label='当事人' required error={error}>
        {fixed ? (
          <View className='case-picked'>
            <Text>{fixed}</Text>
            <Text className='muted'>反映人，自动列入</Text>
          </View>
        ) : null}
        {parties.map((p) => (
          <View key={p.key} className='case-picked'>
            <Text>{p.label}</Text>
            <Text className='case-picked__remove' onClick={() => onRemove(p.key)}>
              移除
            </Text>
          </View>
        ))}
        {!fixed && parties.length === 0 ? <Text className='muted'>请添加纠纷双方（至少两方）。</Text> : null}
      </FormField>

      <View className='case-form__row'>
        <FormField label='查找本社区居民'>
          <Input className='field__input' value={q} placeholder='输入姓名，如：张阿姨' maxlength={20} confirmType='search' onInput={(e) => setQ(e.detail.value)} onConfirm={() => void search()} />
        </FormField>
        <Button className='case-form__add' type='primary' fill='outline' loading={searching} disabled={searching || !q.trim()} onClick={() => void search()}>
          查找
        </Button>
      </View>
      {searchError ? <Text className='field__error'>{searchError}</Text> : null}
      {found && found.length === 0 ? <Text className='muted case-line'>没有找到，可在下方按姓名添加。</Text> : null}
      {found && found.length > 0 ? (
        <ChoiceChips
          className='case-found'
          options={found.map((c) => ({ id: c.membershipId, name: c.address ? `${c.name} · ${c.address}` : c.name }))}
          selected={parties.filter((p) => 'membershipId' in p.input).map((p) => (p.input as { membershipId: string }).membershipId)}
          onPick={(id) => {
            const c = found.find((f) => f.membershipId === id)
            if (c) onAdd(residentParty(c))
          }}
        />
      ) : null}

      <Text className='field__label case-outsider__label'>未使用小程序的当事人（租户、外地亲属等）</Text>
      <View className='case-form__row case-outsider'>
        <FormField>
          <Input className='field__input' value={name} placeholder='姓名' maxlength={20} onInput={(e) => setName(e.detail.value)} />
        </FormField>
        <FormField>
          <Input className='field__input' type='number' value={phone} placeholder='电话（选填）' maxlength={11} onInput={(e) => setPhone(e.detail.value)} />
        </FormField>
        <Button className='case-form__add' type='primary' fill='outline' disabled={!name.trim()} onClick={addOutsider}>
          添加
        </Button>
      </View>
      {outsiderError ? <Text className='field__error'>{outsiderError}</Text> : null}
    </>
  )
}
