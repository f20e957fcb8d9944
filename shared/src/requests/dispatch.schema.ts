import * as z from 'zod';
import { Id } from '../common/ids';
import { multilineText } from '../common/text';
import { RequestExtensionInput } from './extension.schema';

// No import of request.schema (which builds its unions from this file) nor of units (whose schema imports the
// communities' settings, which import request.schema): unit types travel as strings here, as units/ names them.
const UnitType = z.string();

/**
 * 吹哨报到: a request dispatched to units of the street — one lead (主办) and any helpers (协办) — each a dispatch of
 * its own with its own state (dispatch.rules.ts).
 */
export const DISPATCH_ROLES = ['lead', 'helper'] as const;
export const DispatchRole = z.enum(DISPATCH_ROLES);
export type DispatchRole = z.infer<typeof DispatchRole>;
export const DISPATCH_ROLE_LABELS: Record<DispatchRole, string> = { lead: '主办', helper: '协办' };

/**
 * dispatched (派发, awaiting 签收) → acknowledged (已签收) → resolved (办结: the lead's resolves the request; a
 * helper's says its part is done); dispatched|acknowledged → sent_back (退单) → dispatched again when the dispatcher
 * rejects the send-back (驳回退单); dispatched|acknowledged → recalled (the dispatcher took it back); an active one →
 * closed when the request ended some other way.
 */
export const DISPATCH_STATUSES = ['dispatched', 'acknowledged', 'resolved', 'sent_back', 'recalled', 'closed'] as const;
export const DispatchStatus = z.enum(DISPATCH_STATUSES);
export type DispatchStatus = z.infer<typeof DispatchStatus>;
export const DISPATCH_STATUS_LABELS: Record<DispatchStatus, string> = {
  dispatched: '待签收',
  acknowledged: '办理中',
  resolved: '已办结',
  sent_back: '已退单',
  recalled: '已撤回',
  closed: '已结束',
};

/** Why an assignee sends a request back (退单). */
export const SEND_BACK_REASONS = ['not_ours', 'incomplete', 'duplicate', 'other'] as const;
export const SendBackReason = z.enum(SEND_BACK_REASONS);
export type SendBackReason = z.infer<typeof SendBackReason>;
export const SEND_BACK_REASON_LABELS: Record<SendBackReason, string> = { not_ours: '不属于本单位职责', incomplete: '信息不全', duplicate: '重复', other: '其他' };

/** Default: more hand-offs than this flags a request to street staff (督办); communities set their own. */
export const DEFAULT_SUPERVISE_HAND_OFFS = 3;

/** Who holds a request now (谁在办), as every viewer of it sees it. */
export const HOLDER_KINDS = ['unit', 'person', 'grid', 'community', 'street'] as const;
export const RequestHolder = z.object({
  kind: z.enum(HOLDER_KINDS),
  /** The unit's name, the person's name (for those who may see it; otherwise 工作人员), or 网格/社区/街道. */
  name: z.string(),
  /** Since when they hold it. */
  since: z.string(),
  /** The holder's own deadlines, counted from their dispatch or assignment (the request's own stay beside them). */
  respondBy: z.string().optional(),
  resolveBy: z.string().optional(),
  /** 协办 units working with the lead. */
  helpers: z.array(z.string()).optional(),
  /** A unit holder whose dispatch awaits 签收. */
  acknowledged: z.boolean().optional(),
});
export type RequestHolder = z.infer<typeof RequestHolder>;

/** One dispatch of a request, as its viewers see it in the request's view. */
export const DispatchSummary = z.object({
  dispatchId: Id,
  unitId: Id,
  unitName: z.string(),
  unitType: UnitType,
  role: DispatchRole,
  status: DispatchStatus,
});
export type DispatchSummary = z.infer<typeof DispatchSummary>;

/** A send-back waiting for the dispatcher (re-dispatch or 驳回退单): handlers and the one who sent it back. */
export const PendingSendBackView = z.object({
  kind: z.enum(['unit', 'person']),
  byName: z.string(),
  reason: SendBackReason,
  reasonLabel: z.string(),
  note: z.string().optional(),
  duplicateOf: Id.optional(),
  dispatchId: Id.optional(),
  at: z.string(),
});
export type PendingSendBackView = z.infer<typeof PendingSendBackView>;

/** A dispatch in full, as its unit and the request's handlers see it. */
export const DispatchView = DispatchSummary.extend({
  requestId: Id,
  communityId: Id,
  communityName: z.string().optional(),
  dispatcherLevel: z.enum(['community', 'street']),
  dispatchedAt: z.string(),
  respondBy: z.string(),
  resolveBy: z.string(),
  acknowledgedAt: z.string().optional(),
  resolvedAt: z.string().optional(),
  /** What the dispatcher wrote to the unit. */
  note: z.string().optional(),
  sendBack: z.object({ reason: SendBackReason, note: z.string().optional(), at: z.string() }).optional(),
  rating: z.object({ score: z.number().int(), note: z.string().optional(), at: z.string() }).optional(),
  extensions: z.number().int(),
});
export type DispatchView = z.infer<typeof DispatchView>;

const note = (label: string) => multilineText(label).max(500, `${label}最多500个字`);

/** The request moves of 吹哨报到 in POST /api/requests/{id}/actions (request.schema RequestActionInput includes them). */
export const DispatchActionInputs = [
  z
    .object({
      action: z.literal('dispatch'),
      leadUnitId: Id,
      helperUnitIds: z.array(Id).max(5, '协办单位最多5个').optional(),
      /** The units' resolution deadline: in days from now, or a date; default the community's level deadline. */
      resolveDays: z.number().int().min(1).max(90).optional(),
      resolveBy: z.string().datetime({ offset: true }).optional(),
      note: note('派发说明').optional(),
    })
    .strict()
    .refine((v) => !(v.resolveDays && v.resolveBy), { path: ['resolveBy'], message: '办理时限请填天数或日期之一' })
    .refine((v) => !v.helperUnitIds?.includes(v.leadUnitId), { path: ['helperUnitIds'], message: '主办单位不能同时作为协办单位' }),
  z
    .object({
      action: z.literal('send_back'),
      reason: SendBackReason,
      note: note('退单说明').optional(),
      duplicateOf: Id.optional(),
    })
    .strict()
    .refine((v) => v.reason !== 'other' || !!v.note, { path: ['note'], message: '请说明退单原因' })
    .refine((v) => v.reason === 'duplicate' || !v.duplicateOf, { path: ['duplicateOf'], message: '只有“重复”需要选择原诉求' }),
  z.object({ action: z.literal('reject_send_back'), note: note('驳回理由').min(1, '请填写驳回理由') }).strict(),
  z.object({ action: z.literal('recall_dispatch'), note: note('撤回说明').optional() }).strict(),
  z.object({ action: z.literal('rate_unit'), dispatchId: Id, score: z.number().int().min(1).max(5), note: note('评价').optional() }).strict(),
] as const;

/** What a unit member may do on a dispatched request (POST /api/unit/requests/{id}/actions). */
export const UNIT_ACTIONS = ['acknowledge', 'reply', 'resolve', 'done', 'send_back', 'request_extension'] as const;
export const UnitAction = z.enum(UNIT_ACTIONS);
export type UnitAction = z.infer<typeof UnitAction>;

/**
 * Unit-side moves. `resolve` is the lead's (it resolves the request); a helper says `done` for its part.
 * EXTCALL adds `request_extension` here (the lead unit asks for more time): plug its input into
 * UNIT_EXTRA_ACTION_INPUTS below.
 */
export const UnitActionInputBase = [
  z.object({ action: z.literal('acknowledge'), note: note('签收说明').optional() }).strict(),
  z.object({ action: z.literal('reply'), body: multilineText('回复').min(1, '回复不能为空').max(1000), audience: z.enum(['internal', 'filer']).optional() }).strict(),
  // 办结 photos: keys the unit member uploaded for this request (requests.unitPhotoUpload), as staff's resolve takes;
  // the key pattern is request.schema's PhotoKey, repeated because this file cannot import request.schema.
  z
    .object({
      action: z.literal('resolve'),
      note: multilineText('办理结果').min(1, '请填写办理结果').max(1000),
      photoKeys: z.array(z.string().regex(/^[A-Za-z0-9/_.-]{1,200}$/, '照片编号格式不正确')).max(9, '最多9张照片').optional(),
    })
    .strict(),
  z.object({ action: z.literal('done'), note: multilineText('协办结果').min(1, '请填写协办结果').max(1000) }).strict(),
  z
    .object({ action: z.literal('send_back'), reason: SendBackReason, note: note('退单说明').optional(), duplicateOf: Id.optional() })
    .strict()
    .refine((v) => v.reason !== 'other' || !!v.note, { path: ['note'], message: '请说明退单原因' })
    .refine((v) => v.reason === 'duplicate' || !v.duplicateOf, { path: ['duplicateOf'], message: '只有“重复”需要选择原诉求' }),
] as const;

/** Where EXTCALL's `request_extension` input joins the unit-side union (one entry; the union is built from both). */
export const UNIT_EXTRA_ACTION_INPUTS = [RequestExtensionInput] as const;

export const UnitActionInput = z.discriminatedUnion('action', [...UnitActionInputBase, ...UNIT_EXTRA_ACTION_INPUTS]);
export type UnitActionInput = z.infer<typeof UnitActionInput>;

/** The unit's queue: its dispatches, by state (default: the active ones, due first). */
export const UnitRequestListQuery = z
  .object({
    status: z.enum(['active', 'dispatched', 'acknowledged', 'resolved', 'sent_back', 'all']).default('active'),
    /** One of the caller's units (default: all of them). */
    unitId: Id.optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();
export type UnitRequestListQuery = z.output<typeof UnitRequestListQuery>;

/** The dispatch picker: units of the street serving the request's community, by type. */
export const DispatchOption = z.object({
  id: Id,
  name: z.string(),
  type: UnitType,
  typeLabel: z.string(),
  phone: z.string().optional(),
  /** Already holds an active dispatch of this request (not offered again). */
  active: z.boolean(),
});
export const DispatchOptionsView = z.object({
  groups: z.array(z.object({ type: UnitType, typeLabel: z.string(), units: z.array(DispatchOption) })),
  /** The default resolution deadline of a dispatch in days (the community's level deadline). */
  defaultResolveDays: z.number().int(),
});
export type DispatchOptionsView = z.infer<typeof DispatchOptionsView>;
