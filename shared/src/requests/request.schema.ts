import * as z from 'zod';
import { Id } from '../common/ids';
import { lineText, multilineText } from '../common/text';
import { ReportRewardOffer, ReportRewardView } from './report-reward.schema';
import { DecideExtensionInput, ExtensionView, RequestExtensionInput } from './extension.schema';
import { CallBackInput, CallBackView } from './call-back.schema';
import { DispatchActionInputs, DispatchSummary, PendingSendBackView, RequestHolder } from './dispatch.schema';
import { RequestType } from './request-type.schema';
import { FILING_SOURCES, RequestLevel, RequestSource, RequestStatus } from './request.states';
// States, sources and levels live in a leaf file (no import cycle with the dispatch/extension/call-back schemas).
export * from './request.states';

/**
 * Request categories, with their Chinese labels and the one-character mark the filing form shows on each tile: adding
 * a category is a change to this file only (the records below make the compiler ask for its label and mark).
 */
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

export const REQUEST_CATEGORY_MARKS: Record<RequestCategory, string> = {
  property: '物',
  environment: '环',
  facility: '修',
  dispute: '邻',
  elderly: '老',
  parking: '车',
  safety: '安',
  other: '他',
};

/** What stands for the words of a request filed by voice alone, where words are shown (notices, excerpts). */
export const VOICE_ONLY_TEXT = '（语音诉求）';


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

/**
 * Where the problem is: always the building (picker), optionally a free-text spot, and a point the filer marked —
 * on WeChat's map (`chooseLocation`, whose name and address become `place`) or the browser's position.
 * Coordinates are WGS-84 (common/geo.ts) and come as a pair.
 */
export const RequestLocation = z
  .object({
    buildingId: Id.optional(),
    address: lineText('地址').max(100).optional(),
    /** The marked point's name and address as the map gave them, e.g. 人民广场（黄浦区人民大道120号）. */
    place: lineText('地点').max(100, '地点最多100个字').optional(),
    lat: z.number().min(-90).max(90).optional(),
    lng: z.number().min(-180).max(180).optional(),
  })
  .strict()
  .refine((l) => (l.lat === undefined) === (l.lng === undefined), { message: '经纬度需同时提供', path: ['lng'] });

/** Object key of an uploaded photo (from the upload endpoint). */
export const PhotoKey = z.string().regex(/^[A-Za-z0-9/_.-]{1,200}$/, '照片编号格式不正确');

/** 就地办结: what the finder did on the spot (the resolution's note) and photos of the result. */
export const ResolvedOnSpotInput = z
  .object({
    note: multilineText('办理结果').min(2, '请写明现场是怎么处理的（至少2个字）').max(500, '办理结果最多500个字'),
    photoKeys: z.array(PhotoKey).max(9, '最多9张照片').optional(),
  })
  .strict();
export type ResolvedOnSpotInput = z.infer<typeof ResolvedOnSpotInput>;

export const CreateRequestInput = z
  .object({
    category: RequestCategory,
    title: lineText('标题').max(40, '标题最多40个字').optional(),
    /** Optional with a voice note (for those who would rather speak); otherwise at least 5 characters. */
    description: multilineText('描述').max(1000, '描述最多1000个字').optional(),
    location: RequestLocation.optional(),
    photoKeys: z.array(PhotoKey).max(9, '最多9张照片').optional(),
    /** A voice note uploaded through uploads.voice (≤ 60 s). */
    voiceKey: PhotoKey.optional(),
    anonymous: z.boolean().optional(),
    /** 同意工作人员电话联系我 (default yes): only then do the request's handlers see the filer's phone. Always yes for 代办. */
    phoneConsent: z.boolean().optional(),
    urgency: Urgency.optional(),
    /** 咨询, 求助 (default), 投诉 or 建议, chosen in plain words (我想咨询…): sets the deadlines (request-type.schema.ts). */
    type: RequestType.optional(),
    /** 代办: a grid worker or staff member files for a resident without a phone. */
    onBehalfOf: z
      .object({
        name: lineText('姓名').min(1).max(20),
        buildingId: Id,
        unit: lineText('单元').min(1).max(16),
        room: lineText('房号').min(1).max(16),
        phone: z.string().regex(/^1[3-9]\d{9}$/, '请输入11位手机号').optional(),
      })
      .strict()
      .optional(),
    /**
     * 巡查发现: a grid worker or staff member files what they found themselves; 流动网格员上报: a holder of that role
     * reports a hazard where it is (default 居民反映).
     */
    source: z.enum(FILING_SOURCES).optional(),
    /** The filer's own ongoing patrol the finding was made on: the finding is listed on it. */
    patrolId: Id.optional(),
    /** 就地办结: the finder fixed it there and then; the filing records acceptance and resolution too. */
    resolvedOnSpot: ResolvedOnSpotInput.optional(),
    /** 走访转代办: the visit (of the caller's grid) the finding was heard on; the 代办's household must be the visit's. */
    visitId: Id.optional(),
  })
  .strict()
  // Checked once the fields themselves are valid (zod runs an object's refinements only then).
  .refine((v) => !!v.voiceKey || (v.description ?? '').length >= 5, { path: ['description'], message: '请至少写5个字说清楚问题，或录一段语音' })
  .refine((v) => v.source === 'patrol' || (!v.patrolId && !v.resolvedOnSpot), { path: ['source'], message: '关联巡查和就地办结只用于巡查发现的问题' })
  .refine((v) => (v.source ?? 'resident') === 'resident' || !v.onBehalfOf, { path: ['onBehalfOf'], message: '巡查发现和流动网格员上报的问题由您本人上报，不是代办' })
  .refine((v) => !v.visitId || !!v.onBehalfOf, { path: ['visitId'], message: '从走访转出的诉求请以代办方式提交，填写住户' })
  // A 流动网格员 reports where the hazard is, never their home by default: a building of the community or a place.
  .refine((v) => v.source !== 'mobile_grid' || !!(v.location?.buildingId || v.location?.place || v.location?.address), {
    path: ['location', 'buildingId'],
    message: '请选择问题所在的楼栋，或标注、填写具体地点',
  });
export type CreateRequestInput = z.infer<typeof CreateRequestInput>;

/**
 * Who a note on a request is written for, chosen when it is written: internal (staff and whoever handles the
 * request), the filer (and handlers), or public (everyone who may see the request, Open311 without a key too).
 * Notes written before audiences existed count as written to the filer.
 */
export const NOTE_AUDIENCES = ['internal', 'filer', 'public'] as const;
export const NoteAudience = z.enum(NOTE_AUDIENCES);
export type NoteAudience = z.infer<typeof NoteAudience>;
export const NOTE_AUDIENCE_LABELS: Record<NoteAudience, string> = { internal: '仅内部可见', filer: '告知居民', public: '公开' };

/**
 * A voice note as a viewer gets it: a short-lived link, its length and type (a phone that cannot play the type
 * offers it as a download), and whether it passed the media check or staff approved it (until then only its
 * uploader and the request's handlers get it at all).
 */
export const VoiceView = z.object({ key: z.string(), url: z.string(), seconds: z.number().int(), contentType: z.string(), approved: z.boolean() });
export type VoiceView = z.infer<typeof VoiceView>;

export const TimelineEntry = z.object({
  id: Id,
  type: z.string(),
  /** Who acted, as residents may see it (a role label for staff, 居民 or 匿名 for residents). */
  actorLabel: z.string(),
  actorId: Id.optional(),
  at: z.string(),
  note: z.string().optional(),
  /** Who the note was written for (handlers see all three; the filer filer and public; others public only). */
  audience: NoteAudience.optional(),
  photos: z.array(z.object({ key: z.string(), url: z.string() })).optional(),
  /** A voice note with this entry (a reply by voice): the filer and the handlers only. */
  voice: VoiceView.optional(),
  /** Held for review by content security (only handlers and the author see it until approved). */
  pendingReview: z.boolean().optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/**
 * The moves the API may offer on a request, by the name of the button: the `act` actions, `rate`, `set_public` and
 * `approve_content` (request.rules.ts `availableRequestActions` decides which of them are possible now).
 */
export const REQUEST_VIEW_ACTIONS = ['accept', 'assign', 'reply', 'resolve', 'escalate', 'reject', 'mark_duplicate', 'reopen', 'withdraw', 'rate', 'set_public', 'approve_content', 'request_extension', 'decide_extension', 'call_back', 'set_type',
  // 吹哨报到 (dispatch.rules.ts `dispatchActionsOffered` decides them)
  'dispatch', 'send_back', 'reject_send_back', 'recall_dispatch', 'rate_unit'] as const;
export const RequestViewAction = z.enum(REQUEST_VIEW_ACTIONS);
export type RequestViewAction = z.infer<typeof RequestViewAction>;

export const RequestView = z.object({
  id: Id,
  communityId: Id,
  category: RequestCategory,
  title: z.string().optional(),
  description: z.string(),
  status: RequestStatus,
  /** Who brought it in: 居民反映, 巡查发现 or 流动网格员上报 (requests from before sources: 居民反映). */
  source: RequestSource,
  /** 咨询, 求助, 投诉 or 建议 (requests from before types: 求助). */
  type: RequestType,
  /** 就地办结: accepted and resolved by its finder in the filing itself. */
  resolvedOnSpot: z.boolean().optional(),
  /** The patrol a finding was made on: its finder and handlers. */
  patrolId: Id.optional(),
  /**
   * 来自走访: the request was filed on behalf of a household from a visit (its handlers see that, and the visit's id,
   * never the visit's notes; the visit's page needs the grid's workers or staff).
   */
  fromVisit: z.boolean().optional(),
  visitId: Id.optional(),
  level: RequestLevel,
  urgency: Urgency,
  anonymous: z.boolean(),
  public: z.boolean(),
  gridId: Id.optional(),
  buildingId: Id.optional(),
  /** The building the request is about (everyone who sees the request sees its building: no finer place). */
  buildingName: z.string().optional(),
  /** The free-text spot (2单元门口): filer and handlers. */
  address: z.string().optional(),
  /** The place marked on the map, by name and address: filer and handlers. */
  place: z.string().optional(),
  /**
   * The marked point (WGS-84): exact for the filer and handlers; for other residents of a public request rounded
   * to about 100 m (`coordinatesRounded`), as keyless Open311 gives it; absent when nobody marked one.
   */
  lat: z.number().optional(),
  lng: z.number().optional(),
  coordinatesRounded: z.boolean().optional(),
  /** Storage keys of the photos this viewer uploaded (nobody else is given a storage key). */
  photoKeys: z.array(z.string()),
  /**
   * Photos this viewer may see, with short-lived URLs (thumbnails in the app). `key` is the storage key for the
   * uploader and an opaque photo id for everyone else (staff approve a held photo with either).
   */
  photos: z.array(z.object({ key: z.string(), url: z.string(), approved: z.boolean() })),
  /** The voice note the request was filed with: the filer and the handlers only (a voice identifies a person). */
  voice: VoiceView.optional(),
  assigneeId: Id.optional(),
  assigneeName: z.string().optional(),
  /** Filer's name and household: for the filer and staff only. */
  filerName: z.string().optional(),
  household: z.string().optional(),
  /**
   * Whom handlers call: the filer with the phone of their membership when they agreed to be called when filing, or
   * the contact a grid worker or staff member noted for a 代办 request. Handlers only.
   */
  contact: z.object({ name: z.string(), phone: z.string().optional() }).optional(),
  /** The work phone of whoever holds the request now (the filer calls them with one tap). Filer and handlers. */
  assigneePhone: z.string().optional(),
  filedOnBehalf: z.boolean(),
  respondBy: z.string(),
  resolveBy: z.string(),
  meTooCount: z.number().int(),
  reopenCount: z.number().int(),
  rating: z.object({ satisfied: z.boolean(), score: z.number().int(), comment: z.string().optional(), at: z.string() }).optional(),
  contentStatus: z.enum(['pass', 'review']),
  /** What the caller is to this request, so the app offers the right actions (the server checks them anyway). */
  viewer: z.object({ isFiler: z.boolean(), isHandler: z.boolean() }),
  /**
   * The moves this caller may make on this request now: permitted to them and allowed by the state machine. The
   * app renders its buttons from this list and re-derives nothing; the endpoints check again.
   */
  actions: z.array(RequestViewAction),
  /**
   * The request this one duplicates (status 重复), and how far the work on it has got: its words only where the
   * caller may read that request (it may be another resident's private one); otherwise its status alone.
   */
  duplicateOf: z.object({ id: Id, status: RequestStatus, title: z.string().optional(), visible: z.boolean() }).optional(),
  /** How many requests were marked as duplicates of this one (the same problem reported again). */
  duplicateCount: z.number().int().optional(),
  /** 随手拍奖励 decided when it was resolved: its filer and handlers only. */
  reward: ReportRewardView.optional(),
  /** To a handler of an open request whose resolution would decide a reward: the points (有效举报 toggle). */
  rewardOffer: ReportRewardOffer.optional(),
  /**
   * 已转调解: the dispute case this 邻里纠纷 request was handed to (filer and handlers only; the case opens with its own
   * rules, and none of its contents ever appears on the request). The request stays in progress until the case concludes.
   */
  mediationCaseId: Id.optional(),
  /** To a handler who may open a mediation case from this open 邻里纠纷 request (转调解): true. */
  mediationOffer: z.boolean().optional(),
  /**
   * 延期申请: the latest extension (handlers: all of it; the filer: only an approved one and its new deadline) and how
   * many were approved (the request's `resolveBy` is then the extended deadline).
   */
  extension: ExtensionView.optional(),
  extensionCount: z.number().int().optional(),
  /** 回访: the latest call-back (handlers: its result and note; the filer: only that it was made, and when). */
  callBack: CallBackView.optional(),
  /** To handlers: resolved, no in-app rating and no call-back that reached the resident yet (待回访). */
  callBackDue: z.boolean().optional(),
  /** 谁在办: who holds the open request now (a unit, a person, or a level's queue), with their own deadlines. */
  holder: RequestHolder.optional(),
  /** Hand-offs so far (dispatches, send-backs, assignments, escalations). */
  handOffCount: z.number().int(),
  /** Every dispatch of the request to units (吹哨报到), oldest first. */
  dispatches: z.array(DispatchSummary),
  /** A send-back waiting for the dispatcher (re-dispatch or 驳回退单): handlers only. */
  sendBack: PendingSendBackView.optional(),
  /** 督办: flagged to street staff (too many hand-offs, or past its deadline): handlers only. */
  supervisedAt: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  timeline: z.array(TimelineEntry).optional(),
});
export type RequestView = z.infer<typeof RequestView>;

export const RequestActionInput = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept') }).strict(),
  z.object({ action: z.literal('assign'), assigneeId: Id }).strict(),
  // `audience`: handlers choose who a note is for (default: the filer); a resident's own notes always go to handlers and themselves.
  // A reply is words, a voice note, or both.
  z
    .object({ action: z.literal('reply'), body: multilineText('回复').max(1000).optional(), voiceKey: PhotoKey.optional(), audience: NoteAudience.optional() })
    .strict()
    .refine((v) => !!v.voiceKey || !!v.body, { path: ['body'], message: '回复不能为空' }),
  // `rewardValid`: 有效举报 (default yes), read only where the community rewards reports (report-reward.rules.ts).
  z
    .object({
      action: z.literal('resolve'),
      note: multilineText('办理结果').min(1, '请填写办理结果').max(1000),
      photoKeys: z.array(PhotoKey).max(9).optional(),
      audience: NoteAudience.optional(),
      rewardValid: z.boolean().optional(),
    })
    .strict(),
  z.object({ action: z.literal('escalate'), reason: multilineText('上报原因').min(1, '请填写上报原因').max(500), audience: NoteAudience.optional() }).strict(),
  z.object({ action: z.literal('reject'), reason: multilineText('原因').min(1, '请填写不予受理的原因').max(500), audience: NoteAudience.optional() }).strict(),
  z.object({ action: z.literal('reopen'), reason: multilineText('原因').min(1, '请说明还有什么问题').max(500) }).strict(),
  z.object({ action: z.literal('withdraw') }).strict(),
  // 标记为重复: the original is another request of the community, where the work goes on.
  z.object({ action: z.literal('mark_duplicate'), duplicateOf: Id, note: multilineText('说明').max(500).optional(), audience: NoteAudience.optional() }).strict(),
  // 延期申请 and its decision, 回访 (extension.schema.ts, call-back.schema.ts).
  RequestExtensionInput,
  DecideExtensionInput,
  CallBackInput,
  // 改类型: a handler corrects the type; the deadlines are recomputed from the submission (request-deadlines.ts).
  z.object({ action: z.literal('set_type'), type: RequestType, note: multilineText('说明').max(200).optional() }).strict(),
  // 吹哨报到: dispatch, send back (a person assignee), reject a send-back, recall, rate a unit (dispatch.schema.ts).
  ...DispatchActionInputs,
]);
export type RequestActionInput = z.infer<typeof RequestActionInput>;

export const RateRequestInput = z
  .object({
    /** Optional: derived from the score when absent (4–5 满意, 3 基本满意 — both satisfied — 1–2 不满意). */
    satisfied: z.boolean().optional(),
    score: z.number().int().min(1).max(5),
    comment: multilineText('评价').max(500).optional(),
  })
  .strict();

export const RequestListQuery = z
  .object({
    scope: z.enum(['mine', 'assigned', 'community']).default('mine'),
    status: RequestStatus.optional(),
    category: RequestCategory.optional(),
    gridId: Id.optional(),
    /** Who brought them in: 居民反映, 巡查发现, 流动网格员上报. */
    source: RequestSource.optional(),
    /** 咨询, 求助, 投诉, 建议. */
    type: RequestType.optional(),
    /** Staff: only requests whose texts wait for review (待审文字). */
    review: z.enum(['1']).optional(),
    cursor: z.string().regex(/^[0-9a-f]{24}$/).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type RequestListQuery = z.output<typeof RequestListQuery>;

export const RequestIdParams = z.object({ requestId: Id }).strict();
