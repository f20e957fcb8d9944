import { Types } from 'mongoose';
import { canOnUnit, type UnitActor, type UnitPermission } from './unit.permissions';

// The permission table of units: every kind of actor × every permission, on a unit of street 1.
const street1 = new Types.ObjectId();
const street2 = new Types.ObjectId();

const ACTORS = {
  'street staff of the street': { streets: [{ streetId: street1, admin: false }] },
  'street admin of the street': { streets: [{ streetId: street1, admin: true }] },
  'street staff of another street': { streets: [{ streetId: street2, admin: false }] },
  'street admin of another street': { streets: [{ streetId: street2, admin: true }] },
  'admin of another street, staff of this one': { streets: [{ streetId: street2, admin: true }, { streetId: street1, admin: false }] },
  'no street role (a resident, community staff, a unit’s person)': { streets: [] },
} satisfies Record<string, UnitActor>;
type ActorName = keyof typeof ACTORS;

const STAFF: ActorName[] = ['street staff of the street', 'street admin of the street', 'admin of another street, staff of this one'];
const ADMIN: ActorName[] = ['street admin of the street'];
const EXPECTED: Record<UnitPermission, ActorName[]> = {
  list: STAFF,
  view: STAFF,
  view_contacts: ADMIN,
  create: ADMIN,
  update: ADMIN,
  invite: ADMIN,
  remove_member: ADMIN,
};

describe('units/unit.permissions', () => {
  const table = (Object.keys(EXPECTED) as UnitPermission[]).flatMap((p) => (Object.keys(ACTORS) as ActorName[]).map((a) => [p, a, EXPECTED[p].includes(a)] as const));
  it.each(table)('%s by %s: %s', (permission, name, allowed) => {
    expect(canOnUnit(permission, ACTORS[name], { streetId: street1 })).toBe(allowed);
  });
});
