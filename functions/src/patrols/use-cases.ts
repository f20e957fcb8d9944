/**
 * What can be done with patrols, one named function per use case, each returning an explicit outcome
 * (lib/outcome.ts); handler.ts maps every refusal to its HTTP answer. Every write is a single conditional update:
 * one ongoing patrol per worker is the unique `openKey` (patrol.model), and checks and the end are conditional
 * on `status: 'ongoing'`, so a check racing the end either lands before it or is refused.
 */
import { Types } from 'mongoose';
import { buildingsOutsideGrid, hasAnyRole, patrolOpenKey, patrolTransition, shanghaiIsoWeek, shanghaiIsoWeekStart, type PatrolListQuery } from '@linli/shared';
import type { UserDoc } from '../auth/user.model';
import { displayName, type CommunityContext } from '../communities/community-context';
import { BuildingModel, GridModel } from '../communities/community.model';
import { isDuplicateKey } from '../lib/errors';
import { done, refused, type Outcome } from '../lib/outcome';
import { PatrolModel, type PatrolDoc } from './patrol.model';
import { newPatrolDoc } from './patrol.factory';
import { canOnPatrol, type PatrolActor } from './patrol.permissions';
import { gridsWithBuildings, patrolChecks } from './coverage';

/** Who acts, where, and when. */
export interface PatrolCaller {
  user: UserDoc;
  community: CommunityContext;
  actor: PatrolActor;
  now: Date;
}

export function patrolCallerOf(user: UserDoc, community: CommunityContext, now: Date): PatrolCaller {
  return { user, community, now, actor: { userId: user._id, roles: community.roles, gridIds: community.membership?.gridIds ?? [] } };
}

/** A patrol the caller may see; anything else is not found, with no hint that it exists. */
export async function loadVisible(c: PatrolCaller, id: string): Promise<Outcome<PatrolDoc, 'not_found'>> {
  const doc = await c.community.scope.findById(PatrolModel, id);
  return doc && canOnPatrol('view', c.actor, doc) ? done(doc) : refused('not_found');
}

export type StartRefusal = 'no_grid' | 'choose_grid' | 'not_permitted' | 'grid_not_found' | 'already_ongoing';

/**
 * 开始巡查: in the worker's only grid, or the one they chose among theirs. A second start while one is under way is
 * refused by the unique open key, however close together the two calls arrive; the refusal names the patrol under
 * way when it is in this community, so the app can open it.
 */
export async function startPatrol(c: PatrolCaller, body: { gridId?: string }): Promise<Outcome<PatrolDoc, StartRefusal>> {
  const { actor, community, user, now } = c;
  let gridId: Types.ObjectId;
  if (body.gridId) gridId = new Types.ObjectId(body.gridId);
  else if (actor.gridIds.length === 1) gridId = actor.gridIds[0]!;
  else return refused(actor.gridIds.length ? 'choose_grid' : 'no_grid');
  if (!canOnPatrol('start', actor, { gridId })) return refused('not_permitted');
  if (!(await community.scope.findById(GridModel, gridId))) return refused('grid_not_found');
  try {
    const doc = await community.scope.create(PatrolModel, newPatrolDoc({ communityId: community.communityId, gridId, workerId: user._id, workerName: displayName(user, community) ?? '网格员', startedAt: now }));
    return done(doc);
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const ongoing = await PatrolModel.findOne({ openKey: user._id.toHexString() }, { communityId: 1 }).lean();
    return refused('already_ongoing', { patrolId: ongoing?.communityId.equals(community.communityId) ? ongoing._id.toHexString() : undefined });
  }
}

export type CheckRefusal = 'not_found' | 'not_permitted' | 'ended' | 'outside_grid';

/** 楼栋打卡: buildings of the patrol's grid, added once each, by the patrol's worker while it is under way. */
export async function checkBuildings(c: PatrolCaller, id: string, buildingIds: string[]): Promise<Outcome<PatrolDoc, CheckRefusal>> {
  const loaded = await loadVisible(c, id);
  if (!loaded.ok) return loaded;
  const p = loaded.value;
  if (!canOnPatrol('check_buildings', c.actor, p)) return refused('not_permitted');
  if (!patrolTransition(p.status, 'check_buildings').ok) return refused('ended');
  const grid = await c.community.scope.find(BuildingModel, { gridId: p.gridId }).select({ _id: 1 }).lean();
  const outside = buildingsOutsideGrid(grid.map((b) => b._id.toHexString()), buildingIds);
  if (outside.length) return refused('outside_grid', { index: outside[0] });
  const ids = [...new Set(buildingIds)].map((b) => new Types.ObjectId(b));
  // Conditional on the patrol still being under way: a check that loses the race with the end is refused, never lost.
  const updated = await c.community.scope.findOneAndUpdate(PatrolModel, { _id: p._id, status: 'ongoing' }, { $addToSet: { checkedBuildingIds: { $each: ids } } });
  return updated ? done(updated) : refused('ended');
}

export type EndRefusal = 'not_found' | 'not_permitted';

/**
 * 结束巡查, conditional on it being under way. Ending an ended patrol changes nothing and answers it as it is (the
 * first end's time stays): a retried or doubled tap is not an error.
 */
export async function endPatrol(c: PatrolCaller, id: string): Promise<Outcome<PatrolDoc, EndRefusal>> {
  const loaded = await loadVisible(c, id);
  if (!loaded.ok) return loaded;
  const p = loaded.value;
  if (!canOnPatrol('end', c.actor, p)) return refused('not_permitted');
  if (!patrolTransition(p.status, 'end').ok) return done(p);
  const updated = await c.community.scope.findOneAndUpdate(
    PatrolModel,
    { _id: p._id, status: 'ongoing' },
    // The open key becomes the patrol's own: the worker may start the next one.
    { $set: { status: 'ended', endedAt: c.now, openKey: patrolOpenKey('ended', p.workerId.toHexString(), p._id.toHexString()) } },
  );
  return done(updated ?? (await c.community.scope.findById(PatrolModel, p._id))!);
}

/** A page of patrols: a grid worker's own, or (staff) the community's, by grid, worker, week or status, newest first. */
export async function listPatrols(c: PatrolCaller, query: PatrolListQuery): Promise<{ docs: PatrolDoc[]; nextCursor: string | null }> {
  const { actor, community, user } = c;
  const filter: Record<string, unknown> = {};
  if (hasAnyRole(actor.roles, ['staff'])) {
    if (query.workerId) filter.workerId = new Types.ObjectId(query.workerId);
  } else {
    // A grid worker's list is their own patrols: asking for someone else's is an empty list, not theirs.
    if (query.workerId && query.workerId !== user._id.toHexString()) return { docs: [], nextCursor: null };
    filter.workerId = user._id;
  }
  if (query.gridId) filter.gridId = new Types.ObjectId(query.gridId);
  if (query.week) filter.week = query.week;
  if (query.status) filter.status = query.status;
  if (query.cursor) filter._id = { $lt: new Types.ObjectId(query.cursor) };
  const docs = await community.scope.find(PatrolModel, filter).sort({ _id: -1 }).limit(query.limit + 1);
  const page = docs.slice(0, query.limit);
  return { docs: page, nextCursor: docs.length > query.limit ? page[page.length - 1]!._id.toHexString() : null };
}

/**
 * 巡查覆盖: for one ISO week (default this one, Asia/Shanghai), per grid the caller may see (a grid worker their
 * grids, staff all), the buildings checked by any patrol started in the grid that week and those not yet.
 */
export async function weekCoverage(c: PatrolCaller, week?: string) {
  const w = week ?? shanghaiIsoWeek(c.now);
  const from = shanghaiIsoWeekStart(w)!;
  const staff = hasAnyRole(c.actor.roles, ['staff']);
  const only = staff ? undefined : c.actor.gridIds;
  const [all, checks] = await Promise.all([gridsWithBuildings(c.community.scope, only), patrolChecks(c.community.scope, [w], only)]);
  const grids = all.filter((g) => canOnPatrol('view_coverage', c.actor, { gridId: g.gridId }));
  return {
    week: w,
    from: from.toISOString(),
    to: new Date(from.getTime() + 7 * 86_400_000).toISOString(),
    grids: grids.map((g) => {
      const mine = checks.filter((p) => p.gridId === g.gridId.toHexString());
      const checked = new Set(mine.flatMap((p) => p.checkedBuildingIds));
      const buildings = g.buildings.map((b) => ({ id: b._id.toHexString(), name: b.name, checked: checked.has(b._id.toHexString()) }));
      return { gridId: g.gridId.toHexString(), gridName: g.gridName, buildings, total: buildings.length, checked: buildings.filter((b) => b.checked).length, patrols: mine.length };
    }),
  };
}
