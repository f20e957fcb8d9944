import { Types } from 'mongoose';
import type { Role } from '@linli/shared';
import { canOnMobileGrid, type MobileGridActor, type MobileGridPermission } from './mobile-grid.permissions';

// The permission table of 流动网格员 applications: every kind of actor × every permission, on `applicant`'s application.
const applicantId = new Types.ObjectId();
const actor = (roles: Role[], userId = new Types.ObjectId()): MobileGridActor => ({ userId, roles });

const ACTORS = {
  'the applicant (not a member)': actor([], applicantId),
  'the applicant, now a 流动网格员': actor(['mobile_grid'], applicantId),
  'the applicant, a staff member': actor(['staff'], applicantId),
  'another 流动网格员': actor(['mobile_grid']),
  resident: actor(['resident']),
  volunteer: actor(['resident', 'volunteer']),
  'grid worker': actor(['grid_worker']),
  staff: actor(['staff']),
  admin: actor(['admin']),
  'street staff': actor(['street_staff']),
  merchant: actor(['merchant']),
  'a stranger': actor([]),
} satisfies Record<string, MobileGridActor>;
type ActorName = keyof typeof ACTORS;

const EVERYONE = Object.keys(ACTORS) as ActorName[];
const EXPECTED: Record<MobileGridPermission, ActorName[]> = {
  apply: EVERYONE,
  view: ['the applicant (not a member)', 'the applicant, now a 流动网格员', 'the applicant, a staff member', 'staff', 'admin'],
  list: ['the applicant, a staff member', 'staff', 'admin'],
  approve: ['staff', 'admin'],
  reject: ['staff', 'admin'],
};

describe('mobile-grid/mobile-grid.permissions', () => {
  const table = (Object.keys(EXPECTED) as MobileGridPermission[]).flatMap((p) => EVERYONE.map((a) => [p, a, EXPECTED[p].includes(a)] as const));
  it.each(table)('%s by %s: %s', (permission, name, allowed) => {
    expect(canOnMobileGrid(permission, ACTORS[name], { userId: applicantId })).toBe(allowed);
  });
});
