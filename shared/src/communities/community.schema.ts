import * as z from 'zod';
import { Id } from '../common/ids';
import { lineText, multilineText, type TextKind } from '../common/text';
import { GrantableRole, Role } from '../common/roles';
import { DEFAULT_REQUEST_DEADLINES, RequestDeadlineSettings } from '../requests/request.schema';
import { DEFAULT_REQUEST_TYPE_DEADLINES, RequestTypeDeadlines } from '../requests/request-type.schema';
import { DEFAULT_REPORT_REWARDS, ReportRewardSettings } from '../requests/report-reward.schema';
import { DEFAULT_SUPERVISE_HAND_OFFS } from '../requests/dispatch.schema';
import { DEFAULT_STAR_LEVELS } from '../volunteers/volunteer.rules';
import { CareVisitIntervals, DEFAULT_CARE_VISIT_INTERVALS } from '../households/care-flag.schema';
import { DEFAULT_MEDIATION_FOLLOW_UP_DAYS, MediationFollowUpDays } from '../mediation/mediation.settings';
import { UnitRef } from '../units/unit.schema';

export const Grid = z.object({ id: Id, name: z.string() });
export type Grid = z.infer<typeof Grid>;

export const Building = z.object({
  id: Id,
  name: z.string(),
  gridId: Id,
  /** Number of households, used for thresholds such as 5% of households. */
  households: z.number().int().nonnegative(),
});
export type Building = z.infer<typeof Building>;

export const CommunitySummary = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  streetId: Id,
  streetName: z.string(),
});
export type CommunitySummary = z.infer<typeof CommunitySummary>;

/** Public information about a community: what anyone needs to choose a household and join. */
export const CommunityDetail = CommunitySummary.extend({
  grids: z.array(Grid),
  buildings: z.array(Building),
  /** The community's notice to everyone (set by its admin). */
  announcement: z.string(),
});
export type CommunityDetail = z.infer<typeof CommunityDetail>;

/** Community settings an admin can change; later features add their own keys. */
export const CommunitySettings = z.object({
  /** When false, residents who join are active at once without staff approval. */
  joinRequiresApproval: z.boolean(),
  /** Short notice shown on the home page. */
  announcement: z.string().max(200),
  /** 急难愁盼 deadlines in calendar hours (respond; resolve per level): urgent requests get half of each. */
  requestDeadlines: RequestDeadlineSettings,
  /**
   * Deadlines of normal (not urgent) requests per type (咨询/求助/投诉/建议) and level, in working days or hours, from
   * the submission (request-deadlines.ts `deadlineFor`); urgent ones keep the hours above. Requests filed before a
   * change keep the deadlines they were given.
   */
  requestTypeDeadlines: RequestTypeDeadlines,
  /** 常用回复: reply templates staff pick from on their phones. */
  replyTemplates: z.array(z.string().trim().min(1).max(200)).max(30),
  /** 议事: supports a resident proposal needs; null = the smaller of 10 or 5% of households in scope. */
  consultationSupportThreshold: z.number().int().min(1).max(1000).nullable(),
  /** 星级志愿者: cumulative hours for 1★ … 5★, ascending. */
  starLevels: z
    .array(z.number().min(1).max(100000))
    .length(5, '需设置五个星级')
    .refine((l) => l.every((h, i) => i === 0 || h > l[i - 1]!), '星级时长须逐级递增'),
  /** 随手拍有奖: points for valid first reports of residents and 流动网格员, with a monthly cap per reporter (off by default). */
  reportRewards: ReportRewardSettings,
  /** 关爱探访: days between visits of a household per care flag (the shortest of its flags applies). */
  careVisitIntervals: CareVisitIntervals,
  /** 矛盾纠纷调处: days after an agreement when its 回访 is due. */
  mediationFollowUpDays: MediationFollowUpDays,
  /** 督办: a request handed off more times than this (dispatches, send-backs, assignments, escalations) is flagged to street staff. */
  superviseHandOffs: z.number().int().min(1).max(20),
});
export type CommunitySettings = z.infer<typeof CommunitySettings>;

export const DEFAULT_COMMUNITY_SETTINGS: CommunitySettings = {
  joinRequiresApproval: true,
  announcement: '',
  requestDeadlines: DEFAULT_REQUEST_DEADLINES,
  requestTypeDeadlines: DEFAULT_REQUEST_TYPE_DEADLINES,
  replyTemplates: [
    '您好，您反映的问题已收到，我们会尽快安排人员处理。',
    '工作人员已到现场查看，正在协调处理，请耐心等待。',
    '问题已处理完毕，请您查看，如仍有问题可申请重新办理。',
    '该问题属于物业服务范围，已转物业公司处理并督促办结。',
  ],
  consultationSupportThreshold: null,
  // One copy of the national levels (volunteer.rules.ts), so changing them is one edit.
  starLevels: [...DEFAULT_STAR_LEVELS],
  reportRewards: DEFAULT_REPORT_REWARDS,
  careVisitIntervals: DEFAULT_CARE_VISIT_INTERVALS,
  mediationFollowUpDays: DEFAULT_MEDIATION_FOLLOW_UP_DAYS,
  superviseHandOffs: DEFAULT_SUPERVISE_HAND_OFFS,
};

// The texts residents read are checked on the way in only (text hygiene, common/text.ts), so settings stored
// before the check still read back.
export const UpdateCommunitySettingsInput = CommunitySettings.extend({
  announcement: multilineText('公告').max(200),
  replyTemplates: z.array(multilineText('常用回复').min(1).max(200)).max(30),
})
  .partial()
  .strict();

/** A text a person types: one-line unless said (controls refused, see common/text.ts). */
const text = (min: number, max: number, label: string, kind: TextKind = 'line') =>
  (kind === 'line' ? lineText(label) : multilineText(label)).min(min, `${label}不能为空`).max(max, `${label}最多${max}个字`);

/** Mainland mobile number. */
export const PhoneNumber = z.string().regex(/^1[3-9]\d{9}$/, '请输入11位手机号');

export const Household = z.object({
  buildingId: Id,
  unit: text(1, 16, '单元'),
  room: text(1, 16, '房号'),
});
export type Household = z.infer<typeof Household>;

// Not Household.extend: a view must read back households stored before the text checks.
export const HouseholdView = z.object({ buildingId: Id, unit: z.string(), room: z.string(), buildingName: z.string() });

export const MembershipStatus = z.enum(['pending', 'active', 'rejected', 'removed', 'left']);
export type MembershipStatus = z.infer<typeof MembershipStatus>;

export const MEMBERSHIP_STATUS_LABELS: Record<MembershipStatus, string> = {
  pending: '待审核',
  active: '已加入',
  rejected: '未通过',
  removed: '已移出',
  left: '已退出',
};

/**
 * The moves on a membership (membership.rules.ts). A view's `actions` lists those the caller may make now, each one
 * endpoint: approve / reject / remove / move (POST /api/residents/{id}/…, staff), grant_role / revoke_role
 * (admin), leave (the member, POST /api/memberships/leave). `join` is never listed: it starts a membership.
 */
export const MembershipAction = z.enum(['join', 'approve', 'reject', 'remove', 'leave', 'move', 'grant_role', 'revoke_role']);
export type MembershipAction = z.infer<typeof MembershipAction>;

/** A person's membership of one community, as they or the community's staff see it. */
export const Membership = z.object({
  id: Id,
  communityId: Id,
  communityName: z.string(),
  userId: Id,
  status: MembershipStatus,
  roles: z.array(Role),
  /** Name shown to staff and neighbours (may be a nickname such as 王阿姨). */
  name: z.string(),
  realName: z.string().optional(),
  /** Full number for the member and staff; others never see it. */
  phone: z.string().optional(),
  household: HouseholdView.optional(),
  gridIds: z.array(Id),
  joinedAt: z.string(),
  note: z.string().optional(),
  /** The moves this caller may make on this membership now; the app shows a button for each. */
  actions: z.array(MembershipAction),
});
export type Membership = z.infer<typeof Membership>;

export const Me = z.object({
  user: z.object({ id: Id, nickname: z.string(), workPhone: z.string().optional(), createdAt: z.string() }),
  memberships: z.array(Membership),
  /** Streets where this user is street staff; `admin`: they also manage its units (街道管理员, 单位管理). */
  streets: z.array(z.object({ id: Id, name: z.string(), communityIds: z.array(Id), admin: z.boolean() })),
  /** Units (单位) this user works for (the 单位工作台); a unit's person may belong to no community at all. */
  units: z.array(UnitRef),
  /** Whether they administer any street (the 单位管理 entry). */
  streetAdmin: z.boolean(),
});
export type Me = z.infer<typeof Me>;

/** Profile changes: the nickname, and for grid workers and staff the work phone residents may call ('' removes it). */
export const UpdateMeInput = z
  .object({ nickname: text(1, 20, '昵称').optional(), workPhone: PhoneNumber.or(z.literal('')).optional() })
  .strict()
  .refine((v) => v.nickname !== undefined || v.workPhone !== undefined, { message: '请填写要修改的内容', path: ['nickname'] });

export const JoinCommunityInput = z
  .object({
    communityId: Id,
    name: text(1, 20, '称呼'),
    realName: text(1, 20, '姓名').optional(),
    buildingId: Id,
    unit: text(1, 16, '单元'),
    room: text(1, 16, '房号'),
    phone: PhoneNumber.optional(),
    /** Code from WeChat's getPhoneNumber button; exchanged on the server. */
    phoneCode: z.string().min(1).max(128).optional(),
    inviteCode: z.string().trim().regex(/^[A-Z0-9]{8}$/, '邀请码为8位字母或数字').optional(),
  })
  .strict();
export type JoinCommunityInput = z.infer<typeof JoinCommunityInput>;

export const ResidentListQuery = z
  .object({
    status: MembershipStatus.optional(),
    cursor: z.string().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const MembershipIdParams = z.object({ membershipId: Id }).strict();
export const CommunityIdParams = z.object({ communityId: Id }).strict();

export const ReasonInput = z.object({ reason: text(1, 200, '原因', 'multiline') }).strict();
export const MoveHouseholdInput = Household.strict();
export const GrantRoleInput = z
  .object({ role: GrantableRole, gridIds: z.array(Id).max(20).optional() })
  .strict();
export const RevokeRoleInput = z.object({ role: GrantableRole }).strict();

export const MEMBERSHIP_EVENT_TYPES = [
  'joined',
  'approved',
  'rejected',
  'removed',
  'moved',
  'role_granted',
  'role_revoked',
  'left',
] as const;
export const MembershipEventType = z.enum(MEMBERSHIP_EVENT_TYPES);

export const MEMBERSHIP_EVENT_LABELS: Record<z.infer<typeof MembershipEventType>, string> = {
  joined: '申请加入',
  approved: '审核通过',
  rejected: '审核未通过',
  removed: '移出社区',
  moved: '变更住址',
  role_granted: '授予角色',
  role_revoked: '撤销角色',
  left: '退出社区',
};

export const MembershipEvent = z.object({
  id: Id,
  membershipId: Id,
  type: MembershipEventType,
  actorId: Id,
  actorName: z.string(),
  at: z.string(),
  note: z.string().optional(),
});
export type MembershipEvent = z.infer<typeof MembershipEvent>;

export const CreateInviteCodeInput = z
  .object({
    maxUses: z.number().int().min(1).max(500).default(20),
    validDays: z.number().int().min(1).max(90).default(7),
  })
  .strict();

export const InviteCode = z.object({
  id: Id,
  code: z.string(),
  maxUses: z.number().int(),
  usedCount: z.number().int(),
  expiresAt: z.string(),
  revoked: z.boolean(),
  createdAt: z.string(),
});
export type InviteCode = z.infer<typeof InviteCode>;
export const InviteCodeIdParams = z.object({ inviteCodeId: Id }).strict();

export const Ok = z.object({ ok: z.literal(true) });
