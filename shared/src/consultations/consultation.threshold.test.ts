import { supportThreshold } from './consultation.rules';

// Issue 15, defect 2: the default threshold came from the buildings' household counts alone, so a small community
// (demo: 446 households, a handful of approved residents) needed more supporters than could ever support. The
// default is now at most half of the residents eligible to support in the topic's scope, the author excluded, and
// at least 1.
describe('consultations/consultation.rules support threshold from who can support', () => {
  it.each([
    // households, configured, eligible supporters (author excluded) → threshold
    [446, null, 8, 4], // the demo community with 9 eligible voters: the author and 8 others → 4, not 10
    [446, null, 3, 1], // 4 residents, one of them the author → 1 (half of 3, rounded down)
    [446, null, 2, 1],
    [446, null, 1, 1],
    [446, null, 0, 1], // nobody else can support: still at least 1 (staff may send it to review)
    [446, null, 19, 9],
    [446, null, 20, 10],
    [446, null, 5000, 10], // a large community: the smaller of 10 and 5% of households still applies
    [100, null, 5000, 5],
    [100, null, 6, 3],
    [0, null, 50, 1],
  ])('%i households, configured %p, %i eligible → %i', (households, configured, eligible, threshold) => {
    expect(supportThreshold(households, configured, eligible)).toBe(threshold);
  });

  it('a number the community configured (议题附议人数) is used, but never above half of who may support', () => {
    expect(supportThreshold(446, 2, 9)).toBe(2);
    expect(supportThreshold(446, 2, 3)).toBe(1);
    expect(supportThreshold(446, 50, 9)).toBe(4);
    expect(supportThreshold(446, 50)).toBe(50); // not counted: only the setting
  });

  it('is never above half of the eligible supporters, whatever the households', () => {
    for (let households = 0; households <= 1000; households += 37)
      for (let eligible = 0; eligible <= 40; eligible++) {
        const t = supportThreshold(households, null, eligible);
        expect(t).toBeGreaterThanOrEqual(1);
        expect(t).toBeLessThanOrEqual(Math.max(1, eligible / 2));
        expect(t).toBeLessThanOrEqual(10);
      }
  });
});
