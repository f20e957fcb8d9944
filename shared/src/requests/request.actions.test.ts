import { AUTO_CLOSE_DAYS, availableRequestActions, ratingPeriodOver, type RequestOfferState } from './request.rules';
import { REQUEST_STATUSES, REQUEST_VIEW_ACTIONS, type RequestStatus, type RequestViewAction } from './request.schema';

const now = new Date('2025-03-01T08:00:00Z');
const state = (status: RequestStatus, extra: Partial<RequestOfferState> = {}): RequestOfferState => ({ status, level: 'grid', reopenCount: 0, contentHeld: false, ...extra });
const everyone = () => true;

describe('requests/actions offered on a view', () => {
  // Every status, for someone permitted everything: the moves the state allows (set_public is always possible).
  const EXPECTED: Record<RequestStatus, RequestViewAction[]> = {
    // 改类型 (set_type) while the work is ahead: an open status.
    submitted: ['accept', 'reply', 'escalate', 'reject', 'mark_duplicate', 'withdraw', 'set_public', 'set_type'],
    accepted: ['assign', 'reply', 'resolve', 'escalate', 'reject', 'mark_duplicate', 'set_public', 'request_extension', 'set_type'],
    in_progress: ['assign', 'reply', 'resolve', 'escalate', 'mark_duplicate', 'set_public', 'request_extension', 'set_type'],
    reopened: ['assign', 'reply', 'resolve', 'escalate', 'mark_duplicate', 'set_public', 'request_extension', 'set_type'],
    resolved: ['reply', 'reopen', 'rate', 'set_public', 'call_back'],
    closed: ['set_public', 'call_back'],
    rejected: ['set_public'],
    withdrawn: ['set_public'],
    duplicate: ['set_public'],
  };
  it.each(REQUEST_STATUSES.map((s) => [s, EXPECTED[s]] as const))('from %s offers %j', (status, expected) => {
    expect(availableRequestActions(state(status, { resolvedAt: now }), everyone, now)).toEqual(expected);
  });

  it('never offers rating or reopening on a finding: resolving closes it', () => {
    for (const source of ['patrol', 'mobile_grid'] as const) {
      expect(availableRequestActions(state('in_progress', { source }), everyone, now)).toEqual(EXPECTED.in_progress);
      // Resolving a finding ends in closed, where nothing but publishing is left.
      expect(availableRequestActions(state('closed', { source, resolvedAt: now }), everyone, now)).toEqual(['set_public']);
    }
  });

  it('offers nothing the caller is not permitted, whatever the state allows', () => {
    const filerOnly = (a: RequestViewAction) => ['reply', 'reopen', 'withdraw', 'rate'].includes(a);
    expect(availableRequestActions(state('submitted'), filerOnly, now)).toEqual(['reply', 'withdraw']);
    expect(availableRequestActions(state('resolved', { resolvedAt: now }), filerOnly, now)).toEqual(['reply', 'reopen', 'rate']);
    expect(availableRequestActions(state('resolved'), () => false, now)).toEqual([]);
  });

  it('refuses escalation at the street, a second reopening, and rating or reopening after the rating period', () => {
    expect(availableRequestActions(state('accepted', { level: 'street' }), everyone, now)).not.toContain('escalate');
    const reopenedOnce = availableRequestActions(state('resolved', { reopenCount: 1, resolvedAt: now }), everyone, now);
    expect(reopenedOnce).toContain('rate'); // an unsatisfied rating then closes it
    expect(reopenedOnce).not.toContain('reopen');
    const late = new Date(now.getTime() - (AUTO_CLOSE_DAYS * 86_400_000 + 1));
    expect(ratingPeriodOver({ status: 'resolved', resolvedAt: late }, now)).toBe(true);
    expect(availableRequestActions(state('resolved', { resolvedAt: late }), everyone, now)).toEqual(['reply', 'set_public', 'call_back']); // staff still call back
  });

  it('offers approving content only while something is held', () => {
    expect(availableRequestActions(state('closed', { contentHeld: true }), everyone, now)).toEqual(['set_public', 'approve_content', 'call_back']);
  });

  it('lists actions in the order of REQUEST_VIEW_ACTIONS, each once', () => {
    const all = availableRequestActions(state('submitted', { contentHeld: true }), everyone, now);
    expect(all).toEqual(REQUEST_VIEW_ACTIONS.filter((a) => all.includes(a)));
  });
});
