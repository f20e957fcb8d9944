import { CALL_BACK_REFUSAL_MESSAGES, callBackMayReopen, callBackPossible, callBackTransition, satisfactionContribution, type CallBackState } from './call-back.rules';
import { CallBackInput } from './call-back.schema';
import { REQUEST_SOURCES, REQUEST_STATUSES, type RequestStatus } from './request.schema';

const at = (status: RequestStatus, extra: Partial<CallBackState> = {}): CallBackState => ({ status, source: 'resident', reopenCount: 0, ratingCount: 0, ...extra });
const unsatisfied = { reached: true, result: 'unsatisfied' as const };

describe('requests/call-back.rules 回访', () => {
  it.each(REQUEST_STATUSES.map((s) => [s, s === 'resolved' || s === 'closed'] as const))('a call-back from %s allowed: %s (status unchanged)', (status, allowed) => {
    const t = callBackTransition(at(status), { reached: true, result: 'satisfied' });
    expect(t).toEqual(allowed ? { ok: true, to: status, reopenCount: 0 } : { ok: false, reason: 'not_resolved' });
    expect(callBackPossible(at(status))).toBe(allowed);
  });

  it.each(REQUEST_SOURCES.map((s) => [s, s === 'resident'] as const))('only residents’ demands are called back: %s → %s', (source, allowed) => {
    expect(callBackTransition(at('resolved', { source }), { reached: false }).ok).toBe(allowed);
    expect(callBackPossible(at('closed', { source }))).toBe(allowed);
  });

  it('treats requests from before sources as residents’', () => {
    expect(callBackPossible(at('resolved', { source: undefined }))).toBe(true);
  });

  it('an unsatisfied call-back reopens once, from resolved', () => {
    expect(callBackTransition(at('resolved'), { ...unsatisfied, reopen: true })).toEqual({ ok: true, to: 'reopened', reopenCount: 1 });
    expect(callBackTransition(at('resolved', { reopenCount: 1 }), { ...unsatisfied, reopen: true })).toEqual({ ok: false, reason: 'already_reopened' });
    // Unsatisfied without asking to reopen: recorded, nothing moves.
    expect(callBackTransition(at('resolved'), unsatisfied)).toEqual({ ok: true, to: 'resolved', reopenCount: 0 });
  });

  it('reopens from closed only when the request was never rated (it closed by itself)', () => {
    expect(callBackTransition(at('closed'), { ...unsatisfied, reopen: true })).toEqual({ ok: true, to: 'reopened', reopenCount: 1 });
    expect(callBackTransition(at('closed', { ratingCount: 1 }), { ...unsatisfied, reopen: true })).toEqual({ ok: false, reason: 'rated_closed' });
    expect(callBackMayReopen(at('closed', { ratingCount: 1 }))).toBe(false);
    expect(callBackMayReopen(at('closed'))).toBe(true);
  });

  it('reopens only on a reached, unsatisfied resident', () => {
    expect(callBackTransition(at('resolved'), { reached: false, reopen: true })).toEqual({ ok: false, reason: 'reopen_needs_unsatisfied' });
    expect(callBackTransition(at('resolved'), { reached: true, result: 'basically', reopen: true })).toEqual({ ok: false, reason: 'reopen_needs_unsatisfied' });
  });

  it('counts for 满意率 only without an in-app rating, which always wins', () => {
    expect(satisfactionContribution({ ratingCount: 0, satisfiedCount: 0, callBack: { reached: true, result: 'basically' } })).toEqual({ ratings: 1, satisfied: 1, fromCallBack: true });
    expect(satisfactionContribution({ ratingCount: 0, callBack: { reached: true, result: 'unsatisfied' } })).toEqual({ ratings: 1, satisfied: 0, fromCallBack: true });
    expect(satisfactionContribution({ ratingCount: 0, callBack: { reached: false } })).toEqual({ ratings: 0, satisfied: 0, fromCallBack: false });
    expect(satisfactionContribution({ ratingCount: 1, satisfiedCount: 0, callBack: { reached: true, result: 'satisfied' } })).toEqual({ ratings: 1, satisfied: 0, fromCallBack: false });
    expect(satisfactionContribution({})).toEqual({ ratings: 0, satisfied: 0, fromCallBack: false });
  });

  it('validates the form: a result when reached, none when not, reopen only when unsatisfied', () => {
    expect(CallBackInput.safeParse({ action: 'call_back', reached: true, result: 'satisfied', note: '已电话联系' }).success).toBe(true);
    expect(CallBackInput.safeParse({ action: 'call_back', reached: false }).success).toBe(true);
    expect(CallBackInput.safeParse({ action: 'call_back', reached: true }).success).toBe(false);
    expect(CallBackInput.safeParse({ action: 'call_back', reached: false, result: 'satisfied' }).success).toBe(false);
    expect(CallBackInput.safeParse({ action: 'call_back', reached: true, result: 'basically', reopen: true }).success).toBe(false);
    expect(CallBackInput.safeParse({ action: 'call_back', reached: true, result: 'unsatisfied', reopen: true }).success).toBe(true);
  });

  it('has a message for every refusal', () => {
    for (const m of Object.values(CALL_BACK_REFUSAL_MESSAGES)) expect(m).toMatch(/[\u4e00-\u9fa5]/);
  });
});
