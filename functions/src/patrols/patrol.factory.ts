import { Types } from 'mongoose';
import { patrolOpenKey, shanghaiIsoWeek } from '@linli/shared';
import type { PatrolDoc } from './patrol.model';

/** What is known when a patrol starts (or, for seeded history, everything it came to hold). */
export type PatrolStart = Pick<PatrolDoc, 'communityId' | 'gridId' | 'workerId' | 'workerName' | 'startedAt'> &
  Partial<Pick<PatrolDoc, '_id' | 'status' | 'endedAt' | 'checkedBuildingIds' | 'findings'>>;

/** A patrol as first stored, without the timestamps mongoose adds. */
export type NewPatrolDoc = Omit<PatrolDoc, 'createdAt' | 'updatedAt'>;

/**
 * The one constructor of a patrol document (the start use case and the seed): its week and its unique open key
 * follow from the start and the status, so nothing else computes them.
 */
export function newPatrolDoc(p: PatrolStart): NewPatrolDoc {
  const _id = p._id ?? new Types.ObjectId();
  const status = p.status ?? 'ongoing';
  return {
    _id,
    communityId: p.communityId,
    gridId: p.gridId,
    workerId: p.workerId,
    workerName: p.workerName,
    status,
    startedAt: p.startedAt,
    ...(p.endedAt ? { endedAt: p.endedAt } : {}),
    week: shanghaiIsoWeek(p.startedAt),
    checkedBuildingIds: p.checkedBuildingIds ?? [],
    findings: p.findings ?? [],
    openKey: patrolOpenKey(status, p.workerId.toHexString(), _id.toHexString()),
  };
}
