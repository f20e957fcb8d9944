import { REQUEST_REFUSAL_MESSAGES, asksForRating, computeRates, onSpotTransition, requestDeadlines, requestTransition, type RequestAction, type RequestState } from './request.rules';
import { REQUEST_SOURCES, REQUEST_STATUSES, type RequestStatus } from './request.schema';

const at = (status: RequestStatus, extra: Partial<RequestState> = {}): RequestState => ({ status, level: 'grid', reopenCount: 0, ...extra });

describe('requests/request.rules state machine', () => {
  // Every action from every status: the expected status after it, or the refusal.
  const expected: Record<RequestAction, Partial<Record<RequestStatus, string>>> = {
    accept: { submitted: 'accepted' },
    assign: { accepted: 'in_progress', in_progress: 'in_progress', reopened: 'in_progress' },
    reply: { submitted: 'submitted', accepted: 'accepted', in_progress: 'in_progress', reopened: 'reopened', resolved: 'resolved' },
    resolve: { accepted: 'resolved', in_progress: 'resolved', reopened: 'resolved' },
    escalate: { submitted: 'submitted', accepted: 'accepted', in_progress: 'in_progress', reopened: 'reopened' },
    reject: { submitted: 'rejected', accepted: 'rejected' },
    // 标记为重复 while the work is ahead; a resolved request was handled on its own.
    mark_duplicate: { submitted: 'duplicate', accepted: 'duplicate', in_progress: 'duplicate', reopened: 'duplicate' },
    withdraw: { submitted: 'withdrawn' },
    reopen: { resolved: 'reopened' },
    rate_satisfied: { resolved: 'closed' },
    rate_unsatisfied: { resolved: 'reopened' },
    auto_close: { resolved: 'closed' },
  };
  const table = (Object.keys(expected) as RequestAction[]).flatMap((action) =>
    REQUEST_STATUSES.map((status) => [action, status, expected[action][status] ?? 'refused'] as const),
  );

  it.each(table)('%s from %s → %s', (action, status, outcome) => {
    const r = requestTransition(at(status), action);
    if (outcome === 'refused') expect(r.ok).toBe(false);
    else {
      expect(r.ok).toBe(true);
      if (r.ok) expect(r.to).toBe(outcome);
    }
  });

  it('escalates grid → community → street and no further', () => {
    const a = requestTransition(at('accepted'), 'escalate');
    expect(a).toMatchObject({ ok: true, level: 'community' });
    const b = requestTransition(at('accepted', { level: 'community' }), 'escalate');
    expect(b).toMatchObject({ ok: true, level: 'street' });
    expect(requestTransition(at('accepted', { level: 'street' }), 'escalate')).toEqual({ ok: false, reason: 'top_level' });
  });

  it('reopens once: the second unsatisfied rating closes, a second reopen is refused', () => {
    const first = requestTransition(at('resolved'), 'rate_unsatisfied');
    expect(first).toEqual({ ok: true, to: 'reopened', level: 'grid', reopenCount: 1 });
    expect(requestTransition(at('resolved', { reopenCount: 1 }), 'rate_unsatisfied')).toMatchObject({ ok: true, to: 'closed' });
    expect(requestTransition(at('resolved', { reopenCount: 1 }), 'reopen')).toEqual({ ok: false, reason: 'already_reopened' });
  });

  it('names the reason of a refusal', () => {
    expect(requestTransition(at('accepted'), 'withdraw')).toEqual({ ok: false, reason: 'not_submitted' });
    expect(requestTransition(at('in_progress'), 'rate_satisfied')).toEqual({ ok: false, reason: 'not_resolved' });
    expect(requestTransition(at('closed'), 'reply')).toEqual({ ok: false, reason: 'finished' });
  });
});

describe('requests/request.rules findings (巡查发现, 流动网格员上报)', () => {
  const actions: RequestAction[] = ['accept', 'assign', 'reply', 'resolve', 'escalate', 'reject', 'mark_duplicate', 'reopen', 'withdraw', 'rate_satisfied', 'rate_unsatisfied', 'auto_close'];
  // Every move from every status for each source: a finding moves exactly as a resident's demand does, except that
  // resolving it closes it (nobody is asked to rate a finding, so it is never in resolved) and rating or reopening it
  // is refused as such in every status.
  const table = REQUEST_SOURCES.flatMap((source) => actions.flatMap((action) => REQUEST_STATUSES.map((status) => [source, action, status] as const)));
  it.each(table)('%s: %s from %s', (source, action, status) => {
    const asResident = requestTransition(at(status), action);
    const got = requestTransition(at(status, { source }), action);
    if (source === 'resident') expect(got).toEqual(asResident);
    else if (['rate_satisfied', 'rate_unsatisfied', 'reopen'].includes(action)) expect(got).toEqual({ ok: false, reason: 'not_rated' });
    else if (action === 'resolve' && asResident.ok) expect(got).toEqual({ ...asResident, to: 'closed' });
    else expect(got).toEqual(asResident);
  });

  it('asks only residents to rate; requests from before sources are residents’', () => {
    expect(REQUEST_SOURCES.filter((s) => asksForRating(s))).toEqual(['resident']);
    expect(asksForRating(undefined)).toBe(true);
    expect(requestTransition(at('in_progress'), 'resolve')).toMatchObject({ ok: true, to: 'resolved' });
    expect(requestTransition(at('in_progress', { source: 'patrol' }), 'resolve')).toMatchObject({ ok: true, to: 'closed' });
  });

  it('resolves a patrol finding on the spot straight to closed, through accept and resolve; never a resident’s demand or a 流动网格员’s report', () => {
    expect(onSpotTransition('patrol')).toEqual({ ok: true, to: 'closed', level: 'grid', reopenCount: 0 });
    // A 流动网格员 passes a hazard on; fixing it is the grid's work.
    expect(onSpotTransition('mobile_grid')).toEqual({ ok: false, reason: 'not_finding' });
    expect(onSpotTransition('resident')).toEqual({ ok: false, reason: 'not_finding' });
    expect(REQUEST_REFUSAL_MESSAGES.not_finding).toContain('就地办结');
  });
});

describe('requests/request.rules deadlines', () => {
  const from = new Date('2026-11-20T02:00:00Z');
  it('uses the defaults per level: respond in 24 h, resolve in 3 / 7 / 15 days', () => {
    expect(requestDeadlines('grid', 'normal', from)).toEqual({ respondBy: new Date('2026-11-21T02:00:00Z'), resolveBy: new Date('2026-11-23T02:00:00Z') });
    expect(requestDeadlines('community', 'normal', from).resolveBy).toEqual(new Date('2026-11-27T02:00:00Z'));
    expect(requestDeadlines('street', 'normal', from).resolveBy).toEqual(new Date('2026-12-05T02:00:00Z'));
  });
  it('halves every deadline for urgent requests', () => {
    expect(requestDeadlines('grid', 'urgent', from)).toEqual({ respondBy: new Date('2026-11-20T14:00:00Z'), resolveBy: new Date('2026-11-21T14:00:00Z') });
  });
  it('takes the community’s own settings', () => {
    const s = { respondHours: 4, resolveHours: { grid: 48, community: 96, street: 240 } };
    expect(requestDeadlines('community', 'normal', from, s)).toEqual({ respondBy: new Date('2026-11-20T06:00:00Z'), resolveBy: new Date('2026-11-24T02:00:00Z') });
  });
});

describe('requests/request.rules 三率', () => {
  it('computes 响应率, 解决率 and 满意率 as the comment on rates() defines them', () => {
    // 10 requests: 6 answered on time, 2 late, 1 past its deadline unanswered, 1 still inside its deadline;
    // 1 rejected and 1 withdrawn among the 10; 5 resolved or closed; 4 ratings, 3 satisfied.
    const r = computeRates({ respondedOnTime: 6, respondedLate: 2, overdueUnresponded: 1, resolved: 5, eligible: 8, satisfied: 3, ratings: 4 });
    expect(r.responseRate).toBeCloseTo(6 / 9);
    expect(r.resolutionRate).toBeCloseTo(5 / 8);
    expect(r.satisfactionRate).toBeCloseTo(0.75);
  });
  it('gives null, not 0 or 1, when there is nothing to count', () => {
    expect(computeRates({ respondedOnTime: 0, respondedLate: 0, overdueUnresponded: 0, resolved: 0, eligible: 0, satisfied: 0, ratings: 0 })).toEqual({
      responseRate: null,
      resolutionRate: null,
      satisfactionRate: null,
    });
  });
});
