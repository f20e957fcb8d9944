/**
 * The two writes that span a case and its 邻里纠纷 request, each a pending operation (lib/operations.ts): neither
 * standalone MongoDB nor FerretDB has transactions, so a crash between two writes is finished by the repair routine
 * running the same idempotent steps again.
 *
 * - Opening from a request (`openFromRequest`): the operation holds the whole new case. Step 1 claims the request —
 *   one conditional write: still open, of category dispute, naming no case yet → it names this case (转调解), moves to
 *   in progress, and gets a timeline entry that says only 已转调解 — so of two cases opened from one request at once
 *   exactly one claims it; the other's operation fails and writes nothing. Step 2 inserts the case under the id the
 *   request already names (a duplicate key means a previous run inserted it). A crash after step 1 leaves a request
 *   naming a case not yet written: repair inserts it.
 * - A conclusion resolving the request (`resolveRequestOfCase`): started before the case's conditional write, run
 *   after it. Its step reads the case: concluded (agreed, referred, ended) → resolve the request if still open and
 *   naming this case; anything else (the conclusion lost a race, or has not been written) → fail, nothing done. So a
 *   crash after the case's write but before the request's is finished by repair; a lost race changes nothing; and a
 *   resolution already made (by the winner of the race, or a previous run) is left alone.
 * The request's timeline never carries anything of the case: the words are fixed here, and the 已转调解 entry is of a
 * type Open311 does not show.
 */
import { Types } from 'mongoose';
import { CONCLUDED_CASE_STATUSES, OPEN_STATUSES, hasAnyRole, requestTransition, type Role } from '@linli/shared';
import { defineOperation, finishOperation, runOperation, startOperation, type OperationDoc, type StepOutcome } from '../lib/operations';
import { isDuplicateKey } from '../lib/errors';
import { RequestModel, type RequestDoc } from '../requests/request.model';
import { deliverOutbox, outboxEntry, summary } from '../requests/notify';
import { countRequestChange } from '../requests/request-stats';
import { closingDispatches, followClosedDispatches } from '../requests/dispatch.model';
import { CaseModel, type CaseDoc } from './case.model';

/** What the request's timeline says when it is handed to mediation, and when the mediation is over. */
export const TO_MEDIATION_NOTE = '已转人民调解处理（调解内容保密，不在此显示）';
// Neutral on purpose: a 12345 platform reading the request through Open311 sees this note (it sees notes written to the
// filer), and learns nothing of a mediation from it; the filer knows from the 已转调解 entry in the app.
export const MEDIATION_DONE_NOTE = '纠纷处理程序已结束，诉求办结';

/** The role a handler acts in on the request's timeline (as the requests feature shows it). */
const timelineRole = (roles: readonly Role[]): Role => (hasAnyRole(roles, ['staff']) ? 'staff' : roles.includes('grid_worker') ? 'grid_worker' : 'street_staff');

interface OpenPayload {
  /** The case to insert, as the use case built it (dates and ids survive the operations collection). */
  doc: Omit<CaseDoc, 'createdAt' | 'updatedAt'>;
  actorRoles: Role[];
}

const openKind = defineOperation<OpenPayload>({
  kind: 'mediation.openFromRequest',
  async apply(op: OperationDoc<OpenPayload>): Promise<StepOutcome> {
    const { doc } = op.payload;
    const caseId = new Types.ObjectId(String(doc._id));
    const requestId = new Types.ObjectId(String(doc.requestId));
    const now = new Date(op.createdAt);
    // The claim, retried while other changes to the request (a reply, a 我也遇到) land between our read and write.
    let claimedOrOurs = false;
    for (let attempt = 0; attempt < 8 && !claimedOrOurs; attempt++) {
      const r = await RequestModel.findOne({ _id: requestId, communityId: doc.communityId });
      if (!r) return { ok: false, reason: 'request_gone' };
      if (r.mediationCaseId) {
        if (!r.mediationCaseId.equals(caseId)) return { ok: false, reason: 'request_taken' };
        claimedOrOurs = true; // a previous run of this operation claimed it
        break;
      }
      if (r.category !== 'dispute' || !OPEN_STATUSES.includes(r.status)) return { ok: false, reason: 'request_not_open' };
      const $set: Record<string, unknown> = { mediationCaseId: caseId, status: 'in_progress' };
      if (!r.assigneeId) Object.assign($set, { assigneeId: doc.openedBy, assigneeName: doc.mediators[0]?.name });
      // Handing the dispute to mediation is the handler's response (响应) when nothing came before it.
      if (!r.firstResponseAt) Object.assign($set, { firstResponseAt: now, firstResponseHours: (now.getTime() - r.createdAt.getTime()) / 3_600_000, responseOutcome: now <= r.respondBy ? 'on_time' : 'late' });
      const claimed = await RequestModel.findOneAndUpdate(
        { _id: r._id, rev: r.rev, mediationCaseId: { $exists: false } },
        {
          $set,
          $inc: { rev: 1 },
          $push: {
            timeline: { _id: new Types.ObjectId(), type: 'to_mediation', actorId: doc.openedBy, actorRole: timelineRole(op.payload.actorRoles), at: now, note: TO_MEDIATION_NOTE, audience: 'filer' },
            outbox: outboxEntry('to_mediation', 'followers', '您反映的纠纷已转人民调解', summary(r), now, doc.openedBy),
          },
        },
        { new: true },
      );
      if (claimed) {
        await Promise.all([deliverOutbox(claimed), countRequestChange(claimed)]);
        claimedOrOurs = true;
      }
    }
    if (!claimedOrOurs) return { ok: false, reason: 'request_busy' };
    try {
      await CaseModel.create({ ...doc, _id: caseId });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    return { ok: true };
  },
});

/** Opens a case from a request: the request claimed and the case inserted, or `request_taken` / `request_not_open`. */
export async function openFromRequest(doc: OpenPayload['doc'], actorRoles: Role[]): Promise<StepOutcome> {
  return runOperation(openKind, { doc, actorRoles });
}

interface ResolvePayload {
  caseId: string;
  requestId: string;
  actorId: string;
  actorRoles: Role[];
}

const resolveKind = defineOperation<ResolvePayload>({
  kind: 'mediation.resolveRequest',
  async apply(op: OperationDoc<ResolvePayload>): Promise<StepOutcome> {
    const { caseId, requestId } = op.payload;
    const kase = await CaseModel.findById(caseId, { status: 1 }).lean();
    if (!kase || !CONCLUDED_CASE_STATUSES.includes(kase.status)) return { ok: false, reason: 'case_not_concluded' };
    for (let attempt = 0; attempt < 8; attempt++) {
      const r = await RequestModel.findById(requestId);
      if (!r || !r.mediationCaseId?.equals(caseId)) return { ok: false, reason: 'request_not_linked' };
      const t = requestTransition(r, 'resolve');
      // Already resolved (by a previous run, or the handlers): nothing to do.
      if (!t.ok) return { ok: true };
      const now = new Date();
      const updated = await RequestModel.findOneAndUpdate(
        { _id: r._id, rev: r.rev },
        {
          // Resolved and asking its filer to rate: on 待回访 until rated or called back (requests/call-backs.ts).
          $set: {
            status: t.to,
            resolvedAt: now,
            resolveHours: (now.getTime() - r.createdAt.getTime()) / 3_600_000,
            ...(t.to === 'closed' ? { closedAt: now } : { callBackDue: true }),
            // 吹哨报到: units still at work on it are done with it (their records follow, or repair finishes them).
            ...closingDispatches(r),
          },
          $inc: { rev: 1 },
          $push: {
            timeline: { _id: new Types.ObjectId(), type: 'resolve', actorId: new Types.ObjectId(op.payload.actorId), actorRole: timelineRole(op.payload.actorRoles), at: now, note: MEDIATION_DONE_NOTE, audience: 'filer' },
            outbox: outboxEntry('resolved', 'followers', '您反映的纠纷已处理完毕，请评价', summary(r), now),
          },
        },
        { new: true },
      );
      if (updated) {
        await Promise.all([deliverOutbox(updated as RequestDoc), countRequestChange(updated)]);
        if (updated.dispatchesDirty) await followClosedDispatches(updated);
        return { ok: true };
      }
    }
    return { ok: false, reason: 'request_busy' };
  },
});

/** Starts the request's resolution before the case's concluding write (its id to run after the write). */
export async function startResolveRequest(kase: CaseDoc, actorId: Types.ObjectId, actorRoles: Role[]): Promise<Types.ObjectId | null> {
  if (!kase.requestId) return null;
  const op = await startOperation(resolveKind, { caseId: kase._id.toHexString(), requestId: kase.requestId.toHexString(), actorId: actorId.toHexString(), actorRoles: [...actorRoles] });
  return op._id;
}

/** Runs the request's resolution now (after the case's write, won or lost: the step reads the case and decides). */
export async function finishResolveRequest(opId: Types.ObjectId | null): Promise<void> {
  if (opId) await finishOperation(opId);
}
