import { MOBILE_GRID_PLATFORM_LABELS, MOBILE_GRID_STATUS_LABELS, type MobileGridApplicationView, type MobileGridStatus } from '@linli/shared'

export const APPLY_PAGE = '/mobile-grid/pages/apply/index'
export const REVIEW_PAGE = '/mobile-grid/pages/review/index'
/** The filing form in 流动网格员上报 mode. */
export const REPORT_PAGE = '/requests/pages/new/index?source=mobile_grid'

/** 顺丰, or 其他 by the name they typed. */
export const platformText = (a: Pick<MobileGridApplicationView, 'platform' | 'platformName'>) =>
  a.platform === 'other' ? a.platformName || MOBILE_GRID_PLATFORM_LABELS.other : MOBILE_GRID_PLATFORM_LABELS[a.platform]

/** 审核中 / 已通过 / 未通过：reason / 已撤销. */
export const statusText = (a: Pick<MobileGridApplicationView, 'status' | 'note'>) =>
  a.status === 'rejected' && a.note ? `${MOBILE_GRID_STATUS_LABELS.rejected}：${a.note}` : MOBILE_GRID_STATUS_LABELS[a.status]

export const STATUS_TONE: Record<MobileGridStatus, string> = { pending: 'warning', approved: 'success', rejected: 'danger', revoked: 'default' }
