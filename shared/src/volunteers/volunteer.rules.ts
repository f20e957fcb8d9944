import type {
  ActivityAction,
  RedemptionAction,
  RedemptionStatus,
  RewardAction,
  ServicePostAction,
  StarAwardAction,
  StarAwardStatus,
  StarProgress,
  VolunteerAction,
  VolunteerStatus,
} from './volunteer.schema';

/** National practice: cumulative hours for 1★ … 5★ (communities may set lower local levels). */
export const DEFAULT_STAR_LEVELS = [100, 300, 600, 1000, 1500] as const;

/** Stars reached with `hours` of confirmed service: the number of levels at or below the hours. */
export function starsFor(hours: number, levels: readonly number[] = DEFAULT_STAR_LEVELS): number {
  let stars = 0;
  for (const need of levels) if (hours + 1e-9 >= need) stars++;
  return stars;
}

/** The next star and the hours still needed; null at the top level. */
export function nextStar(hours: number, levels: readonly number[] = DEFAULT_STAR_LEVELS): { stars: number; hoursNeeded: number } | null {
  const stars = starsFor(hours, levels);
  if (stars >= levels.length) return null;
  return { stars: stars + 1, hoursNeeded: roundHours(levels[stars]! - hours) };
}

/** Progress toward the next star: the hours between the level reached and the next one, and how much is done. */
export function starProgress(hours: number, levels: readonly number[] = DEFAULT_STAR_LEVELS): StarProgress {
  const stars = starsFor(hours, levels);
  const fromHours = stars > 0 ? levels[stars - 1]! : 0;
  if (stars >= levels.length) return { stars, fromHours, next: null, fraction: 1 };
  const atHours = levels[stars]!;
  // Rounded like the hours shown, so the bar and "还差 N 小时" never disagree; never quite full below the level.
  const done = Math.min(1, Math.max(0, (hours - fromHours) / (atHours - fromHours)));
  const fraction = Math.min(Math.round(done * 1000) / 1000, 0.999);
  return { stars, fromHours, next: { stars: stars + 1, atHours, hoursNeeded: roundHours(atHours - hours) }, fraction };
}

/** Hours are kept to 0.1 h. */
export function roundHours(h: number): number {
  return Math.round(h * 10) / 10;
}

/** An activity's duration in hours (0.1 h), the most anyone can be credited for it. */
export function activityHours(startAt: Date, endAt: Date): number {
  return Math.max(0, Math.floor(((endAt.getTime() - startAt.getTime()) / 3_600_000) * 10 + 1e-9) / 10);
}

/** Hours to credit: rounded to 0.1 h and capped at the activity's duration; null when not positive. */
export function creditedHours(requested: number, startAt: Date, endAt: Date): number | null {
  const h = Math.min(roundHours(requested), activityHours(startAt, endAt));
  return h > 0 ? h : null;
}

/** Points for hours: floor(hours × points per hour), an integer (computed in tenths to avoid 0.1 float drift). */
export function pointsFor(hours: number, pointsPerHour: number): number {
  return Math.floor((Math.round(hours * 10) * pointsPerHour) / 10 + 1e-9);
}

/** Suggested hours from check-in and check-out times (0.1 h, capped at the duration). */
export function suggestedHours(inAt: Date | undefined, outAt: Date | undefined, startAt: Date, endAt: Date): number | null {
  if (!inAt || !outAt || outAt <= inAt) return null;
  const from = Math.max(inAt.getTime(), startAt.getTime());
  const to = Math.min(outAt.getTime(), endAt.getTime());
  if (to <= from) return null;
  return creditedHours(Math.floor(((to - from) / 3_600_000) * 10) / 10, startAt, endAt);
}

/**
 * Days of public announcement (公示) before a new star is granted: working days of the holiday calendar
 * (common/workdays.ts `addWorkingDays`), ending at 24:00 of the fifth.
 */
export const STAR_PUBLICITY_WORKING_DAYS = 5;

/** Check-in codes rotate every window; a code is accepted in its window and the next (valid 30–60 s). */
export const CHECKIN_WINDOW_MS = 30_000;
export function checkinWindow(at: Date): number {
  return Math.floor(at.getTime() / CHECKIN_WINDOW_MS);
}
/** Windows whose code is accepted at `at`: the current one and the one before. */
export function acceptedWindows(at: Date): number[] {
  const w = checkinWindow(at);
  return [w, w - 1];
}
/** When the code of window `w` stops being accepted. */
export function windowExpiry(w: number): Date {
  return new Date((w + 2) * CHECKIN_WINDOW_MS);
}

/** Redemption codes expire after this many days unfulfilled (points refunded). */
export const REDEMPTION_DAYS = 30;

/** A volunteer shown anonymously on the leaderboard. */
export const ANONYMOUS_VOLUNTEER = '志愿者***';

/**
 * The order of the 积分超市: items in stock first, cheapest first — so what a person can afford comes before what
 * they cannot, whatever their balance — and sold-out items last. Stable for equal keys (newest first as listed).
 */
export function orderRewards<R extends { stock: number; cost: number }>(rewards: readonly R[]): R[] {
  return rewards
    .map((r, i) => ({ r, i }))
    .sort((a, b) => Number(a.r.stock <= 0) - Number(b.r.stock <= 0) || a.r.cost - b.r.cost || a.i - b.i)
    .map(({ r }) => r);
}

// ---- the moves on each record, and which of them a caller sees as buttons ------------------------------------
// Each `available…Actions` lists a move iff the record's state allows it now AND `permitted` (the caller's row of
// the server's permission table, functions/src/volunteers/volunteering.permissions.ts) says yes. The server puts
// the list on every view as `actions`; the app renders buttons from it and never re-derives them.

/** Asks the permission table whether this caller may make a move (the state is checked here). */
export type Permitted<A extends string> = (action: A) => boolean;

/** Check-in opens an hour before the start and closes two hours after the end. */
export const CHECKIN_OPENS_BEFORE_MS = 3_600_000;
export const CHECKIN_CLOSES_AFTER_MS = 2 * 3_600_000;

/** Where `now` stands against an activity's check-in window (the same window for check-in codes). */
export function checkinWindowState(startAt: Date, endAt: Date, now: Date): 'not_open' | 'open' | 'closed' {
  if (now.getTime() < startAt.getTime() - CHECKIN_OPENS_BEFORE_MS) return 'not_open';
  if (now.getTime() > endAt.getTime() + CHECKIN_CLOSES_AFTER_MS) return 'closed';
  return 'open';
}

/** An activity's phase by the clock: 报名中 before the start, 进行中 until the end, then 已结束. */
export function activityPhase(startAt: Date, endAt: Date, now: Date): 'upcoming' | 'ongoing' | 'ended' {
  return now < startAt ? 'upcoming' : now < endAt ? 'ongoing' : 'ended';
}

/** What the activity rules need: its times, and the caller's place and attendance. */
export interface ActivityState {
  startAt: Date;
  endAt: Date;
  now: Date;
  place: 'confirmed' | 'waitlisted' | 'none';
  checkedIn: boolean;
  checkedOut: boolean;
}

export type ActivityRefusal =
  | 'started'
  | 'already_signed_up'
  | 'not_signed_up'
  | 'checked_in'
  | 'checkin_not_open'
  | 'checkin_closed'
  | 'already_checked_in'
  | 'not_checked_in'
  | 'already_checked_out'
  | 'not_started';

/**
 * Whether the activity's state allows a move now, and why not. The handlers apply it with conditional updates
 * that re-check the same facts atomically; this is what both they and the `actions` list agree on.
 */
export function activityMove(s: ActivityState, action: ActivityAction): { ok: true } | { ok: false; reason: ActivityRefusal } {
  const no = (reason: ActivityRefusal) => ({ ok: false as const, reason });
  const window = checkinWindowState(s.startAt, s.endAt, s.now);
  switch (action) {
    case 'sign_up':
      if (s.now >= s.startAt) return no('started');
      return s.place === 'none' ? { ok: true } : no('already_signed_up');
    case 'withdraw':
      if (s.now >= s.startAt) return no('started');
      // Someone already checked in is at the activity: their place (and the record of it) stays.
      if (s.checkedIn) return no('checked_in');
      return s.place === 'none' ? no('not_signed_up') : { ok: true };
    case 'check_in':
    case 'check_out':
      if (window !== 'open') return no(window === 'not_open' ? 'checkin_not_open' : 'checkin_closed');
      if (action === 'check_in') return s.checkedIn ? no('already_checked_in') : { ok: true };
      if (!s.checkedIn) return no('not_checked_in');
      return s.checkedOut ? no('already_checked_out') : { ok: true };
    case 'issue_code':
      // Codes can be shown from publication on (staff print them early) until check-in closes.
      return window === 'closed' ? no('checkin_closed') : { ok: true };
    case 'confirm_hours':
      return s.now < s.startAt ? no('not_started') : { ok: true };
    case 'view_roster':
      return { ok: true };
  }
}

const ACTIVITY_ACTIONS: readonly ActivityAction[] = ['sign_up', 'withdraw', 'check_in', 'check_out', 'issue_code', 'view_roster', 'confirm_hours'];

/** The moves on an activity this caller may make now. */
export function availableActivityActions(s: ActivityState, permitted: Permitted<ActivityAction>): ActivityAction[] {
  return ACTIVITY_ACTIONS.filter((a) => activityMove(s, a).ok && permitted(a));
}

export type VolunteerRefusal = 'already_reviewed';

/** A registration is reviewed once, from pending; points can be adjusted whatever the status. */
export function volunteerMove(status: VolunteerStatus, action: VolunteerAction): { ok: true } | { ok: false; reason: VolunteerRefusal } {
  if (action === 'adjust_points') return { ok: true };
  return status === 'pending' ? { ok: true } : { ok: false, reason: 'already_reviewed' };
}

/** The moves on a registration this caller may make now. */
export function availableVolunteerActions(status: VolunteerStatus, permitted: Permitted<VolunteerAction>): VolunteerAction[] {
  return (['approve', 'reject', 'adjust_points'] as const).filter((a) => volunteerMove(status, a).ok && permitted(a));
}

/** A redemption code's status as the people looking at it see it: an issued code past its expiry is expired. */
export function redemptionStatusAt(status: RedemptionStatus, expiresAt: Date, now: Date): RedemptionStatus {
  return status === 'issued' && expiresAt <= now ? 'expired' : status;
}

export type RedemptionRefusal = 'fulfilled' | 'cancelled' | 'expired';

/**
 * The redemption code's lifecycle: issued → fulfilled (by the merchant, before it expires) | cancelled (by the
 * volunteer; points back) | expired (after REDEMPTION_DAYS; points back). Cancelling looks at the stored status
 * only: until the expiry job has run, a code past its date can still be cancelled, with the same refund.
 */
export function redemptionMove(
  r: { status: RedemptionStatus; expiresAt: Date },
  action: RedemptionAction,
  now: Date,
): { ok: true } | { ok: false; reason: RedemptionRefusal } {
  const current = action === 'fulfil' ? redemptionStatusAt(r.status, r.expiresAt, now) : r.status;
  return current === 'issued' ? { ok: true } : { ok: false, reason: current as RedemptionRefusal };
}

/** The moves on a redemption code this caller may make now. */
export function availableRedemptionActions(r: { status: RedemptionStatus; expiresAt: Date }, now: Date, permitted: Permitted<RedemptionAction>): RedemptionAction[] {
  return (['fulfil', 'cancel'] as const).filter((a) => redemptionMove(r, a, now).ok && permitted(a));
}

export type RewardRefusal = 'sold_out' | 'balance';

/** A reward can be redeemed while stock remains and the balance covers its cost (the page never subtracts itself). */
export function rewardMove(r: { cost: number; stock: number }, balance: number): { ok: true } | { ok: false; reason: RewardRefusal } {
  if (r.stock <= 0) return { ok: false, reason: 'sold_out' };
  return balance >= r.cost ? { ok: true } : { ok: false, reason: 'balance' };
}

/** The moves on a reward this caller may make now; `balance` is null for someone with no volunteer record. */
export function availableRewardActions(r: { cost: number; stock: number }, balance: number | null, permitted: Permitted<RewardAction>): RewardAction[] {
  return balance !== null && rewardMove(r, balance).ok && permitted('redeem') ? ['redeem'] : [];
}

/** A star can be withheld during its 公示 only; once granted (or withheld) it stands. */
export function availableStarAwardActions(status: StarAwardStatus, permitted: Permitted<StarAwardAction>): StarAwardAction[] {
  return status === 'announced' && permitted('withhold') ? ['withhold'] : [];
}

/** A service post can be claimed once per person while a slot is free. */
export function availableServicePostActions(p: { slots: number; claimed: number; claimedByMe: boolean }, permitted: Permitted<ServicePostAction>): ServicePostAction[] {
  return !p.claimedByMe && p.claimed < p.slots && permitted('claim') ? ['claim'] : [];
}
