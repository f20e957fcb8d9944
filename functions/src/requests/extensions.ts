/**
 * 延期申请: whoever holds a request (its person assignee, or a member of its lead unit) asks for more time; the
 * dispatcher's side approves or refuses (a second extension only the street). Approval is the one thing that moves
 * the request's `resolveBy` (the 三率 clock otherwise runs from the submission) and counts the extension (延期率).
 * Each is one conditional write of the request (use-cases.ts `change`), with its timeline entry and notices; when a
 * lead unit asked, its dispatch's own deadline moves too, through a pending operation (two documents, no transaction).
 */
import { Types } from 'mongoose';
import { extensionTransition, needsStreetApproval, shanghaiDate } from '@linli/shared';
import { defineOperation, finishOperation, startOperation, type OperationDoc, type StepOutcome } from '../lib/operations';
import { displayName } from '../communities/community-context';
import { RequestModel, type RequestDoc } from './request.model';
import { DispatchModel } from './dispatch.model';
import { canOnRequest, holdsRequest } from './request.permissions';
import { outboxEntry, summary } from './notify';
import { actingRole, change, isRefusal, loadVisible, screen, type Outcome, type RequestCaller, type RequestUseCaseRefusal, type Update } from './use-cases';

/** A date as residents read it: 12月20日 (Asia/Shanghai). */
export function dayLabel(at: Date): string {
  const [, m, d] = shanghaiDate(at).split('-');
  return `${Number(m)}月${Number(d)}日`;
}

/** Dispatch statuses in which a unit holds its part (dispatch.rules.ts). */
const ACTIVE_DISPATCH = ['dispatched', 'acknowledged'];

type DispatchSummary = { dispatchId: Types.ObjectId; unitId: Types.ObjectId; unitName?: string; role: string; status: string };
const dispatchesOf = (doc: RequestDoc): DispatchSummary[] => ((doc as unknown as { dispatches?: DispatchSummary[] }).dispatches ?? []);
/** A subdocument as plain data (so a spread keeps its fields). */
const plain = <T>(d: T): T => (typeof (d as { toObject?: unknown }).toObject === 'function' ? (d as unknown as { toObject(): T }).toObject() : d);
const activeLead = (doc: RequestDoc) => dispatchesOf(doc).find((d) => d.role === 'lead' && ACTIVE_DISPATCH.includes(d.status));

/** The holder asks for more time (申请延期), with a reason and the date they propose to resolve it by. */
export async function requestExtension(c: RequestCaller, id: string, input: { reason: string; proposedResolveBy: string }): Promise<Outcome<RequestDoc>> {
  const { user, actor, now } = c;
  const verdict = await screen(c, input.reason, 'reason');
  if (isRefusal(verdict)) return { ok: false, ...verdict };
  const proposed = new Date(input.proposedResolveBy);
  return change(c, id, async (doc): Promise<Update | RequestUseCaseRefusal> => {
    const kind = holdsRequest(actor, doc);
    if (!kind || !canOnRequest('request_extension', actor, doc)) return { reason: 'not_permitted', permission: 'request_extension' };
    const t = extensionTransition(doc, 'request', { resolveBy: doc.resolveBy, proposedResolveBy: proposed });
    if (!t.ok) return { reason: 'extension_refused', refusal: t.reason };
    const lead = kind === 'unit' ? activeLead(doc) : undefined;
    const requesterName = lead?.unitName ?? displayName(user, c.community) ?? undefined;
    // Told: whoever decides it — the street for a second extension or a street-level request, else community staff.
    const street = needsStreetApproval(doc) || doc.level === 'street';
    const what = summary(doc);
    return {
      $set: {
        extension: { status: 'requested', reason: input.reason, proposedResolveBy: proposed, requestedBy: user._id, requesterKind: kind, requesterName, dispatchId: lead?.dispatchId, at: now },
      },
      $push: {
        timeline: {
          _id: new Types.ObjectId(),
          type: 'extension_requested',
          actorId: user._id,
          actorRole: kind === 'unit' ? 'unit' : actingRole(actor, doc),
          at: now,
          // The reason is the handlers' business: the resident learns of an extension once it is approved.
          note: `${requesterName ?? ''}申请延期至${dayLabel(proposed)}：${input.reason}`,
          audience: 'internal',
          hidden: verdict === 'review' || undefined,
        },
        ...(verdict === 'pass'
          ? {
              outbox: street
                ? outboxEntry('extension_requested', 'street', needsStreetApproval(doc) ? '有诉求第二次申请延期，需街道审批' : '有诉求申请延期，请审批', what, now, user._id)
                : outboxEntry('extension_requested', 'staff', '有诉求申请延期，请审批', what, now, user._id),
            }
          : {}),
      },
    };
  });
}

/** When a lead unit's extension is approved: its dispatch's own deadline moves with the request's. */
interface DispatchDeadlinePayload {
  requestId: string;
  dispatchId: string;
  resolveBy: string;
}

/**
 * Step of the pending operation: only once the request records this approval (`extension.opId`), the dispatch gets
 * the new deadline and one more extension, once. A request write that never
 * landed (a conflict, a refusal) fails the operation and touches nothing.
 */
const dispatchDeadlineKind = defineOperation<DispatchDeadlinePayload>({
  kind: 'request-extension-dispatch',
  async apply(op: OperationDoc<DispatchDeadlinePayload>): Promise<StepOutcome> {
    const { requestId, dispatchId, resolveBy } = op.payload;
    const req = await RequestModel.findById(requestId, { extension: 1 }).lean();
    const recorded = (req?.extension as { opId?: Types.ObjectId } | undefined)?.opId;
    if (!recorded || !recorded.equals(op._id)) return { ok: false, reason: 'approval_not_recorded' };
    // Once: a run after the first finds the dispatch at the new deadline already and changes nothing.
    const at = new Date(resolveBy);
    await DispatchModel.updateOne({ _id: new Types.ObjectId(dispatchId), resolveBy: { $ne: at } }, { $set: { resolveBy: at, extended: 1 }, $inc: { extensions: 1 } });
    return { ok: true };
  },
});

/**
 * The dispatcher's side decides the pending extension (延期审批): approval moves the request's deadline to the date
 * proposed and counts it; refusal leaves it. The requester hears either way; the resident hears of an approval
 * (the new deadline, never the reason); a second extension only street staff decide.
 */
export async function decideExtension(c: RequestCaller, id: string, input: { approve: boolean; note?: string }): Promise<Outcome<RequestDoc>> {
  const { user, actor, now } = c;
  const verdict = await screen(c, input.note, 'note');
  if (isRefusal(verdict)) return { ok: false, ...verdict };
  // A lead unit's extension moves its dispatch too: the operation is written first, so a crash after the request's
  // write still moves the dispatch (repair), and one whose request write never landed fails harmlessly.
  const before = await loadVisible(c, id);
  if (!before.ok) return before;
  const ext = before.value.extension;
  const op =
    input.approve && ext?.status === 'requested' && ext.dispatchId && canOnRequest('decide_extension', actor, before.value)
      ? await startOperation(dispatchDeadlineKind, { requestId: id, dispatchId: ext.dispatchId.toHexString(), resolveBy: ext.proposedResolveBy.toISOString() })
      : null;
  const decided = await change(c, id, async (doc): Promise<Update | RequestUseCaseRefusal> => {
    if (!canOnRequest('decide_extension', actor, doc)) return { reason: 'not_permitted', permission: 'decide_extension' };
    const pending = doc.extension;
    const t = extensionTransition(doc, input.approve ? 'approve' : 'refuse', {
      proposedResolveBy: pending?.proposedResolveBy,
      deciderIsStreet: actor.roles.includes('street_staff'),
      deciderIsRequester: !!pending?.requestedBy.equals(user._id),
    });
    if (!t.ok) return { reason: 'extension_refused', refusal: t.reason };
    const ext = pending!;
    const withOp = op && ext.dispatchId?.equals(new Types.ObjectId(op.payload.dispatchId)) && t.status === 'approved';
    const what = summary(doc);
    const decision = { ...((ext as unknown as { toObject?: () => object }).toObject?.() ?? ext), status: t.status, decidedBy: user._id, decidedAt: now, decisionNote: input.note, ...(withOp ? { opId: op._id } : {}) };
    const approved = t.status === 'approved';
    const newDeadline = approved ? dayLabel(t.resolveBy!) : '';
    // A unit's request is answered in its member's unit inbox (单位消息: the message names the unit).
    const unitId = ext.requesterKind === 'unit' && ext.dispatchId ? doc.dispatches?.find((d) => d.dispatchId.equals(ext.dispatchId!))?.unitId : undefined;
    const outbox = [{ ...outboxEntry(approved ? 'extension_approved' : 'extension_refused', 'user', approved ? `延期申请已批准，办理时限延至${newDeadline}` : '延期申请未获批准，请按原时限办结', what, now, user._id, ext.requestedBy), ...(unitId ? { unitId } : {}) }];
    if (approved) outbox.push(outboxEntry('extension_approved', 'followers', `您的诉求办理时限已延长至${newDeadline}`, what, now, user._id));
    return {
      $set: {
        extension: decision,
        ...(approved ? { resolveBy: t.resolveBy, extensionCount: t.extensionCount, overdueWarnedAt: null } : {}),
        // The level's own deadline (the deadline job escalates on it) does not run out before the time granted.
        ...(approved && doc.levelResolveBy && doc.levelResolveBy < t.resolveBy! ? { levelResolveBy: t.resolveBy } : {}),
        // The holder's own deadline moves with it, where 谁在办 reads it: the lead unit's entry on the request (the whole
        // array written back: no arrayFilters; the revision check keeps it safe), or the person assignee's.
        ...(approved && ext.dispatchId
          ? { dispatches: (doc.dispatches ?? []).map((d) => (d.dispatchId.equals(ext.dispatchId!) ? { ...plain(d), resolveBy: t.resolveBy } : plain(d))) }
          : approved && ext.requesterKind === 'person' && doc.assigneeResolveBy && doc.assigneeResolveBy < t.resolveBy!
            ? { assigneeResolveBy: t.resolveBy }
            : {}),
      },
      $push: {
        timeline: {
          _id: new Types.ObjectId(),
          type: approved ? 'extension_approved' : 'extension_refused',
          actorId: user._id,
          actorRole: actingRole(actor, doc),
          at: now,
          // The resident reads that more time was granted and until when; the decision's note stays the handlers'.
          note: approved ? `已批准延期，办理时限延至${newDeadline}` : ['延期申请未获批准', input.note].filter(Boolean).join('：'),
          audience: approved ? 'filer' : 'internal',
          hidden: (!approved && verdict === 'review') || undefined,
        },
        ...(verdict === 'pass' ? { outbox: { $each: outbox } } : {}),
      },
    };
  });
  if (op) await finishOperation(op._id);
  return decided;
}
