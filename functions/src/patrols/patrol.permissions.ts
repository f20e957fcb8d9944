import type { Types } from 'mongoose';
import { hasAnyRole, type PatrolViewAction, type Role } from '@linli/shared';

/**
 * Everything someone can do with patrols: start one in a grid, see one, the moves the API offers on it as
 * `actions` (shared `PATROL_VIEW_ACTIONS`: check_buildings, file_finding, end), and see a grid's coverage.
 */
export type PatrolPermission = 'start' | 'view' | PatrolViewAction | 'view_coverage';

export interface PatrolActor {
  userId: Types.ObjectId;
  roles: readonly Role[];
  /** The grids the actor serves as a grid worker in this community. */
  gridIds: readonly Types.ObjectId[];
}

/** The patrol acted on (its worker and grid), or only a grid (starting, coverage). */
export interface PatrolSubject {
  workerId?: Types.ObjectId;
  gridId: Types.ObjectId;
}

const servesGrid = (actor: PatrolActor, gridId: Types.ObjectId) => actor.roles.includes('grid_worker') && actor.gridIds.some((g) => g.equals(gridId));
const isWorker = (actor: PatrolActor, s: PatrolSubject) => !!s.workerId && s.workerId.equals(actor.userId);
const oversees = (actor: PatrolActor) => hasAnyRole(actor.roles, ['staff']);

/**
 * The one permission table of patrols. A grid worker patrols their own grids, and only they check buildings and
 * file findings on their patrol; staff (admins included) oversee every patrol of the community and may end one a
 * worker forgot; a grid's coverage is for its grid workers and staff. Residents, merchants and street staff have
 * none of it (street staff see coverage on the 三率 board).
 */
export function canOnPatrol(permission: PatrolPermission, actor: PatrolActor, s: PatrolSubject): boolean {
  switch (permission) {
    case 'start':
      return servesGrid(actor, s.gridId);
    case 'view':
      return isWorker(actor, s) || oversees(actor);
    case 'check_buildings':
    case 'file_finding':
      return isWorker(actor, s);
    case 'end':
      return isWorker(actor, s) || oversees(actor);
    case 'view_coverage':
      return servesGrid(actor, s.gridId) || oversees(actor);
  }
}
