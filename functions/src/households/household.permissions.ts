import type { Types } from 'mongoose';
import { hasAnyRole, type HouseholdViewAction, type Role } from '@linli/shared';

/**
 * Everything someone can do with the household register: list households, see one, see its occupants' contacts,
 * create one or import many, and the moves the API offers on one as `actions` (shared `HOUSEHOLD_VIEW_ACTIONS`:
 * add_occupant, edit_occupants, erase).
 */
export type HouseholdPermission = 'list' | 'create' | 'view' | 'view_contacts' | 'view_care' | HouseholdViewAction;

export interface HouseholdActor {
  userId: Types.ObjectId;
  roles: readonly Role[];
  /** The grids the actor serves as a grid worker in this community. */
  gridIds: readonly Types.ObjectId[];
}

/** The household acted on: the grid of its building (none when the building is gone) and its members' accounts. */
export interface HouseholdSubject {
  gridId?: Types.ObjectId;
  memberIds: readonly Types.ObjectId[];
}

const manages = (actor: HouseholdActor) => hasAnyRole(actor.roles, ['staff']);
const servesGrid = (actor: HouseholdActor, s?: HouseholdSubject) =>
  actor.roles.includes('grid_worker') && (!s || (!!s.gridId && actor.gridIds.some((g) => g.equals(s.gridId!))));
const livesThere = (actor: HouseholdActor, s: HouseholdSubject) => actor.roles.includes('resident') && s.memberIds.some((m) => m.equals(actor.userId));

/**
 * The one permission table of households. Staff (admins included) keep the register of the whole community; a grid
 * worker reads the households of their grids' buildings, contacts included (they are the ones who visit); a resident
 * sees their own household — who lives there, never the others' contact numbers (a household is not always a family,
 * and a number given for a visit is given to the grid, not to the flatmate). Nobody else sees any of it: not street
 * staff (figures only), not merchants, not volunteers as such, not other residents.
 *
 * Care flags (关爱标记: living alone, age, disability, hardship) are sensitive personal information: staff set and
 * clear them; staff and the grid's workers (who visit) see them; nobody else, not even the household's own
 * residents (PIPL minimisation: the flag serves the visit, and is often set for an elderly occupant without the
 * app user in the household knowing; a person gets theirs through the data export).
 */
export function canOnHousehold(permission: HouseholdPermission, actor: HouseholdActor, s?: HouseholdSubject): boolean {
  switch (permission) {
    case 'list':
      return manages(actor) || servesGrid(actor);
    case 'create':
    case 'add_occupant':
    case 'edit_occupants':
    case 'erase':
    case 'edit_care_flags':
      return manages(actor);
    case 'view':
      return manages(actor) || (!!s && (servesGrid(actor, s) || livesThere(actor, s)));
    case 'view_contacts':
    case 'view_care':
      return manages(actor) || (!!s && servesGrid(actor, s));
  }
}
