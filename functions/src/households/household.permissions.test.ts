import { Types } from 'mongoose';
import type { Role } from '@linli/shared';
import { canOnHousehold, type HouseholdActor, type HouseholdPermission } from './household.permissions';

// The permission table of households: every kind of actor × every permission, on a household of grid 1 where
// `member` lives.
const grid1 = new Types.ObjectId();
const grid2 = new Types.ObjectId();
const memberId = new Types.ObjectId();
const actor = (roles: Role[], gridIds: Types.ObjectId[] = [], userId = new Types.ObjectId()): HouseholdActor => ({ userId, roles, gridIds });

const ACTORS = {
  'a member of the household': actor(['resident'], [], memberId),
  'the member, also a volunteer': actor(['resident', 'volunteer'], [], memberId),
  'the member, no longer a resident': actor(['mobile_grid'], [], memberId),
  'another resident': actor(['resident']),
  'a worker of the grid': actor(['grid_worker'], [grid1]),
  'a worker of another grid': actor(['grid_worker'], [grid2]),
  'the grid’s worker, no longer one': actor(['resident'], [grid1]),
  staff: actor(['staff']),
  admin: actor(['admin', 'staff']),
  'street staff': actor(['street_staff']),
  merchant: actor(['merchant']),
  'a 流动网格员': actor(['mobile_grid']),
} satisfies Record<string, HouseholdActor>;
type ActorName = keyof typeof ACTORS;

const STAFF: ActorName[] = ['staff', 'admin'];
const EXPECTED: Record<HouseholdPermission, ActorName[]> = {
  list: ['a worker of the grid', 'a worker of another grid', ...STAFF],
  create: STAFF,
  view: ['a member of the household', 'the member, also a volunteer', 'a worker of the grid', ...STAFF],
  view_contacts: ['a worker of the grid', ...STAFF],
  view_care: ['a worker of the grid', ...STAFF],
  add_occupant: STAFF,
  edit_occupants: STAFF,
  erase: STAFF,
  edit_care_flags: STAFF,
};

describe('households/household.permissions', () => {
  const table = (Object.keys(EXPECTED) as HouseholdPermission[]).flatMap((p) => (Object.keys(ACTORS) as ActorName[]).map((a) => [p, a, EXPECTED[p].includes(a)] as const));
  it.each(table)('%s by %s: %s', (permission, name, allowed) => {
    expect(canOnHousehold(permission, ACTORS[name], { gridId: grid1, memberIds: [memberId] })).toBe(allowed);
  });

  it('shows a household whose building has no grid to staff only', () => {
    expect(canOnHousehold('view', ACTORS['a worker of the grid'], { memberIds: [] })).toBe(false);
    expect(canOnHousehold('view', ACTORS.staff, { memberIds: [] })).toBe(true);
  });

  it('shows the care flags of a household whose building has no grid to staff only', () => {
    expect(canOnHousehold('view_care', ACTORS['a worker of the grid'], { memberIds: [] })).toBe(false);
    expect(canOnHousehold('view_care', ACTORS.staff, { memberIds: [] })).toBe(true);
  });
});
