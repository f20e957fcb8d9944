import { Types } from 'mongoose';
import { REQUEST_CATEGORY_LABELS, VOICE_ONLY_TEXT, availablePatrolActions, noticeSummary, type PatrolFinding, type PatrolView } from '@linli/shared';
import type { CommunityContext } from '../communities/community-context';
import { BuildingModel, GridModel } from '../communities/community.model';
import { RequestModel } from '../requests/request.model';
import { canOnRequest } from '../requests/request.permissions';
import { canOnPatrol, type PatrolActor } from './patrol.permissions';
import type { PatrolDoc } from './patrol.model';

/**
 * Patrols as this caller sees them, with the moves they may make now (`actions`). With `detail` (one patrol's
 * page) also the grid's buildings marked checked or not, and the findings: each request's title, status and
 * category, for whoever may see the request (the finder filed them, staff handle them all).
 */
export async function patrolViews(docs: PatrolDoc[], actor: PatrolActor, community: CommunityContext, detail: boolean): Promise<PatrolView[]> {
  if (!docs.length) return [];
  const gridIds = [...new Set(docs.map((d) => d.gridId.toHexString()))].map((id) => new Types.ObjectId(id));
  // A community has a handful of grids and a few hundred buildings at most: read once for the page.
  const [grids, buildings, requests] = await Promise.all([
    community.scope.find(GridModel, { _id: { $in: gridIds } }).select({ name: 1 }).lean(),
    community.scope.find(BuildingModel, { gridId: { $in: gridIds } }).select({ name: 1, gridId: 1 }).sort({ name: 1 }).lean(),
    detail ? RequestModel.find({ _id: { $in: docs.flatMap((d) => d.findings) } }, { timeline: 0, outbox: 0 }).lean() : [],
  ]);
  return docs.map((d) => {
    const own = buildings.filter((b) => b.gridId.equals(d.gridId));
    const checked = new Set(d.checkedBuildingIds.map((b) => b.toHexString()));
    const findings: PatrolFinding[] = requests
      .filter((r) => d.findings.some((f) => f.equals(r._id)) && r.communityId.equals(d.communityId) && canOnRequest('view', actor, r))
      .sort((a, b) => b._id.toHexString().localeCompare(a._id.toHexString()))
      .map((r) => ({
        id: r._id.toHexString(),
        title: r.title || noticeSummary(REQUEST_CATEGORY_LABELS[r.category], r.description || VOICE_ONLY_TEXT),
        status: r.status,
        category: r.category,
        resolvedOnSpot: !!r.resolvedOnSpot,
      }));
    return {
      id: d._id.toHexString(),
      communityId: d.communityId.toHexString(),
      gridId: d.gridId.toHexString(),
      gridName: grids.find((g) => g._id.equals(d.gridId))?.name ?? '',
      workerId: d.workerId.toHexString(),
      workerName: d.workerName,
      status: d.status,
      startedAt: d.startedAt.toISOString(),
      endedAt: d.endedAt?.toISOString(),
      week: d.week,
      checkedBuildingIds: [...checked],
      buildingCount: own.length,
      checkedCount: own.filter((b) => checked.has(b._id.toHexString())).length,
      buildings: detail ? own.map((b) => ({ id: b._id.toHexString(), name: b.name, checked: checked.has(b._id.toHexString()) })) : undefined,
      // Ids written just before a request that was never stored name nothing (patrol.model `findings`).
      findingCount: detail ? findings.length : d.findings.length,
      findings: detail ? findings : undefined,
      actions: availablePatrolActions(d.status, (a) => canOnPatrol(a, actor, d)),
    };
  });
}

export const patrolView = async (d: PatrolDoc, actor: PatrolActor, community: CommunityContext) => (await patrolViews([d], actor, community, true))[0]!;
