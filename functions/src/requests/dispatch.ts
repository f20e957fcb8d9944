/**
 * 吹哨报到: staff dispatch a request to units of the street (one lead 主办, any helpers 协办); units sign for it (签收),
 * reply, resolve (the lead: the request resolves with it) or say their part is done (helpers), or send it back (退单);
 * a person assignee may send back too; the dispatcher re-dispatches or rejects the send-back (驳回退单), recalls a
 * dispatch, and rates the lead unit's handling once it resolved.
 *
 * Every move spans the request (its `dispatches` summary, status, timeline, notices) and the dispatch records
 * (dispatch.model.ts). Neither database has transactions, so each move is a pending operation (lib/operations.ts):
 * 1. the request's conditional write (on its revision), deciding the move from the request as it is then — the
 *    request is the arbiter: of two dispatchers, or a send-back racing the lead's resolution, exactly one lands and
 *    the other's operation fails with the reason, writing nothing; the write carries a timeline entry under an id
 *    fixed in the operation, so a repeated run finds it and knows this step is done;
 * 2. the dispatch records follow, each write conditional on the record's status (idempotent).
 * A crash between the two leaves the operation pending; the repair routine runs it again and finishes step 2.
 * The request's own deadlines (三率) are never touched here: dispatches carry their own.
 */
import { Types } from 'mongoose';
import {
  DEFAULT_SUPERVISE_HAND_OFFS,
  DISPATCH_REFUSAL_MESSAGES,
  DISPATCH_ROLE_LABELS,
  SEND_BACK_REASON_LABELS,
  ROLE_LABELS,
  UNIT_TYPE_LABELS,
  asksForRating,
  deadlineFor,
  dispatchResolveBy,
  dispatchTransition,
  isActiveDispatch,
  needsSupervision,
  requestDispatchRefusalMessage,
  requestDispatchTransition,
  requestTransition,
  shanghaiMonth,
  type DispatchMove,
  type DispatchRole,
  type DispatchStatus,
  type Role,
  type RequestDispatchMove,
  type ReportRewardSettings,
  type SendBackReason,
  type UnitType,
} from '@linli/shared';
import { defineOperation, runOperation, type OperationDoc, type StepOutcome } from '../lib/operations';
import { isDuplicateKey } from '../lib/errors';
import { displayName } from '../communities/community-context';
import { UnitMemberModel, UnitModel, type UnitDoc } from '../units/unit.model';
import { holidayCalendars } from '../system/holidays';
import { attachPhotos } from '../uploads/photos';
import { DispatchModel, closeDispatchRecords } from './dispatch.model';
import { RequestModel, type DispatchEntryDoc, type RequestDoc } from './request.model';
import { canOnRequest, unitRole } from './request.permissions';
import { deliverOutbox, outboxEntry, summary } from './notify';
import { countRequestChange } from './request-stats';
import { dayLabel } from './extensions';
import { creditAfterResolution, rewardOnResolve } from './report-reward';
import { isRefusal, loadVisible, screen, settingsOf, type Outcome, type RequestCaller, type RequestUseCaseRefusal } from './use-cases';

/** The moves of 吹哨报到, as the operation carries them. */
export type DispatchOpMove = 'dispatch' | 'acknowledge' | 'reply' | 'resolve' | 'done' | 'send_back_unit' | 'send_back_person' | 'reject_send_back' | 'recall' | 'rate';

interface UnitMemberToTell {
  userId: string;
  unitId: string;
}

interface NewDispatch {
  dispatchId: string;
  unitId: string;
  unitName: string;
  unitType: string;
  role: DispatchRole;
  respondBy: string;
  resolveBy: string;
}

/** Everything one move needs, fixed when it starts (dates as ISO strings: they survive the operations collection). */
export interface DispatchOpPayload {
  move: DispatchOpMove;
  requestId: string;
  communityId: string;
  streetId: string;
  /** The id of the request's timeline entry this move writes (how a repeated run knows step 1 is done). */
  entryId: string;
  at: string;
  actorId: string;
  /** The role on the timeline: staff, street_staff, grid_worker, or unit. */
  actorRole: string;
  actorName: string;
  /** The dispatch concerned (unit moves, 驳回退单 of a unit, recall, rating). */
  dispatchId?: string;
  dispatcherLevel?: 'community' | 'street';
  newDispatches?: NewDispatch[];
  /** Unit members to tell (dispatch, 驳回退单, recall), each with the unit they are told as a member of (单位消息). */
  tellMembers?: UnitMemberToTell[];
  /** As `tellMembers`, without the unit: operations started before the unit inbox (still finished by repair). */
  tellUserIds?: string[];
  /** 随手拍有奖: the community's setting when the move started (the lead unit's resolution decides the reward). */
  rewardSettings?: ReportRewardSettings;
  note?: string;
  noteHidden?: boolean;
  audience?: 'internal' | 'filer';
  reason?: SendBackReason;
  duplicateOf?: string;
  score?: number;
  /** 办结 photos of the lead unit (attached to the request before the operation starts), shown on its timeline entry. */
  photoKeys?: string[];
  superviseHandOffs: number;
}

/** Why an operation's request step refused: encoded in its failure reason, decoded for the caller. */
const refusalCode = (message: string) => `refused:${message}`;

const ACTIVE: DispatchStatus[] = ['dispatched', 'acknowledged'];
const entries = (r: RequestDoc): DispatchEntryDoc[] => (r.dispatches ?? []).map((d) => (typeof (d as { toObject?: unknown }).toObject === 'function' ? (d as unknown as { toObject(): DispatchEntryDoc }).toObject() : d));
const stateOf = (r: RequestDoc) => ({ status: r.status, dispatches: entries(r), assigned: !!r.assigneeId, pendingSendBack: !!r.sendBack });
const roleLabel = (d: { unitName: string; role: DispatchRole }) => `${d.unitName}（${DISPATCH_ROLE_LABELS[d.role]}）`;

type RequestUpdate = { $set: Record<string, unknown>; $unset?: Record<string, 1>; $inc?: Record<string, number>; $push: Record<string, unknown> };

/**
 * Step 1, pure over the request as read: the update of this move, or the words of its refusal. Hand-offs (dispatch,
 * send-back, 驳回退单) count towards 督办 and may flag it in the same write.
 */
function decide(r: RequestDoc, p: DispatchOpPayload): RequestUpdate | string {
  const at = new Date(p.at);
  const actorId = new Types.ObjectId(p.actorId);
  const list = entries(r);
  const mine = p.dispatchId ? list.find((d) => d.dispatchId.equals(p.dispatchId)) : undefined;
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, 1> = {};
  const $inc: Record<string, number> = {};
  const outbox: ReturnType<typeof outboxEntry>[] = [];
  const what = summary(r);
  const tell = (kind: string, audience: 'followers' | 'handlers', title: string) => outbox.push(outboxEntry(kind, audience, title, what, at, actorId));
  // Each member's notice names their unit, so it is in their unit inbox (/api/unit/messages) whatever community it is of.
  const tellUnit = (kind: string, title: string) => {
    for (const m of p.tellMembers ?? []) outbox.push({ ...outboxEntry(kind, 'user', title, what, at, actorId, new Types.ObjectId(m.userId)), unitId: new Types.ObjectId(m.unitId) });
    for (const u of p.tellUserIds ?? []) outbox.push(outboxEntry(kind, 'user', title, what, at, actorId, new Types.ObjectId(u)));
  };
  const requestMove = (m: RequestDispatchMove) => {
    const t = requestDispatchTransition(stateOf(r), m);
    return t.ok ? t : requestDispatchRefusalMessage(t);
  };
  const dispatchMove = (m: DispatchMove) => {
    if (!mine) return DISPATCH_REFUSAL_MESSAGES.not_active;
    const t = dispatchTransition(mine, m);
    return t.ok ? t : DISPATCH_REFUSAL_MESSAGES[t.reason];
  };
  const withEntry = (id: string | undefined, change: Partial<DispatchEntryDoc>) => list.map((d) => (id && d.dispatchId.equals(id) ? { ...d, ...change } : d));
  // The first move of whoever handles the request is its response (响应), as in use-cases.ts `move`.
  const respond = () => {
    if (r.firstResponseAt) return;
    Object.assign($set, { firstResponseAt: at, firstResponseHours: (at.getTime() - r.createdAt.getTime()) / 3_600_000, responseOutcome: at <= r.respondBy ? 'on_time' : 'late' });
  };
  const handOff = () => {
    $inc.handOffCount = 1;
    $set.lastHandOffAt = at;
  };
  let type: string;
  let note: string | undefined;
  let audience: 'internal' | 'filer' = 'filer';

  switch (p.move) {
    case 'dispatch': {
      const t = requestMove('dispatch');
      if (typeof t === 'string') return t;
      const added = (p.newDispatches ?? []).map((d) => ({
        dispatchId: new Types.ObjectId(d.dispatchId),
        unitId: new Types.ObjectId(d.unitId),
        unitName: d.unitName,
        unitType: d.unitType,
        role: d.role,
        status: 'dispatched' as const,
        since: at,
        respondBy: new Date(d.respondBy),
        resolveBy: new Date(d.resolveBy),
      }));
      // A unit already at work on the request is not dispatched to again (the picker marks it).
      const busy = added.find((a) => list.some((d) => d.unitId.equals(a.unitId) && isActiveDispatch(d.status)));
      if (busy) return `${busy.unitName}已在办理该诉求`;
      Object.assign($set, { status: t.to, dispatches: [...list, ...added] });
      $unset.sendBack = 1;
      respond();
      handOff();
      const lead = added.find((d) => d.role === 'lead')!;
      type = 'dispatched';
      note = `已派发给${added.map(roleLabel).join('、')}办理，时限${dayLabel(lead.resolveBy)}`;
      tell('dispatched', 'followers', `您的诉求已派发给${lead.unitName}办理`);
      tellUnit('dispatched_to_unit', `新派单：请及时签收（${dayLabel(lead.resolveBy)}前办结）`);
      break;
    }
    case 'acknowledge':
    case 'reply': {
      const t = dispatchMove(p.move);
      if (typeof t === 'string') return t;
      if (r.status === 'resolved' || !['submitted', 'accepted', 'in_progress', 'reopened'].includes(r.status)) return '该诉求已结束';
      $set.dispatches = withEntry(p.dispatchId, { status: t.to });
      type = p.move === 'acknowledge' ? 'acknowledged' : 'reply';
      note = p.move === 'acknowledge' ? [`${mine!.unitName}已签收`, p.note].filter(Boolean).join('：') : p.note;
      audience = p.audience ?? 'filer';
      if (p.move === 'acknowledge') tell('acknowledged', 'followers', `${mine!.unitName}已签收您的诉求`);
      else if (audience === 'filer') tell('replied', 'followers', '您的诉求有新回复');
      if (p.move === 'reply') tell('unit_replied', 'handlers', `${mine!.unitName}回复了诉求`);
      break;
    }
    case 'resolve': {
      const d = dispatchMove('resolve');
      if (typeof d === 'string') return d;
      const t = requestTransition(r, 'resolve');
      if (!t.ok) return '该诉求当前状态不允许办结';
      const rated = asksForRating(r.source);
      // The lead's resolution resolves the request; the helpers' parts end with it.
      $set.dispatches = list.map((x) => (x.dispatchId.equals(p.dispatchId!) ? { ...x, status: 'resolved' as const } : isActiveDispatch(x.status) ? { ...x, status: 'closed' as const } : x));
      Object.assign($set, {
        status: t.to,
        resolvedAt: at,
        resolveHours: (at.getTime() - r.createdAt.getTime()) / 3_600_000,
        ...(t.to === 'closed' ? { closedAt: at } : {}),
        // 待回访 (call-backs.ts): a resident's demand waits for a call-back until rated in the app or called back.
        ...(rated ? { callBackDue: true } : {}),
        // 随手拍有奖, decided as when staff resolve (use-cases.ts `resolve`), in this same write: the community's
        // setting decides; a unit has no 有效举报 toggle, so a report it resolves counts as valid.
        ...(p.rewardSettings ? rewardOnResolve(p.rewardSettings, r, actorId, undefined, at) : {}),
      });
      respond();
      type = 'resolve';
      note = p.note;
      tell('resolved', 'followers', rated ? '您的诉求已办结，请评价' : '诉求已办结');
      tell('unit_resolved', 'handlers', `${mine!.unitName}已办结诉求，请评价单位办理情况`);
      break;
    }
    case 'done': {
      const t = dispatchMove('done');
      if (typeof t === 'string') return t;
      $set.dispatches = withEntry(p.dispatchId, { status: 'resolved' });
      type = 'unit_done';
      note = [`${mine!.unitName}（协办）已完成`, p.note].filter(Boolean).join('：');
      tell('unit_done', 'handlers', `${mine!.unitName}已完成协办`);
      break;
    }
    case 'send_back_unit': {
      const t = dispatchMove('send_back');
      if (typeof t === 'string') return t;
      const said = `${mine!.unitName}退回：${SEND_BACK_REASON_LABELS[p.reason!]}`;
      $set.dispatches = withEntry(p.dispatchId, { status: 'sent_back' });
      // A helper's send-back ends its own part; the lead's gives the request back to its dispatcher.
      if (mine!.role === 'lead') {
        const rt = requestMove('send_back_unit');
        if (typeof rt === 'string') return rt;
        $set.sendBack = { kind: 'unit', by: actorId, byName: mine!.unitName, reason: p.reason, note: p.note, duplicateOf: p.duplicateOf ? new Types.ObjectId(p.duplicateOf) : undefined, dispatchId: mine!.dispatchId, at };
        $inc.sendBackCount = 1;
        handOff();
      }
      type = 'sent_back';
      note = said;
      tell('sent_back', 'handlers', `${said}，请重新派发或驳回`);
      break;
    }
    case 'send_back_person': {
      const t = requestMove('send_back_person');
      if (typeof t === 'string') return t;
      // The timeline names the role, not the person (their name is the handlers', in `sendBack`).
      const said = `${ROLE_LABELS[p.actorRole as Role] ?? '工作人员'}退回：${SEND_BACK_REASON_LABELS[p.reason!]}`;
      $set.sendBack = {
        kind: 'person',
        by: actorId,
        byName: p.actorName,
        reason: p.reason,
        note: p.note,
        duplicateOf: p.duplicateOf ? new Types.ObjectId(p.duplicateOf) : undefined,
        assigneeId: r.assigneeId,
        assigneeName: r.assigneeName,
        at,
      };
      for (const k of ['assigneeId', 'assigneeName', 'assignedAt', 'assigneeRespondBy', 'assigneeResolveBy']) $unset[k] = 1;
      $inc.sendBackCount = 1;
      respond();
      handOff();
      type = 'sent_back';
      note = said;
      tell('sent_back', 'handlers', `${said}，请重新分派或驳回`);
      break;
    }
    case 'reject_send_back': {
      const t = requestMove('reject_send_back');
      if (typeof t === 'string') return t;
      const sb = r.sendBack!;
      let holder: string;
      if (sb.kind === 'unit' && sb.dispatchId) {
        const d = list.find((x) => x.dispatchId.equals(sb.dispatchId!));
        if (!d || d.status !== 'sent_back') return DISPATCH_REFUSAL_MESSAGES.not_sent_back;
        // Back to the unit with the deadlines it had: the clock did not stop while it bounced.
        $set.dispatches = withEntry(d.dispatchId.toHexString(), { status: 'dispatched' });
        holder = d.unitName;
        tellUnit('send_back_rejected', `退单被驳回，请继续办理：${p.note ?? ''}`);
      } else {
        Object.assign($set, { assigneeId: sb.assigneeId ?? sb.by, assigneeName: sb.assigneeName ?? sb.byName, assignedAt: at });
        holder = '原办理人';
        outbox.push(outboxEntry('send_back_rejected', 'user', `退单被驳回，请继续办理：${p.note ?? ''}`, what, at, actorId, sb.assigneeId ?? sb.by));
      }
      $set.status = t.to;
      $unset.sendBack = 1;
      handOff();
      type = 'send_back_rejected';
      note = `退单未通过，仍由${holder}办理：${p.note}`;
      break;
    }
    case 'recall': {
      const t = requestMove('recall_dispatch');
      if (typeof t === 'string') return t;
      const lead = list.find((d) => d.role === 'lead' && isActiveDispatch(d.status))!;
      $set.dispatches = withEntry(lead.dispatchId.toHexString(), { status: 'recalled' });
      type = 'dispatch_recalled';
      note = [`已收回${lead.unitName}的派单，由社区重新安排`, p.note].filter(Boolean).join('：');
      tellUnit('dispatch_recalled', '派单已被收回，无需继续办理');
      break;
    }
    case 'rate': {
      const t = dispatchMove('rate');
      if (typeof t === 'string') return t;
      $set.dispatches = withEntry(p.dispatchId, { rated: true });
      type = 'unit_rated';
      note = [`对${mine!.unitName}办理情况评价${p.score}分`, p.note].filter(Boolean).join('：');
      // The community's assessment of a unit: its handlers' business (the resident rates the resolution itself).
      audience = 'internal';
      break;
    }
  }
  // 督办: once, when the hand-offs pass the community's threshold (the deadline job flags overdue ones).
  const handOffs = (r.handOffCount ?? 0) + ($inc.handOffCount ?? 0);
  const flag = $inc.handOffCount ? needsSupervision({ status: ($set.status as RequestDoc['status']) ?? r.status, handOffCount: handOffs, resolveBy: r.resolveBy, supervisedAt: r.supervisedAt }, p.superviseHandOffs, new Date(0)) : null;
  const timeline: Record<string, unknown>[] = [
    {
      _id: new Types.ObjectId(p.entryId),
      type,
      actorId,
      actorRole: p.actorRole,
      at,
      note,
      audience: note ? audience : undefined,
      hidden: p.noteHidden || undefined,
      ...(p.move === 'resolve' && p.photoKeys?.length ? { photoKeys: p.photoKeys } : {}),
    },
  ];
  if (flag === 'hand_offs') {
    $set.supervisedAt = at;
    timeline.push({ _id: new Types.ObjectId(), type: 'supervised', actorId: SYSTEM, actorRole: 'system', at, note: `已转办${handOffs}次，街道督办`, audience: 'filer' });
    outbox.push(outboxEntry('supervised', 'street', `诉求已转办${handOffs}次，请督办`, what, at));
  }
  const update: RequestUpdate = { $set, $push: { timeline: { $each: timeline }, ...(outbox.length ? { outbox: { $each: outbox } } : {}) } };
  if (Object.keys($unset).length) update.$unset = $unset;
  if (Object.keys($inc).length) update.$inc = $inc;
  return update;
}

/** The actor id the timeline shows for what the system did by itself (as deadlines.ts). */
const SYSTEM = new Types.ObjectId('000000000000000000000000');

/** Step 2: the dispatch records follow the request (each write conditional on the record's state: idempotent). */
async function followRecords(p: DispatchOpPayload): Promise<void> {
  const at = new Date(p.at);
  const id = p.dispatchId ? new Types.ObjectId(p.dispatchId) : undefined;
  const actorId = new Types.ObjectId(p.actorId);
  const ack = async () => {
    const d = id && (await DispatchModel.findOne({ _id: id, status: 'dispatched' }, { respondBy: 1 }).lean());
    return d ? { acknowledgedAt: at, acknowledgedBy: actorId, ackOnTime: at <= d.respondBy ? 1 : 0 } : {};
  };
  switch (p.move) {
    case 'dispatch':
      for (const d of p.newDispatches ?? []) {
        try {
          await DispatchModel.create({
            _id: new Types.ObjectId(d.dispatchId),
            requestId: new Types.ObjectId(p.requestId),
            communityId: new Types.ObjectId(p.communityId),
            streetId: new Types.ObjectId(p.streetId),
            unitId: new Types.ObjectId(d.unitId),
            unitName: d.unitName,
            unitType: d.unitType,
            role: d.role,
            status: 'dispatched',
            dispatchedBy: actorId,
            dispatcherLevel: p.dispatcherLevel ?? 'community',
            dispatchedAt: at,
            note: p.note,
            respondBy: new Date(d.respondBy),
            resolveBy: new Date(d.resolveBy),
            month: shanghaiMonth(at),
          });
        } catch (err) {
          if (!isDuplicateKey(err)) throw err; // a previous run inserted it
        }
      }
      return;
    case 'acknowledge':
    case 'reply':
      await DispatchModel.updateOne({ _id: id, status: 'dispatched' }, { $set: { status: 'acknowledged', ...(await ack()) }, $inc: { rev: 1 } });
      return;
    case 'resolve':
    case 'done': {
      const d = await DispatchModel.findOne({ _id: id, status: { $in: ACTIVE } }, { resolveBy: 1, status: 1 }).lean();
      if (d)
        await DispatchModel.updateOne(
          { _id: id, status: d.status },
          { $set: { status: 'resolved', resolvedAt: at, resolvedOnTime: at <= d.resolveBy ? 1 : 0, ...(d.status === 'dispatched' ? await ack() : {}) }, $inc: { rev: 1 } },
        );
      if (p.move === 'resolve') await closeDispatchRecords(new Types.ObjectId(p.requestId), at);
      return;
    }
    case 'send_back_unit':
      await DispatchModel.updateOne(
        { _id: id, status: { $in: ACTIVE } },
        { $set: { status: 'sent_back', sentBack: 1, sendBack: { reason: p.reason, note: p.note, duplicateOf: p.duplicateOf ? new Types.ObjectId(p.duplicateOf) : undefined, at, by: actorId } }, $inc: { rev: 1 } },
      );
      return;
    case 'reject_send_back':
      if (id) await DispatchModel.updateOne({ _id: id, status: 'sent_back' }, { $set: { status: 'dispatched' }, $inc: { rev: 1 } });
      return;
    case 'recall':
      await DispatchModel.updateOne({ _id: id, status: { $in: ACTIVE } }, { $set: { status: 'recalled' }, $inc: { rev: 1 } });
      return;
    case 'rate':
      await DispatchModel.updateOne({ _id: id, rated: 0 }, { $set: { rated: 1, ratingScore: p.score, rating: { score: p.score, note: p.note, by: actorId, at } }, $inc: { rev: 1 } });
      return;
    case 'send_back_person':
      return;
  }
}


const dispatchOp = defineOperation<DispatchOpPayload>({
  kind: 'requests.dispatchMove',
  async apply(op: OperationDoc<DispatchOpPayload>): Promise<StepOutcome> {
    const p = op.payload;
    const entryId = new Types.ObjectId(p.entryId);
    let done = false;
    for (let attempt = 0; attempt < 8 && !done; attempt++) {
      const r = await RequestModel.findOne({ _id: new Types.ObjectId(p.requestId), communityId: new Types.ObjectId(p.communityId) });
      if (!r) return { ok: false, reason: 'not_found' };
      if (r.timeline.some((t) => t._id.equals(entryId))) break; // a previous run wrote step 1
      const update = decide(r, p);
      if (typeof update === 'string') return { ok: false, reason: refusalCode(update) };
      const updated = await RequestModel.findOneAndUpdate({ _id: r._id, rev: r.rev }, { ...update, $inc: { ...update.$inc, rev: 1 } }, { new: true });
      if (updated) {
        await Promise.all([deliverOutbox(updated), countRequestChange(updated)]);
        done = true;
      }
    }
    if (!done && !(await RequestModel.exists({ _id: p.requestId, 'timeline._id': entryId }))) return { ok: false, reason: 'busy' };
    await followRecords(p);
    return { ok: true };
  },
});

/** Runs a move; the request as it stands after it, or the refusal. */
async function runMove(c: RequestCaller, p: Omit<DispatchOpPayload, 'entryId' | 'at' | 'communityId' | 'streetId' | 'superviseHandOffs'>): Promise<Outcome<RequestDoc>> {
  const payload: DispatchOpPayload = {
    ...p,
    entryId: new Types.ObjectId().toHexString(),
    at: c.now.toISOString(),
    communityId: c.community.communityId.toHexString(),
    streetId: c.community.community.streetId.toHexString(),
    superviseHandOffs: superviseThreshold(c),
    ...(p.move === 'resolve' ? { rewardSettings: settingsOf(c.community).reportRewards } : {}),
  };
  const outcome = await runOperation(dispatchOp, payload);
  if (!outcome.ok) {
    if (outcome.reason === 'not_found') return { ok: false, reason: 'not_found' };
    if (outcome.reason === 'busy') return { ok: false, reason: 'busy' };
    return { ok: false, reason: 'dispatch_refused', message: outcome.reason.replace(/^refused:/, '') };
  }
  const doc = await RequestModel.findById(p.requestId);
  return doc ? { ok: true, value: doc } : { ok: false, reason: 'not_found' };
}

/** 督办 after more hand-offs than this (the community's setting, default 3). */
function superviseThreshold(c: RequestCaller): number {
  return (settingsOf(c.community) as { superviseHandOffs?: number }).superviseHandOffs ?? DEFAULT_SUPERVISE_HAND_OFFS;
}

/** The role a community caller acts in on the timeline. */
const timelineRole = (c: RequestCaller, doc: RequestDoc) => (c.actor.roles.includes('staff') || c.actor.roles.includes('admin') ? 'staff' : c.actor.roles.includes('grid_worker') ? 'grid_worker' : doc.level === 'street' ? 'street_staff' : 'staff');

/** Loads the request the caller may see and checks the permission table. */
async function permitted(c: RequestCaller, id: string, permission: 'dispatch' | 'send_back' | 'reject_send_back' | 'recall_dispatch' | 'rate_unit'): Promise<Outcome<RequestDoc>> {
  const loaded = await loadVisible(c, id);
  if (!loaded.ok) return loaded;
  return canOnRequest(permission, c.actor, loaded.value) ? loaded : { ok: false, reason: 'not_permitted', permission };
}

/** The active units of the caller's street serving the request's community, by id (anything else is not offered). */
async function unitsFor(c: RequestCaller, ids: string[]): Promise<Map<string, UnitDoc>> {
  const units = await Promise.all(ids.map((id) => UnitModel.findById(id).lean<UnitDoc>()));
  const ok = units.filter(
    (u): u is UnitDoc => !!u && u.active && u.streetId.equals(c.community.community.streetId) && u.communityIds.some((x) => x.equals(c.community.communityId)),
  );
  return new Map(ok.map((u) => [u._id.toHexString(), u]));
}

/** The active members of these units (told of a dispatch to their unit), each with their unit. */
async function membersOf(unitIds: Types.ObjectId[]): Promise<UnitMemberToTell[]> {
  const lists = await Promise.all(unitIds.map((unitId) => UnitMemberModel.find({ unitId }, { userId: 1, unitId: 1, active: 1 }).lean()));
  return lists
    .flat()
    .filter((m) => m.active)
    .map((m) => ({ userId: m.userId.toHexString(), unitId: m.unitId.toHexString() }));
}

/**
 * 吹哨: staff dispatch the request to one lead unit and any helpers of the street serving its community, with a
 * deadline (a date or days; default: the request's type and level counted from now, as WORKDAYS counts them).
 */
export async function dispatchRequest(
  c: RequestCaller,
  id: string,
  input: { leadUnitId: string; helperUnitIds?: string[]; resolveDays?: number; resolveBy?: string; note?: string },
): Promise<Outcome<RequestDoc>> {
  const loaded = await permitted(c, id, 'dispatch');
  if (!loaded.ok) return loaded;
  const doc = loaded.value;
  const helperIds = [...new Set(input.helperUnitIds ?? [])];
  const units = await unitsFor(c, [input.leadUnitId, ...helperIds]);
  if (!units.has(input.leadUnitId)) return { ok: false, reason: 'invalid', path: 'leadUnitId', message: '请选择本街道服务该社区的单位' };
  const badHelper = helperIds.findIndex((h) => !units.has(h));
  if (badHelper >= 0) return { ok: false, reason: 'invalid', path: `helperUnitIds.${badHelper}`, message: '请选择本街道服务该社区的单位' };
  const verdict = await screen(c, input.note, 'note');
  if (isRefusal(verdict)) return { ok: false, ...verdict };
  const settings = settingsOf(c.community);
  const d = deadlineFor({ type: doc.type, level: doc.level, urgency: doc.urgency, from: c.now, settings, calendars: await holidayCalendars(c.now) });
  const resolveBy = dispatchResolveBy(c.now, input, d.resolveBy);
  if (resolveBy.getTime() <= c.now.getTime()) return { ok: false, reason: 'invalid', path: 'resolveBy', message: '办理时限须晚于现在' };
  const newDispatches: NewDispatch[] = [input.leadUnitId, ...helperIds].map((unitId, i) => {
    const u = units.get(unitId)!;
    return {
      dispatchId: new Types.ObjectId().toHexString(),
      unitId,
      unitName: u.name,
      unitType: u.type,
      role: i === 0 ? 'lead' : 'helper',
      respondBy: (d.respondBy < resolveBy ? d.respondBy : resolveBy).toISOString(),
      resolveBy: resolveBy.toISOString(),
    };
  });
  return runMove(c, {
    move: 'dispatch',
    requestId: id,
    actorId: c.user._id.toHexString(),
    actorRole: timelineRole(c, doc),
    actorName: displayName(c.user, c.community) ?? '',
    dispatcherLevel: doc.level === 'street' ? 'street' : 'community',
    newDispatches,
    tellMembers: await membersOf([...units.values()].map((u) => u._id)),
    note: input.note,
    noteHidden: verdict === 'review',
  });
}

/** 退单 by the person the request is assigned to (a grid worker or staff member): back to the level's queue. */
export async function sendBackByPerson(c: RequestCaller, id: string, input: { reason: SendBackReason; note?: string; duplicateOf?: string }): Promise<Outcome<RequestDoc>> {
  const loaded = await permitted(c, id, 'send_back');
  if (!loaded.ok) return loaded;
  const verdict = await screen(c, input.note, 'note');
  if (isRefusal(verdict)) return { ok: false, ...verdict };
  return runMove(c, {
    move: 'send_back_person',
    requestId: id,
    actorId: c.user._id.toHexString(),
    actorRole: timelineRole(c, loaded.value),
    actorName: displayName(c.user, c.community) ?? '工作人员',
    reason: input.reason,
    note: input.note,
    duplicateOf: input.duplicateOf,
  });
}

/** 驳回退单: the dispatcher's side gives the request back to whoever sent it back, saying why. */
export async function rejectSendBack(c: RequestCaller, id: string, input: { note: string }): Promise<Outcome<RequestDoc>> {
  const loaded = await permitted(c, id, 'reject_send_back');
  if (!loaded.ok) return loaded;
  const sb = loaded.value.sendBack;
  const tell = sb?.kind === 'unit' && sb.dispatchId ? await membersOf(entries(loaded.value).filter((d) => d.dispatchId.equals(sb.dispatchId!)).map((d) => d.unitId)) : [];
  return runMove(c, {
    move: 'reject_send_back',
    requestId: id,
    actorId: c.user._id.toHexString(),
    actorRole: timelineRole(c, loaded.value),
    actorName: displayName(c.user, c.community) ?? '',
    dispatchId: sb?.dispatchId?.toHexString(),
    tellMembers: tell,
    note: input.note,
  });
}

/** The dispatcher takes back the lead unit's dispatch (to dispatch elsewhere or handle it themselves). */
export async function recallDispatch(c: RequestCaller, id: string, input: { note?: string }): Promise<Outcome<RequestDoc>> {
  const loaded = await permitted(c, id, 'recall_dispatch');
  if (!loaded.ok) return loaded;
  const lead = entries(loaded.value).find((d) => d.role === 'lead' && isActiveDispatch(d.status));
  return runMove(c, {
    move: 'recall',
    requestId: id,
    actorId: c.user._id.toHexString(),
    actorRole: timelineRole(c, loaded.value),
    actorName: displayName(c.user, c.community) ?? '',
    dispatchId: lead?.dispatchId.toHexString(),
    tellMembers: lead ? await membersOf([lead.unitId]) : [],
    note: input.note,
  });
}

/** The community rates the lead unit's handling once it resolved (1–5 and a note), once per dispatch. */
export async function rateUnit(c: RequestCaller, id: string, input: { dispatchId: string; score: number; note?: string }): Promise<Outcome<RequestDoc>> {
  const loaded = await permitted(c, id, 'rate_unit');
  if (!loaded.ok) return loaded;
  if (!entries(loaded.value).some((d) => d.dispatchId.equals(input.dispatchId))) return { ok: false, reason: 'invalid', path: 'dispatchId', message: '该诉求没有这条派单' };
  const verdict = await screen(c, input.note, 'note');
  if (isRefusal(verdict)) return { ok: false, ...verdict };
  return runMove(c, {
    move: 'rate',
    requestId: id,
    actorId: c.user._id.toHexString(),
    actorRole: timelineRole(c, loaded.value),
    actorName: displayName(c.user, c.community) ?? '',
    dispatchId: input.dispatchId,
    score: input.score,
    note: input.note,
    noteHidden: verdict === 'review',
  });
}

// ---- the unit side ------------------------------------------------------------------------------------------

/** The caller's dispatch on this request: of one of their units, the active one first, else the latest. */
export function unitDispatchOf(c: RequestCaller, doc: RequestDoc): DispatchEntryDoc | undefined {
  const mine = entries(doc).filter((d) => c.actor.unitIds?.some((u) => u.equals(d.unitId)));
  return mine.find((d) => isActiveDispatch(d.status)) ?? mine[mine.length - 1];
}

/** A unit-side move (签收, 回复, 办结, 协办完成, 退单) by a member of a unit the request was dispatched to. */
export async function unitMove(
  c: RequestCaller,
  id: string,
  input:
    | { action: 'acknowledge'; note?: string }
    | { action: 'reply'; body: string; audience?: 'internal' | 'filer' }
    | { action: 'resolve'; note: string; photoKeys?: string[] }
    | { action: 'done'; note: string }
    | { action: 'send_back'; reason: SendBackReason; note?: string; duplicateOf?: string },
): Promise<Outcome<RequestDoc>> {
  const loaded = await loadVisible(c, id);
  if (!loaded.ok) return loaded;
  if (!canOnRequest('unit_act', c.actor, loaded.value) || !unitRole(c.actor, loaded.value)) return { ok: false, reason: 'not_found' };
  const mine = unitDispatchOf(c, loaded.value)!;
  const text = input.action === 'reply' ? input.body : input.note;
  const verdict = await screen(c, text, input.action === 'reply' ? 'body' : 'note');
  if (isRefusal(verdict)) return { ok: false, ...verdict };
  const move: DispatchOpMove = input.action === 'send_back' ? 'send_back_unit' : input.action;
  // 办结 photos, as staff's resolve attaches them (use-cases.ts `resolve`): uploaded by this member for this request
  // (requests.unitPhotoUpload, in its community); trusted like staff's, a unit being vetted by the street.
  const photoKeys = input.action === 'resolve' ? input.photoKeys : undefined;
  if (photoKeys?.length) {
    const bad = await attachPhotos(photoKeys, c.community.communityId, c.user._id, loaded.value._id, c.user.openid, true);
    if (bad !== null) return { ok: false, reason: 'invalid', path: `photoKeys.${bad}`, message: '照片未上传成功，请重新上传' };
  }
  const out = await runMove(c, {
    move,
    requestId: id,
    actorId: c.user._id.toHexString(),
    actorRole: 'unit',
    actorName: mine.unitName,
    dispatchId: mine.dispatchId.toHexString(),
    note: text,
    noteHidden: verdict === 'review',
    audience: input.action === 'reply' ? (input.audience ?? 'filer') : 'filer',
    reason: input.action === 'send_back' ? input.reason : undefined,
    duplicateOf: input.action === 'send_back' ? input.duplicateOf : undefined,
    photoKeys: photoKeys?.length ? photoKeys : undefined,
  });
  // 随手拍有奖: the reward the lead's resolution decided is posted now (or, should that fail, by the repair sweeper).
  if (move !== 'resolve' || !out.ok || out.value.reward?.status !== 'pending') return out;
  return { ok: true, value: await creditAfterResolution(out.value, c.now) };
}

/** The unit-side moves offered to this member now (the server checks them again when made). */
export function unitActionsOffered(c: RequestCaller, doc: RequestDoc): ('acknowledge' | 'reply' | 'resolve' | 'done' | 'send_back')[] {
  const mine = unitDispatchOf(c, doc);
  if (!mine) return [];
  const open = ['submitted', 'accepted', 'in_progress', 'reopened'].includes(doc.status);
  if (!open) return [];
  const can = (m: DispatchMove) => dispatchTransition(mine, m).ok;
  return [
    ...(can('acknowledge') ? (['acknowledge'] as const) : []),
    ...(can('reply') ? (['reply'] as const) : []),
    ...(can('resolve') && requestTransition(doc, 'resolve').ok ? (['resolve'] as const) : []),
    ...(can('done') ? (['done'] as const) : []),
    ...(can('send_back') ? (['send_back'] as const) : []),
  ];
}

/** The dispatch picker: units of the street serving the request's community, by type, the busy ones marked. */
export async function dispatchOptions(c: RequestCaller, id: string): Promise<Outcome<{ groups: { type: UnitType; typeLabel: string; units: { id: string; name: string; type: UnitType; typeLabel: string; phone?: string; active: boolean }[] }[]; defaultResolveDays: number }>> {
  const loaded = await permitted(c, id, 'dispatch');
  if (!loaded.ok) return loaded;
  const doc = loaded.value;
  const units = (await UnitModel.find({ communityIds: c.community.communityId }).lean<UnitDoc[]>()).filter((u) => u.active && u.streetId.equals(c.community.community.streetId));
  const busy = new Set(entries(doc).filter((d) => isActiveDispatch(d.status)).map((d) => d.unitId.toHexString()));
  const types = [...new Set(units.map((u) => u.type))].sort((a, b) => Object.keys(UNIT_TYPE_LABELS).indexOf(a) - Object.keys(UNIT_TYPE_LABELS).indexOf(b));
  const settings = settingsOf(c.community);
  const d = deadlineFor({ type: doc.type, level: doc.level, urgency: doc.urgency, from: c.now, settings, calendars: await holidayCalendars(c.now) });
  return {
    ok: true,
    value: {
      groups: types.map((type) => ({
        type,
        typeLabel: UNIT_TYPE_LABELS[type],
        units: units
          .filter((u) => u.type === type)
          .sort((a, b) => a.name.localeCompare(b.name, 'zh'))
          .map((u) => ({ id: u._id.toHexString(), name: u.name, type: u.type, typeLabel: UNIT_TYPE_LABELS[u.type], phone: u.phone ?? undefined, active: busy.has(u._id.toHexString()) })),
      })),
      defaultResolveDays: Math.max(1, Math.ceil((d.resolveBy.getTime() - c.now.getTime()) / 86_400_000)),
    },
  };
}

export type { RequestUseCaseRefusal };
