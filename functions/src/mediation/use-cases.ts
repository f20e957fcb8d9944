/**
 * What can be done with dispute cases (矛盾纠纷调处), one named function per use case, each returning an explicit
 * outcome (lib/outcome.ts); handler.ts maps every refusal to its HTTP answer. Every move goes the same way
 * (`move`): load a case the caller may see, ask the permission table and the state machine, write conditionally on
 * the revision read; when another change came first, read again and decide again — so of two mediators concluding
 * a case at once one wins and the other is refused by the state machine (409), while two sessions recorded at once
 * both land. What spans the case and its request goes through request-link.ts.
 */
import { Types } from 'mongoose';
import {
  DEFAULT_COMMUNITY_SETTINGS,
  OPEN_CASE_STATUSES,
  OPEN_STATUSES,
  caseTransition,
  followUpDueAt,
  hasAnyRole,
  shanghaiMonth,
  type CaseListQuery,
  type CaseMove,
  type CaseRefusal,
  type CreateCaseInput,
  type CaseSessionInput,
  type CaseStatus,
  type ConcludeCaseInput,
  type ReferralChannel,
  type Role,
} from '@linli/shared';
import type { UserDoc } from '../auth/user.model';
import { displayName, type CommunityContext } from '../communities/community-context';
import { BuildingModel, MembershipModel } from '../communities/community.model';
import { done, refused, type Outcome } from '../lib/outcome';
import { RequestModel } from '../requests/request.model';
import { canOnRequest } from '../requests/request.permissions';
import { CaseModel, type CaseDoc, type CaseEventDoc, type CaseMediatorDoc, type CasePartyDoc } from './case.model';
import { MEDIATOR_ROLES, canOnCase, type CaseActor, type CasePermission } from './mediation.permissions';
import { caseSubject, unconfirmedParties } from './mediation.view';
import { streetStaffOf, tellAboutCase } from './notify';
import { finishResolveRequest, openFromRequest, startResolveRequest } from './request-link';
import { loadVisible as loadVisibleVisit, visitCallerOf } from '../visits/use-cases';

/** Who acts, where, and when. */
export interface CaseCaller {
  user: UserDoc;
  community: CommunityContext;
  actor: CaseActor;
  now: Date;
}

export function caseCallerOf(user: UserDoc, community: CommunityContext, now: Date): CaseCaller {
  return { user, community, now, actor: { userId: user._id, roles: community.roles } };
}

/** The role a person acts in on a case, as its mediators list and its record show it. */
function actingRole(roles: readonly Role[]): Role {
  if (roles.includes('mediator')) return 'mediator';
  if (roles.includes('grid_worker')) return 'grid_worker';
  if (hasAnyRole(roles, ['staff'])) return 'staff';
  return 'street_staff';
}

const nameOf = (c: CaseCaller) => displayName(c.user, c.community);
const event = (c: CaseCaller, type: string, note?: string): CaseEventDoc => ({ _id: new Types.ObjectId(), type, at: c.now, actorId: c.user._id, actorName: nameOf(c), note });

/** A case the caller may see at all; anything else is not found, with no hint that it exists. */
export async function loadVisible(c: CaseCaller, id: string | Types.ObjectId): Promise<Outcome<CaseDoc, 'not_found'>> {
  const doc = await c.community.scope.findById(CaseModel, id).lean<CaseDoc>();
  return doc && canOnCase('view', c.actor, caseSubject(doc)) ? done(doc) : refused('not_found');
}

// ---- opening ---------------------------------------------------------------------------------------------------

export type CreateRefusal = 'not_found' | 'bad_party' | 'too_few_parties' | 'bad_request' | 'request_taken' | 'bad_visit';

/** The stored party of an input: a member of this community (active), or a named person. */
async function partyOf(c: CaseCaller, p: CreateCaseInput['parties'][number]): Promise<Omit<CasePartyDoc, '_id'> | null> {
  if ('name' in p) return { name: p.name, phone: p.phone };
  const filter = 'membershipId' in p ? { _id: new Types.ObjectId(p.membershipId) } : { userId: new Types.ObjectId(p.userId) };
  const m = await c.community.scope.findOne(MembershipModel, { ...filter, status: 'active' }).lean();
  return m ? { name: m.name, userId: m.userId, membershipId: m._id } : null;
}

/**
 * The visit a case is found on: one the caller may see by the visits feature's own rule (a grid worker of the
 * household's grid, staff; a 人民调解员 sees no visit notes, so opens no case from one). Its grid is the case's.
 */
async function visitOf(c: CaseCaller, visitId: string): Promise<{ gridId?: Types.ObjectId } | null> {
  const visit = await loadVisibleVisit(visitCallerOf(c.user, c.community, c.now), visitId);
  return visit.ok ? { gridId: visit.value.gridId ?? undefined } : null;
}

/**
 * 登记调解案件: from a 邻里纠纷 request the caller handles (its filer a party; request-link.ts hands the request over
 * atomically), from a visit, or directly. 重大 tells the street's staff at once.
 */
export async function createCase(c: CaseCaller, body: CreateCaseInput): Promise<Outcome<CaseDoc, CreateRefusal>> {
  if (!canOnCase('create', c.actor)) return refused('not_found');
  const parties: Omit<CasePartyDoc, '_id'>[] = [];
  let gridId: Types.ObjectId | undefined = c.community.membership?.gridIds?.[0];
  if (body.requestId) {
    const r = await c.community.scope.findById(RequestModel, body.requestId);
    const actor = { userId: c.user._id, roles: c.community.roles, gridIds: c.community.membership?.gridIds ?? [] };
    if (!r || !canOnRequest('view', actor, r) || !canOnRequest('resolve', actor, r)) return refused('bad_request', { message: '诉求不存在或您不是该诉求的办理人' });
    if (r.category !== 'dispute') return refused('bad_request', { message: '只有邻里纠纷诉求可以转调解' });
    if (r.mediationCaseId) return refused('request_taken');
    if (!OPEN_STATUSES.includes(r.status)) return refused('bad_request', { message: '该诉求已结束，不能转调解' });
    gridId = r.gridId ?? undefined;
    if (r.filerId) {
      const filer = await c.community.scope.findOne(MembershipModel, { userId: r.filerId, status: 'active' }).lean();
      if (filer) parties.push({ name: filer.name, userId: filer.userId, membershipId: filer._id });
    }
  }
  if (body.visitId) {
    const v = await visitOf(c, body.visitId);
    if (!v) return refused('bad_visit');
    gridId = v.gridId ?? gridId;
  }
  for (const [i, p] of body.parties.entries()) {
    const party = await partyOf(c, p);
    if (!party) return refused('bad_party', { index: i });
    // The same member named twice (or the request's filer named again) is one party.
    if (party.userId && parties.some((x) => x.userId?.equals(party.userId!))) continue;
    parties.push(party);
  }
  if (parties.length < 2) return refused('too_few_parties');
  const role = actingRole(c.actor.roles);
  const mediator: CaseMediatorDoc = { userId: c.user._id, name: nameOf(c), role, addedAt: c.now, addedBy: c.user._id };
  const id = new Types.ObjectId();
  const doc: Omit<CaseDoc, 'createdAt' | 'updatedAt'> = {
    _id: id,
    communityId: c.community.communityId,
    type: body.type,
    risk: body.risk,
    status: 'open',
    level: 'community',
    origin: body.requestId ? 'request' : body.visitId ? 'visit' : 'staff',
    requestId: body.requestId ? new Types.ObjectId(body.requestId) : undefined,
    visitId: body.visitId ? new Types.ObjectId(body.visitId) : undefined,
    gridId,
    place: body.place,
    summary: body.summary,
    parties: parties.map((p) => ({ ...p, _id: new Types.ObjectId() })),
    partyUserIds: parties.flatMap((p) => (p.userId ? [p.userId] : [])),
    mediators: [mediator],
    mediatorIds: [c.user._id],
    sessions: [],
    brokenAgreements: [],
    followUps: [],
    events: [event(c, 'opened')],
    streetSees: body.risk === 'serious',
    escalated: false,
    gridLevel: false,
    reopenCount: 0,
    followUpsHeld: 0,
    followUpsBroken: 0,
    month: shanghaiMonth(c.now),
    openedBy: c.user._id,
    rev: 0,
  };
  if (body.requestId) {
    const opened = await openFromRequest(doc, [...c.actor.roles]);
    if (!opened.ok) return opened.reason === 'request_taken' ? refused('request_taken') : refused('bad_request', { message: '该诉求已结束或已转调解' });
  } else await c.community.scope.create(CaseModel, doc);
  const created = (await CaseModel.findById(id).lean<CaseDoc>())!;
  if (body.risk === 'serious') await tellAboutCase(created, await streetStaffOf(created.communityId), '重大矛盾纠纷已登记，请关注', created.events[0]!._id, c.now);
  return done(created);
}

// ---- lists -----------------------------------------------------------------------------------------------------

/**
 * A page of cases for the scope asked: the community's (overseers), mine to mediate (street staff: the street's
 * — escalated or 重大), mine as a party. Each served by an index, newest first; the 回访 due list by due date.
 */
export async function listCases(c: CaseCaller, q: CaseListQuery): Promise<Outcome<{ docs: CaseDoc[]; nextCursor: string | null }, 'forbidden' | 'bad_query'>> {
  const community = c.community.communityId;
  let filter: Record<string, unknown>;
  if (q.scope === 'community') {
    if (!canOnCase('list_community', c.actor)) return refused('forbidden');
    filter = { communityId: community };
  } else if (q.scope === 'party') filter = { partyUserIds: c.user._id, communityId: community };
  else if (hasAnyRole(c.actor.roles, MEDIATOR_ROLES)) filter = { mediatorIds: c.user._id, communityId: community };
  // The street's 回访 are those of the cases it holds (a 重大 case the community holds is the community's to visit).
  else if (c.actor.roles.includes('street_staff')) filter = q.followUpDue ? { communityId: community, level: 'street' } : { communityId: community, streetSees: true };
  else return refused('forbidden');
  if (q.followUpDue) return followUpDuePage(filter, q);
  if (q.cursor && !/^[0-9a-f]{24}$/.test(q.cursor)) return refused('bad_query', { path: 'cursor', message: '翻页参数无效，请刷新' });
  if (q.status) filter.status = q.status;
  else if (q.open) filter.status = { $in: [...OPEN_CASE_STATUSES] };
  if (q.cursor) filter._id = { $lt: new Types.ObjectId(q.cursor) };
  const docs = await CaseModel.find(filter).sort({ _id: -1 }).limit(q.limit + 1).lean<CaseDoc[]>();
  const more = docs.length > q.limit;
  const page = docs.slice(0, q.limit);
  return done({ docs: page, nextCursor: more ? page[page.length - 1]!._id.toHexString() : null });
}

/**
 * 回访待办: agreements every party confirmed (status confirmed), the earliest due first, so overdue ones lead. Pages
 * go by (due time, id): the cursor names the last one shown, and a page is those due at that same time with a
 * later id, then those due later — two queries, each served by an index in its order (one sort over both would
 * need the due time as an equality and a sort key at once).
 */
async function followUpDuePage(base: Record<string, unknown>, q: CaseListQuery): Promise<Outcome<{ docs: CaseDoc[]; nextCursor: string | null }, 'bad_query'>> {
  if (q.scope === 'party') return refused('bad_query', { path: 'followUpDue', message: '回访待办只在我调解的和社区案件中查看' });
  const at = q.cursor ? /^(\d{15})_([0-9a-f]{24})$/.exec(q.cursor) : null;
  if (q.cursor && !at) return refused('bad_query', { path: 'cursor', message: '翻页参数无效，请刷新' });
  const filter: Record<string, unknown> = { ...base, status: 'confirmed' };
  const docs: CaseDoc[] = [];
  if (at) {
    const due = new Date(Number(at[1]));
    docs.push(...(await CaseModel.find({ ...filter, followUpDueAt: due, _id: { $gt: new Types.ObjectId(at[2]) } }).sort({ _id: 1 }).limit(q.limit + 1).lean<CaseDoc[]>()));
    filter.followUpDueAt = { $gt: due };
  }
  if (docs.length <= q.limit) docs.push(...(await CaseModel.find(filter).sort({ followUpDueAt: 1, _id: 1 }).limit(q.limit + 1 - docs.length).lean<CaseDoc[]>()));
  const page = docs.slice(0, q.limit);
  const last = page[page.length - 1];
  const key = (d: CaseDoc) => `${String(d.followUpDueAt?.getTime() ?? 0).padStart(15, '0')}_${d._id.toHexString()}`;
  return done({ docs: page, nextCursor: docs.length > q.limit && last ? key(last) : null });
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Members of the community by name, to name as parties (name and address; no phone). */
export async function partyCandidates(c: CaseCaller, q: string) {
  const found = await c.community.scope
    .find(MembershipModel, { status: 'active', name: { $regex: escapeRegex(q) } })
    .sort({ _id: -1 })
    .limit(20)
    .lean();
  const buildingIds = [...new Set(found.flatMap((m) => (m.household ? [m.household.buildingId.toHexString()] : [])))].map((x) => new Types.ObjectId(x));
  const buildings = buildingIds.length ? await c.community.scope.find(BuildingModel, { _id: { $in: buildingIds } }).select({ name: 1 }).lean() : [];
  return found.map((m) => {
    const b = m.household && buildings.find((x) => x._id.equals(m.household!.buildingId));
    return { membershipId: m._id.toHexString(), userId: m.userId.toHexString(), name: m.name, address: m.household && b ? `${b.name}${m.household.unit}单元${m.household.room}` : undefined };
  });
}

/** Who may be named a mediator: active grid workers, staff, admins and 人民调解员 of the community. */
export async function mediatorCandidates(c: CaseCaller) {
  const found = await c.community.scope
    .find(MembershipModel, { status: 'active', roles: { $in: ['grid_worker', 'staff', 'admin', 'mediator'] } })
    .sort({ _id: -1 })
    .limit(200)
    .lean();
  return found.map((m) => ({ userId: m.userId.toHexString(), name: m.name, role: actingRole(m.roles as Role[]) }));
}

// ---- moves -----------------------------------------------------------------------------------------------------

export type MoveRefusal = 'not_found' | 'not_permitted' | 'busy' | 'stale' | 'already_confirmed' | 'party_not_found' | 'has_account' | 'bad_mediator' | 'last_mediator' | CaseRefusal;

type Update = { $set?: Record<string, unknown>; $unset?: Record<string, 1>; $push?: Record<string, unknown>; $inc?: Record<string, number> };

/**
 * Applies a change decided on the case as read, conditional on its revision. When another change came first: a
 * change that adds to the case (a session, a confirmation, a mediator) reads again and decides again; one that decides
 * the case (`once`: a conclusion, escalation, referral, ending, 回访) is refused as `busy` (409), since the caller
 * decided on a state that is gone — of two mediators concluding at once, one wins and the other is told to refresh.
 */
async function change(c: CaseCaller, id: string, decide: (doc: CaseDoc) => Update | MoveRefusal | null, once = false): Promise<Outcome<CaseDoc, MoveRefusal>> {
  for (let attempt = 0; attempt < (once ? 1 : 6); attempt++) {
    const loaded = await loadVisible(c, id);
    if (!loaded.ok) return loaded;
    const doc = loaded.value;
    const update = decide(doc);
    if (update === null) return done(doc);
    if (typeof update === 'string') return refused(update);
    const updated = await c.community.scope.findOneAndUpdate(CaseModel, { _id: doc._id, rev: doc.rev }, { ...update, $inc: { ...update.$inc, rev: 1 } }).lean<CaseDoc>();
    if (updated) return done(updated);
  }
  return refused('busy');
}

/**
 * One move of the state machine by a permitted caller, with the case's record entry. `expected`: the state the
 * caller saw when deciding; a case in another state now is refused as `stale` (409), even when the move would
 * still be legal from there (调解不成 from 调解成功·待确认, after another mediator's agreement landed).
 */
async function move(
  c: CaseCaller,
  id: string,
  permission: CasePermission,
  m: CaseMove,
  spec: (doc: CaseDoc, to: ReturnType<typeof caseTransition> & { ok: true }) => Update | MoveRefusal,
  expected?: CaseStatus,
): Promise<Outcome<CaseDoc, MoveRefusal>> {
  // Sessions and confirmations add to the case; every other move decides it (see `change`).
  const decides = m !== 'record_session' && m !== 'confirm';
  return change(c, id, (doc) => {
    if (!canOnCase(permission, c.actor, caseSubject(doc))) return 'not_permitted';
    if (expected && doc.status !== expected) return 'stale';
    const t = caseTransition({ status: doc.status, level: doc.level, unconfirmed: unconfirmedParties(doc) }, m);
    if (!t.ok) return t.reason;
    const s = spec(doc, t);
    if (typeof s === 'string') return s;
    return { ...s, $set: { status: t.to, level: t.level, ...s.$set } };
  }, decides);
}

/** 记录调解: a session, any time while the case is open or being mediated. */
export function recordSession(c: CaseCaller, id: string, input: CaseSessionInput) {
  return move(c, id, 'record_session', 'record_session', (doc) => ({
    $push: {
      sessions: { _id: new Types.ObjectId(), at: new Date(input.at), place: input.place, attendees: input.attendees, said: input.said, nextStep: input.nextStep, recordedBy: c.user._id, recordedByName: nameOf(c), level: doc.level },
      events: event(c, 'session'),
    },
  }));
}

/**
 * 调解成功 (the agreement, waiting for every party's confirmation; its 回访 due after the community's days) or 调解不成
 * (a party refusing to confirm an agreement is one too). A conclusion resolves the case's request (request-link.ts).
 */
export async function conclude(c: CaseCaller, id: string, input: ConcludeCaseInput) {
  const days = { ...DEFAULT_COMMUNITY_SETTINGS, ...c.community.community.settings }.mediationFollowUpDays;
  if (input.outcome === 'failed')
    return move(
      c,
      id,
      'conclude',
      'fail',
      () => ({
        $unset: { agreement: 1, concludedAt: 1, followUpDueAt: 1, followUpNoticedAt: 1 },
        $set: { gridLevel: false },
        $push: { events: event(c, 'failed', input.reason) },
      }),
      input.expectedStatus,
    );
  return concluding(c, id, (cid) =>
    move(c, cid, 'conclude', 'agree', (doc) => ({
      $set: {
        agreement: { text: input.agreement, at: c.now, by: c.user._id },
        concludedAt: c.now,
        followUpDueAt: followUpDueAt(c.now, days),
        // 小事不出网格: agreed by the front line (a grid worker or 人民调解员), never escalated.
        gridLevel: !doc.escalated && doc.level === 'community' && ['grid_worker', 'mediator'].includes(actingRole(c.actor.roles)),
        parties: doc.parties.map((p) => ({ ...p, confirmedAt: undefined, confirmedBy: undefined, signatureRecordedBy: undefined })),
      },
      // A new agreement has its own 回访, of which its mediators are told when it falls due (deadline job).
      $unset: { followUpNoticedAt: 1 },
      $push: { events: event(c, 'agreed') },
    }), input.expectedStatus),
  );
}

/** Runs a concluding move with the request's resolution around it (started before, finished after: request-link.ts). */
async function concluding(c: CaseCaller, id: string, run: (id: string) => Promise<Outcome<CaseDoc, MoveRefusal>>) {
  const before = await loadVisible(c, id);
  const opId = before.ok && before.value.requestId ? await startResolveRequest(before.value, c.user._id, [...c.actor.roles]) : null;
  const r = await run(id);
  await finishResolveRequest(opId);
  if (r.ok && r.value.status === 'agreed') {
    const parties = r.value.parties.flatMap((p) => (p.userId && !p.erased ? [p.userId] : []));
    await tellAboutCase(r.value, parties, '调解协议待您确认', r.value.events[r.value.events.length - 1]!._id, c.now);
  }
  return r;
}

/** A party confirms the agreement on their phone; the last confirmation moves the case to 待回访. */
export function confirm(c: CaseCaller, id: string) {
  return move(c, id, 'confirm', 'confirm', (doc) => {
    const i = doc.parties.findIndex((p) => p.userId?.equals(c.user._id) && !p.erased);
    if (i < 0) return 'party_not_found';
    if (doc.parties[i]!.confirmedAt) return 'already_confirmed';
    return { $set: { parties: doc.parties.map((p, j) => (j === i ? { ...p, confirmedAt: c.now, confirmedBy: 'self' } : p)) }, $push: { events: event(c, 'confirmed') } };
  });
}

/** A mediator records that a party without the app signed the agreement on paper. */
export function recordSignature(c: CaseCaller, id: string, partyId: string, note?: string) {
  return move(c, id, 'record_signature', 'confirm', (doc) => {
    const i = doc.parties.findIndex((p) => p._id.equals(partyId) && !p.erased);
    if (i < 0) return 'party_not_found';
    if (doc.parties[i]!.userId) return 'has_account';
    if (doc.parties[i]!.confirmedAt) return 'already_confirmed';
    return {
      $set: { parties: doc.parties.map((p, j) => (j === i ? { ...p, confirmedAt: c.now, confirmedBy: 'paper', signatureRecordedBy: c.user._id } : p)) },
      $push: { events: event(c, 'signature', note ? `${doc.parties[i]!.name}：${note}` : doc.parties[i]!.name) },
    };
  });
}

/** 上报街道: the street (its staff) holds the case from now on, and is told. */
export async function escalate(c: CaseCaller, id: string, note: string) {
  const r = await move(c, id, 'escalate', 'escalate', () => ({
    $set: { streetSees: true, escalated: true, gridLevel: false },
    $unset: { concludedAt: 1 },
    $push: { events: event(c, 'escalated', note) },
  }));
  if (r.ok) await tellAboutCase(r.value, await streetStaffOf(r.value.communityId), '社区上报矛盾纠纷，请街道受理调解', r.value.events[r.value.events.length - 1]!._id, c.now);
  return r;
}

/** 转出 (诉讼, 仲裁, 信访, 12345) a case mediation could not settle; it concludes, and resolves its request. */
export function refer(c: CaseCaller, id: string, input: { channel: ReferralChannel; note: string }) {
  return concluding(c, id, (cid) =>
    move(c, cid, 'refer', 'refer', () => ({
      $set: { referral: { channel: input.channel, note: input.note, at: c.now, by: c.user._id }, concludedAt: c.now },
      $push: { events: event(c, 'referred', input.note) },
    })),
  );
}

/** 终止调解 without referral (a party withdrew or will not go on); it concludes, and resolves its request. */
export function endCase(c: CaseCaller, id: string, reason: string) {
  return concluding(c, id, (cid) => move(c, cid, 'end', 'end', () => ({ $set: { concludedAt: c.now }, $push: { events: event(c, 'ended', reason) } })));
}

/**
 * 回访: the agreement holds (the case is closed) or broke down (mediated again: the agreement kept among the broken
 * ones, confirmations cleared, and the case no longer counts as concluded). Its request stays resolved: a new
 * request is the resident's way to say the problem is back, and the case goes on by itself.
 */
export function followUp(c: CaseCaller, id: string, input: { holds: boolean; note: string }) {
  const entry = { holds: input.holds, note: input.note, at: c.now, by: c.user._id, byName: nameOf(c) };
  if (input.holds)
    return move(c, id, 'follow_up', 'follow_up_holds', () => ({ $inc: { followUpsHeld: 1 }, $push: { followUps: entry, events: event(c, 'follow_up_holds', input.note) } }));
  return move(c, id, 'follow_up', 'follow_up_broken', (doc) => ({
    $set: { gridLevel: false, parties: doc.parties.map((p) => ({ ...p, confirmedAt: undefined, confirmedBy: undefined, signatureRecordedBy: undefined })) },
    $unset: { agreement: 1, concludedAt: 1, followUpDueAt: 1, followUpNoticedAt: 1 },
    $inc: { followUpsBroken: 1, reopenCount: 1 },
    $push: { followUps: entry, brokenAgreements: doc.agreement, events: event(c, 'follow_up_broken', input.note) },
  }));
}

/** 添加调解员: a grid worker, staff member or 人民调解员 of the community (already one: nothing changes). */
export async function addMediator(c: CaseCaller, id: string, userId: string) {
  const m = await c.community.scope.findOne(MembershipModel, { userId: new Types.ObjectId(userId), status: 'active' }).lean();
  if (!m || !hasAnyRole(m.roles as Role[], MEDIATOR_ROLES)) return refused('bad_mediator' as const);
  const r = await change(c, id, (doc) => {
    if (!canOnCase('manage_mediators', c.actor, caseSubject(doc))) return 'not_permitted';
    if (['closed', 'referred', 'ended'].includes(doc.status)) return 'finished';
    if (doc.mediatorIds.some((x) => x.equals(m.userId))) return null;
    const mediator: CaseMediatorDoc = { userId: m.userId, name: m.name, role: actingRole(m.roles as Role[]), addedAt: c.now, addedBy: c.user._id };
    return { $set: { mediators: [...doc.mediators, mediator], mediatorIds: [...doc.mediatorIds, m.userId] }, $push: { events: event(c, 'mediator_added', m.name) } };
  });
  if (r.ok && !m.userId.equals(c.user._id)) await tellAboutCase(r.value, [m.userId], '您被添加为矛盾纠纷调解员', r.value.events[r.value.events.length - 1]!._id, c.now);
  return r;
}

/** 移除调解员 (one always stays). */
export function removeMediator(c: CaseCaller, id: string, userId: string) {
  return change(c, id, (doc) => {
    if (!canOnCase('manage_mediators', c.actor, caseSubject(doc))) return 'not_permitted';
    if (['closed', 'referred', 'ended'].includes(doc.status)) return 'finished';
    const gone = doc.mediators.find((x) => x.userId.equals(userId));
    if (!gone) return null;
    if (doc.mediators.length === 1) return 'last_mediator';
    return {
      $set: { mediators: doc.mediators.filter((x) => x !== gone), mediatorIds: doc.mediatorIds.filter((x) => !x.equals(userId)) },
      $push: { events: event(c, 'mediator_removed', gone.name) },
    };
  });
}
