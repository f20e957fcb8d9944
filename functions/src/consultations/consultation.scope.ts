import { Types } from 'mongoose';
import { SCOPE_LEVEL_LABELS, type ScopeLevel } from '@linli/shared';
import { BuildingModel, GridModel, MembershipModel, type BuildingDoc, type GridDoc, type MembershipDoc } from '../communities/community.model';
import { validationFailed } from '../lib/errors';

/** The community's grids and buildings: what a topic's scope is made of (small, loaded once per call). */
export interface ScopeWorld {
  communityId: Types.ObjectId;
  communityName: string;
  grids: GridDoc[];
  buildings: BuildingDoc[];
}

export interface TopicScope {
  level: ScopeLevel;
  id: Types.ObjectId;
}

export async function loadWorld(communityId: Types.ObjectId, communityName: string): Promise<ScopeWorld> {
  const [grids, buildings] = await Promise.all([GridModel.find({ communityId }).lean(), BuildingModel.find({ communityId }).lean()]);
  return { communityId, communityName, grids: grids as GridDoc[], buildings: buildings as BuildingDoc[] };
}

/** Checks a scope from the API against this community; the community level defaults to the community itself. */
export function resolveScope(world: ScopeWorld, input: { level: ScopeLevel; id?: string }): TopicScope {
  if (input.level === 'community') {
    if (input.id && input.id !== world.communityId.toHexString()) throw validationFailed([{ path: 'scope.id', message: '只能选择本社区' }]);
    return { level: 'community', id: world.communityId };
  }
  const list: { _id: Types.ObjectId }[] = input.level === 'grid' ? world.grids : world.buildings;
  const found = list.find((x) => x._id.toHexString() === input.id);
  if (!found) throw validationFailed([{ path: 'scope.id', message: input.level === 'grid' ? '请选择本社区的网格' : '请选择本社区的楼栋' }]);
  return { level: input.level, id: found._id };
}

export function buildingsInScope(world: ScopeWorld, scope: TopicScope): BuildingDoc[] {
  if (scope.level === 'community') return world.buildings;
  if (scope.level === 'grid') return world.buildings.filter((b) => b.gridId.equals(scope.id));
  return world.buildings.filter((b) => b._id.equals(scope.id));
}

export function householdsInScope(world: ScopeWorld, scope: TopicScope): number {
  return buildingsInScope(world, scope).reduce((n, b) => n + (b.households ?? 0), 0);
}

export function scopeName(world: ScopeWorld, scope: TopicScope): string {
  if (scope.level === 'community') return world.communityName;
  const list: { _id: Types.ObjectId; name: string }[] = scope.level === 'grid' ? world.grids : world.buildings;
  return list.find((x) => x._id.equals(scope.id))?.name ?? SCOPE_LEVEL_LABELS[scope.level];
}

/** An approved resident (active member with a household) living in the scope. */
export function livesInScope(world: ScopeWorld, scope: TopicScope, membership: MembershipDoc | undefined): boolean {
  if (!membership || membership.status !== 'active' || !membership.household?.buildingId) return false;
  const buildingId = membership.household.buildingId;
  return buildingsInScope(world, scope).some((b) => b._id.equals(buildingId));
}

/** Everyone who lives in the scope now: the frozen voter list and the audience of stage notices. */
export async function residentsInScope(world: ScopeWorld, scope: TopicScope): Promise<MembershipDoc[]> {
  const ids = buildingsInScope(world, scope).map((b) => b._id);
  if (!ids.length) return [];
  return (await MembershipModel.find({ communityId: world.communityId, status: 'active', 'household.buildingId': { $in: ids } }).lean()) as MembershipDoc[];
}
