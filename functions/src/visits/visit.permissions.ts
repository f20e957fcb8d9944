import type { Types } from 'mongoose';
import { hasAnyRole, type Role } from '@linli/shared';

/**
 * Everything someone can do with visits (走访): record one at a household, see visits (notes and people met
 * included), list the visits and open follow-ups of grids, mark a follow-up done, file a request from a visit
 * (代办, 转为代办), and see the coverage figures of a grid.
 */
export type VisitPermission = 'record' | 'view' | 'list' | 'complete_follow_up' | 'file_request' | 'view_coverage';

export interface VisitActor {
  userId: Types.ObjectId;
  roles: readonly Role[];
  /** The grids the actor serves as a grid worker in this community. */
  gridIds: readonly Types.ObjectId[];
}

/** The visit (or household, or follow-up) acted on: the grid of the household's building (none when the building is gone). */
export interface VisitSubject {
  gridId?: Types.ObjectId;
}

const oversees = (actor: VisitActor) => hasAnyRole(actor.roles, ['staff']);
const servesGrid = (actor: VisitActor, s?: VisitSubject) =>
  actor.roles.includes('grid_worker') && (!s || (!!s.gridId && actor.gridIds.some((g) => g.equals(s.gridId!))));

/**
 * The one permission table of visits. Visit notes and the people met are sensitive personal information (PIPL):
 * they are for those who visit — the grid workers of the household's grid — and for staff (admins included), who
 * oversee and stand in; nobody else, not street staff (figures are on the board), not merchants or volunteers as
 * such, and not residents (street staff get the coverage counts only), not even those of the visited household (the notes are the grid's working record about
 * often vulnerable occupants; a person gets what concerns them through the data export). A grid worker of another
 * grid has no visit of this one. Without a subject, `list` and `view_coverage` ask whether the caller has any grid's.
 */
export function canOnVisit(permission: VisitPermission, actor: VisitActor, s?: VisitSubject): boolean {
  switch (permission) {
    case 'record':
    case 'view':
    case 'complete_follow_up':
    case 'file_request':
      return oversees(actor) || (!!s && servesGrid(actor, s));
    case 'list':
      return oversees(actor) || servesGrid(actor, s);
    case 'view_coverage':
      // Counts per grid, no visit: leaders of the street read them on the board as they read 三率.
      return oversees(actor) || actor.roles.includes('street_staff') || servesGrid(actor, s);
  }
}
