import * as z from 'zod';
import { Id } from '../common/ids';
import { lineText, multilineText, type TextKind } from '../common/text';
import { PhotoKey } from '../requests/request.schema';

/** A text a person types: one-line unless said (controls refused, see common/text.ts). */
const text = (min: number, max: number, label: string, kind: TextKind = 'line') =>
  (kind === 'line' ? lineText(label) : multilineText(label)).min(min, min === 1 ? `请填写${label}` : `${label}至少${min}个字`).max(max, `${label}最多${max}个字`);
const When = z.string().datetime({ offset: true });

/**
 * A volunteer record's status. `points` (积分账户) is no registration: the account of a resident who earned points
 * without volunteering (随手拍奖励), created on their first reward. It holds a balance and a passbook and spends in
 * the mall, and appears in no roster, review list, leaderboard or star list. Registering as a volunteer turns the
 * same record into a pending registration, balance and passbook kept.
 */
export const VolunteerStatus = z.enum(['pending', 'active', 'rejected', 'points']);
export type VolunteerStatus = z.infer<typeof VolunteerStatus>;
/** The statuses of registrations, which staff list and review (a points account is not one). */
export const RegistrationStatus = VolunteerStatus.exclude(['points']);
export type RegistrationStatus = z.infer<typeof RegistrationStatus>;
export const RegisterVolunteerInput = z
  .object({
    skills: z.array(text(1, 20, '技能')).min(1, '请至少选择一项技能').max(10),
    availability: text(1, 100, '服务时间').optional(),
    /** 双报到: a party member registered with their residential community. */
    partyMember: z.boolean().optional(),
    /** Appear on the leaderboard as 志愿者*** instead of by name. */
    anonymous: z.boolean().optional(),
  })
  .strict();

/** Where a volunteer stands between two star levels (volunteer.rules.ts starProgress), for the progress bar. */
export const StarProgress = z.object({
  /** Stars reached by hours. */
  stars: z.number().int(),
  /** Hours of the level reached (0 before the first star). */
  fromHours: z.number(),
  /** The next star, its level in hours and the hours still needed; null at the top level. */
  next: z.object({ stars: z.number().int(), atHours: z.number(), hoursNeeded: z.number() }).nullable(),
  /** Share of the way from the level reached to the next one, 0–1 (1 at the top level). */
  fraction: z.number().min(0).max(1),
});
export type StarProgress = z.infer<typeof StarProgress>;

export const VolunteerMe = z.object({
  volunteerId: Id,
  status: VolunteerStatus,
  name: z.string(),
  skills: z.array(z.string()),
  availability: z.string().optional(),
  partyMember: z.boolean(),
  anonymous: z.boolean(),
  hours: z.number(),
  /** Spendable points. */
  balance: z.number().int(),
  /** Points earned by service (what the points leaderboard counts). */
  pointsEarned: z.number().int(),
  /** Points received as 随手拍奖励, in total (counted in the balance, never on a leaderboard). */
  rewardPoints: z.number().int(),
  /** Stars granted (after 公示). */
  stars: z.number().int(),
  /** Stars by hours, including one still in 公示. */
  starsByHours: z.number().int(),
  nextStar: z.object({ stars: z.number().int(), hoursNeeded: z.number() }).nullable(),
  /** The way from the level reached to the next, by the community's levels (the progress bar). */
  starProgress: StarProgress,
  /** A star in public announcement: until when, unless staff withhold it. */
  announcing: z.object({ stars: z.number().int(), until: z.string(), awardId: Id }).optional(),
});
export type VolunteerMe = z.infer<typeof VolunteerMe>;

/**
 * What staff may do with a registration now (volunteer.rules.ts availableVolunteerActions): approve or reject a
 * pending one (POST …/review), adjust the points of anyone but themselves (admin).
 */
export const VolunteerAction = z.enum(['approve', 'reject', 'adjust_points']);
export type VolunteerAction = z.infer<typeof VolunteerAction>;

export const VolunteerView = z.object({
  id: Id,
  userId: Id,
  name: z.string(),
  status: VolunteerStatus,
  skills: z.array(z.string()),
  availability: z.string().optional(),
  partyMember: z.boolean(),
  hours: z.number(),
  balance: z.number().int(),
  stars: z.number().int(),
  createdAt: z.string(),
  /** The moves this caller may make on this registration now; the app shows a button for each. */
  actions: z.array(VolunteerAction),
});
export type VolunteerView = z.infer<typeof VolunteerView>;

export const ActivityInput = z
  .object({
    title: text(2, 60, '标题'),
    description: text(2, 2000, '活动说明', 'multiline'),
    category: text(1, 20, '类别').optional(),
    startAt: When,
    endAt: When,
    location: text(1, 100, '地点'),
    capacity: z.number().int('人数须为整数').min(1, '至少1人').max(1000, '最多1000人'),
    pointsPerHour: z.number().int('积分须为整数').min(0, '积分不能为负数').max(1000, '每小时最多1000积分'),
    skills: z.array(text(1, 20, '技能')).max(10).optional(),
    /** 服务供需对接: a one-seat task for a request (capacity is then 1). */
    requestId: Id.optional(),
  })
  .strict()
  .refine((a) => Date.parse(a.endAt) > Date.parse(a.startAt), { message: '结束时间须晚于开始时间', path: ['endAt'] });

export const ActivityStatus = z.enum(['upcoming', 'ongoing', 'ended']);
export const ACTIVITY_STATUS_LABELS = { upcoming: '报名中', ongoing: '进行中', ended: '已结束' } as const;

/**
 * The moves on an activity (volunteer.rules.ts availableActivityActions), each one endpoint: sign_up (POST
 * …/signups), withdraw (DELETE …/signups/me), check_in / check_out (POST …/checkins with the code), issue_code
 * (POST …/checkin-codes), view_roster (GET …/signups), confirm_hours (POST …/attendance, for a volunteer on the
 * roster). There is no endpoint to edit or call off an activity, so no such action.
 */
export const ActivityAction = z.enum(['sign_up', 'withdraw', 'check_in', 'check_out', 'issue_code', 'view_roster', 'confirm_hours']);
export type ActivityAction = z.infer<typeof ActivityAction>;

export const ActivityView = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  category: z.string().optional(),
  startAt: z.string(),
  endAt: z.string(),
  location: z.string(),
  capacity: z.number().int(),
  pointsPerHour: z.number().int(),
  skills: z.array(z.string()),
  requestId: Id.optional(),
  status: ActivityStatus,
  signedUp: z.number().int(),
  waitlisted: z.number().int(),
  /** The caller's place: confirmed, waitlisted (with position), or none. */
  mine: z.object({ status: z.enum(['confirmed', 'waitlisted', 'none']), position: z.number().int().optional(), checkedIn: z.boolean(), checkedOut: z.boolean(), confirmedHours: z.number().optional() }),
  createdByName: z.string(),
  /** The moves this caller may make on this activity now; the app shows a button for each and derives none. */
  actions: z.array(ActivityAction),
});
export type ActivityView = z.infer<typeof ActivityView>;

export const RosterEntry = z.object({
  volunteerId: Id,
  name: z.string(),
  status: z.enum(['confirmed', 'waitlisted', 'walk_in']),
  checkedInAt: z.string().optional(),
  checkedOutAt: z.string().optional(),
  suggestedHours: z.number().nullable(),
  confirmedHours: z.number().optional(),
  points: z.number().int().optional(),
});

export const CheckinCode = z.object({
  /** 6 digits, typed when the camera fails (H5). */
  code: z.string().regex(/^\d{6}$/),
  /** What the QR code encodes. */
  qr: z.string(),
  expiresAt: z.string(),
  refreshInSeconds: z.number().int(),
});

export const CheckinInput = z.object({ code: z.string().trim().regex(/^\d{6}$/, '请输入6位签到码'), kind: z.enum(['in', 'out']) }).strict();
export const AttendanceInput = z.object({ volunteerId: Id, hours: z.number().positive('时长须大于0').max(24) }).strict();

/**
 * Kinds of ledger movement. `report_reward` (随手拍奖励) adds to the balance and is spent in the mall like any
 * points, but is no service: no hours, so no stars, and not in the points earned that the leaderboard ranks.
 */
export const LedgerKind = z.enum(['earn', 'redeem', 'refund', 'adjust', 'report_reward']);
export type LedgerKind = z.infer<typeof LedgerKind>;
export const LEDGER_KIND_LABELS: Record<LedgerKind, string> = { earn: '服务积分', redeem: '兑换', refund: '退回', adjust: '调整', report_reward: '随手拍奖励' };

export const LedgerEntryView = z.object({
  id: Id,
  kind: LedgerKind,
  /** 存入 (positive) or 取出 (negative). */
  amount: z.number().int(),
  /** 结余 after this entry. */
  balanceAfter: z.number().int(),
  hours: z.number().optional(),
  note: z.string(),
  /** The request a 随手拍奖励 was for (its page opens from the passbook line). */
  requestId: Id.optional(),
  createdAt: z.string(),
});

export const AdjustInput = z.object({ volunteerId: Id, amount: z.number().int().min(-100000).max(100000).refine((n) => n !== 0, '调整数不能为0'), reason: text(2, 200, '原因', 'multiline') }).strict();

export const RewardInput = z
  .object({
    name: text(1, 40, '名称'),
    cost: z.number().int().min(1).max(100000),
    stock: z.number().int().min(0).max(100000),
    description: text(1, 500, '说明', 'multiline').optional(),
    /** The key from POST /api/uploads/photos (purpose reward); any other key is refused. */
    photoKey: PhotoKey.optional(),
  })
  .strict();

/** redeem (POST /api/rewards/{id}/redemptions): listed only when the caller's balance covers the cost and stock remains. */
export const RewardAction = z.enum(['redeem']);
export type RewardAction = z.infer<typeof RewardAction>;

export const RewardView = z.object({
  id: Id,
  name: z.string(),
  cost: z.number().int(),
  stock: z.number().int(),
  description: z.string().optional(),
  photoUrl: z.string().optional(),
  /** 爱心商家 offering it; absent for the community's own 积分超市. */
  merchantName: z.string().optional(),
  mine: z.boolean(),
  /** The moves this caller may make on this reward now (redeem when affordable and in stock). */
  actions: z.array(RewardAction),
});

export const RedemptionStatus = z.enum(['issued', 'fulfilled', 'cancelled', 'expired']);
export const REDEMPTION_STATUS_LABELS = { issued: '待核销', fulfilled: '已核销', cancelled: '已取消', expired: '已过期' } as const;
/** fulfil (POST /api/redemptions/{code}/fulfil): the reward's merchant, or staff for the 积分超市; cancel (DELETE): who redeemed it. */
export const RedemptionAction = z.enum(['fulfil', 'cancel']);
export type RedemptionAction = z.infer<typeof RedemptionAction>;
export type RedemptionStatus = z.infer<typeof RedemptionStatus>;

export const RedemptionView = z.object({
  id: Id,
  code: z.string(),
  rewardId: Id,
  rewardName: z.string(),
  cost: z.number().int(),
  status: RedemptionStatus,
  volunteerName: z.string().optional(),
  expiresAt: z.string(),
  createdAt: z.string(),
  fulfilledAt: z.string().optional(),
  /** The moves this caller may make on this code now. */
  actions: z.array(RedemptionAction),
});

export const RedemptionCodeParams = z.object({ code: z.string().regex(/^[A-Z2-9]{8}$/, '兑换码格式不正确') }).strict();

/** withhold (POST /api/star-awards/{id}/withhold): staff, during the 公示 only. */
export const StarAwardAction = z.enum(['withhold']);
export type StarAwardAction = z.infer<typeof StarAwardAction>;
export const StarAwardStatus = z.enum(['announced', 'withheld', 'granted']);
export type StarAwardStatus = z.infer<typeof StarAwardStatus>;

export const StarAwardView = z.object({
  id: Id,
  volunteerName: z.string(),
  stars: z.number().int(),
  hours: z.number(),
  reachedAt: z.string(),
  publicUntil: z.string(),
  status: StarAwardStatus,
  reason: z.string().optional(),
  /** Certificate number, once granted. */
  certificateNo: z.string().optional(),
  communityName: z.string(),
  /** The moves this caller may make on this award now. */
  actions: z.array(StarAwardAction),
});

export const ServicePostInput = z.object({ title: text(2, 40, '岗位名称'), description: text(2, 500, '岗位说明', 'multiline'), slots: z.number().int().min(1).max(100) }).strict();
/** claim (POST /api/service-posts/{id}/claims): an approved party-member volunteer, while a slot is free. */
export const ServicePostAction = z.enum(['claim']);
export type ServicePostAction = z.infer<typeof ServicePostAction>;

export const ServicePostView = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  slots: z.number().int(),
  claimed: z.number().int(),
  claimedByMe: z.boolean(),
  claimants: z.array(z.string()).optional(),
  /** The moves this caller may make on this post now. */
  actions: z.array(ServicePostAction),
});

export const LeaderboardQuery = z.object({ by: z.enum(['hours', 'points']).default('hours'), period: z.enum(['month', 'year', 'all']).default('month') }).strict();
export const LeaderboardView = z.object({
  by: z.enum(['hours', 'points']),
  period: z.enum(['month', 'year', 'all']),
  items: z.array(z.object({ rank: z.number().int(), name: z.string(), value: z.number(), stars: z.number().int(), me: z.boolean() })),
});
