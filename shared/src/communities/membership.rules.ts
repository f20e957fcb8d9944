import type { MembershipStatus } from './community.schema';

export type MembershipAction = 'join' | 'approve' | 'reject' | 'remove' | 'leave' | 'move' | 'grant_role' | 'revoke_role';

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

export const MEMBERSHIP_REFUSAL_MESSAGES: Record<MembershipRefusal, string> = {
  already_member: '您已加入或正在申请加入该社区',
  not_pending: '该申请已处理过了',
  not_active: '该成员当前不在社区中',
  already_gone: '该成员已不在社区中',
};
