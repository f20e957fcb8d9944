import { CareVisitIntervals, DEFAULT_CARE_VISIT_INTERVALS } from './care-flag.schema';
import { DUE_SOON_DAYS, careSortKey, visitDue, visitInterval } from './care-flag.rules';
import { CommunitySettings, DEFAULT_COMMUNITY_SETTINGS, UpdateCommunitySettingsInput } from '../communities/community.schema';

// Times are written in Asia/Shanghai (+08:00): the days that count are Shanghai's.
const at = (s: string) => new Date(`${s}+08:00`);

describe('households/care-flag.rules', () => {
  describe('visitInterval', () => {
    it('is null without flags', () => {
      expect(visitInterval([], DEFAULT_CARE_VISIT_INTERVALS)).toBeNull();
    });
    it('is the interval of a single flag', () => {
      expect(visitInterval(['low_income'], DEFAULT_CARE_VISIT_INTERVALS)).toBe(30);
    });
    it('is the shortest among several flags', () => {
      expect(visitInterval(['low_income', 'living_alone', 'elderly'], DEFAULT_CARE_VISIT_INTERVALS)).toBe(7);
      expect(visitInterval(['other', 'disabled'], { ...DEFAULT_CARE_VISIT_INTERVALS, other: 3 })).toBe(3);
    });
  });

  describe('visitDue', () => {
    const visited = at('2026-12-01T20:00:00'); // Tuesday evening in Shanghai (12:00 UTC)
    it('is never_visited, due at once, without a last visit', () => {
      expect(visitDue(undefined, 7, at('2026-12-01T09:00:00'))).toEqual({ state: 'never_visited' });
    });
    it('is due on the Shanghai day `interval` days after the day of the visit', () => {
      expect(visitDue(visited, 7, at('2026-12-02T09:00:00')).dueAt).toEqual(at('2026-12-08T00:00:00'));
    });
    it('counts the Shanghai day of a late-evening visit, not the UTC one', () => {
      // 2026-12-01 23:30 Shanghai is 15:30 UTC the same date; 00:30 Shanghai on the 2nd is still the 1st in UTC.
      expect(visitDue(at('2026-12-02T00:30:00'), 1, at('2026-12-02T01:00:00')).dueAt).toEqual(at('2026-12-03T00:00:00'));
    });
    it('is ok before the due-soon window', () => {
      expect(visitDue(visited, 7, at('2026-12-05T23:59:59')).state).toBe('ok');
    });
    it(`is due_soon from ${DUE_SOON_DAYS} days before the due day`, () => {
      expect(visitDue(visited, 7, at('2026-12-06T00:00:00')).state).toBe('due_soon');
    });
    it('is due_soon through the due day itself', () => {
      expect(visitDue(visited, 7, at('2026-12-08T23:59:59')).state).toBe('due_soon');
    });
    it('is overdue once the due day has passed', () => {
      expect(visitDue(visited, 7, at('2026-12-09T00:00:00'))).toEqual({ dueAt: at('2026-12-08T00:00:00'), state: 'overdue' });
    });
    it('is due_soon at once for an interval shorter than the window', () => {
      expect(visitDue(visited, 1, at('2026-12-01T21:00:00')).state).toBe('due_soon');
    });
  });

  describe('careSortKey', () => {
    it('is the due day after a visit, and the flagging time when never visited', () => {
      const flagged = at('2026-11-20T10:00:00');
      expect(careSortKey(at('2026-12-01T20:00:00'), 7, flagged)).toEqual(at('2026-12-08T00:00:00'));
      expect(careSortKey(undefined, 7, flagged)).toEqual(flagged);
    });
  });

  describe('settings', () => {
    it('defaults the intervals of every flag', () => {
      expect(DEFAULT_COMMUNITY_SETTINGS.careVisitIntervals).toEqual({ living_alone: 7, elderly: 14, disabled: 14, low_income: 30, other: 30 });
      expect(CommunitySettings.parse(DEFAULT_COMMUNITY_SETTINGS).careVisitIntervals).toEqual(DEFAULT_CARE_VISIT_INTERVALS);
    });
    it.each([0, 366, 1.5, -7])('refuses an interval of %s days', (days) => {
      expect(CareVisitIntervals.safeParse({ ...DEFAULT_CARE_VISIT_INTERVALS, elderly: days }).success).toBe(false);
      expect(UpdateCommunitySettingsInput.safeParse({ careVisitIntervals: { ...DEFAULT_CARE_VISIT_INTERVALS, elderly: days } }).success).toBe(false);
    });
    it('accepts 1 and 365 days, and refuses a missing or unknown flag', () => {
      expect(CareVisitIntervals.safeParse({ ...DEFAULT_CARE_VISIT_INTERVALS, elderly: 1, other: 365 }).success).toBe(true);
      const { other: _o, ...missing } = DEFAULT_CARE_VISIT_INTERVALS;
      expect(CareVisitIntervals.safeParse(missing).success).toBe(false);
      expect(CareVisitIntervals.safeParse({ ...DEFAULT_CARE_VISIT_INTERVALS, pregnant: 7 }).success).toBe(false);
    });
  });
});
