import * as z from 'zod';
import { Id } from '../common/ids';

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
export const URGENCY_LABELS: Record<Urgency, string> = { normal: '一般', urgent: '紧急' };

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

// ---- API shapes ----

export const RequestLocation = z
  .object({
    buildingId: Id.optional(),
    address: z.string().trim().max(100).optional(),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
  })
  .strict();

/** Object key of an uploaded photo (from the upload endpoint). */
export const PhotoKey = z.string().regex(/^[A-Za-z0-9/_.-]{1,200}$/, '照片编号格式不正确');

export const CreateRequestInput = z
  .object({
    category: RequestCategory,
    title: z.string().trim().max(40, '标题最多40个字').optional(),
    description: z.string().trim().min(5, '请至少写5个字，说清楚问题').max(1000, '描述最多1000个字'),
    location: RequestLocation.optional(),
    photoKeys: z.array(PhotoKey).max(9, '最多9张照片').optional(),
    anonymous: z.boolean().optional(),
    urgency: Urgency.optional(),
    /** 代办: a grid worker or staff member files for a resident without a phone. */
    onBehalfOf: z
      .object({
        name: z.string().trim().min(1).max(20),
        buildingId: Id,
        unit: z.string().trim().min(1).max(16),
        room: z.string().trim().min(1).max(16),
        phone: z.string().regex(/^1[3-9]\d{9}$/, '请输入11位手机号').optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type CreateRequestInput = z.infer<typeof CreateRequestInput>;

export const TimelineEntry = z.object({
  id: Id,
  type: z.string(),
  /** Who acted, as residents may see it (a role label for staff, 居民 or 匿名 for residents). */
  actorLabel: z.string(),
  actorId: Id.optional(),
  at: z.string(),
  note: z.string().optional(),
  photos: z.array(z.object({ key: z.string(), url: z.string() })).optional(),
  /** Held for review by content security (only handlers and the author see it until approved). */
  pendingReview: z.boolean().optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const RequestView = z.object({
  id: Id,
  communityId: Id,
  category: RequestCategory,
  title: z.string().optional(),
  description: z.string(),
  status: RequestStatus,
  level: RequestLevel,
  urgency: Urgency,
  anonymous: z.boolean(),
  public: z.boolean(),
  gridId: Id.optional(),
  buildingId: Id.optional(),
  address: z.string().optional(),
  photoKeys: z.array(z.string()),
  /** Photos this viewer may see, with short-lived URLs (thumbnails in the app). */
  photos: z.array(z.object({ key: z.string(), url: z.string(), approved: z.boolean() })),
  assigneeId: Id.optional(),
  assigneeName: z.string().optional(),
  /** Filer's name and household: for the filer and staff only. */
  filerName: z.string().optional(),
  household: z.string().optional(),
  filedOnBehalf: z.boolean(),
  respondBy: z.string(),
  resolveBy: z.string(),
  meTooCount: z.number().int(),
  reopenCount: z.number().int(),
  rating: z.object({ satisfied: z.boolean(), score: z.number().int(), comment: z.string().optional(), at: z.string() }).optional(),
  contentStatus: z.enum(['pass', 'review']),
  /** What the caller is to this request, so the app offers the right actions (the server checks them anyway). */
  viewer: z.object({ isFiler: z.boolean(), isHandler: z.boolean() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  timeline: z.array(TimelineEntry).optional(),
});
export type RequestView = z.infer<typeof RequestView>;

export const RequestActionInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept') }).strict(),
  z.object({ action: z.literal('assign'), assigneeId: Id }).strict(),
  z.object({ action: z.literal('reply'), body: z.string().trim().min(1, '回复不能为空').max(1000) }).strict(),
  z.object({ action: z.literal('resolve'), note: z.string().trim().min(1, '请填写办理结果').max(1000), photoKeys: z.array(PhotoKey).max(9).optional() }).strict(),
  z.object({ action: z.literal('escalate'), reason: z.string().trim().min(1, '请填写上报原因').max(500) }).strict(),
  z.object({ action: z.literal('reject'), reason: z.string().trim().min(1, '请填写不予受理的原因').max(500) }).strict(),
  z.object({ action: z.literal('reopen'), reason: z.string().trim().min(1, '请说明还有什么问题').max(500) }).strict(),
  z.object({ action: z.literal('withdraw') }).strict(),
]);
export type RequestActionInput = z.infer<typeof RequestActionInput>;

export const RateRequestInput = z
  .object({
    satisfied: z.boolean(),
    score: z.number().int().min(1).max(5),
    comment: z.string().trim().max(500).optional(),
  })
  .strict();

export const RequestListQuery = z
  .object({
    scope: z.enum(['mine', 'assigned', 'community']).default('mine'),
    status: RequestStatus.optional(),
    category: RequestCategory.optional(),
    gridId: Id.optional(),
    /** Staff: only requests whose texts wait for review (待审文字). */
    review: z.enum(['1']).optional(),
    cursor: z.string().regex(/^[0-9a-f]{24}$/).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const RequestIdParams = z.object({ requestId: Id }).strict();
