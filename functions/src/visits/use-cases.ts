/**
 * What can be done with visits (走访), one named function per use case, each returning an explicit outcome
 * (lib/outcome.ts); handler.ts maps every refusal to its HTTP answer. No transactions: a visit's follow-up items are
 * written before the visit (an item naming no visit is skipped by the lists), the household's last visit after it,
 * as a write conditional on the household's revision, retried against a fresh read (two visits at once: the later
 * day wins, whatever order they land in). Marking a follow-up done is conditional on it being open: of two people
 * at once one wins, the other is told it was done.
 */
import { Types } from 'mongoose';
import {
  FOLLOW_UP_DUE_MESSAGES,
  MET_PROBLEM_MESSAGES,
  VISIT_DATE_MESSAGES,
  followUpDueKey,
  followUpDueProblem,
  hasAnyRole,
  isLaterVisit,
  metEntries,
  normalizeRoom,
  normalizeUnit,
  quarterRange,
  shanghaiQuarter,
  visitCoverage,
  visitDateProblem,
  visitInterval,
  visitedAtOf,
  type CareFlag,
  type CareVisitIntervals,
  type CompleteFollowUpInput,
  type CreateVisitBody,
  type FollowUpListQuery,
  type VisitCoverage,
  type VisitListQuery,
} from '@linli/shared';
import type { UserDoc } from '../auth/user.model';
import { displayName, type CommunityContext } from '../communities/community-context';
import { BuildingModel } from '../communities/community.model';
import { done, refused, type Outcome } from '../lib/outcome';
import type { CommunityScope } from '../lib/scope';
import { HouseholdModel, type HouseholdRecordDoc } from '../households/household.model';
import { careDueKeyOf, careIntervalsOf } from '../households/care-flags';
import { ensureHousehold } from '../households/use-cases';
import { gridsWithBuildings } from '../patrols/coverage';
import { FollowUpModel, VisitModel, type FollowUpDoc, type MetDoc, type VisitDoc } from './visit.model';
import { canOnVisit, type VisitActor } from './visit.permissions';

/** Who acts, where, and when. */
export interface VisitCaller {
  user: UserDoc;
  community: CommunityContext;
  actor: VisitActor;
  now: Date;
}

export function visitCallerOf(user: UserDoc, community: CommunityContext, now: Date): VisitCaller {
  return { user, community, now, actor: { userId: user._id, roles: community.roles, gridIds: community.membership?.gridIds ?? [] } };
}

/** The grid of a building now (what the permission table judges a grid worker by); none when the building is gone. */
export async function gridOfBuilding(scope: CommunityScope, buildingId: Types.ObjectId): Promise<Types.ObjectId | undefined> {
  const b = await scope.findById(BuildingModel, buildingId).select({ gridId: 1, communityId: 1 }).lean();
  return b?.gridId;
}

/**
 * A visit the caller may see: judged by the grid of the household's building now (a building moved to another grid
 * takes its households' history with it); anything else is not found, with no hint that it exists.
 */
export async function loadVisible(c: Pick<VisitCaller, 'community' | 'actor'>, id: string | Types.ObjectId, permission: 'view' | 'file_request' = 'view'): Promise<Outcome<VisitDoc, 'not_found'>> {
  const doc = await c.community.scope.findById(VisitModel, id);
  if (!doc) return refused('not_found');
  return canOnVisit(permission, c.actor, { gridId: await gridOfBuilding(c.community.scope, doc.buildingId) }) ? done(doc) : refused('not_found');
}

/** A household whose visits the caller may record or read; else not found. */
async function loadHousehold(c: VisitCaller, id: string, permission: 'record' | 'view'): Promise<Outcome<HouseholdRecordDoc, 'not_found'>> {
  const doc = await c.community.scope.findById(HouseholdModel, id);
  if (!doc) return refused('not_found');
  return canOnVisit(permission, c.actor, { gridId: await gridOfBuilding(c.community.scope, doc.buildingId) }) ? done(doc) : refused('not_found');
}

type Invalid = { path: string; message: string };
export type CreateVisitRefusal = 'not_found' | 'invalid';

/**
 * 登记走访: at a household of the caller's grid (staff: any), by its record or its address — an address not on the
 * register gets its record here, through the register's own create path (one record per address, however many
 * create it at once). Everything is checked before anything is written, so a refused visit creates no household.
 */
export async function createVisit(c: VisitCaller, body: CreateVisitBody): Promise<Outcome<{ doc: VisitDoc; householdCreated: boolean }, CreateVisitRefusal>> {
  const { community, actor, now, user } = c;
  const { scope } = community;
  const invalid = (i: Invalid) => refused('invalid' as const, i);
  const dateProblem = visitDateProblem(body.date, now);
  if (dateProblem) return invalid({ path: 'date', message: VISIT_DATE_MESSAGES[dateProblem] });
  for (const [i, f] of body.followUps.entries()) {
    const p = followUpDueProblem(f.dueOn, body.date);
    if (p) return invalid({ path: `followUps.${i}.dueOn`, message: FOLLOW_UP_DUE_MESSAGES[p] });
  }

  let household: HouseholdRecordDoc | null;
  let buildingId: Types.ObjectId;
  if (body.householdId) {
    const loaded = await loadHousehold(c, body.householdId, 'record');
    if (!loaded.ok) return loaded;
    household = loaded.value;
    buildingId = household.buildingId;
  } else {
    const a = body.address!;
    const building = await scope.findById(BuildingModel, a.buildingId).select({ gridId: 1, communityId: 1 }).lean();
    if (!building) return invalid({ path: 'address.buildingId', message: '请选择本社区的楼栋' });
    if (!canOnVisit('record', actor, { gridId: building.gridId })) return invalid({ path: 'address.buildingId', message: '只能走访您所负责网格内的住户' });
    buildingId = building._id;
    household = await scope.findOne(HouseholdModel, { buildingId, unit: normalizeUnit(a.unit), room: normalizeRoom(a.room) });
  }
  const gridId = await gridOfBuilding(scope, buildingId);

  const occupants = household?.occupants ?? [];
  const met = metEntries(body.met, occupants.map((o) => ({ id: o._id.toHexString(), hasAccount: !!o.userId })));
  if (!met.ok) return invalid({ path: `met.${met.index}.${met.problem === 'consent_needed' ? 'consent' : 'occupantId'}`, message: MET_PROBLEM_MESSAGES[met.problem] });

  let householdCreated = false;
  if (!household) {
    const ensured = await ensureHousehold(scope, { buildingId, unit: body.address!.unit, room: body.address!.room }, user._id);
    household = ensured.doc;
    householdCreated = ensured.created;
  }

  const metDocs: MetDoc[] = met.entries.map((e) => {
    if (e.consent === 'refused') return { kind: e.kind, consent: 'refused', consentAt: now };
    if (e.kind === 'other') return { kind: 'other', name: e.name, ...(e.relation ? { relation: e.relation } : {}), consent: 'given', consentAt: now };
    const o = occupants.find((x) => x._id.toHexString() === e.occupantId)!;
    return e.consent === 'account'
      ? { kind: 'occupant', occupantId: o._id, userId: o.userId, consent: 'account' }
      : { kind: 'occupant', occupantId: o._id, consent: 'given', consentAt: now };
  });
  const visitId = new Types.ObjectId();
  const visitedAt = visitedAtOf(body.date, now);
  // The items first, naming the visit: a crash before the visit is written leaves items the lists skip.
  if (body.followUps.length) {
    await FollowUpModel.insertMany(
      body.followUps.map((f) => {
        const _id = new Types.ObjectId();
        return { _id, communityId: community.communityId, visitId, householdId: household._id, gridId, text: f.text, dueOn: f.dueOn, dueKey: followUpDueKey(f.dueOn, _id.toHexString()), status: 'open' };
      }),
    );
  }
  const doc = await scope.create(VisitModel, {
    _id: visitId,
    householdId: household._id,
    buildingId,
    gridId,
    visitedOn: body.date,
    visitedAt,
    recordedBy: user._id,
    recorderName: displayName(user, community) ?? (hasAnyRole(actor.roles, ['staff']) ? '社区工作者' : '网格员'),
    topics: body.topics,
    notes: body.notes || undefined,
    met: metDocs,
    metUserIds: metDocs.flatMap((m) => (m.userId ? [m.userId] : [])),
  });
  await noteLastVisit(scope, household._id, visitedAt, careIntervalsOf(community));
  return done({ doc, householdCreated });
}

/**
 * The household's last visit becomes `visitedAt` if that is later than the one stored, and its place on the due list
 * (`careDueKey`) moves with it: a write conditional on the revision read, retried when another change came first, so
 * of two visits recorded at once the later day is the one that stays whatever order they land in.
 */
export async function noteLastVisit(scope: CommunityScope, householdId: Types.ObjectId, visitedAt: Date, intervals: CareVisitIntervals): Promise<void> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const h = await scope.findById(HouseholdModel, householdId).select({ careFlags: 1, lastVisitAt: 1, rev: 1, communityId: 1 }).lean<HouseholdRecordDoc>();
    if (!h || !isLaterVisit(visitedAt, h.lastVisitAt)) return;
    const key = careDueKeyOf(h._id, h.careFlags ?? [], visitedAt, intervals);
    const r = await scope.updateOne(HouseholdModel, { _id: h._id, rev: h.rev }, { $set: { lastVisitAt: visitedAt, ...(key ? { careDueKey: key } : {}) }, $inc: { rev: 1 } });
    if (r.matchedCount === 1) return;
  }
  throw new Error(`household ${householdId.toHexString()}: kept changing under eight attempts to note a visit`);
}

/** The grids whose lists a caller gets: all (staff), their own (a grid worker), narrowed to `gridId` when asked. */
function listedGrids(c: VisitCaller, gridId?: string): Types.ObjectId[] | 'all' {
  const g = gridId ? new Types.ObjectId(gridId) : undefined;
  if (hasAnyRole(c.actor.roles, ['staff'])) return g ? [g] : 'all';
  if (!canOnVisit('list', c.actor)) return [];
  // A grid worker asking for a grid they do not serve gets nothing of it.
  return c.actor.gridIds.filter((x) => !g || x.equals(g));
}

/**
 * A page of visits, newest first: one household's (民情日记: staff and the grid's workers), or the caller's grids'
 * (a grid worker) or the community's (staff, by grid on request).
 */
export async function listVisits(c: VisitCaller, query: VisitListQuery): Promise<Outcome<{ docs: VisitDoc[]; nextCursor: string | null }, 'not_found'>> {
  const filter: Record<string, unknown> = {};
  if (query.householdId) {
    const h = await loadHousehold(c, query.householdId, 'view');
    if (!h.ok) return h;
    filter.householdId = h.value._id;
  } else {
    const grids = listedGrids(c, query.gridId);
    if (grids !== 'all') {
      if (!grids.length) return done({ docs: [], nextCursor: null });
      filter.gridId = grids.length === 1 ? grids[0] : { $in: grids };
    }
  }
  if (query.cursor) filter._id = { $lt: new Types.ObjectId(query.cursor) };
  const docs = await c.community.scope.find(VisitModel, filter).sort({ _id: -1 }).limit(query.limit + 1);
  const page = docs.slice(0, query.limit);
  return done({ docs: page, nextCursor: docs.length > query.limit ? page[page.length - 1]!._id.toHexString() : null });
}

/**
 * The open follow-ups of the caller's grids (a grid worker) or the community (staff, by grid on request), by due day
 * — the overdue ones come first — a page at a time by the due key.
 */
export async function listOpenFollowUps(c: VisitCaller, query: FollowUpListQuery): Promise<{ docs: FollowUpDoc[]; nextCursor: string | null }> {
  const grids = listedGrids(c, query.gridId);
  const filter: Record<string, unknown> = { status: 'open' };
  if (grids !== 'all') {
    if (!grids.length) return { docs: [], nextCursor: null };
    filter.gridId = grids.length === 1 ? grids[0] : { $in: grids };
  }
  // The key is unique (it ends with the id): a page starts after the last key of the one before.
  filter.dueKey = { $gt: query.cursor ?? '' };
  const docs = await c.community.scope.find(FollowUpModel, filter).sort({ dueKey: 1 }).limit(query.limit + 1).lean<FollowUpDoc[]>();
  const page = docs.slice(0, query.limit);
  return { docs: page, nextCursor: docs.length > query.limit ? page[page.length - 1]!.dueKey : null };
}

export type CompleteRefusal = 'not_found' | 'already_done';

/**
 * 标记完成: by the grid's workers or staff, conditional on the item being open — of two at once one wins; the other
 * (and anyone after) is refused with who did it, and their note is not written over the winner's.
 */
export async function completeFollowUp(c: VisitCaller, visitId: string, followUpId: string, body: CompleteFollowUpInput): Promise<Outcome<FollowUpDoc, CompleteRefusal>> {
  const { scope } = c.community;
  const visit = await loadVisible(c, visitId);
  if (!visit.ok) return visit;
  const item = await scope.findOne(FollowUpModel, { _id: new Types.ObjectId(followUpId), visitId: visit.value._id }).lean<FollowUpDoc>();
  if (!item) return refused('not_found');
  if (!canOnVisit('complete_follow_up', c.actor, { gridId: await gridOfBuilding(scope, visit.value.buildingId) })) return refused('not_found');
  if (item.status === 'done') return refused('already_done', { by: item.doneByName });
  const updated = await scope.findOneAndUpdate(
    FollowUpModel,
    { _id: item._id, status: 'open' },
    { $set: { status: 'done', doneAt: c.now, doneBy: c.user._id, doneByName: displayName(c.user, c.community) ?? '网格员', ...(body.note ? { doneNote: body.note } : {}) } },
  );
  if (updated) return done(updated.toObject() as FollowUpDoc);
  const fresh = await scope.findById(FollowUpModel, item._id).lean<FollowUpDoc>();
  return refused('already_done', { by: fresh?.doneByName });
}

/**
 * Visit coverage of a quarter: per grid the caller may see (a grid worker's own, staff's and street staff's all), households on the
 * register, those visited in the quarter, flagged households and those visited within their interval now. Three
 * indexed reads (grids and buildings, the community's households, the quarter's visits); the arithmetic is shared
 * `visitCoverage`.
 */
export async function coverage(c: VisitCaller, quarter: string | undefined): Promise<VisitCoverage> {
  const q = quarter ?? shanghaiQuarter(c.now);
  const { from, to } = quarterRange(q)!;
  const { scope } = c.community;
  // Street staff are leaders of the community as a whole: the figures of all its grids (counts only, no visit).
  const staff = hasAnyRole(c.actor.roles, ['staff', 'street_staff']);
  const gridIds = staff ? undefined : c.actor.roles.includes('grid_worker') ? [...c.actor.gridIds] : [];
  const empty = { households: 0, visited: 0, visitedRate: null, flagged: 0, flaggedInInterval: 0, flaggedRate: null };
  if (gridIds && !gridIds.length) return { quarter: q, from: from.toISOString(), to: to.toISOString(), grids: [], total: empty };
  const grids = await gridsWithBuildings(scope, gridIds);
  const gridOf = new Map(grids.flatMap((g) => g.buildings.map((b) => [b._id.toHexString(), g.gridId.toHexString()] as const)));
  const buildingIds = grids.flatMap((g) => g.buildings.map((b) => b._id));
  const [households, visits] = await Promise.all([
    staff ? scope.find(HouseholdModel, {}).select({ buildingId: 1, careFlags: 1, lastVisitAt: 1 }).lean<HouseholdRecordDoc[]>() : buildingIds.length ? scope.find(HouseholdModel, { buildingId: { $in: buildingIds } }).select({ buildingId: 1, careFlags: 1, lastVisitAt: 1 }).lean<HouseholdRecordDoc[]>() : [],
    scope.find(VisitModel, { visitedAt: { $gte: from, $lt: to } }).select({ householdId: 1 }).lean(),
  ]);
  const intervals = careIntervalsOf(c.community);
  const result = visitCoverage(
    grids.map((g) => g.gridId.toHexString()),
    households.map((h) => ({ id: h._id.toHexString(), gridId: gridOf.get(h.buildingId.toHexString()), interval: visitInterval((h.careFlags ?? []).map((f) => f.flag as CareFlag), intervals), lastVisitAt: h.lastVisitAt ?? undefined })),
    new Set(visits.map((v) => v.householdId.toHexString())),
    c.now,
  );
  const name = new Map(grids.map((g) => [g.gridId.toHexString(), g.gridName]));
  return {
    quarter: q,
    from: from.toISOString(),
    to: to.toISOString(),
    grids: result.grids.map((g) => ({ ...g, gridName: name.get(g.gridId) ?? '' })),
    total: result.total,
  };
}

/**
 * For filing a request from a visit (走访转代办, requests' `fileRequest`): the visit, if the caller may file from it,
 * and whether the 代办's address is the visited household's (a finding of one household filed for another is refused).
 */
export async function visitForFiling(c: Pick<VisitCaller, 'community' | 'actor'>, visitId: string, address: { buildingId: string; unit: string; room: string }): Promise<Outcome<VisitDoc, 'not_found' | 'other_household'>> {
  const loaded = await loadVisible(c, visitId, 'file_request');
  if (!loaded.ok) return loaded;
  const h = await c.community.scope.findById(HouseholdModel, loaded.value.householdId).select({ buildingId: 1, unit: 1, room: 1, communityId: 1 }).lean();
  const same = !!h && h.buildingId.toHexString() === address.buildingId && h.unit === normalizeUnit(address.unit) && h.room === normalizeRoom(address.room);
  return same ? loaded : refused('other_household');
}
