import * as z from 'zod';
import { Id } from '../common/ids';
import { shanghaiIsoWeekStart } from '../common/time';
import { RequestCategory, RequestStatus } from '../requests/request.schema';

/** A patrol (巡查) is under way until its grid worker ends it. */
export const PATROL_STATUSES = ['ongoing', 'ended'] as const;
export const PatrolStatus = z.enum(PATROL_STATUSES);
export type PatrolStatus = z.infer<typeof PatrolStatus>;
export const PATROL_STATUS_LABELS: Record<PatrolStatus, string> = { ongoing: '巡查中', ended: '已结束' };

/** An ISO week in Asia/Shanghai, `2026-W05` (weeks start on Monday). */
export const IsoWeek = z
  .string()
  .regex(/^\d{4}-W\d{2}$/, '周的格式应为 2026-W05')
  .refine((w) => shanghaiIsoWeekStart(w) !== null, '没有这一周');

/**
 * The moves the API may offer on a patrol, by the name of the button: 打卡楼栋 (check_buildings), 上报问题
 * (file_finding: `POST /api/requests` with `source: 'patrol'` and the patrol's id) and 结束巡查 (end).
 */
export const PATROL_VIEW_ACTIONS = ['check_buildings', 'file_finding', 'end'] as const;
export const PatrolViewAction = z.enum(PATROL_VIEW_ACTIONS);
export type PatrolViewAction = z.infer<typeof PatrolViewAction>;

/** Start a patrol: in the grid worker's only grid, or the one they choose when they serve several. */
export const StartPatrolInput = z.object({ gridId: Id.optional() }).strict();
export type StartPatrolInput = z.infer<typeof StartPatrolInput>;

/** Buildings of the patrol's grid checked on it (added to those already checked; checking one again changes nothing). */
export const CheckBuildingsInput = z.object({ buildingIds: z.array(Id).min(1, '请选择巡查过的楼栋').max(50, '一次最多打卡50栋楼') }).strict();
export type CheckBuildingsInput = z.infer<typeof CheckBuildingsInput>;

export const PatrolListQuery = z
  .object({
    gridId: Id.optional(),
    /** Staff: one grid worker's patrols (a grid worker always gets their own). */
    workerId: Id.optional(),
    week: IsoWeek.optional(),
    status: PatrolStatus.optional(),
    cursor: z.string().regex(/^[0-9a-f]{24}$/).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type PatrolListQuery = z.output<typeof PatrolListQuery>;

export const PatrolIdParams = z.object({ patrolId: Id }).strict();

/** A finding of a patrol as the patrol page lists it (the request's own page has the rest). */
export const PatrolFinding = z.object({
  id: Id,
  /** The request's title, else the first words of its description. */
  title: z.string(),
  status: RequestStatus,
  category: RequestCategory,
  resolvedOnSpot: z.boolean(),
});
export type PatrolFinding = z.infer<typeof PatrolFinding>;

/** A building of the patrol's grid, and whether it was checked (on this patrol, or this week for coverage). */
export const PatrolBuilding = z.object({ id: Id, name: z.string(), checked: z.boolean() });

export const PatrolView = z.object({
  id: Id,
  communityId: Id,
  gridId: Id,
  gridName: z.string(),
  workerId: Id,
  /** The grid worker's name in the community when they started (已注销网格员 after their account was deleted). */
  workerName: z.string(),
  status: PatrolStatus,
  startedAt: z.string(),
  endedAt: z.string().optional(),
  /** ISO week of the start (Asia/Shanghai): the week whose coverage the patrol counts in. */
  week: z.string(),
  checkedBuildingIds: z.array(Id),
  /** Buildings of the grid now, and how many of them were checked on this patrol. */
  buildingCount: z.number().int(),
  checkedCount: z.number().int(),
  /** The grid's buildings with what was checked: on one patrol's page, not in lists. */
  buildings: z.array(PatrolBuilding).optional(),
  findingCount: z.number().int(),
  /** The requests filed on this patrol: on one patrol's page, not in lists. */
  findings: z.array(PatrolFinding).optional(),
  /** The moves this caller may make on the patrol now (permission table × patrol state). */
  actions: z.array(PatrolViewAction),
});
export type PatrolView = z.infer<typeof PatrolView>;

export const CoverageQuery = z.object({ week: IsoWeek.optional() }).strict();

/** Patrol coverage of one ISO week: per grid the caller may see, the buildings checked on its patrols and those not yet. */
export const PatrolCoverage = z.object({
  week: z.string(),
  /** The week as Asia/Shanghai instants: Monday 00:00 to the next Monday 00:00. */
  from: z.string(),
  to: z.string(),
  grids: z.array(
    z.object({
      gridId: Id,
      gridName: z.string(),
      /** Buildings of the grid, checked ones and those not yet. */
      buildings: z.array(PatrolBuilding),
      total: z.number().int(),
      checked: z.number().int(),
      /** Patrols started in the grid this week. */
      patrols: z.number().int(),
    }),
  ),
});
export type PatrolCoverage = z.infer<typeof PatrolCoverage>;
