import { communitiesOutsideStreet, streetForNewUnit, unitInviteProblem, unitInviteTerms } from './unit.rules';

describe('units/unit.rules', () => {
  const now = new Date('2026-12-07T08:00:00Z');

  describe('unitInviteTerms', () => {
    it('gives a one-time code one use for 7 days', () => {
      expect(unitInviteTerms('single', now)).toEqual({ maxUses: 1, expiresAt: new Date('2026-12-14T08:00:00Z') });
    });
    it('gives a week code 50 uses for 7 days', () => {
      expect(unitInviteTerms('week', now)).toEqual({ maxUses: 50, expiresAt: new Date('2026-12-14T08:00:00Z') });
    });
  });

  describe('unitInviteProblem', () => {
    const valid = { expiresAt: new Date('2026-12-08T00:00:00Z'), remaining: 1, revoked: false };
    it.each([
      ['a valid code of an active unit', valid, { active: true }, null],
      ['a revoked code', { ...valid, revoked: true }, { active: true }, 'revoked'],
      ['an expired code', { ...valid, expiresAt: now }, { active: true }, 'expired'],
      ['a used-up code', { ...valid, remaining: 0 }, { active: true }, 'used_up'],
      ['a code of a deactivated unit', valid, { active: false }, 'unit_inactive'],
      ['a code of a unit that is gone', valid, null, 'unit_inactive'],
    ] as const)('%s: %s', (_name, invite, unit, expected) => {
      expect(unitInviteProblem(invite, unit, now)).toBe(expected);
    });
    it('names expiry before exhaustion (what the person can do about it is the same, the reason is clearer)', () => {
      expect(unitInviteProblem({ ...valid, expiresAt: now, remaining: 0 }, { active: true }, now)).toBe('expired');
    });
  });

  describe('communitiesOutsideStreet', () => {
    it('is empty when every community is of the street', () => {
      expect(communitiesOutsideStreet(['a', 'b'], ['a', 'b', 'c'])).toEqual([]);
    });
    it('names the communities of other streets once each', () => {
      expect(communitiesOutsideStreet(['a', 'x', 'x'], ['a'])).toEqual(['x']);
    });
  });

  describe('streetForNewUnit', () => {
    it('takes the only street an admin administers', () => expect(streetForNewUnit(undefined, ['s1'])).toBe('s1'));
    it('takes the named street when the caller administers it', () => expect(streetForNewUnit('s2', ['s1', 's2'])).toBe('s2'));
    it('refuses a street the caller does not administer', () => expect(streetForNewUnit('s3', ['s1'])).toBeNull());
    it('refuses to guess among several streets', () => expect(streetForNewUnit(undefined, ['s1', 's2'])).toBeNull());
    it('refuses a caller who administers none', () => expect(streetForNewUnit(undefined, [])).toBeNull());
  });
});
