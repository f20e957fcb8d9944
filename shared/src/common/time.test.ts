import { shanghaiIsoWeek, shanghaiIsoWeekStart, shanghaiIsoWeeksBetween } from './time';

describe('common/time ISO weeks in Asia/Shanghai', () => {
  it.each([
    ['2026-01-01T04:00:00Z', '2026-W01'], // a Thursday: week 1 of its own year
    ['2025-12-29T00:00:00Z', '2026-W01'], // the Monday of that week, still in December
    ['2025-12-28T15:59:59Z', '2025-W52'], // Sunday 23:59:59 in Shanghai
    ['2025-12-28T16:00:00Z', '2026-W01'], // Monday 00:00 in Shanghai, still Sunday in UTC
    ['2027-01-01T04:00:00Z', '2026-W53'], // a Friday: 2026 has 53 weeks
    ['2021-01-03T04:00:00Z', '2020-W53'],
    ['2026-06-15T04:00:00Z', '2026-W25'],
  ])('%s is in %s', (at, week) => {
    expect(shanghaiIsoWeek(new Date(at))).toBe(week);
  });

  it('starts a week on Monday 00:00 in Shanghai and refuses weeks that do not exist', () => {
    expect(shanghaiIsoWeekStart('2026-W01')).toEqual(new Date('2025-12-28T16:00:00Z'));
    expect(shanghaiIsoWeekStart('2026-W53')).toEqual(new Date('2026-12-27T16:00:00Z'));
    expect(shanghaiIsoWeekStart('2025-W53')).toBeNull(); // 2025 has 52 weeks
    expect(shanghaiIsoWeekStart('2026-W00')).toBeNull();
    expect(shanghaiIsoWeekStart('2026-W54')).toBeNull();
    expect(shanghaiIsoWeekStart('2026-13')).toBeNull();
  });

  it('round-trips every week of a few years', () => {
    for (const year of [2024, 2025, 2026, 2027]) {
      for (let n = 1; n <= 53; n++) {
        const week = `${year}-W${String(n).padStart(2, '0')}`;
        const start = shanghaiIsoWeekStart(week);
        if (start) {
          expect(shanghaiIsoWeek(start)).toBe(week);
          expect(shanghaiIsoWeek(new Date(start.getTime() - 1))).not.toBe(week);
          expect(shanghaiIsoWeek(new Date(start.getTime() + 7 * 86_400_000 - 1))).toBe(week);
        } else expect(n).toBe(53);
      }
    }
  });

  it('lists the weeks between two instants, both ends included', () => {
    expect(shanghaiIsoWeeksBetween(new Date('2025-12-24T00:00:00Z'), new Date('2026-01-06T00:00:00Z'))).toEqual(['2025-W52', '2026-W01', '2026-W02']);
    expect(shanghaiIsoWeeksBetween(new Date('2026-06-15T04:00:00Z'), new Date('2026-06-15T05:00:00Z'))).toEqual(['2026-W25']);
  });
});
