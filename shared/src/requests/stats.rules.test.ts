import { emptySourceCounts, formatDuration, proactiveRate, rateExplanations, statsFigures, type StatsSums } from './stats.rules';

// Hand-made sums of ten requests: A B C J answered on time (J then rejected), D answered late, E past its
// response deadline unanswered, F G H waiting inside their deadline, I withdrawn before anyone answered.
// B resolved and awaiting its rating, C resolved and rated satisfied (closed).
const tenRequests: StatsSums = {
  total: 10,
  eligible: 8,
  resolved: 2,
  onTime: 4,
  late: 1,
  overdue: 1,
  ratings: 1,
  satisfied: 1,
  respHours: 280 / 60,
  respCount: 5,
  resolveHours: 40 / 60,
  resolveCount: 2,
  closedUnanswered: 1,
  awaitingRating: 1,
  onSpot: 0,
};

describe('requests/stats.rules figures of the 三率 board', () => {
  it('computes the rates and what each counts', () => {
    const f = statsFigures(tenRequests);
    expect(f.responseRate).toBeCloseTo(4 / 6);
    expect(f.resolutionRate).toBeCloseTo(2 / 8);
    expect(f.satisfactionRate).toBe(1);
    expect(f.counts).toEqual({
      respondedOnTime: 4,
      respondedLate: 1,
      overdueUnresponded: 1,
      pendingResponse: 3,
      resolved: 2,
      eligible: 8,
      unresolved: 6,
      satisfied: 1,
      ratings: 1,
      awaitingRating: 1,
      callBackRatings: 0,
      extended: 0,
    });
    expect(f.extensionRate).toBe(0);
  });

  it('says how many ratings came from 回访 and counts 延期率 (issue 19)', () => {
    const f = statsFigures({ ...tenRequests, ratings: 3, satisfied: 2, callBackRatings: 2, callBackSatisfied: 1, extended: 2 });
    expect(f.counts.callBackRatings).toBe(2);
    expect(f.extensionRate).toBeCloseTo(2 / 8);
    expect(rateExplanations(f).find((r) => r.key === 'satisfactionRate')!.detail).toBe('满意和基本满意都计入，含电话回访 2 条');
    expect(statsFigures({ ...tenRequests, eligible: 0 }).extensionRate).toBeNull();
  });

  it('does not count a request withdrawn before any answer as waiting for one', () => {
    const f = statsFigures({ ...tenRequests, total: 1, eligible: 0, resolved: 0, onTime: 0, late: 0, overdue: 0, ratings: 0, satisfied: 0, respCount: 0, respHours: 0, resolveCount: 0, resolveHours: 0, awaitingRating: 0, closedUnanswered: 1 });
    expect(f.counts.pendingResponse).toBe(0);
    expect(f.responseRate).toBeNull();
  });

  it('gives the average times in minutes', () => {
    const f = statsFigures(tenRequests);
    expect(f.avgFirstResponseMinutes).toBeCloseTo(56, 5);
    expect(f.avgResolveMinutes).toBeCloseTo(20, 5);
    expect(statsFigures({ ...tenRequests, respCount: 0, respHours: 0, resolveCount: 0, resolveHours: 0 })).toMatchObject({ avgFirstResponseMinutes: null, avgResolveMinutes: null });
  });

  it('never goes below zero on counters a crash left half-written', () => {
    expect(statsFigures({ ...tenRequests, total: 5 }).counts.pendingResponse).toBe(0);
  });
});

describe('requests/stats.rules formatDuration', () => {
  it.each([
    [null, '—'],
    [0, '不到1分钟'],
    [0.4, '不到1分钟'],
    [1, '1分钟'],
    [7.2, '7分钟'],
    [56, '56分钟'],
    [59.4, '59分钟'],
    [59.6, '1小时'],
    [90, '1.5小时'],
    [24 * 60 + 6, '24.1小时'],
  ])('%p minutes reads %p', (minutes, text) => {
    expect(formatDuration(minutes)).toBe(text);
  });
});

describe('requests/stats.rules rateExplanations', () => {
  it('says beside each rate what it counts and what is pending', () => {
    const f = statsFigures(tenRequests);
    expect(rateExplanations(f)).toEqual([
      { key: 'responseRate', name: '响应率', value: '66.7%', basis: '按时响应 4 / 应响应 6', detail: '超时响应 1，超时未响应 1', pending: '待响应 3，未超时' },
      { key: 'resolutionRate', name: '解决率', value: '25%', basis: '已办结 2 / 有效诉求 8', detail: '不含不予受理和撤回', pending: '办理中 6' },
      { key: 'satisfactionRate', name: '满意率', value: '100%', basis: '满意 1 / 评价 1', detail: '满意和基本满意都计入', pending: '待评价 1' },
    ]);
  });

  it('shows — and says nothing is pending when there is nothing to count', () => {
    const zero = statsFigures({ ...tenRequests, total: 0, eligible: 0, resolved: 0, onTime: 0, late: 0, overdue: 0, ratings: 0, satisfied: 0, respCount: 0, respHours: 0, resolveCount: 0, resolveHours: 0, awaitingRating: 0, closedUnanswered: 0 });
    expect(rateExplanations(zero).map((r) => [r.value, r.pending])).toEqual([
      ['—', null],
      ['—', null],
      ['—', null],
    ]);
  });

  it('explains 100% with 14 of 21 still waiting (the board that misled)', () => {
    const f = statsFigures({ ...tenRequests, total: 21, eligible: 21, resolved: 0, onTime: 7, late: 0, overdue: 0, ratings: 0, satisfied: 0, closedUnanswered: 0, awaitingRating: 0 });
    const [response] = rateExplanations(f);
    expect(response).toMatchObject({ value: '100%', basis: '按时响应 7 / 应响应 7', pending: '待响应 14，未超时', detail: null });
  });
});

describe('requests/stats.rules 主动发现率', () => {
  it('is the share of requests found on patrol and by 流动网格员 among all requests', () => {
    expect(proactiveRate({ resident: 4, patrol: 5, mobile_grid: 1, proactive: 0 })).toBeCloseTo(0.6);
    expect(proactiveRate({ resident: 3, patrol: 0, mobile_grid: 0, proactive: 0 })).toBe(0);
    expect(proactiveRate({ resident: 0, patrol: 2, mobile_grid: 0, proactive: 0 })).toBe(1);
  });

  it('is null, not 0%, when there is no request at all', () => {
    expect(proactiveRate(emptySourceCounts())).toBeNull();
  });
});
