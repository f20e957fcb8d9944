import Taro from '@tarojs/taro'
import type { RequestView } from '@linli/shared'
import { patrolPage } from '../../../patrols/format'

const detailPage = (r: RequestView, from: 'mine' | 'queue') => `/requests/pages/detail/index?id=${r.id}&from=${from}`

/** Back to the patrol: the page beneath when the form was opened from it (it reloads on show), else the patrol anew. */
function backToPatrol(patrolId: string): void {
  const pages = Taro.getCurrentPages()
  const beneath = pages[pages.length - 2]?.route ?? ''
  if (beneath.replace(/^\//, '').startsWith('patrols/pages/detail/index')) void Taro.navigateBack()
  else void Taro.redirectTo({ url: patrolPage(patrolId) })
}

/**
 * What the filer sees once a request is filed. A resident: a toast, and the request's page to follow it. A grid
 * worker on patrol: where the finding stands — 已就地办结 (filed and closed in that one call) or 已上报，进入办理流程 —
 * with 继续巡查 back to the patrol, or 查看问题 for the finding's own page.
 */
export function showFiled(created: RequestView): void {
  const patrolId = created.source === 'patrol' ? created.patrolId : undefined
  if (!patrolId) {
    void Taro.showToast({ title: created.contentStatus === 'review' ? '已提交，内容审核后公开' : '已提交，请等待受理', icon: 'none' })
    void Taro.redirectTo({ url: detailPage(created, 'mine') })
    return
  }
  void Taro.showModal({
    title: created.resolvedOnSpot ? '已就地办结' : '已上报，进入办理流程',
    content: created.resolvedOnSpot ? '问题和处理结果已记入本次巡查，不再派单。' : '问题已记入本次巡查，网格将按时限受理办理。',
    confirmText: '继续巡查',
    cancelText: '查看问题',
  }).then(({ confirm }) => (confirm ? backToPatrol(patrolId) : void Taro.redirectTo({ url: detailPage(created, 'queue') })))
}
