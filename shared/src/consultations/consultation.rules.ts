import { COMMENT_VIEW_ACTIONS, CONSULTATION_VIEW_ACTIONS } from './consultation.schema';
import type { CommentViewAction, ConsultationResults, ConsultationStatus, ConsultationViewAction } from './consultation.schema';

export type ConsultationMove =
  | 'content_pass' // content security or staff cleared a held proposal
  | 'threshold_reached'
  | 'lapse'
  | 'approve'
  | 'reject'
  | 'merge'
  | 'open_voting'
  | 'close_voting'
  | 'post_update'
  | 'complete'
  /** Staff (for the 党组织/居委会) send a topic still collecting to review, with a stated reason. */
  | 'staff_review';

export type ConsultationRefusal = 'wrong_stage' | 'finished';

export type ConsultationTransition = { ok: true; to: ConsultationStatus } | { ok: false; reason: ConsultationRefusal };

/** Stages after which nothing more happens to a topic. */
export const ENDED_CONSULTATION_STATUSES: readonly ConsultationStatus[] = ['done', 'lapsed', 'rejected', 'merged'];
/** Stages in which residents comment (deliberation runs from the proposal to the vote). */
export const COMMENTABLE_STATUSES: readonly ConsultationStatus[] = ['collecting', 'review', 'discussion', 'voting'];

/**
 * The 议事协商 state machine. Pure: the handler loads the topic, asks this, and writes the new status with
 * a condition on the old one, so two staff members acting at once cannot both move it.
 */
export function consultationTransition(from: ConsultationStatus, move: ConsultationMove): ConsultationTransition {
  const to = (ok: boolean, status: ConsultationStatus): ConsultationTransition =>
    ok ? { ok: true, to: status } : { ok: false, reason: ENDED_CONSULTATION_STATUSES.includes(from) ? 'finished' : 'wrong_stage' };
  switch (move) {
    case 'content_pass':
      return to(from === 'proposed', 'collecting');
    case 'threshold_reached':
    case 'staff_review':
      return to(from === 'collecting', 'review');
    case 'lapse':
      return to(from === 'collecting', 'lapsed');
    case 'approve':
      // A held proposal is cleared into 附议; a proposal that gathered enough support goes to discussion.
      if (from === 'proposed') return { ok: true, to: 'collecting' };
      return to(from === 'review', 'discussion');
    case 'reject':
      return to(['proposed', 'collecting', 'review'].includes(from), 'rejected');
    case 'merge':
      return to(['proposed', 'collecting', 'review', 'discussion'].includes(from), 'merged');
    case 'open_voting':
      // Staff may also put a proposal that reached its threshold straight to the vote.
      return to(from === 'discussion' || from === 'review', 'voting');
    case 'close_voting':
      return to(from === 'voting', 'decided');
    case 'post_update':
      return to(from === 'decided' || from === 'implementing', 'implementing');
    case 'complete':
      return to(from === 'decided' || from === 'implementing', 'done');
  }
}

export const CONSULTATION_REFUSAL_MESSAGES: Record<ConsultationRefusal, string> = {
  wrong_stage: '议题当前阶段不允许此操作',
  finished: '议题已结束',
};

/** Stages in which the author may still change the text (until the first support locks it). */
export const EDITABLE_STATUSES: readonly ConsultationStatus[] = ['proposed', 'collecting'];

/** What deciding the offered moves needs to know about a topic, and about this caller's part in it so far. */
export interface ConsultationOfferState {
  status: ConsultationStatus;
  /** Someone supported: the text is fixed. */
  textLocked: boolean;
  /** Voting is open now: in the voting stage and within its start and end. */
  votingOpen: boolean;
  /** The caller supported already (one support each). */
  supported: boolean;
  /** The caller, or per household their household, voted already (one ballot each). */
  voted: boolean;
}

/** The state-machine move behind each staff action (`send_to_review` is the move `staff_review`). */
const STAFF_MOVES: Partial<Record<ConsultationViewAction, ConsultationMove>> = {
  approve: 'approve',
  reject: 'reject',
  merge: 'merge',
  send_to_review: 'staff_review',
  open_voting: 'open_voting',
  close_voting: 'close_voting',
  post_update: 'post_update',
  complete: 'complete',
};

/** Whether a topic's stage (and the caller's part so far) allows an offered action now, whoever asks. */
export function consultationActionPossible(s: ConsultationOfferState, action: ConsultationViewAction): boolean {
  switch (action) {
    case 'edit':
      return EDITABLE_STATUSES.includes(s.status) && !s.textLocked;
    case 'support':
      return s.status === 'collecting' && !s.supported;
    case 'comment':
      return COMMENTABLE_STATUSES.includes(s.status);
    case 'vote':
      return s.votingOpen && !s.voted;
    default:
      return consultationTransition(s.status, STAFF_MOVES[action]!).ok;
  }
}

/**
 * The moves to offer on a topic: those `permitted` to the caller (the permission table, on the server) that the
 * stage allows now. The names are the API's `actions`, so the app and the server speak of the same buttons.
 */
export function availableConsultationActions(s: ConsultationOfferState, permitted: (action: ConsultationViewAction) => boolean): ConsultationViewAction[] {
  return CONSULTATION_VIEW_ACTIONS.filter((a) => consultationActionPossible(s, a) && permitted(a));
}

/** What deciding the moves offered on a comment needs to know about it. */
export interface CommentOfferState {
  hidden: boolean;
  /** Held by content security until approved. */
  pendingReview: boolean;
  /** The caller reported it already (a report counts once). */
  reportedByMe: boolean;
}

/** The moves to offer on a comment: `permitted` to the caller and possible now (nothing is done to a hidden comment). */
export function availableCommentActions(s: CommentOfferState, permitted: (action: CommentViewAction) => boolean): CommentViewAction[] {
  const possible: Record<CommentViewAction, boolean> = { report: !s.hidden && !s.reportedByMe, hide: !s.hidden, approve: !s.hidden && s.pendingReview };
  return COMMENT_VIEW_ACTIONS.filter((a) => possible[a] && permitted(a));
}

/** Days a proposal collects supports before it lapses. */
export const COLLECT_DAYS = 14;

/**
 * Supports a proposal needs: the configured number (议题附议人数), else the smaller of 10 residents or 5% of the
 * households in scope rounded up — either way never more than half of the residents who may support it (approved residents
 * living in the scope, the author excluded) — households are what buildings hold, not who can support, and a small
 * community must be able to reach its threshold. At least 1, so a scope without recorded households still works.
 * Without `eligibleSupporters` (not counted) only the household rule applies.
 */
export function supportThreshold(householdsInScope: number, configured?: number | null, eligibleSupporters?: number | null): number {
  // The cap holds for a configured number too: a setting made for the whole community must not make a building's
  // topic unreachable.
  const wanted = configured && configured > 0 ? Math.floor(configured) : Math.min(10, Math.ceil(householdsInScope * 0.05));
  const bySupporters = eligibleSupporters === undefined || eligibleSupporters === null ? Infinity : Math.floor(Math.max(0, eligibleSupporters) / 2);
  return Math.max(1, Math.min(wanted, bySupporters));
}

/** Checks a ballot's choices against the topic's options and its choice limit. */
export function ballotProblem(optionIds: readonly string[], options: readonly { id: string }[], maxChoices: number): string | null {
  if (optionIds.length === 0) return '请选择';
  if (new Set(optionIds).size !== optionIds.length) return '选项不能重复';
  const known = new Set(options.map((o) => o.id));
  if (optionIds.some((id) => !known.has(id))) return '选项不属于该议题';
  if (optionIds.length > maxChoices) return maxChoices === 1 ? '只能选择一项' : `最多选择${maxChoices}项`;
  return null;
}

/** Turnout reaches the quorum (a fraction of the eligible); no quorum means any turnout is valid. */
export function quorumMet(turnout: number, eligible: number, quorum?: number | null): boolean {
  if (!quorum) return true;
  if (eligible === 0) return false;
  return turnout / eligible >= quorum - 1e-9;
}

/**
 * Results from the stored ballots alone: counts per option, turnout, and the receipts under the options their
 * ballot chose (sorted, so the list says nothing about the order people voted in).
 */
export function tallyBallots(
  ballots: readonly { optionIds: readonly string[]; receipt: string }[],
  options: readonly { id: string }[],
  eligible: number,
  quorum?: number | null,
): ConsultationResults {
  const counts = new Map(options.map((o) => [o.id, 0]));
  const receipts: Record<string, string[]> = Object.fromEntries(options.map((o) => [o.id, [] as string[]]));
  for (const b of ballots) {
    for (const id of b.optionIds) {
      if (!counts.has(id)) continue;
      counts.set(id, counts.get(id)! + 1);
      receipts[id]!.push(b.receipt);
    }
  }
  for (const list of Object.values(receipts)) list.sort();
  return {
    tallies: options.map((o) => ({ optionId: o.id, count: counts.get(o.id)! })),
    turnout: ballots.length,
    eligible,
    quorumMet: quorumMet(ballots.length, eligible, quorum),
    receipts,
  };
}

/** A household's key for the per-household rule: building, unit and room. */
export function householdKey(h: { buildingId: string; unit: string; room: string }): string {
  return `${h.buildingId}:${h.unit.trim()}:${h.room.trim()}`;
}

/** Receipt alphabet without look-alikes (no 0/O, 1/I/L), grouped for reading aloud: XXXX-XXXX-XX. */
export const RECEIPT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function formatReceipt(randomBytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += RECEIPT_ALPHABET[randomBytes[i]! % RECEIPT_ALPHABET.length];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}
