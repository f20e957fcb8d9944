import { Schema, model, models, type Model } from 'mongoose';
import { PATROL_STATUSES } from '@linli/shared';
import { registerAuditTarget } from '../lib/audit';
import type { DocOf, Timestamps } from '../lib/doc-type';

/** What is stored of a patrol (巡查): a grid worker's walk through one of their grids, the buildings checked, the findings. */
const patrolDefinition = {
  communityId: { type: Schema.Types.ObjectId, required: true },
  /** The grid walked: one of the worker's grids when they started (they choose when they serve several). */
  gridId: { type: Schema.Types.ObjectId, required: true },
  workerId: { type: Schema.Types.ObjectId, required: true },
  /** The worker's name in the community at the start, so lists read no membership (已注销网格员 once erased). */
  workerName: { type: String, required: true },
  status: { type: String, required: true, enum: PATROL_STATUSES },
  startedAt: { type: Date, required: true },
  endedAt: Date,
  /** ISO week of `startedAt` in Asia/Shanghai (`YYYY-Www`): coverage and lists by week read it through an index. */
  week: { type: String, required: true },
  /** Buildings of the grid checked on this patrol, each once ($addToSet, only while ongoing). */
  checkedBuildingIds: { type: [Schema.Types.ObjectId], default: [] },
  /**
   * Requests filed on this patrol. Each id is added ($addToSet) just before its request is written, so a crash in
   * between leaves an id naming nothing, which the view skips, and never a finding the patrol does not list.
   */
  findings: { type: [Schema.Types.ObjectId], default: [] },
  /** shared `patrolOpenKey`: the worker's id while ongoing, `ended:<_id>` once ended; unique (one ongoing patrol each). */
  openKey: { type: String, required: true },
};
export type PatrolDoc = DocOf<typeof patrolDefinition> & Timestamps;
const PatrolSchema = new Schema<PatrolDoc>(patrolDefinition, { timestamps: true, collection: 'patrols' });

// One ongoing patrol per grid worker: the unique key is theirs only while a patrol is ongoing (no partial indexes).
PatrolSchema.index({ openKey: 1 }, { unique: true });
// Lists, newest first: the community's (staff), a worker's own, a grid's, a week's, the ongoing ones.
PatrolSchema.index({ communityId: 1, _id: -1 });
PatrolSchema.index({ communityId: 1, workerId: 1, _id: -1 });
PatrolSchema.index({ communityId: 1, gridId: 1, _id: -1 });
// Also coverage: the patrols of a week (and the 三率 board's weeks), by grid.
PatrolSchema.index({ communityId: 1, week: 1, _id: -1 });
PatrolSchema.index({ communityId: 1, status: 1, _id: -1 });

export const PatrolModel = (models.Patrol as Model<PatrolDoc>) ?? model<PatrolDoc>('Patrol', PatrolSchema);

// The audit log records these fields of a patrol before a grid worker's or staff member's action changes them.
registerAuditTarget('patrolId', PatrolModel, 'status gridId workerId checkedBuildingIds endedAt');
