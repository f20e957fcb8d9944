import { SHANGHAI_OFFSET_MS, shanghaiDate, startOfShanghaiDay } from '../common/time';
import { visitDue } from '../households/care-flag.rules';
import { FOLLOW_UP_MAX_DAYS, VISIT_MAX_AGE_DAYS, type MetConsent, type MetInput } from './visit.schema';

// Pure rules of visits (走访): which day a visit may be recorded for, when follow-ups may be due, what is stored of the
// people met, which visit is a household's last, and the coverage arithmetic. The use cases load, ask these, and write.

const DAY_MS = 86_400_000;

/** The instant a `YYYY-MM-DD` Shanghai day starts; null when there is no such day. */
export function shanghaiDayStart(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(utc).toISOString().slice(0, 10) !== day) return null;
  return new Date(utc - SHANGHAI_OFFSET_MS);
}

export type VisitDateProblem = 'invalid' | 'future' | 'too_old';

/** Why a visit cannot be recorded for this day (none: null): no such day, a day after today, more than VISIT_MAX_AGE_DAYS ago. */
export function visitDateProblem(day: string, now: Date): VisitDateProblem | null {
  const start = shanghaiDayStart(day);
  if (!start) return 'invalid';
  const today = startOfShanghaiDay(now).getTime();
  if (start.getTime() > today) return 'future';
  if (start.getTime() < today - VISIT_MAX_AGE_DAYS * DAY_MS) return 'too_old';
  return null;
}

export const VISIT_DATE_MESSAGES: Record<VisitDateProblem, string> = {
  invalid: '没有这一天',
  future: '走访日期不能晚于今天',
  too_old: `只能登记${VISIT_MAX_AGE_DAYS}天内的走访`,
};

/**
 * The instant a visit of this day is stored at: now when it is today (the order of two visits on one day is the
 * order they were recorded), else noon of that day (a day typed later has no hour; noon keeps it in its day).
 */
export function visitedAtOf(day: string, now: Date): Date {
  if (day === shanghaiDate(now)) return now;
  return new Date(shanghaiDayStart(day)!.getTime() + 12 * 3_600_000);
}

export type FollowUpDueProblem = 'invalid' | 'before_visit' | 'too_far';

/** Why a follow-up cannot be due on this day: none, before the visit's day, or more than FOLLOW_UP_MAX_DAYS after it. */
export function followUpDueProblem(dueOn: string, visitDay: string): FollowUpDueProblem | null {
  const due = shanghaiDayStart(dueOn);
  const visit = shanghaiDayStart(visitDay);
  if (!due || !visit) return 'invalid';
  if (due < visit) return 'before_visit';
  if (due.getTime() > visit.getTime() + FOLLOW_UP_MAX_DAYS * DAY_MS) return 'too_far';
  return null;
}

export const FOLLOW_UP_DUE_MESSAGES: Record<FollowUpDueProblem, string> = {
  invalid: '没有这一天',
  before_visit: '完成日期不能早于走访日期',
  too_far: `完成日期最多在走访后${FOLLOW_UP_MAX_DAYS}天内`,
};

/** The open-list key of a follow-up: `<due day start ms, 15 digits>_<id>`, unique, so a page ends at a key. */
export function followUpDueKey(dueOn: string, id: string): string {
  return `${String(shanghaiDayStart(dueOn)!.getTime()).padStart(15, '0')}_${id}`;
}

/** An open follow-up whose day has passed (in Asia/Shanghai): overdue from the day after it. */
export function followUpOverdue(dueOn: string, now: Date): boolean {
  return shanghaiDayStart(dueOn)!.getTime() < startOfShanghaiDay(now).getTime();
}

/** An occupant of the household as the visit's rules need them: their id and whether they have an account. */
export interface RegisterOccupant {
  id: string;
  hasAccount: boolean;
}

/** What is stored of one person met (a refusal keeps nothing that identifies them). */
export type MetEntry =
  | { kind: 'occupant'; occupantId: string; consent: Exclude<MetConsent, 'refused'> }
  | { kind: 'other'; name: string; relation?: string; consent: 'given' }
  | { kind: 'occupant' | 'other'; consent: 'refused' };

export type MetProblem = { index: number; problem: 'not_occupant' | 'consent_needed' };

/**
 * The entries to store for the people met, or the first problem: an occupant must be on this household's register;
 * one without an account must have said whether they agree (`consent`); one with an account needs nothing asked
 * (their account's terms), and may still refuse. A refusal stores neither name nor id.
 */
export function metEntries(met: readonly MetInput[], occupants: readonly RegisterOccupant[]): { ok: true; entries: MetEntry[] } | ({ ok: false } & MetProblem) {
  const entries: MetEntry[] = [];
  for (const [index, m] of met.entries()) {
    if (m.kind === 'other') {
      entries.push(m.consent === 'given' ? { kind: 'other', name: m.name!, ...(m.relation ? { relation: m.relation } : {}), consent: 'given' } : { kind: 'other', consent: 'refused' });
      continue;
    }
    const o = occupants.find((x) => x.id === m.occupantId);
    if (!o) return { ok: false, index, problem: 'not_occupant' };
    if (m.consent === 'refused') entries.push({ kind: 'occupant', consent: 'refused' });
    else if (o.hasAccount) entries.push({ kind: 'occupant', occupantId: o.id, consent: 'account' });
    else if (m.consent === 'given') entries.push({ kind: 'occupant', occupantId: o.id, consent: 'given' });
    else return { ok: false, index, problem: 'consent_needed' };
  }
  return { ok: true, entries };
}

export const MET_PROBLEM_MESSAGES: Record<MetProblem['problem'], string> = {
  not_occupant: '该住户不在这一户的名册上',
  consent_needed: '请确认该住户是否同意登记',
};

/** Whether a visit at `visitedAt` becomes the household's last visit: only when later than the one stored. */
export function isLaterVisit(visitedAt: Date, lastVisitAt: Date | null | undefined): boolean {
  return !lastVisitAt || visitedAt.getTime() > lastVisitAt.getTime();
}

/** The quarter of `at` in Asia/Shanghai, `2026Q4`. */
export function shanghaiQuarter(at: Date): string {
  const d = shanghaiDate(at);
  return `${d.slice(0, 4)}Q${Math.floor((Number(d.slice(5, 7)) - 1) / 3) + 1}`;
}

/** A quarter as Asia/Shanghai instants: its first day's start to the next quarter's; null when malformed. */
export function quarterRange(quarter: string): { from: Date; to: Date } | null {
  const m = /^(\d{4})Q([1-4])$/.exec(quarter);
  if (!m) return null;
  const year = Number(m[1]);
  const q = Number(m[2]);
  const from = new Date(Date.UTC(year, (q - 1) * 3, 1) - SHANGHAI_OFFSET_MS);
  const to = new Date(Date.UTC(q === 4 ? year + 1 : year, q === 4 ? 0 : q * 3, 1) - SHANGHAI_OFFSET_MS);
  return { from, to };
}

/** A household as coverage counts it (ids as hex strings). */
export interface CoverageHousehold {
  id: string;
  gridId?: string;
  /** The shortest interval of its care flags; null without flags. */
  interval: number | null;
  lastVisitAt?: Date;
}

export interface CoverageCounts {
  households: number;
  visited: number;
  visitedRate: number | null;
  flagged: number;
  flaggedInInterval: number;
  flaggedRate: number | null;
}

const rate = (part: number, whole: number) => (whole ? part / whole : null);

function countsOf(households: readonly CoverageHousehold[], visitedIds: ReadonlySet<string>, now: Date): CoverageCounts {
  const flagged = households.filter((h) => h.interval !== null);
  // Within their interval: not overdue now (never visited is overdue: due at once).
  const inInterval = flagged.filter((h) => !!h.lastVisitAt && visitDue(h.lastVisitAt, h.interval!, now).state !== 'overdue');
  const visited = households.filter((h) => visitedIds.has(h.id)).length;
  return { households: households.length, visited, visitedRate: rate(visited, households.length), flagged: flagged.length, flaggedInInterval: inInterval.length, flaggedRate: rate(inInterval.length, flagged.length) };
}

/**
 * Visit coverage per grid (in the order given) and in total: households on the register; those visited in the
 * quarter (`visitedIds`: households with a visit in it, each counted once); flagged households; those visited within
 * their interval now. The total counts every household given, those of no grid included.
 */
export function visitCoverage(grids: readonly string[], households: readonly CoverageHousehold[], visitedIds: ReadonlySet<string>, now: Date) {
  return {
    grids: grids.map((gridId) => ({ gridId, ...countsOf(households.filter((h) => h.gridId === gridId), visitedIds, now) })),
    total: countsOf(households, visitedIds, now),
  };
}
