import { availableMembershipActions, membershipTransition, statusesAllowing, type MembershipAction } from './membership.rules';
import type { MembershipStatus } from './community.schema';

describe('communities/membership.rules', () => {
  const table: [MembershipStatus | undefined, MembershipAction, MembershipStatus | string][] = [
    [undefined, 'join', 'pending'],
    ['left', 'join', 'pending'],
    ['removed', 'join', 'pending'],
    ['rejected', 'join', 'pending'],
    ['pending', 'join', 'already_member'],
    ['active', 'join', 'already_member'],
    ['pending', 'approve', 'active'],
    ['active', 'approve', 'not_pending'],
    ['rejected', 'approve', 'not_pending'],
    ['pending', 'reject', 'rejected'],
    ['active', 'reject', 'not_pending'],
    ['active', 'remove', 'removed'],
    ['pending', 'remove', 'removed'],
    ['removed', 'remove', 'already_gone'],
    ['left', 'remove', 'already_gone'],
    ['active', 'leave', 'left'],
    ['pending', 'leave', 'left'],
    ['left', 'leave', 'already_gone'],
    ['active', 'move', 'active'],
    ['pending', 'move', 'pending'],
    ['removed', 'move', 'already_gone'],
    ['active', 'grant_role', 'active'],
    ['pending', 'grant_role', 'not_active'],
    ['active', 'revoke_role', 'active'],
    ['left', 'revoke_role', 'not_active'],
  ];
  it.each(table)('from %s, %s gives %s', (from, action, expected) => {
    const outcome = membershipTransition(from, action);
    if (outcome.ok) expect(outcome.to).toBe(expected);
    else expect(outcome.reason).toBe(expected);
  });

  it('lists the statuses an action may start from', () => {
    expect(statusesAllowing('approve')).toEqual(['pending']);
    expect(statusesAllowing('join').sort()).toEqual(['left', 'rejected', 'removed']);
    expect(statusesAllowing('leave').sort()).toEqual(['active', 'pending']);
  });
});

describe('communities/membership.rules availableMembershipActions', () => {
  const everyone = () => true;
  it.each([
    ['pending', ['approve', 'reject', 'remove', 'move', 'leave']],
    ['active', ['remove', 'move', 'grant_role', 'revoke_role', 'leave']],
    ['rejected', []],
    ['removed', []],
    ['left', []],
  ] as const)('a %s membership allows %j to a caller permitted everything', (status, expected) => {
    expect(availableMembershipActions(status, everyone)).toEqual(expected);
  });

  it('lists only what the caller is permitted', () => {
    expect(availableMembershipActions('pending', (a) => a === 'approve' || a === 'reject')).toEqual(['approve', 'reject']);
    expect(availableMembershipActions('active', () => false)).toEqual([]);
  });

  it('never offers to remove the only admin, nor to let them leave', () => {
    expect(availableMembershipActions('active', everyone, { soleAdmin: true })).toEqual(['move', 'grant_role', 'revoke_role']);
  });

  it('never lists join: it starts a membership, it is no one’s move on one', () => {
    for (const s of ['pending', 'active', 'rejected', 'removed', 'left'] as const) expect(availableMembershipActions(s, everyone)).not.toContain('join');
  });
});
