import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { CommunitySummary } from '@linli/shared'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useRecord } from '../../../components/useRecord'
import { listCommunities } from '../../communities.api'

/** 选择社区: the communities one may join, searched by name; a tap chooses one. */
export default function CommunitySearch({ chosen, onChoose }: { chosen: string; onChoose: (id: string) => void }) {
  const [query, setQuery] = useState('')
  /** The words searched for (the list answers them, not what is being typed). */
  const [searched, setSearched] = useState<string | undefined>(undefined)
  const list = useRecord<CommunitySummary[]>((opts) => listCommunities(searched, opts).then((r) => r.items), [searched], { refreshOnShow: false })
  const search = () => {
    const q = query.trim() || undefined
    if (q === searched) void list.load()
    else setSearched(q)
  }

  return (
    <>
      <View className='join__search'>
        <Input className='field__input join__search-input' value={query} placeholder='搜索社区名称' confirmType='search' onInput={(e) => setQuery(e.detail.value)} onConfirm={search} />
        <Button size='small' type='primary' fill='outline' onClick={search}>
          搜索
        </Button>
      </View>
      {list.data === null && !list.error ? <Loading text='正在加载社区…' /> : null}
      {list.error ? <ErrorState message={list.error} onRetry={() => void list.load()} /> : null}
      {list.data && list.data.length === 0 ? <Empty title='没有找到社区' description='换个名称试试，或联系您所在的社区居委会。' /> : null}
      {list.data?.map((c) => (
        <View key={c.id} className={`join__option ${c.id === chosen ? 'join__option--on' : ''}`} onClick={() => onChoose(c.id)}>
          <Text className='join__option-name'>{c.name}</Text>
          <Text className='muted'>{c.streetName}</Text>
        </View>
      ))}
    </>
  )
}
