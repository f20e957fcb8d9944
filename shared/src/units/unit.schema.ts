import * as z from 'zod';
import { Id } from '../common/ids';
import { lineText } from '../common/text';

// Not the communities' PhoneNumber: the communities' schema imports this file (the units on `/api/me`).
const PhoneNumber = z.string().regex(/^1[3-9]\d{9}$/, '请输入11位手机号');

/**
 * Kinds of units (单位) a street dispatches requests to (吹哨报到): 物业 property companies, 城管 city management,
 * 住建 housing and construction, 市场监管 market regulation, 公安 police stations, 水电气 utilities, 其他.
 */
export const UNIT_TYPES = ['wuye', 'chengguan', 'zhujian', 'shichang', 'gongan', 'utility', 'other'] as const;
export const UnitType = z.enum(UNIT_TYPES);
export type UnitType = z.infer<typeof UnitType>;
export const UNIT_TYPE_LABELS: Record<UnitType, string> = {
  wuye: '物业',
  chengguan: '城管',
  zhujian: '住建',
  shichang: '市场监管',
  gongan: '公安',
  utility: '水电气',
  other: '其他',
};

/** Most communities one unit serves (a street has a few dozen at most). */
export const UNIT_MAX_COMMUNITIES = 100;

const line = (min: number, max: number, label: string) => lineText(label).min(min, `${label}不能为空`).max(max, `${label}最多${max}个字`);
export const UnitName = line(2, 40, '单位名称');
/** A unit's duty phone: a mobile or a landline (区号-号码, optional extension). */
export const UnitPhone = z
  .string()
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|\d{5,8})$/, '请输入手机号或座机号（如 010-12345678）');

/** A unit as shown: to street staff (单位管理, with member counts), to community staff (the dispatch picker), to its members. */
export const UnitView = z.object({
  id: Id,
  streetId: Id,
  type: UnitType,
  typeLabel: z.string(),
  name: z.string(),
  communityIds: z.array(Id),
  /** The names of `communityIds`, in the same order. */
  communityNames: z.array(z.string()).optional(),
  phone: z.string().optional(),
  active: z.boolean(),
  /** Active members (street staff only). */
  memberCount: z.number().int().optional(),
});
export type UnitView = z.infer<typeof UnitView>;

/** A person of a unit (单位账号), as street staff see them. */
export const UnitMemberView = z.object({
  id: Id,
  unitId: Id,
  userId: Id,
  name: z.string(),
  phone: z.string().optional(),
  active: z.boolean(),
  joinedAt: z.string().optional(),
});
export type UnitMemberView = z.infer<typeof UnitMemberView>;

export const UnitDetailView = UnitView.extend({ members: z.array(UnitMemberView) });
export type UnitDetailView = z.infer<typeof UnitDetailView>;

export const UnitIdParams = z.object({ unitId: Id }).strict();
export const UnitMemberParams = z.object({ unitId: Id, userId: Id }).strict();

/** Street staff's list of their street's units, optionally of one type or serving one community. */
export const UnitListQuery = z
  .object({
    type: UnitType.optional(),
    communityId: Id.optional(),
    /** `false` to include deactivated units (default: active only). */
    activeOnly: z.enum(['true', 'false']).optional(),
  })
  .strict();
export type UnitListQuery = z.infer<typeof UnitListQuery>;

const CommunityIds = z
  .array(Id)
  .min(1, '请至少选择一个服务社区')
  .max(UNIT_MAX_COMMUNITIES, `最多选择${UNIT_MAX_COMMUNITIES}个社区`);

/** A street admin creates a unit: its kind, name, the communities it serves, its duty phone. */
export const CreateUnitInput = z
  .object({
    /** Needed only when the admin administers several streets. */
    streetId: Id.optional(),
    type: UnitType,
    name: UnitName,
    communityIds: CommunityIds,
    phone: UnitPhone.optional(),
  })
  .strict();
export type CreateUnitInput = z.infer<typeof CreateUnitInput>;

/** Changes to a unit; `phone: ''` removes the phone; `active: false` deactivates it (no new dispatches). */
export const UpdateUnitInput = z
  .object({
    name: UnitName.optional(),
    type: UnitType.optional(),
    communityIds: CommunityIds.optional(),
    phone: UnitPhone.or(z.literal('')).optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: '请填写要修改的内容', path: ['name'] });
export type UpdateUnitInput = z.infer<typeof UpdateUnitInput>;

/** A join code for a new member of a unit: for one person (default) or for several within 7 days. */
export const CreateUnitInviteInput = z
  .object({ kind: z.enum(['single', 'week']).default('single') })
  .strict();
export type CreateUnitInviteInput = z.infer<typeof CreateUnitInviteInput>;
export const UnitInviteView = z.object({
  code: z.string(),
  unitId: Id,
  unitName: z.string(),
  maxUses: z.number().int(),
  expiresAt: z.string(),
});
export type UnitInviteView = z.infer<typeof UnitInviteView>;

/** Joining a unit with the code its street admin gave: the name (and phone) the unit's colleagues will see. */
export const JoinUnitInput = z
  .object({
    code: z.string().trim().regex(/^[A-Z0-9]{8}$/i, '请输入8位加入码'),
    name: line(1, 20, '姓名'),
    phone: PhoneNumber.optional(),
  })
  .strict();
export type JoinUnitInput = z.infer<typeof JoinUnitInput>;

/** A unit the caller works for (their 工作台's header): what the app needs to show its entries. */
export const MyUnitView = z.object({
  id: Id,
  name: z.string(),
  type: UnitType,
  typeLabel: z.string(),
  streetId: Id,
  streetName: z.string().optional(),
  communityIds: z.array(Id),
  communityNames: z.array(z.string()),
  phone: z.string().optional(),
  /** The caller's own membership. */
  memberName: z.string(),
});
export type MyUnitView = z.infer<typeof MyUnitView>;

/** The short form the app's start carries (`/api/me`): which 工作台 entries to show. */
export const UnitRef = z.object({ id: Id, name: z.string(), type: UnitType });
export type UnitRef = z.infer<typeof UnitRef>;
