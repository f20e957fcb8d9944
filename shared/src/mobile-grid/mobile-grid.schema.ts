import * as z from 'zod';
import { Id } from '../common/ids';
import { lineText, multilineText } from '../common/text';
import { PhoneNumber } from '../communities/community.schema';

/**
 * Where a 流动网格员 works: the delivery platform or carrier (美团、饿了么、顺丰、京东、邮政), or 其他 with its name.
 * Staff read it when they decide; it is not checked with the platform.
 */
export const MOBILE_GRID_PLATFORMS = ['meituan', 'eleme', 'sf', 'jd', 'post', 'other'] as const;
export const MobileGridPlatform = z.enum(MOBILE_GRID_PLATFORMS);
export type MobileGridPlatform = z.infer<typeof MobileGridPlatform>;
export const MOBILE_GRID_PLATFORM_LABELS: Record<MobileGridPlatform, string> = { meituan: '美团', eleme: '饿了么', sf: '顺丰', jd: '京东', post: '邮政', other: '其他' };

/**
 * An application to be a 流动网格员: pending until staff decide, then approved (the role is the applicant's) or
 * rejected (with the reason they read). An approved application reads as revoked once its holder no longer holds
 * the role (revoked through 撤销角色, or they left or were removed): nothing is written for that, it is read off
 * the membership (mobile-grid.rules.ts `applicationStatus`). Rejected and revoked applicants may apply again.
 */
export const MOBILE_GRID_STATUSES = ['pending', 'approved', 'rejected', 'revoked'] as const;
export const MobileGridStatus = z.enum(MOBILE_GRID_STATUSES);
export type MobileGridStatus = z.infer<typeof MobileGridStatus>;
/** What is stored; `revoked` is only ever read off the membership. */
export const StoredMobileGridStatus = z.enum(['pending', 'approved', 'rejected']);
export type StoredMobileGridStatus = z.infer<typeof StoredMobileGridStatus>;
export const MOBILE_GRID_STATUS_LABELS: Record<MobileGridStatus, string> = { pending: '审核中', approved: '已通过', rejected: '未通过', revoked: '已撤销' };

/**
 * 申请成为流动网格员. Couriers and riders rarely live in the community they deliver to, so the applicant names it
 * (as joining does) and needs no membership there. Real name and phone are for staff to check who they are: only
 * the applicant and the community's staff ever see them.
 */
export const ApplyMobileGridInput = z
  .object({
    communityId: Id,
    realName: lineText('姓名').min(1, '请填写姓名').max(20, '姓名最多20个字'),
    phone: PhoneNumber,
    platform: MobileGridPlatform,
    /** The employer or platform's name when it is 其他. */
    platformName: lineText('单位').max(30, '单位名称最多30个字').optional(),
    /** Where they usually deliver (哪几栋楼、哪个门), optional. */
    area: multilineText('配送范围').max(100, '配送范围最多100个字').optional(),
  })
  .strict()
  .refine((v) => v.platform !== 'other' || !!v.platformName, { path: ['platformName'], message: '请填写所在单位或平台' });
export type ApplyMobileGridInput = z.infer<typeof ApplyMobileGridInput>;

/** The moves staff may make on an application (mobile-grid.rules.ts): approve or reject a pending one. */
export const MOBILE_GRID_ACTIONS = ['approve', 'reject'] as const;
export const MobileGridAction = z.enum(MOBILE_GRID_ACTIONS);
export type MobileGridAction = z.infer<typeof MobileGridAction>;

/** 审核: approve, or reject with the reason the applicant reads. */
export const ReviewMobileGridInput = z
  .object({ approve: z.boolean(), reason: multilineText('原因').min(2, '原因至少2个字').max(200, '原因最多200个字').optional() })
  .strict()
  .refine((v) => v.approve || !!v.reason, { path: ['reason'], message: '请说明未通过的原因' });

export const MobileGridApplicationView = z.object({
  id: Id,
  communityId: Id,
  communityName: z.string(),
  userId: Id,
  realName: z.string(),
  /** The applicant's own and staff's: nobody else is ever shown an application. */
  phone: z.string(),
  platform: MobileGridPlatform,
  platformName: z.string().optional(),
  area: z.string().optional(),
  status: MobileGridStatus,
  /** The reason of a rejection, for the applicant. */
  note: z.string().optional(),
  createdAt: z.string(),
  reviewedAt: z.string().optional(),
  /** The moves this caller may make now; the app shows a button for each. */
  actions: z.array(MobileGridAction),
});
export type MobileGridApplicationView = z.infer<typeof MobileGridApplicationView>;

export const MobileGridListQuery = z
  .object({
    status: StoredMobileGridStatus.optional(),
    cursor: z.string().regex(/^[0-9a-f]{24}$/).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const MobileGridApplicationIdParams = z.object({ applicationId: Id }).strict();
