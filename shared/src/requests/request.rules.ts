import { addCalendarHours } from '../common/time';
import type { RequestDeadlineSettings, RequestLevel, RequestSource, RequestStatus, RequestViewAction, Urgency } from './request.schema';
import { DEFAULT_REQUEST_DEADLINES, REQUEST_VIEW_ACTIONS } from './request.schema';
import { extensionMovePossible, type ExtensionStatus } from './extension.rules';
import { callBackPossible } from './call-back.rules';

/** What the state machine needs to know about a request. */
export interface RequestState {
  status: RequestStatus;
  level: RequestLevel;
  /** How many times the request has been reopened after a resolution. */
  reopenCount: number;
  /** Who brought it in; absent on requests from before sources, which are residents' (居民反映). */
  source?: RequestSource;
}

/**
 * Whether resolving a request of this source asks its filer for a rating. A resident's demand is rated (满意率 and
 * the 回访 are about the resident's satisfaction); a finding is the finder's own work, and a 流动网格员's report a
 * hazard they passed on, so nobody is asked to rate either and resolving it closes it (the reporter is told).
 */
export const REQUEST_SOURCE_RATED: Record<RequestSource, boolean> = { resident: true, patrol: false, mobile_grid: false, proactive: false };

/** Whether a request of `source` (absent: 居民反映) is rated by its filer once resolved. */
export const asksForRating = (source?: RequestSource | null): boolean => REQUEST_SOURCE_RATED[source ?? 'resident'];

export type RequestAction =
  | 'accept'
  | 'assign'
  | 'reply'
  | 'resolve'
  | 'escalate'
  | 'reject'
  | 'mark_duplicate'
  | 'reopen'
  | 'withdraw'
  | 'rate_satisfied'
  | 'rate_unsatisfied'
  | 'auto_close';

export type RequestRefusal =
  | 'not_submitted'
  | 'not_open'
  | 'not_resolved'
  | 'already_reopened'
  | 'top_level'
  | 'finished'
  | 'not_finding'
  | 'not_rated';

export type RequestTransition =
  | { ok: true; to: RequestStatus; level: RequestLevel; reopenCount: number }
  | { ok: false; reason: RequestRefusal };

/** States in which the community is still working on the request. */
export const OPEN_STATUSES: readonly RequestStatus[] = ['submitted', 'accepted', 'in_progress', 'reopened'];

const NEXT_LEVEL: Record<RequestLevel, RequestLevel | null> = { grid: 'community', community: 'street', street: null };

/**
 * The request lifecycle (接诉即办): submitted → accepted → in_progress → resolved → closed, with
 * rejected, withdrawn, reopened (once, by an unsatisfied first rating or the resident's reopen) and escalation
 * between levels. A request nobody is asked to rate (a finding, `asksForRating`) is closed by its resolution, so it
 * never waits in resolved for a rating, a reopen or the auto-close, and rating or reopening it is refused as such
 * (`not_rated`), whatever its status. Pure: the handler loads, calls this, and saves
 * with a condition on the old status.
 */
export function requestTransition(s: RequestState, action: RequestAction): RequestTransition {
  const stay = { ok: true as const, to: s.status, level: s.level, reopenCount: s.reopenCount };
  const open = OPEN_STATUSES.includes(s.status);
  switch (action) {
    case 'accept':
      return s.status === 'submitted' ? { ...stay, to: 'accepted' } : { ok: false, reason: 'not_submitted' };
    case 'assign':
      return ['accepted', 'in_progress', 'reopened'].includes(s.status) ? { ...stay, to: 'in_progress' } : { ok: false, reason: 'not_open' };
    case 'reply':
      // Conversation stays possible while the request is open or awaiting its rating.
      return open || s.status === 'resolved' ? stay : { ok: false, reason: 'finished' };
    case 'resolve':
      if (!['accepted', 'in_progress', 'reopened'].includes(s.status)) return { ok: false, reason: 'not_open' };
      return { ...stay, to: asksForRating(s.source) ? 'resolved' : 'closed' };
    case 'escalate': {
      if (!open) return { ok: false, reason: 'not_open' };
      const next = NEXT_LEVEL[s.level];
      return next ? { ...stay, level: next } : { ok: false, reason: 'top_level' };
    }
    case 'reject':
      return s.status === 'submitted' || s.status === 'accepted' ? { ...stay, to: 'rejected' } : { ok: false, reason: 'not_open' };
    case 'withdraw':
      return s.status === 'submitted' ? { ...stay, to: 'withdrawn' } : { ok: false, reason: 'not_submitted' };
    case 'mark_duplicate':
      // Only while the work is still ahead: a request already resolved was handled on its own.
      return open ? { ...stay, to: 'duplicate' } : { ok: false, reason: 'not_open' };
    case 'reopen':
    case 'rate_unsatisfied':
      if (!asksForRating(s.source)) return { ok: false, reason: 'not_rated' };
      if (s.status !== 'resolved') return { ok: false, reason: 'not_resolved' };
      if (s.reopenCount >= 1) return action === 'reopen' ? { ok: false, reason: 'already_reopened' } : { ...stay, to: 'closed' };
      return { ...stay, to: 'reopened', reopenCount: s.reopenCount + 1 };
    case 'rate_satisfied':
      if (!asksForRating(s.source)) return { ok: false, reason: 'not_rated' };
      return s.status === 'resolved' ? { ...stay, to: 'closed' } : { ok: false, reason: 'not_resolved' };
    case 'auto_close':
      return s.status === 'resolved' ? { ...stay, to: 'closed' } : { ok: false, reason: 'not_resolved' };
  }
}

export const REQUEST_REFUSAL_MESSAGES: Record<RequestRefusal, string> = {
  not_submitted: '该诉求已被受理，无法进行此操作',
  not_open: '该诉求当前状态不允许此操作',
  not_resolved: '该诉求尚未办结',
  already_reopened: '该诉求已重新办理过一次',
  top_level: '已是最高层级（街道），无法继续上报',
  finished: '该诉求已结束',
  not_finding: '只有巡查发现的问题可以就地办结',
  not_rated: '巡查等主动发现的问题办结即关闭，无需评价或申请重新办理',
};

/**
 * 就地办结: a finding its finder fixed there and then is accepted and resolved by the filing itself — the moves
 * accept and resolve of the machine above, from a fresh filing, so it ends where resolving a finding ends (closed,
 * nobody asked to rate it). Only a patrol's finding: a resident's demand is accepted and handled, and a 流动网格员
 * reports what the grid is to fix (they hold no request, so they resolve none).
 */
export function onSpotTransition(source: RequestSource): RequestTransition {
  if (source !== 'patrol') return { ok: false, reason: 'not_finding' };
  const filed: RequestState = { status: 'submitted', level: 'grid', reopenCount: 0, source };
  const accepted = requestTransition(filed, 'accept');
  return accepted.ok ? requestTransition({ ...filed, status: accepted.to }, 'resolve') : accepted;
}

/** Deadlines of one level, counted in calendar hours from `from` (submission or the last escalation). */
export function requestDeadlines(
  level: RequestLevel,
  urgency: Urgency,
  from: Date,
  settings: RequestDeadlineSettings = DEFAULT_REQUEST_DEADLINES,
): { respondBy: Date; resolveBy: Date } {
  const factor = urgency === 'urgent' ? 0.5 : 1; // urgent halves every deadline
  return {
    respondBy: addCalendarHours(from, settings.respondHours * factor),
    resolveBy: addCalendarHours(from, settings.resolveHours[level] * factor),
  };
}

/** Days after resolution when an unrated request closes by itself. */
export const AUTO_CLOSE_DAYS = 7;

/**
 * Whether the rating period of a resolved request is over: it then counts as closed (no rating, no reopening),
 * whether or not the closing job has run yet.
 */
export function ratingPeriodOver(s: { status: RequestStatus; resolvedAt?: Date | null }, now: Date): boolean {
  return s.status === 'resolved' && !!s.resolvedAt && now.getTime() - s.resolvedAt.getTime() > AUTO_CLOSE_DAYS * 86_400_000;
}

/** What deciding the offered moves needs to know about a request besides its state. */
export interface RequestOfferState extends RequestState {
  resolvedAt?: Date | null;
  /** Text held by content security on the request or its timeline: something to approve. */
  contentHeld: boolean;
  /** 延期申请: the latest extension's status and how many were approved (extension.rules.ts). */
  extension?: { status: ExtensionStatus } | null;
  extensionCount?: number | null;
}

/** The offered actions of 吹哨报到 (dispatch.rules.ts decides them; listed here so this module imports none of it). */
const DISPATCH_VIEW_ACTIONS: readonly RequestViewAction[] = ['dispatch', 'send_back', 'reject_send_back', 'recall_dispatch', 'rate_unit'];

/** Which state-machine move each offered action is (`rate` is possible exactly when a satisfied rating is). */
const MOVE_OF: Partial<Record<RequestViewAction, RequestAction>> = {
  accept: 'accept',
  assign: 'assign',
  reply: 'reply',
  resolve: 'resolve',
  escalate: 'escalate',
  reject: 'reject',
  mark_duplicate: 'mark_duplicate',
  reopen: 'reopen',
  withdraw: 'withdraw',
  rate: 'rate_satisfied',
};

/** Whether the request's state allows an offered action now, whoever asks. */
export function requestActionPossible(s: RequestOfferState, action: RequestViewAction, now: Date): boolean {
  if (action === 'set_public') return true; // staff publish or unpublish at any stage
  if (action === 'approve_content') return s.contentHeld;
  if (action === 'request_extension' || action === 'decide_extension') return extensionMovePossible(s, action);
  if (action === 'call_back') return callBackPossible(s);
  // 改类型 while the work is ahead: the deadlines it recomputes matter only then.
  if (action === 'set_type') return OPEN_STATUSES.includes(s.status);
  // 吹哨报到's moves need the request's dispatches: dispatch.rules.ts `dispatchActionsOffered` offers them.
  if (DISPATCH_VIEW_ACTIONS.includes(action)) return false;
  if ((action === 'rate' || action === 'reopen') && ratingPeriodOver(s, now)) return false;
  return requestTransition(s, MOVE_OF[action]!).ok;
}

/**
 * The moves to offer on a request: those `permitted` to the caller (the permission table, on the server) that its
 * state allows now. The names are the API's `actions`, so the app and the server speak of the same buttons.
 */
export function availableRequestActions(s: RequestOfferState, permitted: (action: RequestViewAction) => boolean, now: Date): RequestViewAction[] {
  return REQUEST_VIEW_ACTIONS.filter((a) => requestActionPossible(s, a, now) && permitted(a));
}

/** Counts the 三率 are computed from; maintained as requests change, so statistics never scan requests. */
export interface RateCounts {
  /** First staff action within the response deadline. */
  respondedOnTime: number;
  /** First staff action after the response deadline. */
  respondedLate: number;
  /** Response deadline passed with no staff action yet. */
  overdueUnresponded: number;
  /** Requests that reached resolved or closed (withdrawn, rejected and duplicates excluded). */
  resolved: number;
  /** All requests except rejected, withdrawn and duplicates (the problem counts once, on its original). */
  eligible: number;
  satisfied: number;
  ratings: number;
}

/** The words under the stars of a rating: 4–5 满意, 3 基本满意, 1–2 不满意 (12345 practice). */
export type RatingLevel = 'satisfied' | 'basically' | 'unsatisfied';
export const RATING_LEVEL_LABELS: Record<RatingLevel, string> = { satisfied: '满意', basically: '基本满意', unsatisfied: '不满意' };

/** What a score of 1–5 stars means. */
export function ratingLevel(score: number): RatingLevel {
  return score >= 4 ? 'satisfied' : score === 3 ? 'basically' : 'unsatisfied';
}

/**
 * Whether a rating counts as satisfied: 满意 and 基本满意 count towards 满意率, as 12345 hotlines count them; only
 * 不满意 may reopen the request (once). A client that still sends `satisfied` is taken at its word.
 */
export function ratedSatisfied(score: number, satisfied?: boolean): boolean {
  return satisfied ?? ratingLevel(score) !== 'unsatisfied';
}

export interface Rates {
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
}

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);

/**
 * 三率, the figures 接诉即办 leaders are measured by: 响应率 = on-time first responses ÷ requests responded to or past their
 * response deadline; 解决率 = resolved or closed ÷ all but rejected, withdrawn and duplicates; 满意率 = satisfied ÷ ratings.
 * Null when there is nothing to divide by (shown as “—”, never as 0% or 100%).
 */
/** The sums the board and the rankings add up (onTime, late, overdue, …), named as the 三率 count them. */
export interface RateSums {
  onTime: number;
  late: number;
  overdue: number;
  resolved: number;
  eligible: number;
  satisfied: number;
  ratings: number;
}

/** 三率 from summed counters: the one mapping the board (stats.rules) and the rankings (ranking.rules) share. */
export const ratesOfSums = (s: RateSums): Rates =>
  computeRates({ respondedOnTime: s.onTime, respondedLate: s.late, overdueUnresponded: s.overdue, resolved: s.resolved, eligible: s.eligible, satisfied: s.satisfied, ratings: s.ratings });

export function computeRates(c: RateCounts): Rates {
  return {
    responseRate: ratio(c.respondedOnTime, c.respondedOnTime + c.respondedLate + c.overdueUnresponded),
    resolutionRate: ratio(c.resolved, c.eligible),
    satisfactionRate: ratio(c.satisfied, c.ratings),
  };
}
