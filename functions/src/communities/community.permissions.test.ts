import { Types } from 'mongoose';
import { api, hasAnyRole, type Endpoint, type Role } from '@linli/shared';
import { canOnCommunity, permittedOnMembership, type CommunityActor, type CommunityPermission } from './community.permissions';

// The permission table of communities as a table: every kind of caller × every permission, on another person's
// membership (a resident's, then an admin's) and on their own.
const me = new Types.ObjectId();
const actor = (roles: Role[]): CommunityActor => ({ userId: me, roles });
const CALLERS: Record<string, CommunityActor> = {
  resident: actor(['resident']),
  'pending member (no role yet)': actor([]),
  volunteer: actor(['resident', 'volunteer']),
  'grid worker': actor(['grid_worker']),
  staff: actor(['staff']),
  admin: actor(['admin', 'staff']),
  merchant: actor(['merchant']),
  'street staff': actor(['street_staff']),
};
const ALL: CommunityPermission[] = [
  'view_settings', 'change_settings', 'list_members', 'see_every_household', 'view_member', 'view_member_history', 'approve_member', 'reject_member',
  'remove_member', 'move_member', 'grant_role', 'revoke_role', 'manage_invite_codes', 'read_audit_log', 'rotate_open311_key', 'leave',
];
const resident = { userId: new Types.ObjectId(), roles: ['resident'] as Role[] };
const anAdmin = { userId: new Types.ObjectId(), roles: ['admin'] as Role[] };

const STAFF_ROW: CommunityPermission[] = ['view_settings', 'list_members', 'see_every_household', 'view_member', 'view_member_history', 'approve_member', 'reject_member', 'remove_member', 'move_member', 'manage_invite_codes'];
const ADMIN_ROW: CommunityPermission[] = [...STAFF_ROW, 'change_settings', 'grant_role', 'revoke_role', 'read_audit_log', 'rotate_open311_key'];

// caller → [on a resident's membership, on an admin's membership]
const EXPECTED: Record<string, [CommunityPermission[], CommunityPermission[]]> = {
  resident: [[], []],
  'pending member (no role yet)': [[], []],
  volunteer: [[], []],
  'grid worker': [['list_members'], ['list_members']],
  staff: [STAFF_ROW, STAFF_ROW.filter((p) => p !== 'remove_member')],
  admin: [ADMIN_ROW, ADMIN_ROW],
  merchant: [[], []],
  'street staff': [['see_every_household'], ['see_every_household']],
};

describe('communities/community.permissions', () => {
  it.each(Object.entries(EXPECTED))('%s may exactly %j', (caller, [onResident, onAdmin]) => {
    expect(ALL.filter((p) => canOnCommunity(p, CALLERS[caller]!, resident)).sort()).toEqual([...onResident].sort());
    expect(ALL.filter((p) => canOnCommunity(p, CALLERS[caller]!, anAdmin)).sort()).toEqual([...onAdmin].sort());
  });

  it.each([
    ['resident', true],
    ['pending member (no role yet)', false],
    ['staff', true],
  ])('%s leaves their own membership: %s', (caller, expected) => {
    const who = CALLERS[caller]!;
    expect(canOnCommunity('leave', who, { userId: me, roles: who.roles })).toBe(expected);
  });

  it('maps each move of the membership state machine to its permission', () => {
    const staffOnResident = permittedOnMembership(CALLERS.staff!, resident);
    expect((['approve', 'reject', 'remove', 'move', 'grant_role', 'revoke_role', 'leave', 'join'] as const).filter(staffOnResident)).toEqual(['approve', 'reject', 'remove', 'move']);
  });

  // The table never allows what the endpoint's role gate refuses: a button the app shows is never a 403.
  const ENDPOINTS: [CommunityPermission, Endpoint][] = [
    ['view_settings', api.communities.getSettings],
    ['change_settings', api.communities.updateSettings],
    ['list_members', api.communities.listResidents],
    ['view_member', api.communities.getResident],
    ['view_member_history', api.communities.residentEvents],
    ['approve_member', api.communities.approveResident],
    ['reject_member', api.communities.rejectResident],
    ['remove_member', api.communities.removeResident],
    ['move_member', api.communities.moveResident],
    ['grant_role', api.communities.grantRole],
    ['revoke_role', api.communities.revokeRole],
    ['manage_invite_codes', api.communities.createInviteCode],
    ['manage_invite_codes', api.communities.listInviteCodes],
    ['manage_invite_codes', api.communities.revokeInviteCode],
    ['read_audit_log', api.communities.auditLog],
    ['rotate_open311_key', api.communities.rotateOpen311Key],
    ['leave', api.communities.leave],
  ];
  it.each(ENDPOINTS.map(([p, e]) => [p, e.id, e] as const))('%s is within the role gate of %s', (permission, _id, e) => {
    for (const [name, who] of Object.entries(CALLERS))
      for (const target of [resident, anAdmin, { userId: me, roles: who.roles }])
        if (canOnCommunity(permission, who, target)) expect([name, hasAnyRole(who.roles, e.access as readonly Role[])]).toEqual([name, true]);
  });
});
