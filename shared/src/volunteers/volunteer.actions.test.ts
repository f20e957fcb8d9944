import {
  activityMove,
  availableActivityActions,
  availableRedemptionActions,
  availableRewardActions,
  availableServicePostActions,
  availableStarAwardActions,
  availableVolunteerActions,
  checkinWindowState,
  redemptionMove,
  rewardMove,
  type ActivityState,
} from './volunteer.rules';
import type { ActivityAction } from './volunteer.schema';

const HOUR = 3_600_000;
const start = new Date('2026-11-21T01:00:00Z');
const end = new Date('2026-11-21T04:00:00Z');
const at = (offset: number) => new Date(start.getTime() + offset);
const state = (now: Date, over: Partial<ActivityState> = {}): ActivityState => ({ startAt: start, endAt: end, now, place: 'none', checkedIn: false, checkedOut: false, ...over });
const everyone = () => true;
const volunteerOnly = (a: ActivityAction) => ['sign_up', 'withdraw', 'check_in', 'check_out'].includes(a);
const staffOnly = (a: ActivityAction) => ['issue_code', 'view_roster', 'confirm_hours'].includes(a);

describe('volunteers/volunteer.rules activity actions', () => {
  it.each([
    ['a day before, not signed up', state(at(-24 * HOUR)), ['sign_up']],
    ['a day before, with a seat', state(at(-24 * HOUR), { place: 'confirmed' }), ['withdraw']],
    ['a day before, waitlisted', state(at(-24 * HOUR), { place: 'waitlisted' }), ['withdraw']],
    ['30 min before, with a seat', state(at(-HOUR / 2), { place: 'confirmed' }), ['withdraw', 'check_in']],
    ['30 min before, checked in', state(at(-HOUR / 2), { place: 'confirmed', checkedIn: true }), ['check_out']],
    ['during, a walk-in', state(at(HOUR)), ['check_in']],
    ['during, checked in', state(at(HOUR), { place: 'confirmed', checkedIn: true }), ['check_out']],
    ['during, checked out', state(at(HOUR), { place: 'confirmed', checkedIn: true, checkedOut: true }), []],
    ['an hour after the end', state(at(4 * HOUR), { place: 'confirmed' }), ['check_in']],
    ['three hours after the end', state(at(6 * HOUR), { place: 'confirmed', checkedIn: true }), []],
  ] as const)('a volunteer %s may %j', (_when, s, expected) => {
    expect(availableActivityActions(s, volunteerOnly)).toEqual(expected);
  });

  it.each([
    ['a day before', at(-24 * HOUR), ['issue_code', 'view_roster']],
    ['during', at(HOUR), ['issue_code', 'view_roster', 'confirm_hours']],
    ['an hour after the end', at(4 * HOUR), ['issue_code', 'view_roster', 'confirm_hours']],
    ['three hours after the end', at(6 * HOUR), ['view_roster', 'confirm_hours']],
  ] as const)('staff %s may %j', (_when, now, expected) => {
    expect(availableActivityActions(state(now), staffOnly)).toEqual(expected);
  });

  it('lists nothing the caller is not permitted, whatever the state', () => {
    expect(availableActivityActions(state(at(-24 * HOUR)), () => false)).toEqual([]);
  });

  it('agrees with activityMove: listed ⇔ allowed and permitted', () => {
    for (const offset of [-48, -1.5, -1, -0.5, 0, 1, 3, 4, 5, 5.5]) {
      for (const place of ['none', 'confirmed', 'waitlisted'] as const)
        for (const [checkedIn, checkedOut] of [[false, false], [true, false], [true, true]] as const) {
          const s = state(at(offset * HOUR), { place, checkedIn, checkedOut });
          const listed = availableActivityActions(s, everyone);
          for (const a of ['sign_up', 'withdraw', 'check_in', 'check_out', 'issue_code', 'view_roster', 'confirm_hours'] as const)
            expect([offset, place, checkedIn, a, listed.includes(a)]).toEqual([offset, place, checkedIn, a, activityMove(s, a).ok]);
        }
    }
  });

  it.each([
    ['started', state(start), 'sign_up', 'started'],
    ['already signed up', state(at(-HOUR * 24), { place: 'waitlisted' }), 'sign_up', 'already_signed_up'],
    ['started', state(at(HOUR), { place: 'confirmed' }), 'withdraw', 'started'],
    ['checked in', state(at(-HOUR / 2), { place: 'confirmed', checkedIn: true }), 'withdraw', 'checked_in'],
    ['not signed up', state(at(-HOUR * 24)), 'withdraw', 'not_signed_up'],
    ['too early', state(at(-2 * HOUR)), 'check_in', 'checkin_not_open'],
    ['too late', state(at(6 * HOUR)), 'check_in', 'checkin_closed'],
    ['twice', state(at(HOUR), { checkedIn: true }), 'check_in', 'already_checked_in'],
    ['out before in', state(at(HOUR)), 'check_out', 'not_checked_in'],
    ['out twice', state(at(HOUR), { checkedIn: true, checkedOut: true }), 'check_out', 'already_checked_out'],
    ['before the start', state(at(-HOUR)), 'confirm_hours', 'not_started'],
    ['after check-in closed', state(at(6 * HOUR)), 'issue_code', 'checkin_closed'],
  ] as const)('refuses when %s: %s → %s', (_why, s, action, reason) => {
    expect(activityMove(s, action)).toEqual({ ok: false, reason });
  });

  it('opens check-in an hour before the start and closes it two hours after the end, both inclusive', () => {
    expect(checkinWindowState(start, end, at(-HOUR - 1))).toBe('not_open');
    expect(checkinWindowState(start, end, at(-HOUR))).toBe('open');
    expect(checkinWindowState(start, end, at(5 * HOUR))).toBe('open');
    expect(checkinWindowState(start, end, at(5 * HOUR + 1))).toBe('closed');
  });
});

describe('volunteers/volunteer.rules registration, mall, stars and posts actions', () => {
  it.each([
    ['pending', ['approve', 'reject', 'adjust_points']],
    ['active', ['adjust_points']],
    ['rejected', ['adjust_points']],
  ] as const)('a %s registration allows %j to a caller permitted everything', (status, expected) => {
    expect(availableVolunteerActions(status, everyone)).toEqual(expected);
    expect(availableVolunteerActions(status, (a) => a !== 'adjust_points')).toEqual(expected.filter((a) => a !== 'adjust_points'));
  });

  const now = new Date('2026-11-21T01:00:00Z');
  const later = new Date(now.getTime() + HOUR);
  const earlier = new Date(now.getTime() - HOUR);
  it.each([
    ['issued', later, ['fulfil', 'cancel']],
    ['issued', earlier, ['cancel']], // past its date before the expiry job ran: no longer fulfilled, still cancelled (refund either way)
    ['fulfilled', later, []],
    ['cancelled', later, []],
    ['expired', earlier, []],
  ] as const)('a code %s, expiring %s, allows %j', (status, expiresAt, expected) => {
    expect(availableRedemptionActions({ status, expiresAt }, now, everyone)).toEqual(expected);
    expect(availableRedemptionActions({ status, expiresAt }, now, (a) => a === 'cancel')).toEqual(expected.filter((a) => a === 'cancel'));
  });

  it.each([
    ['fulfilled', later, 'fulfil', 'fulfilled'],
    ['cancelled', later, 'fulfil', 'cancelled'],
    ['issued', earlier, 'fulfil', 'expired'],
    ['fulfilled', later, 'cancel', 'fulfilled'],
    ['expired', earlier, 'cancel', 'expired'],
  ] as const)('a %s code (expiring %s) refuses %s as %s', (status, expiresAt, action, reason) => {
    expect(redemptionMove({ status, expiresAt }, action, now)).toEqual({ ok: false, reason });
  });

  it.each([
    [{ cost: 30, stock: 5 }, 30, ['redeem']],
    [{ cost: 30, stock: 5 }, 29, []],
    [{ cost: 30, stock: 0 }, 100, []],
    [{ cost: 30, stock: 5 }, null, []],
  ] as const)('a reward %j with a balance of %p allows %j', (reward, balance, expected) => {
    expect(availableRewardActions(reward, balance, everyone)).toEqual(expected);
    expect(availableRewardActions(reward, balance, () => false)).toEqual([]);
  });

  it('says why a reward cannot be redeemed: sold out before an insufficient balance', () => {
    expect(rewardMove({ cost: 30, stock: 0 }, 0)).toEqual({ ok: false, reason: 'sold_out' });
    expect(rewardMove({ cost: 30, stock: 1 }, 10)).toEqual({ ok: false, reason: 'balance' });
  });

  it.each([
    ['announced', ['withhold']],
    ['withheld', []],
    ['granted', []],
  ] as const)('a star %s allows %j', (status, expected) => {
    expect(availableStarAwardActions(status, everyone)).toEqual(expected);
  });

  it.each([
    [{ slots: 2, claimed: 1, claimedByMe: false }, ['claim']],
    [{ slots: 2, claimed: 2, claimedByMe: false }, []],
    [{ slots: 2, claimed: 1, claimedByMe: true }, []],
  ] as const)('a service post %j allows %j', (post, expected) => {
    expect(availableServicePostActions(post, everyone)).toEqual(expected);
  });
});
