import { addCalendarHours, shanghaiDate, shanghaiMinute, shanghaiMonth, startOfShanghaiDay, startOfShanghaiMonth, startOfShanghaiYear } from './time';
import { compareVersions, parseVersion } from './version';
import { effectiveRoles, hasAnyRole } from './roles';
import { buildPath, matchPath } from './api';

describe('common/time', () => {
  it('starts the day at midnight in Shanghai, not UTC', () => {
    // 2026-03-01 15:30 UTC is 23:30 in Shanghai on 1 March; 16:30 UTC is already 2 March there.
    expect(startOfShanghaiDay(new Date('2026-03-01T15:30:00Z')).toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(startOfShanghaiDay(new Date('2026-03-01T16:30:00Z')).toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(shanghaiDate(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02');
  });
  it('starts the month in Shanghai', () => {
    expect(startOfShanghaiMonth(new Date('2026-01-31T16:00:00Z')).toISOString()).toBe('2026-01-31T16:00:00.000Z');
    expect(shanghaiMonth(new Date('2026-01-31T16:00:00Z'))).toBe('2026-02');
    expect(startOfShanghaiMonth(new Date('2026-12-31T15:59:59Z')).toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });
  it('starts the year in Shanghai and writes minutes as people there read them', () => {
    // 2026-12-31 16:30 UTC is already 1 January 2027, 00:30 in Shanghai.
    expect(startOfShanghaiYear(new Date('2026-12-31T16:30:00Z')).toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(startOfShanghaiYear(new Date('2026-12-31T15:30:00Z')).toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(shanghaiMinute(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01 00:30');
  });
  it('counts deadlines in calendar hours, nights and weekends included', () => {
    expect(addCalendarHours(new Date('2026-11-20T10:00:00Z'), 72).toISOString()).toBe('2026-11-23T10:00:00.000Z');
  });
});

describe('common/version', () => {
  it.each([
    ['1.2.3', [1, 2, 3]],
    [' 0.10.0 ', [0, 10, 0]],
    ['1.2', null],
    ['1.2.3-beta', null],
    ['a.b.c', null],
  ])('parses %p', (v, expected) => expect(parseVersion(v)).toEqual(expected));
  it('orders numerically, not as text', () => {
    expect(compareVersions([1, 10, 0], [1, 9, 9])).toBeGreaterThan(0);
    expect(compareVersions([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(compareVersions([0, 9, 0], [1, 0, 0])).toBeLessThan(0);
  });
});

describe('common/roles', () => {
  it('gives admins everything staff can do', () => {
    expect(effectiveRoles(['admin']).sort()).toEqual(['admin', 'staff']);
    expect(hasAnyRole(['admin'], ['staff'])).toBe(true);
    expect(hasAnyRole(['staff'], ['admin'])).toBe(false);
    expect(hasAnyRole(['resident'], ['staff', 'grid_worker'])).toBe(false);
    expect(hasAnyRole([], ['resident'])).toBe(false);
  });
});

describe('common/api paths', () => {
  it('matches templates and extracts parameters', () => {
    expect(matchPath('/api/residents/{membershipId}/approve', '/api/residents/abc/approve')).toEqual({ membershipId: 'abc' });
    expect(matchPath('/api/residents/{membershipId}/approve', '/api/residents/abc/reject')).toBeNull();
    expect(matchPath('/api/residents/{membershipId}', '/api/residents/')).toBeNull();
    expect(matchPath('/api/me', '/api/me/')).toEqual({});
    expect(matchPath('/api/x/{id}', '/api/x/%E4%B8%AD')).toEqual({ id: '中' });
    expect(matchPath('/api/x/{id}', '/api/x/%E4%B8')).toBeNull();
  });
  it('builds paths with encoded parameters', () => {
    expect(buildPath('/api/residents/{membershipId}/approve', { membershipId: 'a/b' })).toBe('/api/residents/a%2Fb/approve');
    expect(() => buildPath('/api/x/{id}', {})).toThrow();
  });
});
