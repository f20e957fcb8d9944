import type { RequestSource, RequestStatus } from './request.states';

/**
 * 回访: after a resident's demand is resolved, staff call the resident and record whether they were reached and how
 * satisfied they are, on the in-app scale (满意 / 基本满意 / 不满意). Many elderly residents never rate in the app,
 * so where there is no in-app rating the call-back's result counts for 满意率; an in-app rating always wins, even
 * one given after the call. An unsatisfied call-back may reopen the request under the one-reopen rule — from
 * resolved, or from closed when the request was never rated (it closed by itself): a resident who rated closed it
 * by their own word, which a call does not overturn.
 */
export const CALL_BACK_RESULTS = ['satisfied', 'basically', 'unsatisfied'] as const;
export type CallBackResult = (typeof CALL_BACK_RESULTS)[number];
export const CALL_BACK_RESULT_LABELS: Record<CallBackResult, string> = { satisfied: '满意', basically: '基本满意', unsatisfied: '不满意' };

/** Whether a call-back's result counts as satisfied for 满意率 (满意 and 基本满意, as the stars count them). */
export const callBackSatisfied = (result: CallBackResult): boolean => result !== 'unsatisfied';

export interface CallBackState {
  status: RequestStatus;
  /** Absent on requests from before sources: a resident's. */
  source?: RequestSource | null;
  reopenCount: number;
  /** In-app ratings given (any resolution). */
  ratingCount?: number | null;
}

export type CallBackRefusal =
  /** Not resolved or closed: nothing to call back about yet (or it ended otherwise). */
  | 'not_resolved'
  /** A finding or a 流动网格员's report: nobody to call back. */
  | 'not_resident'
  /** A reopening needs a reached resident who said 不满意. */
  | 'reopen_needs_unsatisfied'
  /** Reopened once already. */
  | 'already_reopened'
  /** Closed by the resident's own rating: a call does not reopen it. */
  | 'rated_closed';

export type CallBackTransition = { ok: true; to: RequestStatus; reopenCount: number } | { ok: false; reason: CallBackRefusal };

/** Only a resident's demand is called back (patrol findings and 流动网格员 reports need none). */
const calledBack = (source?: RequestSource | null) => (source ?? 'resident') === 'resident';

/** A call-back, and whether it reopens the request; pure (the use case writes conditionally on the revision). */
export function callBackTransition(s: CallBackState, input: { reached: boolean; result?: CallBackResult; reopen?: boolean }): CallBackTransition {
  if (!calledBack(s.source)) return { ok: false, reason: 'not_resident' };
  if (s.status !== 'resolved' && s.status !== 'closed') return { ok: false, reason: 'not_resolved' };
  if (!input.reopen) return { ok: true, to: s.status, reopenCount: s.reopenCount };
  if (!input.reached || input.result !== 'unsatisfied') return { ok: false, reason: 'reopen_needs_unsatisfied' };
  if (s.reopenCount >= 1) return { ok: false, reason: 'already_reopened' };
  if (s.status === 'closed' && (s.ratingCount ?? 0) > 0) return { ok: false, reason: 'rated_closed' };
  return { ok: true, to: 'reopened', reopenCount: s.reopenCount + 1 };
}

/** Whether a call-back may be recorded now, whoever asks (the offered button). */
export const callBackPossible = (s: CallBackState): boolean => callBackTransition(s, { reached: false }).ok;

/** Whether an unsatisfied call-back could reopen this request now (the form offers 重新办理 only then). */
export const callBackMayReopen = (s: CallBackState): boolean => callBackTransition(s, { reached: true, result: 'unsatisfied', reopen: true }).ok;

/**
 * What a request adds to 满意率: its in-app ratings when there are any; otherwise its latest call-back, when the
 * resident was reached and gave a result (one rating, from 回访). `fromCallBack` says which, so the figures can say
 * how many came from calls (含电话回访 N 条).
 */
export function satisfactionContribution(r: {
  ratingCount?: number | null;
  satisfiedCount?: number | null;
  callBack?: { reached: boolean; result?: CallBackResult | null } | null;
}): { ratings: number; satisfied: number; fromCallBack: boolean } {
  const ratings = r.ratingCount ?? 0;
  if (ratings > 0) return { ratings, satisfied: r.satisfiedCount ?? 0, fromCallBack: false };
  const cb = r.callBack;
  if (cb?.reached && cb.result) return { ratings: 1, satisfied: callBackSatisfied(cb.result) ? 1 : 0, fromCallBack: true };
  return { ratings: 0, satisfied: 0, fromCallBack: false };
}

export const CALL_BACK_REFUSAL_MESSAGES: Record<CallBackRefusal, string> = {
  not_resolved: '诉求办结后才能回访',
  not_resident: '巡查等主动发现的问题无需回访',
  reopen_needs_unsatisfied: '只有联系上居民且居民不满意时才能重新办理',
  already_reopened: '该诉求已重新办理过一次',
  rated_closed: '居民已评价并关闭该诉求，不能通过回访重新办理',
};
