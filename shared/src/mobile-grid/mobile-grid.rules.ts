import type { MobileGridAction, MobileGridStatus, StoredMobileGridStatus } from './mobile-grid.schema';

/** The moves of an application: the applicant's `apply`, staff's approve and reject. */
export type MobileGridMove = 'apply' | MobileGridAction;

export type MobileGridRefusal = 'already_applied' | 'not_pending';

export type MobileGridTransition = { ok: true; to: StoredMobileGridStatus } | { ok: false; reason: MobileGridRefusal };

/**
 * How an application reads: as stored, except that an approved one whose holder no longer holds the role (an admin
 * revoked it, they left or were removed) reads as revoked.
 */
export function applicationStatus(stored: StoredMobileGridStatus, holdsRole: boolean): MobileGridStatus {
  return stored === 'approved' && !holdsRole ? 'revoked' : stored;
}

/**
 * The application state machine. `from` is undefined when the person has never applied to this community. Applying
 * opens a pending application, again after a rejection or a revocation; one that is pending or in force refuses a
 * second. Staff decide once, from pending (the update is conditional on it, so two reviewers cannot both decide).
 */
export function mobileGridTransition(from: MobileGridStatus | undefined, move: MobileGridMove): MobileGridTransition {
  switch (move) {
    case 'apply':
      return from === 'pending' || from === 'approved' ? { ok: false, reason: 'already_applied' } : { ok: true, to: 'pending' };
    case 'approve':
    case 'reject':
      return from === 'pending' ? { ok: true, to: move === 'approve' ? 'approved' : 'rejected' } : { ok: false, reason: 'not_pending' };
  }
}

/** The moves on an application this caller may make now (state machine × permission table). */
export function availableMobileGridActions(status: MobileGridStatus, permitted: (action: MobileGridAction) => boolean): MobileGridAction[] {
  return (['approve', 'reject'] as const).filter((a) => mobileGridTransition(status, a).ok && permitted(a));
}

export const MOBILE_GRID_REFUSAL_MESSAGES: Record<MobileGridRefusal, string> = {
  already_applied: '您已申请过该社区的流动网格员，请等待审核或查看结果',
  not_pending: '该申请已处理过了',
};
