import type { RequestLevel, RequestStatus } from './request.states';

/**
 * 延期申请: whoever holds a request (its person assignee, or the lead unit it was dispatched to) asks for more time with
 * a reason and a proposed date; the dispatcher's side approves or refuses. An approved extension is the only thing
 * that moves the request's resolution deadline (the 三率 clock runs from the resident's submission otherwise), and is
 * counted (延期率). A request may not be extended twice without the street: a second request (one extension
 * approved already) is decided by street staff only.
 */
export const EXTENSION_STATUSES = ['requested', 'approved', 'refused'] as const;
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number];
export const EXTENSION_STATUS_LABELS: Record<ExtensionStatus, string> = { requested: '延期待审批', approved: '已批准延期', refused: '延期未获批准' };

/** Who asked: a person holding the request, or the lead unit of its dispatch. */
export const EXTENSION_REQUESTER_KINDS = ['person', 'unit'] as const;
export type ExtensionRequesterKind = (typeof EXTENSION_REQUESTER_KINDS)[number];

/** How far past the current deadline an extension may reach in one go (a longer job asks again, through the street). */
export const MAX_EXTENSION_DAYS = 60;

/** What the extension rules need of a request. */
export interface ExtensionState {
  status: RequestStatus;
  level: RequestLevel;
  /** The latest extension (absent: none ever asked). */
  extension?: { status: ExtensionStatus } | null;
  /** Extensions approved so far. */
  extensionCount?: number | null;
}

/** Statuses in which someone holds the request and works on it: only then is there a deadline to move. */
const HELD: readonly RequestStatus[] = ['accepted', 'in_progress', 'reopened'];

export type ExtensionMove = 'request' | 'approve' | 'refuse';

export type ExtensionRefusal =
  /** The request is not being worked on (not accepted yet, or finished). */
  | 'not_held'
  /** An extension already waits for a decision. */
  | 'extension_pending'
  /** No extension waits for a decision. */
  | 'no_pending_extension'
  /** The proposed date is not after the current deadline. */
  | 'not_later'
  /** The proposed date is more than MAX_EXTENSION_DAYS past the current deadline. */
  | 'too_far'
  /** A second extension: only street staff decide it. */
  | 'street_decides'
  /** Nobody decides their own extension. */
  | 'own_extension';

export type ExtensionTransition =
  | { ok: true; status: ExtensionStatus; extensionCount: number; resolveBy?: Date }
  | { ok: false; reason: ExtensionRefusal };

/** Whether deciding the pending extension needs the street: one extension was approved already (不得二次延期，除非街道审批). */
export const needsStreetApproval = (s: Pick<ExtensionState, 'extensionCount'>): boolean => (s.extensionCount ?? 0) >= 1;

/**
 * The extension moves. `request` needs a held request with nothing pending and a date after the current deadline
 * (at most MAX_EXTENSION_DAYS later); `approve`/`refuse` need a pending extension on a request still held, a decider
 * other than the requester, and, for a second extension, a decider of the street. Approval moves the deadline to the
 * proposed date and counts the extension. Pure: the use case loads, asks this, and writes conditionally on the revision.
 */
export function extensionTransition(
  s: ExtensionState,
  move: ExtensionMove,
  ctx: { resolveBy?: Date; proposedResolveBy?: Date; deciderIsStreet?: boolean; deciderIsRequester?: boolean } = {},
): ExtensionTransition {
  const count = s.extensionCount ?? 0;
  if (!HELD.includes(s.status)) return { ok: false, reason: 'not_held' };
  const pending = s.extension?.status === 'requested';
  if (move === 'request') {
    if (pending) return { ok: false, reason: 'extension_pending' };
    if (ctx.proposedResolveBy && ctx.resolveBy) {
      if (ctx.proposedResolveBy.getTime() <= ctx.resolveBy.getTime()) return { ok: false, reason: 'not_later' };
      if (ctx.proposedResolveBy.getTime() - ctx.resolveBy.getTime() > MAX_EXTENSION_DAYS * 86_400_000) return { ok: false, reason: 'too_far' };
    }
    return { ok: true, status: 'requested', extensionCount: count };
  }
  if (!pending) return { ok: false, reason: 'no_pending_extension' };
  if (ctx.deciderIsRequester) return { ok: false, reason: 'own_extension' };
  if (needsStreetApproval(s) && !ctx.deciderIsStreet) return { ok: false, reason: 'street_decides' };
  if (move === 'refuse') return { ok: true, status: 'refused', extensionCount: count };
  return { ok: true, status: 'approved', extensionCount: count + 1, resolveBy: ctx.proposedResolveBy };
}

/** Whether the state allows a move now, whoever asks (the offered buttons; the permission table decides who). */
export function extensionMovePossible(s: ExtensionState, action: 'request_extension' | 'decide_extension'): boolean {
  return extensionTransition(s, action === 'request_extension' ? 'request' : 'approve', { deciderIsStreet: true }).ok;
}

export const EXTENSION_REFUSAL_MESSAGES: Record<ExtensionRefusal, string> = {
  not_held: '该诉求当前不在办理中，无法申请或审批延期',
  extension_pending: '已有延期申请等待审批',
  no_pending_extension: '没有待审批的延期申请',
  not_later: '申请的办结时间须晚于当前办结时限',
  too_far: `一次延期最多${MAX_EXTENSION_DAYS}天`,
  street_decides: '第二次延期需街道审批',
  own_extension: '不能审批自己提出的延期申请',
};
