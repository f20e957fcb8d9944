/**
 * The detail page's buttons, from the view's `actions` (what the server says this caller may do now: the state
 * machine and the permission table, shared/requests/request.rules.ts). Nothing here decides whether a move is
 * possible; it only names, orders and styles the moves, and keeps those of the hat the caller wears.
 */
import type { RequestView, RequestViewAction } from '@linli/shared'

/** The moves that open a form on the page first (the others run at once, 撤回 after a confirmation). */
export type ComposerKind = 'reply' | 'resolve' | 'escalate' | 'reject' | 'reopen' | 'rate' | 'assign' | 'duplicate' | UnitMoveKind | ExtCallKind | 'set_type'

/** 延期申请, 延期审批 and 电话回访, each with its own form (ExtensionCallBack.tsx). */
export type ExtCallKind = 'request_extension' | 'decide_extension' | 'call_back'
export const EXT_CALL_KINDS: readonly ExtCallKind[] = ['request_extension', 'decide_extension', 'call_back']

/** The moves of 吹哨报到, each with its own form (DispatchComposer.tsx, UnitMoves.tsx). */
export type UnitMoveKind = 'dispatch' | 'send_back' | 'reject_send_back' | 'rate_unit'
export const UNIT_MOVE_KINDS: readonly UnitMoveKind[] = ['dispatch', 'send_back', 'reject_send_back', 'rate_unit']

export interface ActionButton {
  action: RequestViewAction
  label: string
  primary?: boolean
  danger?: boolean
}

/** What the filer does with their own request, in the order the buttons stand. */
const FILER_MOVES: RequestViewAction[] = ['withdraw', 'reply', 'rate', 'reopen']
/** What handlers do, in the order the buttons stand. */
const HANDLER_MOVES: RequestViewAction[] = ['accept', 'dispatch', 'reject_send_back', 'assign', 'reply', 'resolve', 'decide_extension', 'call_back', 'rate_unit', 'request_extension', 'escalate', 'send_back', 'recall_dispatch', 'reject', 'mark_duplicate', 'set_type', 'set_public', 'approve_content']

const BUTTONS: Record<RequestViewAction, Omit<ActionButton, 'action'>> = {
  withdraw: { label: '撤回' },
  reply: { label: '回复' },
  rate: { label: '评价', primary: true },
  reopen: { label: '申请重新办理' },
  accept: { label: '受理', primary: true },
  assign: { label: '分派' },
  resolve: { label: '办结', primary: true },
  escalate: { label: '上报' },
  reject: { label: '不予受理', danger: true },
  mark_duplicate: { label: '标记为重复' },
  set_public: { label: '公开' },
  approve_content: { label: '审核通过文字' },
  // 改类型 (咨询/求助/投诉/建议): its own form (TypeComposer.tsx).
  set_type: { label: '改类型' },
  // 吹哨报到: dispatch to units (重新派发 after a send-back), reject a send-back, rate the lead unit, send back (a person assignee), recall.
  dispatch: { label: '派发（吹哨）', primary: true },
  reject_send_back: { label: '驳回退单' },
  rate_unit: { label: '单位办理评价', primary: true },
  send_back: { label: '退单', danger: true },
  recall_dispatch: { label: '撤回派发' },
  // 延期申请 (the holder), 延期审批 (the dispatcher's side; a second one the street), 电话回访 (staff, after resolution).
  request_extension: { label: '申请延期' },
  decide_extension: { label: '延期审批', primary: true },
  call_back: { label: '电话回访' },
}

export type Hat = 'filer' | 'handler' | 'reader'

/**
 * Which hat the caller wears on this page: someone who is both filer and handler (staff filing their own) gets the
 * filer's moves from 我的诉求 and the handler's from the queue (`from=queue`).
 */
export function hatOf(viewer: RequestView['viewer'], from: string | undefined): Hat {
  if (viewer.isFiler && (from !== 'queue' || !viewer.isHandler)) return 'filer'
  return viewer.isHandler ? 'handler' : 'reader'
}

/** The buttons to show: the offered moves of the caller's hat, in that hat's order. */
export function actionButtons(r: Pick<RequestView, 'actions' | 'public' | 'sendBack'>, hat: Hat): ActionButton[] {
  const moves = hat === 'filer' ? FILER_MOVES : hat === 'handler' ? HANDLER_MOVES : []
  return moves
    .filter((a) => r.actions.includes(a))
    .map((action) => ({ action, ...BUTTONS[action], ...(action === 'set_public' && r.public ? { label: '取消公开' } : {}), ...(action === 'dispatch' && r.sendBack ? { label: '重新派发' } : {}) }))
}

/** The composer a move opens, if any. */
export const composerOf = (action: RequestViewAction): ComposerKind | null =>
  UNIT_MOVE_KINDS.includes(action as UnitMoveKind) || EXT_CALL_KINDS.includes(action as ExtCallKind)
    ? (action as UnitMoveKind | ExtCallKind)
    : action === 'set_type' ? 'set_type' : action === 'mark_duplicate' ? 'duplicate' : ((['reply', 'resolve', 'escalate', 'reject', 'reopen', 'rate', 'assign'] as const).find((k) => k === action) ?? null)
