import * as z from 'zod';
import { Id } from '../common/ids';
import { lineText, multilineText, type TextKind } from '../common/text';
import { PhotoKey } from '../requests/request.schema';

/**
 * 议事协商 lifecycle (see consultation.rules.ts): proposed → collecting (附议) → review → discussion → voting →
 * decided → implementing → done; or lapsed / rejected / merged.
 */
export const CONSULTATION_STATUSES = [
  'proposed',
  'collecting',
  'review',
  'discussion',
  'voting',
  'decided',
  'implementing',
  'done',
  'lapsed',
  'rejected',
  'merged',
] as const;
export const ConsultationStatus = z.enum(CONSULTATION_STATUSES);
export type ConsultationStatus = z.infer<typeof ConsultationStatus>;

export const CONSULTATION_STATUS_LABELS: Record<ConsultationStatus, string> = {
  proposed: '内容审核中',
  collecting: '征集附议',
  review: '待社区审核',
  discussion: '讨论中',
  voting: '投票中',
  decided: '已表决',
  implementing: '落实中',
  done: '已完成',
  lapsed: '附议未达标',
  rejected: '未采纳',
  merged: '已合并',
};

export const SCOPE_LEVELS = ['community', 'grid', 'building'] as const;
export const ScopeLevel = z.enum(SCOPE_LEVELS);
export type ScopeLevel = z.infer<typeof ScopeLevel>;
export const SCOPE_LEVEL_LABELS: Record<ScopeLevel, string> = { community: '全社区', grid: '本网格', building: '本楼栋' };

/** Who a topic belongs to; for the community level the id defaults to the caller's community. */
export const ConsultationScopeInput = z
  .object({ level: ScopeLevel, id: Id.optional() })
  .strict()
  .refine((s) => s.level === 'community' || !!s.id, { message: '请选择网格或楼栋', path: ['id'] });

export const VoteRule = z.enum(['per_resident', 'per_household']);
export type VoteRule = z.infer<typeof VoteRule>;
export const VOTE_RULE_LABELS: Record<VoteRule, string> = { per_resident: '一人一票', per_household: '一户一票' };

export const Stance = z.enum(['for', 'against', 'neutral']);
export type Stance = z.infer<typeof Stance>;
export const STANCE_LABELS: Record<Stance, string> = { for: '支持', against: '反对', neutral: '中立' };

/** A text a person types: one-line unless said (controls refused, see common/text.ts). */
const text = (min: number, max: number, label: string, kind: TextKind = 'line') =>
  (kind === 'line' ? lineText(label) : multilineText(label)).min(min, `${label}至少${min}个字`).max(max, `${label}最多${max}个字`);

const OptionsInput = z
  .array(z.object({ label: text(1, 40, '选项') }).strict())
  .min(2, '至少需要两个选项')
  .max(10, '最多十个选项')
  .refine((opts) => new Set(opts.map((o) => o.label)).size === opts.length, { message: '选项不能重复' });

/** The voting fields staff set when they create a topic, approve a proposal or open voting. */
export const VotingSettingsInput = z
  .object({
    voteRule: VoteRule.optional(),
    options: OptionsInput.optional(),
    /** 1 = single choice; more = multiple choice up to this many options. */
    maxChoices: z.number().int().min(1).max(10).optional(),
    /** Minimum turnout as a fraction of the eligible (0–1); a vote below it is not valid. */
    quorum: z.number().min(0).max(1).optional(),
    votingEndsAt: z.string().datetime({ offset: true }).optional(),
  })
  .strict();
export type VotingSettingsInput = z.infer<typeof VotingSettingsInput>;

export const CreateConsultationInput = VotingSettingsInput.extend({
  title: text(4, 60, '标题'),
  body: text(10, 2000, '内容', 'multiline'),
  scope: ConsultationScopeInput,
  /** Staff only: create straight into discussion (default for staff) or voting. */
  stage: z.enum(['discussion', 'voting']).optional(),
}).strict();
export type CreateConsultationInput = z.infer<typeof CreateConsultationInput>;

export const EditConsultationInput = z.object({ title: text(4, 60, '标题').optional(), body: text(10, 2000, '内容', 'multiline').optional() }).strict();

export const ConsultationActionInput = z.discriminatedUnion('action', [
  // proposed (held by content security) → collecting; review → discussion; with voting fields optional.
  VotingSettingsInput.extend({ action: z.literal('approve') }).strict(),
  z.object({ action: z.literal('reject'), reason: text(2, 500, '理由', 'multiline') }).strict(),
  z.object({ action: z.literal('merge'), targetId: Id, reason: text(2, 500, '理由', 'multiline').optional() }).strict(),
  // collecting → review before the threshold is reached, when the 党组织 or 居委会 consider it necessary; residents see why.
  z.object({ action: z.literal('send_to_review'), reason: text(2, 500, '理由', 'multiline') }).strict(),
  VotingSettingsInput.extend({ action: z.literal('open_voting') }).strict(),
  z.object({ action: z.literal('close_voting') }).strict(),
  z
    .object({
      action: z.literal('post_update'),
      note: text(2, 1000, '进展说明', 'multiline'),
      progress: z.number().int().min(0).max(100),
      photoKeys: z.array(PhotoKey).max(9).optional(),
    })
    .strict(),
  z.object({ action: z.literal('complete'), note: text(2, 1000, '完成说明', 'multiline').optional() }).strict(),
]);
export type ConsultationActionInput = z.infer<typeof ConsultationActionInput>;

export const CommentInput = z
  .object({ body: text(2, 500, '评论', 'multiline'), stance: Stance, parentId: Id.optional() })
  .strict();

export const ModerateCommentInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('hide'), reason: text(2, 200, '理由', 'multiline') }).strict(),
  z.object({ action: z.literal('approve') }).strict(),
]);

export const VoteInput = z
  .object({ optionIds: z.array(Id).min(1, '请选择').max(10) })
  .strict()
  .refine((v) => new Set(v.optionIds).size === v.optionIds.length, { message: '选项不能重复', path: ['optionIds'] });

export const ConsultationListQuery = z
  .object({
    status: ConsultationStatus.optional(),
    /** community | grid:<id> | building:<id> */
    scope: z
      .string()
      .regex(/^(community|grid:[0-9a-f]{24}|building:[0-9a-f]{24})$/, '范围格式应为 community、grid:<编号> 或 building:<编号>')
      .optional(),
    /** Stage groups the app's tabs use: active (collecting…voting), following (decided…done), closed. */
    stage: z.enum(['active', 'following', 'ended', 'held']).optional(),
    cursor: z.string().regex(/^[0-9a-f]{24}$/).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

export const ConsultationIdParams = z.object({ consultationId: Id }).strict();
export const CommentIdParams = z.object({ consultationId: Id, commentId: Id }).strict();

export const ConsultationOption = z.object({ id: Id, label: z.string() });

export const ConsultationResults = z.object({
  tallies: z.array(z.object({ optionId: Id, count: z.number().int() })),
  /** Ballots cast (each resident or household once). */
  turnout: z.number().int(),
  /** Residents or households eligible when voting opened. */
  eligible: z.number().int(),
  quorumMet: z.boolean(),
  /** Every receipt under the options its ballot chose, so each voter can find theirs and anyone can count. */
  receipts: z.record(z.string(), z.array(z.string())),
});
export type ConsultationResults = z.infer<typeof ConsultationResults>;

export const ConsultationEvent = z.object({
  id: Id,
  type: z.string(),
  actorName: z.string().optional(),
  at: z.string(),
  note: z.string().optional(),
});

export const ConsultationUpdate = z.object({
  id: Id,
  note: z.string(),
  progress: z.number().int(),
  at: z.string(),
  authorName: z.string().optional(),
  photos: z.array(z.object({ key: z.string(), url: z.string() })),
});

/**
 * The moves the API may offer on a topic, by the name of the button: the author's edit, a resident's 附议, comment and
 * vote, and the staff moves of `act` (consultation.rules.ts `availableConsultationActions` decides which are possible now).
 */
export const CONSULTATION_VIEW_ACTIONS = [
  'edit',
  'support',
  'comment',
  'vote',
  'approve',
  'reject',
  'merge',
  'send_to_review',
  'open_voting',
  'close_voting',
  'post_update',
  'complete',
] as const;
export const ConsultationViewAction = z.enum(CONSULTATION_VIEW_ACTIONS);
export type ConsultationViewAction = z.infer<typeof ConsultationViewAction>;

/** The moves the API may offer on one comment: report it, or (moderators) hide it or approve it when held. */
export const COMMENT_VIEW_ACTIONS = ['report', 'hide', 'approve'] as const;
export const CommentViewAction = z.enum(COMMENT_VIEW_ACTIONS);
export type CommentViewAction = z.infer<typeof CommentViewAction>;

export const ConsultationView = z.object({
  id: Id,
  title: z.string(),
  body: z.string(),
  status: ConsultationStatus,
  scope: z.object({ level: ScopeLevel, id: Id, name: z.string() }),
  authorName: z.string(),
  /** True when staff created the topic (no resident author, no 附议 stage). */
  byStaff: z.boolean(),
  createdAt: z.string(),
  contentStatus: z.enum(['pass', 'review']),
  supportCount: z.number().int(),
  supportThreshold: z.number().int(),
  collectUntil: z.string().optional(),
  voteRule: VoteRule,
  options: z.array(ConsultationOption),
  maxChoices: z.number().int(),
  quorum: z.number().optional(),
  votingStartsAt: z.string().optional(),
  votingEndsAt: z.string().optional(),
  /** Eligible residents or households, frozen when voting opened. */
  eligible: z.number().int().optional(),
  /** Ballots so far (counts only; never who voted what). */
  turnout: z.number().int().optional(),
  results: ConsultationResults.optional(),
  progress: z.number().int(),
  updates: z.array(ConsultationUpdate),
  timeline: z.array(ConsultationEvent),
  commentCounts: z.object({ for: z.number().int(), against: z.number().int(), neutral: z.number().int() }),
  mergedInto: Id.optional(),
  reason: z.string().optional(),
  /** Why staff sent the topic to review before its threshold was reached (shown to everyone who sees the topic). */
  reviewReason: z.string().optional(),
  viewer: z.object({
    isAuthor: z.boolean(),
    /** The viewer lives in the topic's scope (may support, comment and vote). */
    inScope: z.boolean(),
    supported: z.boolean(),
    canSupport: z.boolean(),
    canEdit: z.boolean(),
    canComment: z.boolean(),
    /** The viewer (or their household) is on the frozen list and has not voted yet. */
    canVote: z.boolean(),
    /** The viewer (or, per household, someone in their household) has voted. */
    voted: z.boolean(),
    isStaff: z.boolean(),
  }),
  /**
   * The moves this caller may make on this topic now: permitted to them and allowed by the stage. The app renders its
   * buttons from this list and re-derives nothing; the endpoints check again.
   */
  actions: z.array(ConsultationViewAction),
});
export type ConsultationView = z.infer<typeof ConsultationView>;

export const CommentView = z.object({
  id: Id,
  parentId: Id.optional(),
  authorName: z.string(),
  byStaff: z.boolean(),
  mine: z.boolean(),
  stance: Stance,
  /** Absent when hidden: the app shows 该评论已被隐藏 and the reason. */
  body: z.string().optional(),
  hidden: z.object({ reason: z.string() }).optional(),
  /** Held by content security: only the author and staff see it until approved. */
  pendingReview: z.boolean().optional(),
  reportCount: z.number().int().optional(),
  reportedByMe: z.boolean(),
  createdAt: z.string(),
  /** The moves this caller may make on this comment now (as `actions` on a topic). */
  actions: z.array(CommentViewAction),
});
export type CommentView = z.infer<typeof CommentView>;

export const VoteReceipt = z.object({
  /** Random code shown once; kept on the device to find the ballot in the published results. */
  receipt: z.string(),
  optionIds: z.array(Id),
});
export type VoteReceipt = z.infer<typeof VoteReceipt>;
