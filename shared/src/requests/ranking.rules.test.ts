import {
  formatRankingValue,
  hotspotKey,
  hotspotTrend,
  previousMonthOf,
  rankRows,
  requestRankingFigures,
  unitRankingFigures,
  type RequestRankingSums,
  type UnitRankingSums,
} from './ranking.rules';
import type { RankingRow } from './ranking.schema';
import { proactiveRate } from './stats.rules';

const sums = (s: Partial<RequestRankingSums> = {}): RequestRankingSums => ({
  total: 0, eligible: 0, resolved: 0, onTime: 0, late: 0, overdue: 0, ratings: 0, satisfied: 0, resolvedOnTime: 0, sentBack: 0, extended: 0, ...s,
});
const unitSums = (s: Partial<UnitRankingSums> = {}): UnitRankingSums => ({
  dispatches: 0, ackOnTime: 0, resolved: 0, resolvedOnTime: 0, sentBack: 0, extended: 0, rated: 0, ratingScore: 0, satisfiedRatings: 0, ...s,
});

describe('requests/ranking.rules figures of a community or grid', () => {
  it('computes the 三率 as the board does, and 按期办结率, 退单率, 延期率', () => {
    const f = requestRankingFigures(sums({ total: 10, eligible: 8, resolved: 4, onTime: 5, late: 2, overdue: 1, ratings: 3, satisfied: 2, resolvedOnTime: 3, sentBack: 2, extended: 1 }));
    expect(f.responseRate).toBeCloseTo(5 / 8);
    expect(f.resolutionRate).toBeCloseTo(4 / 8);
    expect(f.satisfactionRate).toBeCloseTo(2 / 3);
    expect(f.onTimeRate).toBeCloseTo(3 / 4);
    expect(f.sendBackRate).toBeCloseTo(2 / 8);
    expect(f.extensionRate).toBeCloseTo(1 / 8);
    expect(f.ratingAverage).toBeNull();
    expect(f.counts).toMatchObject({ responded: 5, due: 8, resolved: 4, eligible: 8, resolvedOnTime: 3, sentBack: 2, extended: 1 });
  });

  it('says nothing (null), not 0%, where there is nothing to count', () => {
    const f = requestRankingFigures(sums());
    expect([f.responseRate, f.resolutionRate, f.satisfactionRate, f.onTimeRate, f.sendBackRate, f.extensionRate]).toEqual([null, null, null, null, null, null]);
  });
});

describe('requests/ranking.rules figures of a unit', () => {
  it('counts over dispatches, and the communities’ ratings (average, share of 4–5)', () => {
    const f = unitRankingFigures(unitSums({ dispatches: 5, ackOnTime: 4, resolved: 3, resolvedOnTime: 2, sentBack: 1, extended: 1, rated: 3, ratingScore: 13, satisfiedRatings: 2 }));
    expect(f.total).toBe(5);
    expect(f.responseRate).toBeCloseTo(4 / 5);
    expect(f.resolutionRate).toBeCloseTo(3 / 5);
    expect(f.onTimeRate).toBeCloseTo(2 / 3);
    expect(f.sendBackRate).toBeCloseTo(1 / 5);
    expect(f.extensionRate).toBeCloseTo(1 / 5);
    expect(f.satisfactionRate).toBeCloseTo(2 / 3);
    expect(f.ratingAverage).toBe(4.3);
    expect(f.counts.unitRatings).toBe(3);
  });

  it('has no figures for a unit without dispatches', () => {
    const f = unitRankingFigures(unitSums());
    expect(f.responseRate).toBeNull();
    expect(f.ratingAverage).toBeNull();
  });
});

const row = (label: string, total: number, v: Partial<Pick<RankingRow, 'resolutionRate' | 'sendBackRate'>>): Omit<RankingRow, 'rank'> => ({
  key: label, label, total,
  responseRate: null, resolutionRate: null, satisfactionRate: null, onTimeRate: null, sendBackRate: null, extensionRate: null, ratingAverage: null,
  counts: { responded: 0, due: 0, resolved: 0, eligible: 0, satisfied: 0, ratings: 0, resolvedOnTime: 0, sentBack: 0, extended: 0, unitRatings: 0 },
  ...v,
});

describe('requests/ranking.rules rankRows', () => {
  it('ranks higher-is-better figures best first, equal figures sharing a place (1, 1, 3)', () => {
    const ranked = rankRows([row('甲', 5, { resolutionRate: 0.5 }), row('乙', 9, { resolutionRate: 0.9 }), row('丙', 4, { resolutionRate: 0.9 }), row('丁', 3, { resolutionRate: 0.2 })], 'resolutionRate');
    expect(ranked.map((r) => [r.label, r.rank])).toEqual([['乙', 1], ['丙', 1], ['甲', 3], ['丁', 4]]);
  });

  it('ranks 退单率 lowest first', () => {
    const ranked = rankRows([row('甲', 5, { sendBackRate: 0.4 }), row('乙', 5, { sendBackRate: 0 }), row('丙', 5, { sendBackRate: 0.1 })], 'sendBackRate');
    expect(ranked.map((r) => [r.label, r.rank])).toEqual([['乙', 1], ['丙', 2], ['甲', 3]]);
  });

  it('puts rows with nothing to rank by last, unranked', () => {
    const ranked = rankRows([row('空', 0, {}), row('甲', 2, { resolutionRate: 0 })], 'resolutionRate');
    expect(ranked.map((r) => [r.label, r.rank])).toEqual([['甲', 1], ['空', null]]);
  });
});

describe('requests/ranking.rules months and 每月一题', () => {
  it('steps back a month, across the year', () => {
    expect(previousMonthOf('2026-03')).toBe('2026-02');
    expect(previousMonthOf('2026-01')).toBe('2025-12');
    expect(previousMonthOf('2026-10')).toBe('2026-09');
  });

  it('gives the trend against last month', () => {
    expect(hotspotTrend(3, 0)).toBe('new');
    expect(hotspotTrend(3, 1)).toBe('up');
    expect(hotspotTrend(1, 3)).toBe('down');
    expect(hotspotTrend(2, 2)).toBe('same');
  });

  it('keys a cluster by category × building, else × place, else 未注明地点', () => {
    expect(hotspotKey('facility', 'b1', '广场')).toBe('facility~b:b1');
    expect(hotspotKey('facility', null, ' 广场 ')).toBe('facility~p:广场');
    expect(hotspotKey('facility', null, '  ')).toBe('facility~none');
  });

  it('formats figures for people', () => {
    expect(formatRankingValue('resolutionRate', 0.8765)).toBe('87.7%');
    expect(formatRankingValue('ratingAverage', 4)).toBe('4.0分');
    expect(formatRankingValue('sendBackRate', null)).toBe('—');
  });
});

describe('requests/stats.rules 主动发现率 with 主动治理 tasks', () => {
  it('leaves 主动治理 tasks out: they come from residents’ requests already counted', () => {
    expect(proactiveRate({ resident: 4, patrol: 5, mobile_grid: 1, proactive: 3 })).toBeCloseTo(0.6);
  });
});
