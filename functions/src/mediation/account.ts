import type { Types } from 'mongoose';
import { CaseModel, type CaseDoc } from './case.model';
import { caseView } from './mediation.view';

const ERASED_PARTY = '已注销当事人';
const ERASED_MEDIATOR = '已注销调解员';

/**
 * A person's dispute cases for their data export (PIPL right of access): those they are a party to, each as they
 * see it in 我的调解 — the contents with their own contact, the other parties by name without theirs. Cases they
 * mediated are the parties' personal information, not theirs, and are not exported.
 */
export async function exportCases(userId: Types.ObjectId) {
  const docs = await CaseModel.find({ partyUserIds: userId }).lean<CaseDoc[]>();
  return docs.map((d) => {
    const { actions: _a, viewer: _v, ...view } = caseView(d, { userId, roles: [] });
    return view;
  });
}

/**
 * Deleting an account (communities/account.ts runs this as a step of its erasure operation): as a party, their
 * entry stays — a case has its parties, and the counts and the other party's record rest on it — without their name,
 * account, membership, phone or confirmation's link to them (marked erased; the case no longer waits for their
 * confirmation); as a mediator, their name goes from the case's mediators, sessions and record (their id stays, as a
 * patrol keeps its worker's: the user it names is anonymised). One case at a time, conditional on still naming them,
 * so a repeated step after a crash finds only what is left.
 */
export async function eraseFromCases(userId: Types.ObjectId): Promise<void> {
  for (const d of await CaseModel.find({ partyUserIds: userId }, { parties: 1, events: 1 }).lean<CaseDoc[]>()) {
    const parties = d.parties.map((p) => (p.userId?.equals(userId) ? { _id: p._id, name: ERASED_PARTY, erased: true, confirmedAt: p.confirmedAt, confirmedBy: p.confirmedBy } : p));
    // Their own confirmation in the case's record names them too.
    const events = d.events.map((e) => (e.actorId?.equals(userId) ? { ...e, actorName: ERASED_PARTY } : e));
    await CaseModel.updateOne({ _id: d._id, partyUserIds: userId }, { $set: { parties, events }, $pull: { partyUserIds: userId }, $inc: { rev: 1 } });
  }
  for (const d of await CaseModel.find({ mediatorIds: userId }, { mediators: 1, sessions: 1, events: 1 }).lean<CaseDoc[]>()) {
    const mediators = d.mediators.map((m) => (m.userId.equals(userId) ? { ...m, name: ERASED_MEDIATOR } : m));
    const sessions = d.sessions.map((s) => (s.recordedBy.equals(userId) ? { ...s, recordedByName: ERASED_MEDIATOR } : s));
    const events = d.events.map((e) => (e.actorId?.equals(userId) ? { ...e, actorName: ERASED_MEDIATOR } : e));
    await CaseModel.updateOne({ _id: d._id }, { $set: { mediators, sessions, events }, $inc: { rev: 1 } });
  }
}
