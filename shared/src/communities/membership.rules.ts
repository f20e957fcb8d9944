import type { MembershipAction, MembershipStatus } from './community.schema';

// The moves are defined with the view schema (community.schema.ts, the views' `actions`); named here too, where
// the state machine that governs them is.
export type { MembershipAction };

export type MembershipRefusal = 'already_member' | 'not_pending' | 'not_active' | 'already_gone';

export type TransitionOutcome = { ok: true; to: MembershipStatus } | { ok: false; reason: MembershipRefusal };

/**
 * The membership state machine. `from` is undefined when the person has never joined this community.
 * `join` goes to pending; the caller upgrades it to active when no approval is needed (invite code, settings).
 */
export function membershipTransition(from: MembershipStatus | undefined, action: MembershipAction): TransitionOutcome {
  switch (action) {
    case 'join':
      return from === 'pending' || from === 'active' ? { ok: false, reason: 'already_member' } : { ok: true, to: 'pending' };
    case 'approve':
    case 'reject':
      return from === 'pending' ? { ok: true, to: action === 'approve' ? 'active' : 'rejected' } : { ok: false, reason: 'not_pending' };
    case 'remove':
    case 'leave':
      return from === 'pending' || from === 'active'
        ? { ok: true, to: action === 'remove' ? 'removed' : 'left' }
        : { ok: false, reason: 'already_gone' };
    case 'move':
      return from === 'pending' || from === 'active' ? { ok: true, to: from } : { ok: false, reason: 'already_gone' };
    case 'grant_role':
    case 'revoke_role':
      return from === 'active' ? { ok: true, to: 'active' } : { ok: false, reason: 'not_active' };
  }
}

/** The statuses from which an action may start, for conditional updates that re-check the state atomically. */
export function statusesAllowing(action: MembershipAction): MembershipStatus[] {
  const all: MembershipStatus[] = ['pending', 'active', 'rejected', 'removed', 'left'];
  return all.filter((s) => membershipTransition(s, action).ok);
}

const LISTED_ACTIONS: readonly MembershipAction[] = ['approve', 'reject', 'remove', 'move', 'grant_role', 'revoke_role', 'leave'];

/**
 * The moves on a membership a caller may make now: the state machine allows it from `status` and `permitted` (the
 * caller's row of functions/src/communities/community.permissions.ts) says yes. The view carries the list as
 * `actions`, so pages render buttons from it instead of re-deriving status rules.
 */
export function availableMembershipActions(
  status: MembershipStatus,
  permitted: (action: MembershipAction) => boolean,
  community: { soleAdmin?: boolean } = {},
): MembershipAction[] {
  return LISTED_ACTIONS.filter((a) => membershipTransition(status, a).ok && !(community.soleAdmin && SOLE_ADMIN_KEEPS.includes(a)) && permitted(a));
}

/** A community always keeps an administrator: its only one can neither leave nor be removed (hand over first). */
const SOLE_ADMIN_KEEPS: readonly MembershipAction[] = ['leave', 'remove'];

export const MEMBERSHIP_REFUSAL_MESSAGES: Record<MembershipRefusal, string> = {
  already_member: '您已加入或正在申请加入该社区',
  not_pending: '该申请已处理过了',
  not_active: '该成员当前不在社区中',
  already_gone: '该成员已不在社区中',
};
