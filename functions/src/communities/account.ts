import { Types } from 'mongoose';
import { defineOperation, type OperationDoc, type StepOutcome } from '../lib/operations';
import { IdempotencyModel } from '../lib/idempotency';
import { UserModel, type UserDoc } from '../auth/user.model';
import { MembershipModel } from './community.model';
import { RequestModel } from '../requests/request.model';
import { MessageModel } from '../messages/message.model';
import { PhotoModel, SubscribeGrantModel } from '../uploads/photo.model';
import { deleteObjects } from '../lib/storage';
import { CommentModel, ConsultationModel, ParticipationModel, SupportModel } from '../consultations/consultation.model';
import { LedgerEntryModel, StarAwardModel, VolunteerModel } from '../volunteers/volunteer.model';
import { RedemptionModel } from '../mall/mall.model';
import { PatrolModel } from '../patrols/patrol.model';
import { MobileGridApplicationModel } from '../mobile-grid/application.model';
import { HouseholdModel } from '../households/household.model';
import { eraseFromCases, exportCases } from '../mediation/account';
import { eraseFromUnits, exportUnitMemberships } from '../units/account';
import { unlinkMember } from '../households/member-link';
import { FollowUpModel, VisitModel, type MetDoc } from '../visits/visit.model';
import { CARE_FLAG_LABELS, VISIT_TOPIC_LABELS, patrolOpenKey, type VisitTopic } from '@linli/shared';

const ERASED_NAME = '已注销居民';
const ERASED_VOLUNTEER = '已注销志愿者';
const ERASED_GRID_WORKER = '已注销网格员';

/**
 * Everything the product holds about a person (PIPL right of access), as one JSON document. Ballots are not
 * in it: they are not linked to anyone, which is the point of a secret ballot; the participations say which
 * votes the person (or household) took part in.
 */
export async function exportAccount(user: UserDoc) {
  const userId = user._id;
  const memberships = await MembershipModel.find({ userId }).lean();
  const volunteers = await VolunteerModel.find({ userId }).lean();
  const volunteerIds = volunteers.map((v) => v._id);
  const [requests, followed, consultations, supports, comments, participations, ledger, redemptions, stars, messages, grants, photos, patrols, mobileGrid, households] = await Promise.all([
    RequestModel.find({ $or: [{ filerId: userId }, { filedBy: userId }] }, { outbox: 0 }).lean(),
    RequestModel.find({ followers: userId, filerId: { $ne: userId } }, { _id: 1, category: 1, description: 1, status: 1 }).lean(),
    ConsultationModel.find({ authorId: userId }, { outbox: 0, openBallots: 0 }).lean(),
    SupportModel.find({ userId }).lean(),
    CommentModel.find({ authorId: userId }).lean(),
    ParticipationModel.find({ _id: { $regex: `:${userId.toHexString()}$` } }, { consultationId: 1 }).lean(),
    volunteerIds.length ? LedgerEntryModel.find({ volunteerId: { $in: volunteerIds } }).sort({ seq: 1 }).lean() : [],
    RedemptionModel.find({ volunteerUserId: userId }).lean(),
    volunteerIds.length ? StarAwardModel.find({ volunteerId: { $in: volunteerIds } }).lean() : [],
    MessageModel.find({ userId }).lean(),
    SubscribeGrantModel.find({ userId }).lean(),
    PhotoModel.find({ uploaderId: userId }, { key: 1, status: 1, requestId: 1, createdAt: 1 }).lean(),
    PatrolModel.find({ workerId: userId }, { openKey: 0 }).lean(),
    MobileGridApplicationModel.find({ userId }).lean(),
    HouseholdModel.find({ memberIds: userId }, { rev: 0 }).lean(),
  ]);
  // Visits (走访) that met the person, and the ones they recorded as a grid worker: read beside the rest.
  const [visitsMet, visitsRecorded] = await Promise.all([VisitModel.find({ metUserIds: userId }).lean(), VisitModel.find({ recordedBy: userId }, { householdId: 1, visitedOn: 1, topics: 1, createdAt: 1 }).lean()]);
  return {
    exportedAt: new Date().toISOString(),
    account: { id: userId.toHexString(), nickname: user.nickname, workPhone: user.workPhone, createdAt: user.createdAt?.toISOString() },
    memberships,
    requests,
    followedRequests: followed,
    consultations,
    supports,
    comments,
    votedIn: participations.map((p) => p.consultationId),
    volunteers,
    pointsLedger: ledger,
    redemptions,
    starAwards: stars,
    messages,
    subscribeGrants: grants,
    photos,
    patrols,
    mobileGridApplications: mobileGrid,
    // The household records the person is an occupant of: the address, their own entry, and who else lives there
    // by name and relation (as their household page shows it; the others' contact numbers are not theirs).
    // Its care flags (关爱标记) too: they are about the people who live there, the exporter among them, so their
    // right of access covers them (kind, note, when set; not which staff member set them, nor the due-list key).
    households: households.map(({ careFlags, careDueKey: _due, ...h }) => ({
      ...h,
      occupants: h.occupants.map((o) => (o.userId?.equals(userId) ? o : { _id: o._id, name: o.name, relation: o.relation, source: o.source, addedAt: o.addedAt })),
      careFlags: (careFlags ?? []).map((f) => ({ flag: f.flag, label: CARE_FLAG_LABELS[f.flag], note: f.note, setAt: f.setAt })),
    })),
    // Visits that met the person: the day, what was talked about, the notes (the household's record, the person among
    // those it is about), who recorded it, and their own entry among those met; the others met by count only.
    visitsMetMe: visitsMet.map((v) => ({
      id: v._id,
      householdId: v.householdId,
      date: v.visitedOn,
      topics: v.topics.map((t) => VISIT_TOPIC_LABELS[t as VisitTopic]),
      notes: v.notes,
      recordedBy: v.recorderName,
      me: v.met.filter((m) => m.userId?.equals(userId)).map((m) => ({ consent: m.consent })),
      othersMet: v.met.filter((m) => !m.userId?.equals(userId)).length,
    })),
    // Visits the person recorded as a grid worker: which household when, and the topics (the notes are the
    // visited household's, not theirs).
    visitsRecorded,
    // Dispute cases (矛盾纠纷调处) the person is a party to, as they see them in 我的调解 (the other parties' contacts are not theirs).
    mediationCases: await exportCases(userId),
    // Units (单位) the person works or worked for, with the name and phone they gave on joining.
    unitMemberships: await exportUnitMemberships(userId),
    note: '投票为不记名投票：选票不与任何人关联，因此不在导出内容中；“votedIn”列出您参加过的投票。',
  };
}

interface ErasePayload {
  userId: string;
}

/**
 * Deleting an account (PIPL right to erasure), as a pending operation so a crash half-way is finished by repair.
 * Personal data goes: names, real names, phone numbers, households, the WeChat openid, voice notes, messages and
 * grants.
 * What the community's figures rest on stays, anonymised: requests (counted in 三率), supports and comments
 * (counted), participations and ballots (tallies), ledger entries and hours (balances must reconcile), and a grid
 * worker's patrols (the community's record of which buildings were checked when, and of the findings filed on
 * them: patrol coverage rests on them). A patrol keeps its worker's id, as a request keeps its filer's: the user
 * record that id names is anonymised here, so it identifies nobody, and staff can still tell one worker's patrols
 * from another's; the name goes, and a patrol left under way is ended. Applications to be a 流动网格员 go whole (real
 * name, phone, employer): no figure rests on them, and the role went with the memberships.
 */
export const eraseAccount = defineOperation<ErasePayload>({
  kind: 'account-erase',
  async apply(op: OperationDoc<ErasePayload>): Promise<StepOutcome> {
    const userId = new Types.ObjectId(op.payload.userId);
    const tag = `deleted:${userId.toHexString()}`;
    await UserModel.updateOne({ _id: userId }, { $set: { openid: tag, nickname: ERASED_NAME, deletedAt: new Date() }, $unset: { unionid: 1, workPhone: 1 } });
    await MembershipModel.updateMany(
      { userId },
      { $set: { status: 'left', name: ERASED_NAME, roles: [], gridIds: [] }, $unset: { realName: 1, phone: 1, household: 1, note: 1 } },
    );
    await RequestModel.updateMany({ filerId: userId }, { $set: { filerName: ERASED_NAME, anonymous: true }, $unset: { household: 1, contactPhone: 1 } });
    await RequestModel.updateMany({ assigneeId: userId }, { $set: { assigneeName: ERASED_NAME } });
    // 回访 and 延期申请 (issue 19): what was noted of a resident's call is about them and goes (the verdict stays: 满意率
    // rests on it); the name of a staff member who called or asked for more time goes as an assignee's does.
    await RequestModel.updateMany({ filerId: userId, 'callBack.note': { $exists: true } }, { $unset: { 'callBack.note': 1 } });
    await RequestModel.updateMany({ 'callBack.by': userId }, { $set: { 'callBack.byName': ERASED_NAME } });
    await RequestModel.updateMany({ 'extension.requestedBy': userId, 'extension.requesterKind': 'person' }, { $set: { 'extension.requesterName': ERASED_NAME } });
    // 退单 (issue 19): a person's send-back waiting for the dispatcher names them (handlers only): the name goes.
    await RequestModel.updateMany({ 'sendBack.by': userId, 'sendBack.kind': 'person' }, { $set: { 'sendBack.byName': ERASED_NAME, 'sendBack.assigneeName': ERASED_NAME } });
    await ConsultationModel.updateMany({ authorId: userId }, { $set: { authorName: ERASED_NAME } });
    await CommentModel.updateMany({ authorId: userId }, { $set: { authorName: ERASED_NAME } });
    await VolunteerModel.updateMany({ userId }, { $set: { name: ERASED_VOLUNTEER, anonymous: true, skills: [] }, $unset: { availability: 1 } });
    const volunteerIds = (await VolunteerModel.find({ userId }, { _id: 1 }).lean()).map((v) => v._id);
    if (volunteerIds.length) await StarAwardModel.updateMany({ volunteerId: { $in: volunteerIds } }, { $set: { volunteerName: ERASED_VOLUNTEER } });
    await RedemptionModel.updateMany({ volunteerUserId: userId }, { $set: { volunteerName: ERASED_VOLUNTEER } });
    // At most one patrol is under way (its open key is the worker's id): it ends now, by an update found through
    // that unique key, so a repeated step finds nothing left to end.
    const ongoing = await PatrolModel.findOne({ openKey: userId.toHexString() }, { _id: 1 }).lean();
    if (ongoing)
      await PatrolModel.updateOne({ _id: ongoing._id, status: 'ongoing' }, { $set: { status: 'ended', endedAt: new Date(), openKey: patrolOpenKey('ended', userId.toHexString(), ongoing._id.toHexString()) } });
    await PatrolModel.updateMany({ workerId: userId }, { $set: { workerName: ERASED_GRID_WORKER } });
    // A voice identifies a person: their voice notes go, objects and records (the request keeps its words, if any;
    // views skip a voice note whose record is gone).
    const voices = await PhotoModel.find({ uploaderId: userId, kind: 'voice' }, { key: 1 }).lean();
    await deleteObjects(voices.map((v) => v.key));
    await PhotoModel.deleteMany({ uploaderId: userId, kind: 'voice' });
    await MobileGridApplicationModel.deleteMany({ userId });
    // Visits (走访): where the person was met, their entry keeps that someone was met (the count) and nothing else
    // — no occupant id, no account — so the notes stay the household's record without naming them. A visit they
    // recorded keeps its recorder's id (an anonymised user, as a patrol's) and loses the name. One visit at a time,
    // conditional on still naming them: a repeated step after a crash finds only what is left.
    for (const v of await VisitModel.find({ metUserIds: userId }, { met: 1 }).lean()) {
      const met: MetDoc[] = v.met.map((m) => (m.userId?.equals(userId) ? { kind: m.kind, consent: m.consent, anonymised: true } : m));
      await VisitModel.updateOne({ _id: v._id, metUserIds: userId }, { $set: { met }, $pull: { metUserIds: userId } });
    }
    await VisitModel.updateMany({ recordedBy: userId }, { $set: { recorderName: ERASED_GRID_WORKER } });
    await FollowUpModel.updateMany({ doneBy: userId }, { $set: { doneByName: ERASED_GRID_WORKER } });
    // Care flags (关爱标记) are about the household: they stay while someone else lives there. Where the person is the
    // only occupant they go, with the visit dates (no count is kept). Cleared before the entries go, so a repeated
    // step after a crash still finds the households through the person.
    const linked = await HouseholdModel.find({ memberIds: userId }, { communityId: 1, occupants: 1 }).lean();
    const alone = linked.filter((h) => h.occupants.every((o) => o.userId?.equals(userId)));
    if (alone.length) await HouseholdModel.updateMany({ _id: { $in: alone.map((h) => h._id) } }, { $unset: { careFlags: 1, careDueKey: 1, lastVisitAt: 1 }, $inc: { rev: 1 } });
    // Off every household record: their occupant entries go, whoever recorded them (the record stays for the others).
    for (const communityId of new Set(linked.map((h) => h.communityId.toHexString())))
      await unlinkMember(new Types.ObjectId(communityId), userId, { erase: true });
    // Dispute cases: their party entry stays without them (counts and the other party's case rest on it); a
    // mediator's name goes (mediation/account.ts).
    await eraseFromCases(userId);
    // Unit memberships: deactivated, name and phone gone (units/account.ts).
    await eraseFromUnits(userId);
    await MessageModel.deleteMany({ userId });
    await SubscribeGrantModel.deleteMany({ userId });
    await IdempotencyModel.deleteMany({ userId });
    return { ok: true };
  },
});
