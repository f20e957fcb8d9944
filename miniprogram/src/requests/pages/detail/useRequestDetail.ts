import { useState } from 'react'
import Taro from '@tarojs/taro'
import { DEFAULT_COMMUNITY_SETTINGS, type DuplicateCandidate, type RequestView, type RequestViewAction } from '@linli/shared'
import { useRecord } from '../../../components/useRecord'
import { errorMessage } from '../../../services/http'
import { actOnRequest, approveContent, approvePhoto, getDuplicateCandidates, getReplyTemplates, getRequest, setRequestPublic } from '../../requests.api'
import { composerOf, hatOf, type ComposerKind } from './actions'
import { loadAssignees, type Assignee } from './assignees'
import type { Perform } from './Composer'

/**
 * The request on its page and what the caller does with it: the record (reloaded on show and on pull), the hat
 * the caller wears (`from=queue` or 我的诉求), the open composer with the lists it needs, and the moves.
 */
export function useRequestDetail(id: string, from: string | undefined) {
  const record = useRecord((opts) => getRequest(id, opts), [id])
  const r = record.data
  const hat = r ? hatOf(r.viewer, from) : 'reader'
  const [composer, setComposer] = useState<ComposerKind | null>(null)
  const [templates, setTemplates] = useState<string[] | null>(null)
  const [assignees, setAssignees] = useState<Assignee[] | null>(null)
  const [candidates, setCandidates] = useState<DuplicateCandidate[] | null>(null)
  const [listError, setListError] = useState<string | null>(null)

  /** Runs a move and keeps the request it answers; an answer without the timeline keeps the one shown until the full view follows. */
  const perform: Perform = async (work, message) => {
    let partial = false
    const next = await record.act(async () => {
      const answered = await work()
      partial = !answered.timeline
      return partial ? { ...answered, timeline: record.data?.timeline } : answered
    }, message)
    if (next) {
      setComposer(null)
      if (partial) void record.load()
    }
    return next
  }

  const open = (kind: ComposerKind, req: RequestView) => {
    setComposer(kind)
    setListError(null)
    if (kind === 'reply' && hat === 'handler' && templates === null) {
      // 常用回复: the community's own, which admins edit in 社区设置.
      getReplyTemplates({ silent: true })
        .then((s) => setTemplates(s.items))
        .catch(() => setTemplates(DEFAULT_COMMUNITY_SETTINGS.replyTemplates))
    }
    if (kind === 'duplicate') {
      // Fresh each time: the queue moves while the page is open.
      setCandidates(null)
      getDuplicateCandidates(req.id, { silent: true })
        .then((c) => setCandidates(c.items))
        .catch((err) => {
          setCandidates([])
          setListError(errorMessage(err))
        })
    }
    if (kind === 'assign' && assignees === null) {
      loadAssignees(req.communityId)
        .then(setAssignees)
        .catch((err) => {
          setAssignees([])
          setListError(errorMessage(err))
        })
    }
  }

  /** A button of the action bar: a form for the written moves, the others at once (撤回 after asking). */
  const onAction = async (action: RequestViewAction) => {
    if (!r) return
    const kind = composerOf(action)
    if (kind) return open(kind, r)
    switch (action) {
      case 'withdraw': {
        const { confirm } = await Taro.showModal({ title: '撤回诉求', content: '撤回后社区将不再办理，确定撤回吗？' })
        if (confirm) await perform(() => actOnRequest(r.id, { action: 'withdraw' }), () => '已撤回')
        return
      }
      case 'accept':
        return void perform(() => actOnRequest(r.id, { action: 'accept' }), () => '已受理')
      case 'set_public':
        return void perform(() => setRequestPublic(r.id, !r.public), (next) => (next.public ? '已公开（不含个人信息）' : '已取消公开'))
      case 'recall_dispatch': {
        // 撤回派发: the units stop; the request comes back to the dispatcher's queue.
        const { confirm } = await Taro.showModal({ title: '撤回派发', content: '撤回后单位将不再办理此诉求，可以重新派发给其他单位。确定撤回吗？' })
        if (confirm) await perform(() => actOnRequest(r.id, { action: 'recall_dispatch' }), () => '已撤回派发')
        return
      }
      case 'approve_content':
        // Staff review: texts WeChat's content security held.
        return void perform(() => approveContent(r.id), () => '文字已审核通过')
    }
  }

  /** Staff approve a photo the media check did not pass. */
  const approveHeldPhoto = (key: string) => r && void perform(() => approvePhoto(r.id, key), () => '照片已审核通过')

  return { r, error: record.error, reload: () => void record.load(), busy: record.busy, hat, composer, closeComposer: () => setComposer(null), templates, assignees, candidates, listError, perform, onAction, approveHeldPhoto }
}
