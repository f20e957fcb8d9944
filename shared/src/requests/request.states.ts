import * as z from 'zod';

/**
 * The request's states, sources and levels: a leaf the rules of dispatch, extensions and call-backs import without
 * importing request.schema.ts (which imports their schemas: an import cycle otherwise). request.schema.ts re-exports them.
 */

/**
 * `duplicate` (重复): a handler found it is the same problem as another request (its original), where the work
 * goes on; it is finished here, linked both ways, and its filer follows the original's progress from it.
 */
export const REQUEST_STATUSES = ['submitted', 'accepted', 'in_progress', 'resolved', 'closed', 'rejected', 'withdrawn', 'reopened', 'duplicate'] as const;
export const RequestStatus = z.enum(REQUEST_STATUSES);
export type RequestStatus = z.infer<typeof RequestStatus>;

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  submitted: '已提交',
  accepted: '已受理',
  in_progress: '处理中',
  resolved: '已办结',
  closed: '已关闭',
  rejected: '不予受理',
  withdrawn: '已撤回',
  reopened: '重新办理',
  duplicate: '重复（已合并办理）',
};

/**
 * Who brought a request in: a resident's demand (居民反映, 代办 included: it is still the resident's), a grid worker's
 * or staff member's own finding on patrol (巡查发现), or a report of a 流动网格员 (a courier or rider holding that
 * role, anywhere in the community). Requests from before sources read as 居民反映. The 三率 headline counts 居民反映
 * only; 主动发现率 is the share of the other two (stats.rules.ts).
 */
// Issue 19: 主动治理 (未诉先办), a task staff open from the month's recurring problem (每月一题, ranking.schema.ts),
// linked to the requests it came from (`fromRequestIds`); handled through the same loop, rated by nobody.
export const REQUEST_SOURCES = ['resident', 'patrol', 'mobile_grid', 'proactive'] as const;
export const RequestSource = z.enum(REQUEST_SOURCES);
export type RequestSource = z.infer<typeof RequestSource>;

export const REQUEST_SOURCE_LABELS: Record<RequestSource, string> = { resident: '居民反映', patrol: '巡查发现', mobile_grid: '流动网格员上报', proactive: '主动治理' };

/** The sources a filing may name (each for its own filers: the use case checks the role). */
export const FILING_SOURCES = ['resident', 'patrol', 'mobile_grid'] as const;

/** Levels of the 接诉即办 chain: 小事不出网格、大事不出镇街. */
export const REQUEST_LEVELS = ['grid', 'community', 'street'] as const;
export const RequestLevel = z.enum(REQUEST_LEVELS);
export type RequestLevel = z.infer<typeof RequestLevel>;
