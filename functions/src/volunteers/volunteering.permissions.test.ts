import { Types } from 'mongoose';
import { api, hasAnyRole, type Endpoint, type Role } from '@linli/shared';
import { actsAsMerchant, canOnVolunteering, type VolunteeringActor, type VolunteeringPermission, type VolunteeringSubject } from './volunteering.permissions';

// The permission table of volunteering as a table: every kind of caller × every permission, on a record that is
// someone else's (a volunteer, a 爱心商家's reward) unless the row says otherwise.
const me = new Types.ObjectId();
const merchantId = new Types.ObjectId();
const someoneElse = new Types.ObjectId();

const actor = (roles: Role[], volunteer?: VolunteeringActor['volunteer'], userId = me): VolunteeringActor => ({ userId, roles, volunteer });
const CALLERS: Record<string, VolunteeringActor> = {
  resident: actor(['resident']),
  // 随手拍奖励 without volunteering: a points account (积分账户), no registration.
  'resident with a points account': actor(['resident'], { status: 'points', partyMember: false }),
  'pending volunteer': actor(['resident'], { status: 'pending', partyMember: false }),
  'rejected volunteer': actor(['resident'], { status: 'rejected', partyMember: true }),
  volunteer: actor(['resident', 'volunteer'], { status: 'active', partyMember: false }),
  'party-member volunteer': actor(['resident', 'volunteer'], { status: 'active', partyMember: true }),
  'grid worker': actor(['grid_worker']),
  staff: actor(['staff']),
  'staff who volunteers': actor(['staff'], { status: 'active', partyMember: false }),
  admin: actor(['admin']),
  merchant: actor(['merchant'], undefined, merchantId),
  'street staff': actor(['street_staff']),
};

const ALL: VolunteeringPermission[] = [
  'register', 'list_volunteers', 'review_volunteer', 'adjust_points', 'withhold_star', 'publish_post', 'see_claimants', 'claim_post',
  'publish_activity', 'sign_up', 'withdraw', 'check_in', 'issue_checkin_code', 'view_roster', 'confirm_hours',
  'stock_reward', 'see_held_photos', 'redeem', 'cancel_redemption', 'list_to_fulfil', 'fulfil',
];
/** Someone else's registration and a 爱心商家's code redeemed by someone else. */
const subject: VolunteeringSubject = { volunteerUserId: someoneElse, merchantId, redeemerUserId: someoneElse };

const STAFF_ROW: VolunteeringPermission[] = ['register', 'list_volunteers', 'review_volunteer', 'withhold_star', 'publish_post', 'see_claimants', 'publish_activity', 'issue_checkin_code', 'view_roster', 'confirm_hours', 'stock_reward', 'see_held_photos', 'list_to_fulfil'];
const EXPECTED: Record<string, VolunteeringPermission[]> = {
  resident: ['register'],
  // Points are spent by whoever holds an account: only taking part needs an approved registration.
  'resident with a points account': ['register', 'redeem'],
  'pending volunteer': ['register', 'redeem'],
  'rejected volunteer': ['register', 'redeem'],
  volunteer: ['register', 'sign_up', 'withdraw', 'check_in', 'redeem'],
  'party-member volunteer': ['register', 'claim_post', 'sign_up', 'withdraw', 'check_in', 'redeem'],
  'grid worker': ['register'],
  staff: STAFF_ROW,
  'staff who volunteers': [...STAFF_ROW, 'sign_up', 'withdraw', 'check_in', 'redeem'],
  admin: [...STAFF_ROW, 'adjust_points'],
  merchant: ['stock_reward', 'list_to_fulfil', 'fulfil'],
  'street staff': [],
};

describe('volunteers/volunteering.permissions', () => {
  it.each(Object.entries(EXPECTED))('%s may exactly %j', (caller, allowed) => {
    expect(ALL.filter((p) => canOnVolunteering(p, CALLERS[caller]!, subject)).sort()).toEqual([...allowed].sort());
  });

  it.each([
    ['staff confirm their own hours', 'confirm_hours', CALLERS.staff!, { volunteerUserId: me }, false],
    ['an admin adjusts their own points', 'adjust_points', CALLERS.admin!, { volunteerUserId: me }, false],
    ['staff fulfil a code of the 积分超市', 'fulfil', CALLERS.staff!, { merchantId: null }, true],
    ['staff fulfil a merchant’s code', 'fulfil', CALLERS.staff!, { merchantId }, false],
    ['a merchant fulfils a code of the 积分超市', 'fulfil', CALLERS.merchant!, { merchantId: null }, false],
    ['another merchant fulfils this merchant’s code', 'fulfil', actor(['merchant']), { merchantId }, false],
    ['the volunteer cancels their own code', 'cancel_redemption', CALLERS.volunteer!, { redeemerUserId: me }, true],
    ['staff cancel someone’s code', 'cancel_redemption', CALLERS.staff!, { redeemerUserId: someoneElse }, false],
  ] as const)('%s: %s → %s', (_why, permission, who, subj, expected) => {
    expect(canOnVolunteering(permission, who, subj)).toBe(expected);
  });

  it.each([
    [['merchant'], true],
    [['merchant', 'staff'], false],
    [['merchant', 'admin'], false],
    [['staff'], false],
  ] as const)('roles %j act as a merchant: %s', (roles, expected) => {
    expect(actsAsMerchant({ roles: [...roles] })).toBe(expected);
  });

  // The table never allows what the endpoint's role gate refuses: a button the app shows is never a 403.
  const ENDPOINTS: [VolunteeringPermission, Endpoint][] = [
    ['register', api.volunteers.register],
    ['list_volunteers', api.volunteers.list],
    ['review_volunteer', api.volunteers.review],
    ['adjust_points', api.volunteers.adjust],
    ['withhold_star', api.volunteers.withhold],
    ['publish_post', api.volunteers.createPost],
    ['claim_post', api.volunteers.claimPost],
    ['publish_activity', api.activities.create],
    ['sign_up', api.activities.signup],
    ['withdraw', api.activities.cancel],
    ['check_in', api.activities.checkin],
    ['issue_checkin_code', api.activities.code],
    ['view_roster', api.activities.roster],
    ['confirm_hours', api.activities.attendance],
    ['stock_reward', api.mall.createReward],
    ['redeem', api.mall.redeem],
    ['cancel_redemption', api.mall.cancel],
    ['list_to_fulfil', api.mall.lookup],
    ['fulfil', api.mall.fulfil],
  ];
  it.each(ENDPOINTS.map(([p, e]) => [p, e.id, e] as const))('%s is within the role gate of %s', (permission, _id, e) => {
    for (const [name, who] of Object.entries(CALLERS))
      for (const subj of [subject, { volunteerUserId: someoneElse, merchantId: who.userId, redeemerUserId: who.userId }])
        if (canOnVolunteering(permission, who, subj)) expect([name, hasAnyRole(who.roles, e.access as readonly Role[])]).toEqual([name, true]);
  });
});
