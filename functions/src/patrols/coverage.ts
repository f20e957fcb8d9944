import type { Types } from 'mongoose';
import { weeklyCoverage, type CoverageWeek } from '@linli/shared';
import type { CommunityScope } from '../lib/scope';
import { BuildingModel, GridModel } from '../communities/community.model';
import { PatrolModel } from './patrol.model';

/** The most patrols one coverage read takes in: a community's patrols of a year are a few thousand. */
const MAX_PATROLS = 20_000;

/** The grids of the community (all of them, or those named) with their buildings, by name. */
export async function gridsWithBuildings(scope: CommunityScope, only?: readonly Types.ObjectId[]) {
  const [grids, buildings] = await Promise.all([
    scope.find(GridModel, only ? { _id: { $in: [...only] } } : {}).select({ name: 1 }).sort({ name: 1 }).lean(),
    scope.find(BuildingModel, only ? { gridId: { $in: [...only] } } : {}).select({ name: 1, gridId: 1 }).sort({ name: 1 }).lean(),
  ]);
  return grids.map((g) => ({ gridId: g._id, gridName: g.name, buildings: buildings.filter((b) => b.gridId.equals(g._id)) }));
}

/**
 * What the patrols of these weeks checked (in these grids, or all): one indexed read by community and week (patrols
 * carry the ISO week they started in), only the fields coverage needs, bounded. It needs no grid read first, so
 * callers run it beside theirs.
 */
export async function patrolChecks(scope: CommunityScope, weeks: readonly string[], gridIds?: readonly Types.ObjectId[]) {
  if (!weeks.length || gridIds?.length === 0) return [];
  const docs = await scope
    .find(PatrolModel, { week: weeks.length === 1 ? weeks[0] : { $in: [...weeks] }, ...(gridIds ? { gridId: { $in: [...gridIds] } } : {}) })
    .select({ week: 1, gridId: 1, checkedBuildingIds: 1 })
    .limit(MAX_PATROLS)
    .lean();
  return docs.map((p) => ({ week: p.week, gridId: p.gridId.toHexString(), checkedBuildingIds: p.checkedBuildingIds.map((b) => b.toHexString()) }));
}

/**
 * Patrol coverage for leaders (the 三率 board): per week and grid, buildings checked ÷ buildings of the grid. The
 * board reads the grids anyway and passes its read in: buildings and patrols are read beside it, one round trip.
 */
export async function coverageByWeek(scope: CommunityScope, weeks: readonly string[], gridsRead: Promise<{ _id: Types.ObjectId; name: string }[]>): Promise<CoverageWeek[]> {
  if (!weeks.length) return [];
  const [grids, buildings, checks] = await Promise.all([gridsRead, scope.find(BuildingModel).select({ gridId: 1 }).lean(), patrolChecks(scope, weeks)]);
  const sorted = [...grids].sort((a, b) => a.name.localeCompare(b.name));
  const name = new Map(sorted.map((g) => [g._id.toHexString(), g.name]));
  return weeklyCoverage(
    sorted.map((g) => ({ gridId: g._id.toHexString(), buildingIds: buildings.filter((b) => b.gridId.equals(g._id)).map((b) => b._id.toHexString()) })),
    checks,
    weeks,
  ).map((c) => ({ ...c, label: name.get(c.gridId) ?? '' }));
}
