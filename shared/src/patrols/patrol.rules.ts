import type { PatrolStatus, PatrolViewAction } from './patrol.schema';
import { PATROL_VIEW_ACTIONS } from './patrol.schema';

/** What can happen to a patrol: buildings checked and findings filed while it is under way, then its end. */
export type PatrolMove = PatrolViewAction;

export type PatrolRefusal = 'ended';

export type PatrolTransition = { ok: true; to: PatrolStatus } | { ok: false; reason: PatrolRefusal };

/**
 * The patrol lifecycle: ongoing → ended, once. Checking buildings and filing findings happen while it is ongoing
 * and leave it there; ending moves it to ended; nothing moves an ended patrol. Pure: the use case loads, asks
 * this, and writes conditionally on `status: 'ongoing'`.
 */
export function patrolTransition(status: PatrolStatus, move: PatrolMove): PatrolTransition {
  if (status === 'ended') return { ok: false, reason: 'ended' };
  return { ok: true, to: move === 'end' ? 'ended' : 'ongoing' };
}

export const PATROL_REFUSAL_MESSAGES: Record<PatrolRefusal, string> = { ended: '该巡查已结束' };

/** The moves to offer on a patrol: those `permitted` to the caller that its state allows now, in PATROL_VIEW_ACTIONS order. */
export function availablePatrolActions(status: PatrolStatus, permitted: (action: PatrolViewAction) => boolean): PatrolViewAction[] {
  return PATROL_VIEW_ACTIONS.filter((a) => patrolTransition(status, a).ok && permitted(a));
}

/**
 * The key that keeps one patrol under way per grid worker, unique in the collection: their id while the patrol is
 * ongoing, `ended:<patrol id>` once it ended (FerretDB has no partial indexes, so the index covers every patrol and
 * the ended ones carry a key of their own).
 */
export function patrolOpenKey(status: PatrolStatus, workerId: string, patrolId: string): string {
  return status === 'ongoing' ? workerId : `ended:${patrolId}`;
}

/** The positions in `requested` of buildings that are not the grid's (checking them is refused). */
export function buildingsOutsideGrid(gridBuildingIds: readonly string[], requested: readonly string[]): number[] {
  const inGrid = new Set(gridBuildingIds);
  return requested.flatMap((id, i) => (inGrid.has(id) ? [] : [i]));
}

/** A grid's buildings, and what its patrols checked (strings: ids as hex). */
export interface GridBuildings {
  gridId: string;
  buildingIds: readonly string[];
}
export interface PatrolChecks {
  gridId: string;
  week: string;
  checkedBuildingIds: readonly string[];
}

/**
 * Buildings of each grid checked in each week, by any of its patrols (a building checked twice counts once; one
 * no longer in the grid not at all), for the grids and weeks asked, in that order.
 */
export function weeklyCoverage(grids: readonly GridBuildings[], patrols: readonly PatrolChecks[], weeks: readonly string[]) {
  return weeks.flatMap((week) =>
    grids.map((g) => {
      const inGrid = new Set(g.buildingIds);
      const checked = new Set(patrols.filter((p) => p.week === week && p.gridId === g.gridId).flatMap((p) => p.checkedBuildingIds.filter((b) => inGrid.has(b))));
      return { week, gridId: g.gridId, checked: checked.size, buildings: inGrid.size, rate: inGrid.size ? checked.size / inGrid.size : null };
    }),
  );
}
