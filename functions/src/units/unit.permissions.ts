import type { Types } from 'mongoose';

/**
 * Everything someone can do with units (单位): list a street's units, see one with its people, see its people's
 * phone numbers, create one, change one, give out join codes, deactivate a person.
 */
export type UnitPermission = 'list' | 'view' | 'view_contacts' | 'create' | 'update' | 'invite' | 'remove_member';

export interface UnitActor {
  /** The streets where the actor is street staff, and whether they administer each (街道管理员). */
  streets: readonly { streetId: Types.ObjectId; admin: boolean }[];
}

/** The unit acted on (for `list` and `create`: the street). */
export interface UnitSubject {
  streetId: Types.ObjectId;
}

const staffOf = (a: UnitActor, s: UnitSubject) => a.streets.some((x) => x.streetId.equals(s.streetId));
const adminOf = (a: UnitActor, s: UnitSubject) => a.streets.some((x) => x.admin && x.streetId.equals(s.streetId));

/**
 * The one permission table of units. A street's staff see its units and who works for them (to know whom a
 * request goes to); its admins also keep them — create, change, deactivate, give join codes — and see the people's
 * phone numbers (they are the ones who call a unit's people about their accounts). Nobody else sees a street's units
 * here: not another street's staff or admins, not community staff (they pick units through the dispatch options of
 * a request), not the units' own people (they see their own units on /api/unit/me).
 */
export function canOnUnit(permission: UnitPermission, actor: UnitActor, s: UnitSubject): boolean {
  switch (permission) {
    case 'list':
    case 'view':
      return staffOf(actor, s);
    case 'view_contacts':
    case 'create':
    case 'update':
    case 'invite':
    case 'remove_member':
      return adminOf(actor, s);
  }
}
