import { REWARDED_SOURCES, reportReward, reportRewardApplies, reportRewardDecision, reportRewardPoints, type ReportRewardCase } from './report-reward.rules';
import { DEFAULT_REPORT_REWARDS, ReportRewardSettings } from './report-reward.schema';
import { REQUEST_SOURCES } from './request.schema';

const ON = { enabled: true, pointsPerReport: 10, monthlyCap: 25 };
const resident: ReportRewardCase = { source: 'resident', hasFiler: true, onBehalf: false, resolverIsFiler: false, decided: false };

describe('requests/report-reward.rules 随手拍有奖', () => {
  describe('settings', () => {
    it('are off by default with modest numbers', () => {
      expect(DEFAULT_REPORT_REWARDS).toEqual({ enabled: false, pointsPerReport: 10, monthlyCap: 100 });
      expect(ReportRewardSettings.safeParse(DEFAULT_REPORT_REWARDS).success).toBe(true);
    });

    it.each([
      ['a cap below one reward', { ...ON, monthlyCap: 5 }, 'monthlyCap'],
      ['no points', { ...ON, pointsPerReport: 0 }, 'pointsPerReport'],
      ['fractional points', { ...ON, pointsPerReport: 2.5 }, 'pointsPerReport'],
      ['a huge reward', { ...ON, pointsPerReport: 1001 }, 'pointsPerReport'],
      ['a huge cap', { ...ON, monthlyCap: 100001 }, 'monthlyCap'],
    ])('refuse %s', (_what, value, path) => {
      const r = ReportRewardSettings.safeParse(value);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual([path]);
    });

    it('accept a cap equal to one reward', () => expect(ReportRewardSettings.safeParse({ ...ON, monthlyCap: 10 }).success).toBe(true));
  });

  describe('which resolutions decide a reward', () => {
    it.each([
      ['a resident’s report', {}, true],
      ['a 流动网格员’s report', { source: 'mobile_grid' }, true],
      ['a request from before sources (a resident’s)', { source: undefined }, true],
      ['a patrol finding (the grid worker’s job)', { source: 'patrol' }, false],
      ['a request filed 代办 for a resident without the app', { onBehalf: true }, false],
      ['a request without a filer account', { hasFiler: false }, false],
      ['one resolved by its own filer', { resolverIsFiler: true }, false],
      ['one whose reward an earlier resolution decided', { decided: true }, false],
    ] as const)('%s → %s', (_what, extra, applies) => {
      expect(reportRewardApplies(ON, { ...resident, ...extra })).toBe(applies);
    });

    it('none while the community has rewards off', () => {
      expect(reportRewardApplies({ ...ON, enabled: false }, resident)).toBe(false);
      expect(reportRewardDecision({ ...ON, enabled: false }, resident)).toBeNull();
    });

    it('rewards exactly the resident and 流动网格员 sources', () => {
      expect(REQUEST_SOURCES.filter((s) => reportRewardApplies(ON, { ...resident, source: s }))).toEqual([...REWARDED_SOURCES]);
    });

    it('records the handler’s answer with the points and cap in force (valid by default)', () => {
      expect(reportRewardDecision(ON, resident)).toEqual({ valid: true, offered: 10, monthlyCap: 25 });
      expect(reportRewardDecision(ON, resident, true)).toEqual({ valid: true, offered: 10, monthlyCap: 25 });
      expect(reportRewardDecision(ON, resident, false)).toEqual({ valid: false });
      expect(reportRewardDecision(ON, { ...resident, source: 'patrol' }, true)).toBeNull();
    });
  });

  describe('points within the monthly cap', () => {
    it.each([
      [0, 10],
      [10, 10],
      [15, 10],
      [20, 5], // the remainder up to the cap
      [24, 1],
      [25, 0],
      [40, 0], // over the cap already (a lowered cap): nothing, never negative
      [-5, 10], // nonsense in: no more than one reward
    ])('earned %i this month → %i', (earned, points) => expect(reportRewardPoints(10, 25, earned)).toBe(points));

    it('is the whole rule in one call', () => {
      expect(reportReward(ON, 'resident', 0, true)).toBe(10);
      expect(reportReward(ON, 'mobile_grid', 20, true)).toBe(5);
      expect(reportReward(ON, undefined, 0, true)).toBe(10);
      expect(reportReward(ON, 'resident', 25, true)).toBe(0);
      expect(reportReward(ON, 'resident', 0, false)).toBe(0);
      expect(reportReward(ON, 'patrol', 0, true)).toBe(0);
      expect(reportReward({ ...ON, enabled: false }, 'resident', 0, true)).toBe(0);
    });
  });
});
