import { z } from 'zod';

/** Request categories (DOMAIN.md), with their Chinese labels. */
export const REQUEST_CATEGORIES = ['property', 'environment', 'facility', 'dispute', 'elderly', 'parking', 'safety', 'other'] as const;
export const RequestCategory = z.enum(REQUEST_CATEGORIES);
export type RequestCategory = z.infer<typeof RequestCategory>;

export const REQUEST_CATEGORY_LABELS: Record<RequestCategory, string> = {
  property: '物业管理',
  environment: '环境卫生',
  facility: '设施维修',
  dispute: '邻里纠纷',
  elderly: '养老助残',
  parking: '停车出行',
  safety: '安全隐患',
  other: '其他',
};

export const REQUEST_STATUSES = ['submitted', 'accepted', 'in_progress', 'resolved', 'closed', 'rejected', 'withdrawn', 'reopened'] as const;
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
};

/** Levels of the 接诉即办 chain: 小事不出网格、大事不出镇街. */
export const REQUEST_LEVELS = ['grid', 'community', 'street'] as const;
export const RequestLevel = z.enum(REQUEST_LEVELS);
export type RequestLevel = z.infer<typeof RequestLevel>;

export const REQUEST_LEVEL_LABELS: Record<RequestLevel, string> = { grid: '网格', community: '社区', street: '街道' };

export const Urgency = z.enum(['normal', 'urgent']);
export type Urgency = z.infer<typeof Urgency>;

/** Per-community deadline settings, in calendar hours. */
export const RequestDeadlineSettings = z.object({
  respondHours: z.number().int().min(1).max(720),
  resolveHours: z.object({
    grid: z.number().int().min(1).max(2160),
    community: z.number().int().min(1).max(2160),
    street: z.number().int().min(1).max(2160),
  }),
});
export type RequestDeadlineSettings = z.infer<typeof RequestDeadlineSettings>;

export const DEFAULT_REQUEST_DEADLINES: RequestDeadlineSettings = {
  respondHours: 24,
  resolveHours: { grid: 72, community: 168, street: 360 },
};
