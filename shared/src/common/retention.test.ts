import { AUDIT_RETENTION_YEARS, VISIT_RETENTION_YEARS, isPastRetention, retentionCutoff } from './retention';

describe('common/retention', () => {
  it('keeps visits and audit entries three years', () => {
    expect(VISIT_RETENTION_YEARS).toBe(3);
    expect(AUDIT_RETENTION_YEARS).toBe(3);
  });

  it.each([
    // now (UTC), years, the cutoff: 00:00 in Shanghai of the same day `years` earlier
    ['2026-12-07T06:00:00Z', 3, '2023-12-06T16:00:00Z'],
    ['2026-12-06T16:00:00Z', 3, '2023-12-06T16:00:00Z'], // 00:00 on 7 December in Shanghai, still the 6th in UTC
    ['2026-12-06T15:59:59Z', 3, '2023-12-05T16:00:00Z'], // 23:59:59 on 6 December in Shanghai
    ['2027-01-01T02:00:00Z', 3, '2023-12-31T16:00:00Z'], // 1 January: the year before's new year
    ['2028-02-29T04:00:00Z', 3, '2025-02-27T16:00:00Z'], // 29 February back to a year without one: the 28th
    ['2028-02-29T04:00:00Z', 4, '2024-02-28T16:00:00Z'], // … and to a leap year: the 29th
    ['2026-03-01T04:00:00Z', 1, '2025-02-28T16:00:00Z'],
  ])('at %s a retention of %i years starts at %s', (now, years, cutoff) => {
    expect(retentionCutoff(new Date(now), years)).toEqual(new Date(cutoff));
  });

  it('puts a record of the day before the cutoff past retention and one of the cutoff day within it', () => {
    const now = new Date('2026-12-07T06:00:00Z');
    const cutoff = retentionCutoff(now, 3);
    expect(isPastRetention(new Date(cutoff.getTime() - 1), now, 3)).toBe(true);
    expect(isPastRetention(cutoff, now, 3)).toBe(false);
    expect(isPastRetention(new Date('2023-12-07T04:00:00Z'), now, 3)).toBe(false); // noon of that day in Shanghai
    expect(isPastRetention(new Date('2023-12-06T04:00:00Z'), now, 3)).toBe(true); // noon of the day before
    expect(isPastRetention(now, now, 3)).toBe(false);
  });

  it('refuses a retention that is not a whole number of years', () => {
    expect(() => retentionCutoff(new Date(), 0)).toThrow(RangeError);
    expect(() => retentionCutoff(new Date(), 1.5)).toThrow(RangeError);
  });
});
