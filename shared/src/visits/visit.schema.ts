import * as z from 'zod';
import { Id } from '../common/ids';
import { lineText, multilineText } from '../common/text';
import { RequestStatus } from '../requests/request.schema';
import { CaseStatus } from '../mediation/mediation.schema';

/**
 * 走访 (民情日记): a grid worker's visit to a household of their grid. What is recorded and why (PIPL, README 走访):
 * the day (the visit counts for the household's care interval and the quarter's coverage), who was met (whom the
 * notes are about, by the register's occupant ids), topics (what the grid hears about, for figures), notes (what was
 * said and seen: the record the next visitor reads), follow-up items (what was promised, with a day), and for each
 * occupant without an account whether they agreed to be recorded.
 */
export const VISIT_TOPICS = ['hardship', 'policy', 'suggestion', 'dispute_risk', 'safety_risk', 'other'] as const;
export const VisitTopic = z.enum(VISIT_TOPICS);
export type VisitTopic = z.infer<typeof VisitTopic>;
export const VISIT_TOPIC_LABELS: Record<VisitTopic, string> = {
  hardship: '困难帮扶',
  policy: '政策咨询',
  suggestion: '意见建议',
  dispute_risk: '矛盾隐患',
  safety_risk: '安全隐患',
  other: '其他',
};

/** A visit is recorded at most this many days after it happened (a week's notes typed up at the weekend, a late entry). */
export const VISIT_MAX_AGE_DAYS = 30;
/** Follow-up items are due at most this many days after the visit. */
export const FOLLOW_UP_MAX_DAYS = 365;
export const VISIT_MAX_MET = 20;
export const VISIT_MAX_FOLLOW_UPS = 10;

/** A calendar day in Asia/Shanghai, `YYYY-MM-DD`. */
export const VisitDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/**
 * Consent of a person met to being named in the visit record: `account` — an occupant who uses the mini-program
 * (their account's privacy terms cover it; nothing asked at the door); `given` — an occupant without an account, or
 * someone not on the register, agreed at the visit (the grid worker records it: who recorded it and when is kept);
 * `refused` — they did not agree: the visit then stores neither their name nor their occupant id, only that one
 * person was met (shown as 一位住户（未同意登记）), so the counts stay true and nothing identifies them.
 */
export const MET_CONSENTS = ['account', 'given', 'refused'] as const;
export const MetConsent = z.enum(MET_CONSENTS);
export type MetConsent = z.infer<typeof MetConsent>;
export const MET_CONSENT_LABELS: Record<MetConsent, string> = { account: '已注册用户', given: '本人同意登记', refused: '未同意登记' };
/** What a visit shows for a person who did not agree to be named. */
export const REFUSED_PERSON_LABEL = '一位住户（未同意登记）';
export const REFUSED_GUEST_LABEL = '一位来访者（未同意登记）';
/** What a visit shows for an occupant whose register entry was erased since (moved out, on request). */
export const ERASED_OCCUPANT_LABEL = '一位住户（档案已删除）';
/** What a visit shows for a person met whose account was deleted. */
export const ANONYMISED_PERSON_LABEL = '一位住户（已注销）';

/**
 * One person met: an occupant on the register (by id; `consent` required when they have no account: the server
 * checks) or someone not on it (a relative, a carer) by name, which is only given with their consent.
 */
export const MetInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('occupant'), occupantId: Id, consent: z.enum(['given', 'refused']).optional() }).strict(),
  z
    .object({
      kind: z.literal('other'),
      name: lineText('姓名').min(1, '姓名不能为空').max(20, '姓名最多20个字').optional(),
      relation: lineText('关系').min(1, '关系不能为空').max(10, '关系最多10个字').optional(),
      consent: z.enum(['given', 'refused']),
    })
    .strict()
    .refine((v) => (v.consent === 'given' ? !!v.name : !v.name && !v.relation), { path: ['name'], message: '同意登记时请填写姓名；未同意登记时不要填写姓名和关系' }),
]);
export type MetInput = z.infer<typeof MetInput>;

export const FollowUpInput = z
  .object({
    text: lineText('待办事项').min(2, '待办事项至少2个字').max(100, '待办事项最多100个字'),
    /** The day it is due (Asia/Shanghai): not before the visit, at most FOLLOW_UP_MAX_DAYS after it. */
    dueOn: VisitDay,
  })
  .strict();
export type FollowUpInput = z.infer<typeof FollowUpInput>;

/** The household visited when it is not on the register yet: it is created at the first visit (住户名册's create path). */
export const VisitAddress = z
  .object({
    buildingId: Id,
    unit: lineText('单元').min(1, '单元不能为空').max(16, '单元最多16个字'),
    room: lineText('房号').min(1, '房号不能为空').max(16, '房号最多16个字'),
  })
  .strict();

export const CreateVisitInput = z
  .object({
    /** The household: by its record, or by address (created when not on the register). Exactly one of the two. */
    householdId: Id.optional(),
    address: VisitAddress.optional(),
    /** The day of the visit (Asia/Shanghai): not in the future, at most VISIT_MAX_AGE_DAYS ago (the server checks). */
    date: VisitDay,
    met: z.array(MetInput).max(VISIT_MAX_MET, `最多登记${VISIT_MAX_MET}人`).default([]),
    topics: z.array(VisitTopic).min(1, '请至少选择一个走访事项').max(VISIT_TOPICS.length),
    notes: multilineText('走访记录').max(2000, '走访记录最多2000个字').optional(),
    followUps: z.array(FollowUpInput).max(VISIT_MAX_FOLLOW_UPS, `最多${VISIT_MAX_FOLLOW_UPS}个待办事项`).default([]),
  })
  .strict()
  .refine((v) => !!v.householdId !== !!v.address, { path: ['householdId'], message: '请选择走访的住户，或填写楼栋、单元和房号' })
  .refine((v) => new Set(v.topics).size === v.topics.length, { path: ['topics'], message: '走访事项不能重复' })
  .refine(
    (v) => {
      const ids = v.met.flatMap((m) => (m.kind === 'occupant' ? [m.occupantId] : []));
      return new Set(ids).size === ids.length;
    },
    { path: ['met'], message: '同一位住户只需登记一次' },
  );
export type CreateVisitInput = z.input<typeof CreateVisitInput>;
export type CreateVisitBody = z.output<typeof CreateVisitInput>;

export const VisitIdParams = z.object({ visitId: Id }).strict();
export const FollowUpParams = z.object({ visitId: Id, followUpId: Id }).strict();

export const CompleteFollowUpInput = z.object({ note: lineText('办理情况').min(1, '办理情况不能为空').max(200, '办理情况最多200个字').optional() }).strict();
export type CompleteFollowUpInput = z.infer<typeof CompleteFollowUpInput>;

export const VisitListQuery = z
  .object({
    /** One household's visits (民情日记); without it, the visits of the caller's grids (grid worker) or the community (staff). */
    householdId: Id.optional(),
    gridId: Id.optional(),
    cursor: z.string().regex(/^[0-9a-f]{24}$/).optional(),
    limit: z.coerce.number().int().min(1).max(50).default(20),
  })
  .strict();
export type VisitListQuery = z.output<typeof VisitListQuery>;

export const FOLLOW_UP_STATUSES = ['open', 'done'] as const;
export const FollowUpStatus = z.enum(FOLLOW_UP_STATUSES);
export type FollowUpStatus = z.infer<typeof FollowUpStatus>;
export const FOLLOW_UP_STATUS_LABELS: Record<FollowUpStatus, string> = { open: '待办', done: '已完成' };

export const FollowUpListQuery = z
  .object({
    gridId: Id.optional(),
    /** The due key (`<due ms, 15 digits>_<follow-up id>`) of the last item of the previous page. */
    cursor: z.string().regex(/^\d{15}_[0-9a-f]{24}$/).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type FollowUpListQuery = z.output<typeof FollowUpListQuery>;

/** A follow-up item as the visit and the open list show it. */
export const FollowUpView = z.object({
  id: Id,
  visitId: Id,
  householdId: Id,
  /** 1号楼1单元101: in the open list, where the item is to be done. */
  address: z.string(),
  gridId: Id.optional(),
  text: z.string(),
  dueOn: VisitDay,
  status: FollowUpStatus,
  /** Open and its day has passed (Asia/Shanghai). */
  overdue: z.boolean(),
  doneAt: z.string().optional(),
  doneByName: z.string().optional(),
  doneNote: z.string().optional(),
  /** Whether this caller may mark it done now. */
  canComplete: z.boolean(),
});
export type FollowUpView = z.infer<typeof FollowUpView>;

/** A person met, as the visit shows them. */
export const MetView = z.object({
  /** The register's occupant, while their entry is there (absent for others, refusals and erased entries). */
  occupantId: Id.optional(),
  /** Their name, or a placeholder (一位住户（未同意登记）, 一位住户（档案已删除）, 一位住户（已注销）). */
  label: z.string(),
  relation: z.string().optional(),
  consent: MetConsent,
  /** When and by whom consent (or refusal) was recorded: the visit's recorder, at the time of recording. */
  consentAt: z.string().optional(),
});
export type MetView = z.infer<typeof MetView>;

/** A request filed from the visit (代办), as the visit lists it (the request's page has the rest). */
export const VisitRequestLink = z.object({ id: Id, title: z.string(), status: RequestStatus });

/**
 * A dispute case opened from the visit (走访发现), as the visit lists it: its id, number and state only — its contents
 * are confidential and the case page decides who reads them (a grid worker who does not mediate it sees none).
 */
export const VisitCaseLink = z.object({ id: Id, number: z.string(), status: CaseStatus });
export type VisitCaseLink = z.infer<typeof VisitCaseLink>;

export const VisitView = z.object({
  id: Id,
  communityId: Id,
  householdId: Id,
  address: z.string(),
  gridId: Id.optional(),
  /** The day of the visit (Asia/Shanghai). */
  date: VisitDay,
  recordedAt: z.string(),
  recorderId: Id.optional(),
  /** The grid worker's (or staff member's) name when recorded; 已注销 after their account was deleted. */
  recorderName: z.string(),
  topics: z.array(VisitTopic),
  /** Notes and the people met: sensitive; only staff, admins and the grid's workers get a visit at all, and every answer carrying them is audited. */
  notes: z.string().optional(),
  met: z.array(MetView),
  metCount: z.number().int(),
  followUps: z.array(FollowUpView),
  /** Requests filed from the visit (代办; `POST /api/requests` with `onBehalfOf` and `visitId`): on one visit's page, not in lists. */
  requests: z.array(VisitRequestLink).optional(),
  /** Dispute cases opened from the visit (`POST /api/mediation/cases` with `visitId`): on one visit's page, not in lists. */
  cases: z.array(VisitCaseLink).optional(),
  /** The moves this caller may make: 转为代办 (file_request). */
  actions: z.array(z.enum(['file_request'])),
});
export type VisitView = z.infer<typeof VisitView>;

export const CreateVisitResult = z.object({
  visit: VisitView,
  /** The household was not on the register and was created by this visit. */
  householdCreated: z.boolean(),
});

/** A quarter, `2026Q4`. */
export const Quarter = z.string().regex(/^\d{4}Q[1-4]$/, '季度格式应为 2026Q4');
export const VisitCoverageQuery = z.object({ quarter: Quarter.optional() }).strict();

export const VisitCoverageRow = z.object({
  gridId: Id,
  gridName: z.string(),
  /** Households on the register in the grid's buildings. */
  households: z.number().int(),
  /** Of those, visited at least once in the quarter. */
  visited: z.number().int(),
  /** visited ÷ households (null without households). */
  visitedRate: z.number().nullable(),
  /** Households with care flags. */
  flagged: z.number().int(),
  /** Of those, not overdue now (visited within their interval; never visited counts as overdue). */
  flaggedInInterval: z.number().int(),
  flaggedRate: z.number().nullable(),
});
export type VisitCoverageRow = z.infer<typeof VisitCoverageRow>;

export const VisitCoverage = z.object({
  quarter: z.string(),
  /** The quarter as Asia/Shanghai instants: its first day 00:00 to the next quarter's. */
  from: z.string(),
  to: z.string(),
  grids: z.array(VisitCoverageRow),
  total: VisitCoverageRow.omit({ gridId: true, gridName: true }),
});
export type VisitCoverage = z.infer<typeof VisitCoverage>;
