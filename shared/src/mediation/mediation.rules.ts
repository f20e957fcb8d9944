import { DEFAULT_MEDIATION_FOLLOW_UP_DAYS } from './mediation.settings';
import { CASE_VIEW_ACTIONS, MEDIATION_TYPES, MEDIATION_TYPE_LABELS, RISK_LEVELS, RISK_LEVEL_LABELS, CASE_STATUSES, CASE_STATUS_LABELS } from './mediation.schema';
import type { CaseLevel, CaseStatus, CaseViewAction, MediationStats, MediationType, RiskLevel } from './mediation.schema';

/** What the state machine needs to know about a case. */
export interface CaseState {
  status: CaseStatus;
  level: CaseLevel;
  /** Parties who have not confirmed the current agreement yet (only read by `confirm`). */
  unconfirmed: number;
}

/**
 * The moves of a case: a session recorded; concluded as agreed (调解成功) or failed (调解不成); a party's confirmation
 * (on their phone or a paper signature: the same move); escalated to the street; referred out; ended; and the
 * 回访 finding the agreement holding or broken.
 */
export type CaseMove = 'record_session' | 'agree' | 'fail' | 'confirm' | 'escalate' | 'refer' | 'end' | 'follow_up_holds' | 'follow_up_broken';

export type CaseRefusal = 'not_mediating' | 'not_agreed' | 'not_failed' | 'not_confirmed' | 'top_level' | 'finished' | 'all_confirmed';

export type CaseTransition = { ok: true; to: CaseStatus; level: CaseLevel; reopens: boolean } | { ok: false; reason: CaseRefusal };

/** States nobody moves a case out of. */
export const FINISHED_CASE_STATUSES: readonly CaseStatus[] = ['closed', 'referred', 'ended'];
/** The agreement stands (调解成功): waiting for confirmations, for the 回访, or held at it. */
export const SUCCEEDED_CASE_STATUSES: readonly CaseStatus[] = ['agreed', 'confirmed', 'closed'];
/**
 * Concluded (结案) for the figures: mediation succeeded (an agreement stands) or stopped for good (referred out, or
 * ended). A failed case waiting to be escalated or referred is not concluded yet, nor is one mediated again after
 * its agreement broke down.
 */
export const CONCLUDED_CASE_STATUSES: readonly CaseStatus[] = [...SUCCEEDED_CASE_STATUSES, 'referred', 'ended'];
/** Still being worked on (the 首页 count, `open=1`). */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter((s) => !FINISHED_CASE_STATUSES.includes(s));

/**
 * The case lifecycle (pure; the use case loads, asks this, and writes conditionally on the revision it read):
 * open → (session) mediating → agreed (the agreement text) → confirmed once every party confirmed → closed when the
 * 回访 finds it holding, or mediating again (reopened) when it broke down. mediating or agreed (a party will not
 * confirm) → failed → escalated to the street (mediating again, held by the street; from open or mediating too, when
 * the community finds it beyond it, and once only) or referred out or ended. Sessions are recorded while open or
 * mediating.
 */
export function caseTransition(s: CaseState, move: CaseMove): CaseTransition {
  const stay = { ok: true as const, to: s.status, level: s.level, reopens: false };
  if (FINISHED_CASE_STATUSES.includes(s.status)) return { ok: false, reason: 'finished' };
  switch (move) {
    case 'record_session':
      return s.status === 'open' || s.status === 'mediating' ? { ...stay, to: 'mediating' } : { ok: false, reason: 'not_mediating' };
    case 'agree':
      return s.status === 'mediating' ? { ...stay, to: 'agreed' } : { ok: false, reason: 'not_mediating' };
    case 'fail':
      return s.status === 'mediating' || s.status === 'agreed' ? { ...stay, to: 'failed' } : { ok: false, reason: 'not_mediating' };
    case 'confirm':
      if (s.status !== 'agreed') return { ok: false, reason: 'not_agreed' };
      if (s.unconfirmed <= 0) return { ok: false, reason: 'all_confirmed' };
      return { ...stay, to: s.unconfirmed === 1 ? 'confirmed' : 'agreed' };
    case 'escalate':
      if (s.level === 'street') return { ok: false, reason: 'top_level' };
      return ['open', 'mediating', 'failed'].includes(s.status) ? { ...stay, to: 'mediating', level: 'street' } : { ok: false, reason: 'not_mediating' };
    case 'refer':
    case 'end':
      return s.status === 'failed' ? { ...stay, to: move === 'refer' ? 'referred' : 'ended' } : { ok: false, reason: 'not_failed' };
    case 'follow_up_holds':
      return s.status === 'confirmed' ? { ...stay, to: 'closed' } : { ok: false, reason: 'not_confirmed' };
    case 'follow_up_broken':
      return s.status === 'confirmed' ? { ...stay, to: 'mediating', reopens: true } : { ok: false, reason: 'not_confirmed' };
  }
}

export const CASE_REFUSAL_MESSAGES: Record<CaseRefusal, string> = {
  not_mediating: '案件当前状态不允许此操作',
  not_agreed: '案件尚未达成调解协议',
  not_failed: '只有调解不成的案件可以转出或终止',
  not_confirmed: '协议尚未经各方确认，暂不能回访',
  top_level: '案件已由街道受理，不能再上报',
  finished: '案件已结束',
  all_confirmed: '各方均已确认协议',
};

/** Which moves each offered action may be (an action is offered when one of them is possible). */
const MOVES_OF: Record<CaseViewAction, CaseMove[]> = {
  record_session: ['record_session'],
  conclude: ['agree', 'fail'],
  confirm: ['confirm'],
  record_signature: ['confirm'],
  escalate: ['escalate'],
  refer: ['refer'],
  end: ['end'],
  follow_up: ['follow_up_holds'],
  manage_mediators: [],
};

/** Whether the case's state allows an offered action now, whoever asks (mediators change while it is not finished). */
export function caseActionPossible(s: CaseState, action: CaseViewAction): boolean {
  if (action === 'manage_mediators') return !FINISHED_CASE_STATUSES.includes(s.status);
  return MOVES_OF[action].some((m) => caseTransition(s, m).ok);
}

/** The moves to offer on a case: those `permitted` to the caller that its state allows now, in CASE_VIEW_ACTIONS order. */
export function availableCaseActions(s: CaseState, permitted: (action: CaseViewAction) => boolean): CaseViewAction[] {
  return CASE_VIEW_ACTIONS.filter((a) => caseActionPossible(s, a) && permitted(a));
}

/** When the 回访 of an agreement reached at `agreedAt` is due. */
export function followUpDueAt(agreedAt: Date, days = DEFAULT_MEDIATION_FOLLOW_UP_DAYS): Date {
  return new Date(agreedAt.getTime() + days * 86_400_000);
}

/** A short number people read out for a case (No. and the last 6 hex digits of its id, upper case). */
export const caseNumber = (id: string) => `TJ-${id.slice(-6).toUpperCase()}`;

/** What the figures need of one case. */
export interface CaseFacts {
  type: MediationType;
  risk: RiskLevel;
  status: CaseStatus;
  /** Ever held by the street (escalated). */
  escalated: boolean;
  /**
   * Concluded successfully at grid level: the agreement was recorded, before any escalation, by a grid worker or a
   * 人民调解员 (the front line), not by community staff or the street.
   */
  gridLevel: boolean;
  createdAt: Date;
  concludedAt?: Date | null;
  followUpsHeld: number;
  followUpsBroken: number;
}

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);

/** The median of some numbers (null for none). */
export function medianOf(values: readonly number[]): number | null {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

/**
 * The seeds' measures of dispute work, from the cases' current states:
 * - 化解率 = succeeded (an agreement stands: agreed, confirmed or closed) ÷ concluded (succeeded, referred or ended);
 * - 小事不出网格 = succeeded at grid level (the agreement recorded by a grid worker or 人民调解员, never escalated)
 *   ÷ concluded;
 * - 大事不出镇街 = concluded within the street, i.e. not referred out (succeeded at community or street level, or ended)
 *   ÷ concluded;
 * - 矛盾不上交 = cases not referred out of the street ÷ all cases (open ones included: they are still held here);
 * - median days from opening to conclusion over the concluded cases (one decimal);
 * - agreements holding at 回访 = 回访 that found the agreement holding ÷ all 回访 recorded.
 * Null where there is nothing to divide by (shown as “—”).
 */
export function mediationStats(cases: readonly CaseFacts[]): MediationStats {
  const concluded = cases.filter((c) => CONCLUDED_CASE_STATUSES.includes(c.status));
  const succeeded = concluded.filter((c) => SUCCEEDED_CASE_STATUSES.includes(c.status));
  const referred = cases.filter((c) => c.status === 'referred').length;
  const held = cases.reduce((n, c) => n + c.followUpsHeld, 0);
  const broken = cases.reduce((n, c) => n + c.followUpsBroken, 0);
  const days = concluded.filter((c) => c.concludedAt).map((c) => (c.concludedAt!.getTime() - c.createdAt.getTime()) / 86_400_000);
  const med = medianOf(days);
  return {
    total: cases.length,
    open: cases.filter((c) => OPEN_CASE_STATUSES.includes(c.status)).length,
    concluded: concluded.length,
    succeeded: succeeded.length,
    referred,
    escalated: cases.filter((c) => c.escalated).length,
    byType: MEDIATION_TYPES.map((type) => ({ type, label: MEDIATION_TYPE_LABELS[type], count: cases.filter((c) => c.type === type).length })),
    byRisk: RISK_LEVELS.map((risk) => ({ risk, label: RISK_LEVEL_LABELS[risk], count: cases.filter((c) => c.risk === risk).length })),
    byStatus: CASE_STATUSES.map((status) => ({ status, label: CASE_STATUS_LABELS[status], count: cases.filter((c) => c.status === status).length })),
    resolutionRate: ratio(succeeded.length, concluded.length),
    gridRate: ratio(succeeded.filter((c) => c.gridLevel && !c.escalated).length, concluded.length),
    streetRate: ratio(concluded.length - referred, concluded.length),
    notReferredRate: ratio(cases.length - referred, cases.length),
    medianDaysToResolve: med === null ? null : Math.round(med * 10) / 10,
    followUps: { held, broken, rate: ratio(held, held + broken) },
  };
}
