import { addWorkingDays } from '../common/workdays';
import { CN_HOLIDAY_CALENDAR_2026 } from '../common/holiday-calendars';
import { activityHours, creditedHours, nextStar, orderRewards, pointsFor, starProgress, starsFor, suggestedHours } from './volunteer.rules';

describe('volunteers/volunteer.rules stars', () => {
  // Every boundary of the national levels 100 / 300 / 600 / 1000 / 1500 hours.
  it.each([
    [0, 0, { stars: 1, hoursNeeded: 100 }],
    [99.9, 0, { stars: 1, hoursNeeded: 0.1 }],
    [100, 1, { stars: 2, hoursNeeded: 200 }],
    [299.9, 1, { stars: 2, hoursNeeded: 0.1 }],
    [300, 2, { stars: 3, hoursNeeded: 300 }],
    [599.9, 2, { stars: 3, hoursNeeded: 0.1 }],
    [600, 3, { stars: 4, hoursNeeded: 400 }],
    [999.9, 3, { stars: 4, hoursNeeded: 0.1 }],
    [1000, 4, { stars: 5, hoursNeeded: 500 }],
    [1499.9, 4, { stars: 5, hoursNeeded: 0.1 }],
    [1500, 5, null],
    [9999, 5, null],
  ])('%p hours → %p stars, next %p', (hours, stars, next) => {
    expect(starsFor(hours)).toBe(stars);
    expect(nextStar(hours)).toEqual(next);
  });

  it('uses a community’s own levels', () => {
    const local = [10, 30, 60, 100, 150];
    expect(starsFor(9.9, local)).toBe(0);
    expect(starsFor(10, local)).toBe(1);
    expect(starsFor(150, local)).toBe(5);
    expect(nextStar(45, local)).toEqual({ stars: 3, hoursNeeded: 15 });
  });

  it('hours that are sums of tenths still reach the level (no float shortfall)', () => {
    let h = 0;
    for (let i = 0; i < 1000; i++) h += 0.1;
    expect(starsFor(h)).toBe(1);
  });
});

describe('volunteers/volunteer.rules starProgress', () => {
  // The bar runs from the level reached to the next one, not from zero: 288 hours is 94% of the way from 1★ to 2★.
  it.each([
    [0, { stars: 0, fromHours: 0, next: { stars: 1, atHours: 100, hoursNeeded: 100 }, fraction: 0 }],
    [40, { stars: 0, fromHours: 0, next: { stars: 1, atHours: 100, hoursNeeded: 60 }, fraction: 0.4 }],
    [99.9, { stars: 0, fromHours: 0, next: { stars: 1, atHours: 100, hoursNeeded: 0.1 }, fraction: 0.999 }],
    [100, { stars: 1, fromHours: 100, next: { stars: 2, atHours: 300, hoursNeeded: 200 }, fraction: 0 }],
    [288, { stars: 1, fromHours: 100, next: { stars: 2, atHours: 300, hoursNeeded: 12 }, fraction: 0.94 }],
    [450, { stars: 2, fromHours: 300, next: { stars: 3, atHours: 600, hoursNeeded: 150 }, fraction: 0.5 }],
    [1499.9, { stars: 4, fromHours: 1000, next: { stars: 5, atHours: 1500, hoursNeeded: 0.1 }, fraction: 0.999 }],
  ])('%p hours → %p', (hours, progress) => {
    expect(starProgress(hours)).toEqual(progress);
  });

  it('is full with no next star at the top level', () => {
    expect(starProgress(1500)).toEqual({ stars: 5, fromHours: 1500, next: null, fraction: 1 });
    expect(starProgress(9999)).toEqual({ stars: 5, fromHours: 1500, next: null, fraction: 1 });
  });

  it('never shows a full bar below the level, nor an empty one above it', () => {
    for (let h = 0; h < 1500; h += 0.7) {
      const p = starProgress(h);
      expect(p.fraction).toBeGreaterThanOrEqual(0);
      expect(p.fraction).toBeLessThan(1);
      expect(p.next!.hoursNeeded).toBeGreaterThan(0);
      expect(p.stars).toBe(starsFor(h));
    }
  });

  it('agrees with nextStar on the hours still needed', () => {
    for (const h of [0, 12.3, 99.9, 100, 250.5, 599.9, 1000, 1234.5]) {
      const p = starProgress(h);
      expect({ stars: p.next!.stars, hoursNeeded: p.next!.hoursNeeded }).toEqual(nextStar(h));
    }
  });

  it('uses a community’s own levels', () => {
    const local = [10, 30, 60, 100, 150];
    expect(starProgress(45, local)).toEqual({ stars: 2, fromHours: 30, next: { stars: 3, atHours: 60, hoursNeeded: 15 }, fraction: 0.5 });
    expect(starProgress(150, local)).toEqual({ stars: 5, fromHours: 150, next: null, fraction: 1 });
  });

  it('hours that are sums of tenths reach the level with an empty bar toward the next', () => {
    let h = 0;
    for (let i = 0; i < 1000; i++) h += 0.1;
    expect(starProgress(h)).toEqual({ stars: 1, fromHours: 100, next: { stars: 2, atHours: 300, hoursNeeded: 200 }, fraction: 0 });
  });
});

describe('volunteers/volunteer.rules hours and points', () => {
  const start = new Date('2026-11-21T01:00:00Z');
  const end = new Date('2026-11-21T03:30:00Z'); // 2.5 h

  it('caps credited hours at the activity’s duration and keeps 0.1 h', () => {
    expect(activityHours(start, end)).toBe(2.5);
    expect(creditedHours(2, start, end)).toBe(2);
    expect(creditedHours(2.5, start, end)).toBe(2.5);
    expect(creditedHours(8, start, end)).toBe(2.5);
    expect(creditedHours(1.26, start, end)).toBe(1.3);
    expect(creditedHours(1.24, start, end)).toBe(1.2);
    expect(creditedHours(0.04, start, end)).toBeNull();
    expect(creditedHours(0, start, end)).toBeNull();
  });

  it('points are floor(hours × points per hour), integers', () => {
    expect(pointsFor(2.5, 10)).toBe(25);
    expect(pointsFor(1.3, 7)).toBe(9);
    expect(pointsFor(0.1, 3)).toBe(0);
    expect(pointsFor(0.7, 10)).toBe(7); // 0.7 × 10 in floats is 7.000000000000001 or 6.999…: computed in tenths
    expect(pointsFor(2.3, 10)).toBe(23);
    expect(pointsFor(3, 0)).toBe(0);
  });

  it('suggests hours from check-in and check-out within the activity', () => {
    expect(suggestedHours(new Date('2026-11-21T00:30:00Z'), new Date('2026-11-21T02:45:00Z'), start, end)).toBe(1.7);
    expect(suggestedHours(new Date('2026-11-21T01:00:00Z'), new Date('2026-11-21T05:00:00Z'), start, end)).toBe(2.5);
    expect(suggestedHours(undefined, new Date('2026-11-21T02:00:00Z'), start, end)).toBeNull();
    expect(suggestedHours(new Date('2026-11-21T02:00:00Z'), new Date('2026-11-21T01:30:00Z'), start, end)).toBeNull();
  });
});

describe('volunteers/volunteer.rules working days (公示)', () => {
  it('skips Saturdays and Sundays in Asia/Shanghai and ends at 24:00 of the fifth working day', () => {
    // Friday 2026-11-20 10:00 Shanghai → 5 working days → Friday 2026-11-27 24:00 (16:00 UTC).
    expect(addWorkingDays(new Date('2026-11-20T02:00:00Z'), 5).toISOString()).toBe('2026-11-27T16:00:00.000Z');
    // Monday → the following Monday.
    expect(addWorkingDays(new Date('2026-11-23T02:00:00Z'), 5).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    // Saturday → the next Friday.
    expect(addWorkingDays(new Date('2026-11-21T02:00:00Z'), 5).toISOString()).toBe('2026-11-27T16:00:00.000Z');
    // Friday 23:30 Shanghai (15:30 UTC) is still Friday there.
    expect(addWorkingDays(new Date('2026-11-20T15:30:00Z'), 1).toISOString()).toBe('2026-11-23T16:00:00.000Z');
  });
  it('uses the holiday calendar: a star reached before National Day is announced past the holiday and its 调休 Saturday', () => {
    // Wed 2026-09-30: Oct 1–7 off; Thu 8, Fri 9, Sat 10 (调休), Mon 12, Tue 13.
    expect(addWorkingDays(new Date('2026-09-30T02:00:00Z'), 5, [CN_HOLIDAY_CALENDAR_2026]).toISOString()).toBe('2026-10-13T16:00:00.000Z');
  });
});

describe('volunteers/volunteer.rules orderRewards', () => {
  const r = (name: string, cost: number, stock: number) => ({ name, cost, stock });
  it('puts items in stock first, cheapest first (what a balance affords comes first), and sold-out items last', () => {
    const items = [r('洗衣液', 50, 0), r('理发', 30, 3), r('肥皂', 15, 10), r('体检', 200, 1), r('牙膏', 5, 0)];
    expect(orderRewards(items).map((x) => x.name)).toEqual(['肥皂', '理发', '体检', '牙膏', '洗衣液']);
  });
  it('keeps the given order for equal stock state and cost', () => {
    expect(orderRewards([r('a', 5, 1), r('b', 5, 1)]).map((x) => x.name)).toEqual(['a', 'b']);
  });
});
