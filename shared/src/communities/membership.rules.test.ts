import { membershipTransition, statusesAllowing, type MembershipAction } from './membership.rules';
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
