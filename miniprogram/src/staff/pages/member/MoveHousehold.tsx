import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { api, type CommunityDetail, type Membership } from '@linli/shared'
import ChoiceChips from '../../../components/ChoiceChips'
import { FormError, FormField, TextField } from '../../../components/FormField'
import { ErrorState, Loading } from '../../../components/StateView'
import { useForm } from '../../../components/useForm'
import { moveResident } from '../../../communities/communities.api'
import type { MemberChanges } from './changes'

interface Props extends MemberChanges {
  member: Membership
  community: { data: CommunityDetail | null; error: string | null; load: () => Promise<void> }
}

/**
 * 变更住址: building, unit and room, checked with the endpoint's schema. The page remounts it when the household
 * changes, so it always starts from the address on record.
 */
export default function MoveHousehold({ member, community, busy, run, applied }: Props) {
  const h = member.household
  const form = useForm({
    schema: api.communities.moveResident.body,
    initial: { buildingId: h?.buildingId ?? '', unit: h?.unit ?? '', room: h?.room ?? '' },
    toBody: (v) => ({ buildingId: v.buildingId, unit: v.unit.trim(), room: v.room.trim() }),
    messages: { buildingId: '请选择楼栋' },
  })

  const save = async () => {
    const body = form.validate()
    if (!body) return
    if (h && h.buildingId === body.buildingId && h.unit === body.unit && h.room === body.room) return form.setErrors({ form: '住址没有变化' })
    await run('move', async () => {
      try {
        applied(await moveResident(member.id, body, { silent: true }))
        void Taro.showToast({ title: '住址已变更', icon: 'none' })
      } catch (err) {
        form.fail(err)
      }
    })
  }

  return (
    <>
      <Text className='section-title'>变更住址</Text>
      <View className='card'>
        <FormField label='楼栋' required error={form.errors.buildingId}>
          {!community.data && !community.error ? <Loading text='正在加载楼栋…' /> : null}
          {community.error ? <ErrorState message={community.error} onRetry={() => void community.load()} /> : null}
          <ChoiceChips options={community.data?.buildings ?? []} selected={form.values.buildingId} onPick={(id) => form.set({ buildingId: id })} />
        </FormField>
        <View className='field-pair'>
          <TextField form={form} name='unit' label='单元' required placeholder='如：2' />
          <TextField form={form} name='room' label='房号' required placeholder='如：301' />
        </View>
        <FormError errors={form.errors} />
        <Button className='block-button' type='primary' block loading={busy === 'move'} disabled={!!busy && busy !== 'move'} onClick={() => void save()}>
          保存住址
        </Button>
      </View>
    </>
  )
}
