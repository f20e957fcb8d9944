import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { api, type Membership } from '@linli/shared'
import ReasonPrompt from '../../../components/ReasonPrompt'
import { removeResident } from '../../../communities/communities.api'
import { confirmed } from '../../../services/confirm'
import { rememberMember } from '../../members'
import type { MemberChanges } from './changes'

/** 移出社区 with a reason that goes into the record; the member must apply again to come back. */
export default function RemoveMember({ member, busy, run }: Pick<MemberChanges, 'busy' | 'run'> & { member: Membership }) {
  const [asking, setAsking] = useState(false)

  const remove = async (reason: string) => {
    if (!(await confirmed('移出社区', `确定将“${member.name}”移出社区吗？移出后需要重新申请加入。`, { confirmText: '移出', danger: true }))) return
    // A refusal is thrown on to the prompt, which shows it under the reason.
    await run('remove', async () => {
      rememberMember(await removeResident(member.id, reason, { silent: true }))
      void Taro.showToast({ title: `已将${member.name}移出社区`, icon: 'none' })
      // Nothing left to manage here: back to the list, which drops the member.
      setTimeout(() => void Taro.navigateBack(), 800)
    })
  }

  return (
    <>
      <Text className='section-title'>移出社区</Text>
      <View className='card'>
        <Text className='muted'>移出后该居民不能再使用本社区的功能，需要重新申请加入。原因会记入变更记录。</Text>
        {asking ? (
          <ReasonPrompt
            className='member__reason'
            schema={api.communities.removeResident.body}
            placeholder='请填写移出原因，如：已搬离本社区'
            requiredMessage='请填写移出原因，会记入变更记录'
            confirmText='移出社区'
            busy={busy === 'remove'}
            onCancel={() => setAsking(false)}
            onSubmit={remove}
          />
        ) : (
          <Button className='block-button' type='danger' fill='outline' block disabled={!!busy} onClick={() => setAsking(true)}>
            移出社区
          </Button>
        )}
      </View>
    </>
  )
}
