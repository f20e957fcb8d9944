import * as z from 'zod';
import { Id } from '../common/ids';
import { lineText, multilineText } from '../common/text';
import { PhoneNumber } from '../communities/community.schema';

/** A one-line text a person types, with the field's Chinese label in its messages. */
const line = (min: number, max: number, label: string) => lineText(label).min(min, `${label}不能为空`).max(max, `${label}最多${max}个字`);
/** A text of several lines (what was said at a session, the agreement). */
const text = (min: number, max: number, label: string) => multilineText(label).min(min, `请填写${label}`).max(max, `${label}最多${max}个字`);

/** 纠纷类型: the kinds the seeds' 矛盾纠纷排查 reports count by. */
export const MEDIATION_TYPES = ['neighbour', 'family', 'property', 'tenancy', 'labour', 'other'] as const;
export const MediationType = z.enum(MEDIATION_TYPES);
export type MediationType = z.infer<typeof MediationType>;
export const MEDIATION_TYPE_LABELS: Record<MediationType, string> = {
  neighbour: '邻里纠纷',
  family: '家庭纠纷',
  property: '物业纠纷',
  tenancy: '房屋租赁纠纷',
  labour: '劳资纠纷',
  other: '其他纠纷',
};

/** 风险等级: 一般, 较大, 重大 (重大 tells the street's staff at once and opens the case to them). */
export const RISK_LEVELS = ['ordinary', 'major', 'serious'] as const;
export const RiskLevel = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof RiskLevel>;
export const RISK_LEVEL_LABELS: Record<RiskLevel, string> = { ordinary: '一般', major: '较大', serious: '重大' };

/** Where a case came from: a 邻里纠纷 request (诉求转调解), a household visit (走访发现), or staff directly (直接登记). */
export const CASE_ORIGINS = ['request', 'visit', 'staff'] as const;
export const CaseOrigin = z.enum(CASE_ORIGINS);
export type CaseOrigin = z.infer<typeof CaseOrigin>;
export const CASE_ORIGIN_LABELS: Record<CaseOrigin, string> = { request: '诉求转入', visit: '走访发现', staff: '直接登记' };

/**
 * The states of a case (mediation.rules.ts moves between them):
 * - open 待调解: registered, no session yet;
 * - mediating 调解中: at least one session (also after escalation to the street, and after a 回访 found the
 *   agreement broken);
 * - agreed 待确认: 调解成功, the agreement written, waiting for every party's confirmation;
 * - confirmed 待回访: every party confirmed; the 回访 is due some days later;
 * - closed 已结案: the 回访 found the agreement holding;
 * - failed 调解不成: waiting to be escalated to the street or referred out (or ended);
 * - referred 已转出: referred to 诉讼, 仲裁, 信访 or 12345;
 * - ended 已终止: mediation ended without agreement and without referral (a party withdrew or refused to go on).
 */
export const CASE_STATUSES = ['open', 'mediating', 'agreed', 'confirmed', 'closed', 'failed', 'referred', 'ended'] as const;
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;
export const CASE_STATUS_LABELS: Record<CaseStatus, string> = {
  open: '待调解',
  mediating: '调解中',
  agreed: '调解成功·待确认',
  confirmed: '已达成协议·待回访',
  closed: '已结案',
  failed: '调解不成',
  referred: '已转出',
  ended: '已终止',
};

/** Who holds the case: the community (its grid workers, staff and 人民调解员) or, once escalated, the street. */
export const CASE_LEVELS = ['community', 'street'] as const;
export const CaseLevel = z.enum(CASE_LEVELS);
export type CaseLevel = z.infer<typeof CaseLevel>;
export const CASE_LEVEL_LABELS: Record<CaseLevel, string> = { community: '社区', street: '街道（司法所/街道人民调解委员会）' };

/** Where a case that failed is referred: 诉讼, 仲裁, 信访, 12345. */
export const REFERRAL_CHANNELS = ['litigation', 'arbitration', 'petition', 'hotline'] as const;
export const ReferralChannel = z.enum(REFERRAL_CHANNELS);
export type ReferralChannel = z.infer<typeof ReferralChannel>;
export const REFERRAL_CHANNEL_LABELS: Record<ReferralChannel, string> = { litigation: '诉讼', arbitration: '仲裁', petition: '信访', hotline: '12345热线' };


/** What happened to a case, by the type of its events (the case page's 案件记录). */
export const CASE_EVENT_LABELS: Record<string, string> = {
  opened: '登记案件',
  session: '记录调解',
  agreed: '调解成功',
  failed: '调解不成',
  confirmed: '当事人确认协议',
  signature: '登记纸质签字',
  escalated: '上报街道',
  referred: '转出',
  ended: '终止调解',
  follow_up_holds: '回访：协议履行',
  follow_up_broken: '回访：协议未履行，重新调解',
  mediator_added: '添加调解员',
  mediator_removed: '移除调解员',
};

// ---- inputs ----------------------------------------------------------------------------------------------------

/**
 * A party (当事人): a member of the community (by membership or user id: they confirm on their phone and see the
 * case in 我的调解), or a person named by the mediator, with an optional contact (they sign on paper).
 */
export const CasePartyInput = z.union([
  z.object({ membershipId: Id }).strict(),
  z.object({ userId: Id }).strict(),
  z.object({ name: line(1, 20, '姓名'), phone: PhoneNumber.optional() }).strict(),
]);
export type CasePartyInput = z.infer<typeof CasePartyInput>;

/**
 * 登记调解案件. `requestId`: opened from a 邻里纠纷 request the caller handles (its filer becomes a party
 * unless named); `visitId`: found on a household visit. Neither: registered directly (直接登记). At least two parties
 * in all (the request's filer counted).
 */
export const CreateCaseInput = z
  .object({
    type: MediationType,
    risk: RiskLevel,
    place: line(1, 60, '地点'),
    summary: text(1, 1000, '纠纷概况'),
    parties: z.array(CasePartyInput).min(1, '请添加当事人').max(10, '当事人最多10人'),
    requestId: Id.optional(),
    visitId: Id.optional(),
  })
  .strict()
  .refine((v) => !(v.requestId && v.visitId), { path: ['visitId'], message: '案件只能来自一个诉求或一次走访' });
export type CreateCaseInput = z.infer<typeof CreateCaseInput>;

/** A session (调解记录): when and where, who attended, what was said, the next step. */
export const CaseSessionInput = z
  .object({
    at: z.string().datetime({ offset: true, message: '请选择调解时间' }),
    place: line(1, 60, '地点'),
    attendees: z.array(line(1, 20, '参加人')).min(1, '请填写参加人').max(20, '参加人最多20个'),
    said: text(1, 2000, '调解情况'),
    nextStep: line(1, 200, '下一步').optional(),
  })
  .strict();
export type CaseSessionInput = z.infer<typeof CaseSessionInput>;

/** 结案: 调解成功 with the agreement (调解协议), or 调解不成 with the reason. */
/**
 * `expectedStatus`: the state the caller saw when deciding (the page sends it). When the case has moved since, the
 * conclusion is refused (409 案件状态已变化，请刷新后再操作): 调解不成 is legal from 调解成功·待确认 too, so without it
 * a mediator on an out-of-date page would undo another's agreement unknowingly.
 */
export const ConcludeCaseInput = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('agreed'), agreement: text(1, 3000, '调解协议内容'), expectedStatus: CaseStatus.optional() }).strict(),
  z.object({ outcome: z.literal('failed'), reason: text(1, 500, '调解不成的原因'), expectedStatus: CaseStatus.optional() }).strict(),
]);
export type ConcludeCaseInput = z.infer<typeof ConcludeCaseInput>;

export const EscalateCaseInput = z.object({ note: text(1, 500, '上报说明') }).strict();
export const ReferCaseInput = z.object({ channel: ReferralChannel, note: text(1, 500, '转出说明') }).strict();
export const EndCaseInput = z.object({ reason: text(1, 500, '终止原因') }).strict();
export const CaseFollowUpInput = z.object({ holds: z.boolean(), note: text(1, 500, '回访情况') }).strict();
export const AddMediatorInput = z.object({ userId: Id }).strict();
/** A paper signature of a party without the app, recorded by a mediator (who saw it signed). */
export const PaperSignatureInput = z.object({ note: line(1, 100, '说明').optional() }).strict();

export const CaseIdParams = z.object({ caseId: Id }).strict();
export const CaseMediatorParams = z.object({ caseId: Id, userId: Id }).strict();
export const CasePartyParams = z.object({ caseId: Id, partyId: Id }).strict();

/**
 * Lists: `scope=community` (staff, admins, street staff: the community's cases, no contents), `mediator` (cases I
 * mediate; street staff: the community's cases held by the street or graded 重大), `party` (我的调解).
 * `open=1`: only those still being worked on (not closed, referred or ended).
 * `followUpDue=1` (scopes mediator and community): the agreements waiting for their 回访 (status confirmed), the
 * earliest due first — overdue ones at the top; street staff get those the street holds. Its pages go by
 * `<due time in ms, 15 digits>_<id>` cursors (the `nextCursor` it answers); the other lists' by id.
 */
export const CaseListQuery = z
  .object({
    scope: z.enum(['community', 'mediator', 'party']).default('mediator'),
    status: CaseStatus.optional(),
    open: z.enum(['1']).optional(),
    followUpDue: z.enum(['1']).optional(),
    cursor: z.string().regex(/^(\d{15}_)?[0-9a-f]{24}$/).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type CaseListQuery = z.output<typeof CaseListQuery>;

/** Residents a mediator may name as parties: by name (at least one character), at most 20. */
export const PartyCandidateQuery = z.object({ q: lineText('姓名').min(1, '请输入姓名').max(20) }).strict();
export const PartyCandidate = z.object({ membershipId: Id, userId: Id, name: z.string(), address: z.string().optional() });
export type PartyCandidate = z.infer<typeof PartyCandidate>;

/** Mediators a case may be given to: the community's grid workers, staff and 人民调解员. */
export const MediatorCandidate = z.object({ userId: Id, name: z.string(), roleLabel: z.string() });
export type MediatorCandidate = z.infer<typeof MediatorCandidate>;

export const MediationStatsQuery = z
  .object({
    /** Cases opened from this month on (`YYYY-MM`, Asia/Shanghai), and up to this month. */
    from: z.string().regex(/^\d{4}-\d{2}$/, '月份格式为YYYY-MM').optional(),
    to: z.string().regex(/^\d{4}-\d{2}$/, '月份格式为YYYY-MM').optional(),
  })
  .strict();
export type MediationStatsQuery = z.infer<typeof MediationStatsQuery>;

// ---- views -----------------------------------------------------------------------------------------------------

/**
 * The moves the API may offer on a case, by button: 记录调解 (session), 调解成功 / 调解不成 (conclude), 确认协议
 * (the caller as a party), 代签 (record a paper signature of a party without the app), 上报街道, 转出, 终止调解,
 * 回访, 调整调解员 (add or remove mediators).
 */
export const CASE_VIEW_ACTIONS = ['record_session', 'conclude', 'confirm', 'record_signature', 'escalate', 'refer', 'end', 'follow_up', 'manage_mediators'] as const;
export const CaseViewAction = z.enum(CASE_VIEW_ACTIONS);
export type CaseViewAction = z.infer<typeof CaseViewAction>;

export const CaseMediatorView = z.object({ userId: Id, name: z.string(), roleLabel: z.string() });

/**
 * A party as a caller sees them: the contact only to the case's mediators (and those who hold the case's contents
 * as overseers) and to the party themselves — never to the other party.
 */
export const CasePartyView = z.object({
  id: Id,
  name: z.string(),
  /** Uses the mini-program (confirms on their phone); false for a named person (paper signature). */
  hasAccount: z.boolean(),
  phone: z.string().optional(),
  isMe: z.boolean(),
  /** When they confirmed the current agreement, and how (on their phone, or on paper as recorded by a mediator). */
  confirmation: z.object({ at: z.string(), by: z.enum(['self', 'paper']) }).optional(),
});
export type CasePartyView = z.infer<typeof CasePartyView>;

export const CaseSessionView = z.object({
  id: Id,
  at: z.string(),
  place: z.string(),
  attendees: z.array(z.string()),
  said: z.string(),
  nextStep: z.string().optional(),
  recordedByName: z.string(),
  level: CaseLevel,
});

/** What happened to the case, in order (the case's own timeline; never copied to a request). */
export const CaseEventView = z.object({ type: z.string(), label: z.string(), at: z.string(), actorName: z.string(), note: z.string().optional() });

/** The contents of a case: for its mediators, admins, the street once it holds it (and for 重大), and its parties. */
export const CaseContentsView = z.object({
  place: z.string(),
  summary: z.string(),
  parties: z.array(CasePartyView),
  sessions: z.array(CaseSessionView),
  /** The current agreement (调解协议), from 调解成功 on. */
  agreement: z.object({ text: z.string(), at: z.string() }).optional(),
  /** Earlier agreements that broke down at 回访. */
  brokenAgreements: z.array(z.object({ text: z.string(), at: z.string() })),
  referral: z.object({ channel: ReferralChannel, note: z.string(), at: z.string() }).optional(),
  followUps: z.array(z.object({ holds: z.boolean(), note: z.string(), at: z.string(), byName: z.string() })),
  events: z.array(CaseEventView),
  /** The 邻里纠纷 request or the visit the case came from (ids only: each opens with its own rules). */
  requestId: Id.optional(),
  visitId: Id.optional(),
});
export type CaseContentsView = z.infer<typeof CaseContentsView>;

/**
 * A case. What everyone allowed to see it at all gets (staff's list): type, level, state, who mediates, dates.
 * `contents` only for those the permission table lets read them; every answer carrying contents is in the audit log.
 */
export const CaseView = z.object({
  id: Id,
  /** A short number for talking about it (调解案件 No.), from the id. */
  number: z.string(),
  type: MediationType,
  risk: RiskLevel,
  status: CaseStatus,
  level: CaseLevel,
  origin: CaseOrigin,
  gridId: Id.optional(),
  mediators: z.array(CaseMediatorView),
  partyCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  concludedAt: z.string().optional(),
  /** When the 回访 is due (from the agreement on). */
  followUpDueAt: z.string().optional(),
  /** How many times a broken agreement sent it back to mediation. */
  reopenCount: z.number().int(),
  /** What the caller is to this case. */
  viewer: z.object({ isMediator: z.boolean(), isParty: z.boolean() }),
  contents: CaseContentsView.optional(),
  actions: z.array(CaseViewAction),
});
export type CaseView = z.infer<typeof CaseView>;

/** Counts by type and level, the seeds' measures, and the median days from opening to conclusion. */
export const MediationStats = z.object({
  total: z.number().int(),
  open: z.number().int(),
  concluded: z.number().int(),
  succeeded: z.number().int(),
  referred: z.number().int(),
  escalated: z.number().int(),
  byType: z.array(z.object({ type: MediationType, label: z.string(), count: z.number().int() })),
  byRisk: z.array(z.object({ risk: RiskLevel, label: z.string(), count: z.number().int() })),
  byStatus: z.array(z.object({ status: CaseStatus, label: z.string(), count: z.number().int() })),
  /** 化解率 = succeeded ÷ concluded. */
  resolutionRate: z.number().nullable(),
  /** 小事不出网格 = concluded successfully at grid level ÷ concluded. */
  gridRate: z.number().nullable(),
  /** 大事不出镇街 = concluded without referral out ÷ concluded. */
  streetRate: z.number().nullable(),
  /** 矛盾不上交 = not referred out ÷ all cases. */
  notReferredRate: z.number().nullable(),
  /** Median days from opening to conclusion of the concluded cases. */
  medianDaysToResolve: z.number().nullable(),
  followUps: z.object({ held: z.number().int(), broken: z.number().int(), rate: z.number().nullable() }),
});
export type MediationStats = z.infer<typeof MediationStats>;
