/**
 * What can be done with the household register, one named function per use case, each returning an explicit
 * outcome (lib/outcome.ts); handler.ts maps every refusal to its HTTP answer. One record per address is the unique
 * index (household.model), so creations racing each other converge on one; every change of the occupants is a
 * read, a decision and a write conditional on the revision read (`changeOccupants`), retried when it lost a race.
 */
import { Types } from 'mongoose';
import {
  HOUSEHOLD_MAX_OCCUPANTS,
  hasAnyRole,
  matchBuilding,
  normalizeRoom,
  normalizeUnit,
  readHouseholdCsv,
  sameOccupantName,
  householdAddress,
  type CreateHouseholdInput,
  type HouseholdListQuery,
  type ImportHouseholdsResult,
  type OccupantInput,
  type OccupantSource,
  type UpdateOccupantInput,
} from '@linli/shared';
import type { UserDoc } from '../auth/user.model';
import type { CommunityContext } from '../communities/community-context';
import { BuildingModel, MembershipModel } from '../communities/community.model';
import { isDuplicateKey } from '../lib/errors';
import { done, refused, type Outcome } from '../lib/outcome';
import type { CommunityScope } from '../lib/scope';
import { HouseholdModel, type HouseholdRecordDoc, type OccupantDoc } from './household.model';
import { FollowUpModel, VisitModel } from '../visits/visit.model';
import { canOnHousehold, type HouseholdActor, type HouseholdSubject } from './household.permissions';

/** Who acts, where, and when. */
export interface HouseholdCaller {
  user: UserDoc;
  community: CommunityContext;
  actor: HouseholdActor;
  now: Date;
}

export function householdCallerOf(user: UserDoc, community: CommunityContext, now: Date): HouseholdCaller {
  return { user, community, now, actor: { userId: user._id, roles: community.roles, gridIds: community.membership?.gridIds ?? [] } };
}

/** The grid of a household's building (what the permission table judges a grid worker by). */
export async function subjectOf(scope: CommunityScope, h: HouseholdRecordDoc): Promise<HouseholdSubject> {
  const b = await scope.findById(BuildingModel, h.buildingId).select({ gridId: 1, communityId: 1 }).lean();
  return { gridId: b?.gridId, memberIds: h.memberIds };
}

/** A household the caller may see; anything else is not found, with no hint that it exists. */
export async function loadVisible(c: HouseholdCaller, id: string | Types.ObjectId): Promise<Outcome<HouseholdRecordDoc, 'not_found'>> {
  const doc = await c.community.scope.findById(HouseholdModel, id);
  return doc && canOnHousehold('view', c.actor, await subjectOf(c.community.scope, doc)) ? done(doc) : refused('not_found');
}

/**
 * The record of an address, created when there is none. Two creations at once both try to insert; the unique
 * index lets one through and the other reads what it wrote, so both answer the same record.
 */
export async function ensureHousehold(
  scope: CommunityScope,
  address: { buildingId: Types.ObjectId; unit: string; room: string },
  createdBy?: Types.ObjectId,
): Promise<{ doc: HouseholdRecordDoc; created: boolean }> {
  const key = { buildingId: address.buildingId, unit: normalizeUnit(address.unit), room: normalizeRoom(address.room) };
  const found = await scope.findOne(HouseholdModel, key);
  if (found) return { doc: found, created: false };
  try {
    return { doc: await scope.create(HouseholdModel, { ...key, occupants: [], memberIds: [], rev: 0, createdBy }), created: true };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    return { doc: (await scope.findOne(HouseholdModel, key))!, created: false };
  }
}

/** An occupant entry as stored (a new one's id and time are set here). */
type Occupant = Omit<OccupantDoc, '_id'> & { _id?: Types.ObjectId };

/**
 * Changes a household's occupants: `change` gets the current list and returns the new one (or a refusal, or null
 * for "nothing to change"); the write is conditional on the revision read and retried against a fresh read when
 * another change came first. `memberIds` always follows the occupants.
 */
export async function changeOccupants<R extends string>(
  id: Types.ObjectId,
  change: (occupants: OccupantDoc[], doc: HouseholdRecordDoc) => Occupant[] | null | { refused: R },
): Promise<Outcome<HouseholdRecordDoc, R | 'not_found'>> {
  for (let attempt = 0; attempt < 8; attempt++) {
    // Plain objects (lean): the change copies and edits entries as data.
    const doc = await HouseholdModel.findById(id).lean<HouseholdRecordDoc>();
    if (!doc) return refused('not_found');
    const next = change(doc.occupants, doc);
    if (next === null) return done(doc);
    if ('refused' in next) return refused(next.refused);
    const occupants = next.map((o) => ({ ...o, _id: o._id ?? new Types.ObjectId() }));
    const memberIds = occupants.flatMap((o) => (o.userId ? [o.userId] : []));
    const updated = await HouseholdModel.findOneAndUpdate({ _id: doc._id, rev: doc.rev }, { $set: { occupants, memberIds }, $inc: { rev: 1 } }, { new: true });
    if (updated) return done(updated);
  }
  throw new Error(`household ${id.toHexString()}: occupants kept changing under eight attempts`);
}

/** The occupant entry a person typed, ready to store. */
const occupantFrom = (o: OccupantInput, source: OccupantSource, now: Date, link?: { userId: Types.ObjectId; membershipId: Types.ObjectId }): Occupant => ({
  name: o.name,
  relation: o.relation,
  phone: o.phone,
  phoneNote: o.phoneNote,
  source,
  addedAt: now,
  ...(link ?? {}),
});

type AddRefusal = 'full' | 'bad_member' | 'member_elsewhere';

/**
 * Adds occupants to a household's list: one entry per name (an occupant already there by that name is not added
 * again, so a repeated import or a retried tap adds nothing), at most HOUSEHOLD_MAX_OCCUPANTS.
 */
function addingTo(list: OccupantDoc[], add: Occupant[]): Occupant[] | null | { refused: AddRefusal } {
  const fresh = add.filter((o, i) => !list.some((x) => sameOccupantName(x.name, o.name)) && add.findIndex((y) => sameOccupantName(y.name, o.name)) === i);
  if (!fresh.length) return null;
  if (list.length + fresh.length > HOUSEHOLD_MAX_OCCUPANTS) return { refused: 'full' };
  return [...list, ...fresh];
}

/** A member of this community to link an occupant to (`membershipId` of the input), or a refusal. */
async function memberLink(c: HouseholdCaller, membershipId: string | undefined) {
  if (!membershipId) return done(undefined);
  const m = await c.community.scope.findById(MembershipModel, membershipId);
  if (!m || m.status !== 'active') return refused('bad_member' as const);
  return done({ userId: m.userId, membershipId: m._id, household: m.household });
}

export type CreateRefusal = 'bad_building' | AddRefusal;

/** 登记一户: the record of the address (the one already there, if any) with the occupants given added to it. */
export async function createHousehold(c: HouseholdCaller, body: CreateHouseholdInput): Promise<Outcome<{ doc: HouseholdRecordDoc; created: boolean }, CreateRefusal | 'not_found'>> {
  const building = await c.community.scope.findById(BuildingModel, body.buildingId);
  if (!building) return refused('bad_building');
  const { doc, created } = await ensureHousehold(c.community.scope, { buildingId: building._id, unit: body.unit, room: body.room }, c.user._id);
  if (!body.occupants?.length) return done({ doc, created });
  const add: Occupant[] = [];
  for (const o of body.occupants) {
    const link = await memberLink(c, o.membershipId);
    if (!link.ok) return link;
    if (link.value && !atAddress(link.value.household, doc)) return refused('member_elsewhere');
    add.push(occupantFrom(o, 'staff', c.now, link.value && { userId: link.value.userId, membershipId: link.value.membershipId }));
  }
  const r = await changeOccupants(doc._id, (list) => addingTo(list, add));
  return r.ok ? done({ doc: r.value, created }) : r;
}

/** Whether a membership's household is this record's address (a member is linked only to where they live). */
function atAddress(h: { buildingId?: Types.ObjectId | null; unit?: string | null; room?: string | null } | undefined | null, doc: HouseholdRecordDoc) {
  return !!h?.buildingId && h.buildingId.equals(doc.buildingId) && normalizeUnit(h.unit ?? '') === doc.unit && normalizeRoom(h.room ?? '') === doc.room;
}

/** 添加住户 (staff): by name, optionally linked to a member who lives at this address. */
export async function addOccupant(c: HouseholdCaller, id: string, o: OccupantInput): Promise<Outcome<HouseholdRecordDoc, AddRefusal | 'not_found'>> {
  const loaded = await loadVisible(c, id);
  if (!loaded.ok) return loaded;
  const link = await memberLink(c, o.membershipId);
  if (!link.ok) return link;
  if (link.value && !atAddress(link.value.household, loaded.value)) return refused('member_elsewhere');
  const entry = occupantFrom(o, 'staff', c.now, link.value && { userId: link.value.userId, membershipId: link.value.membershipId });
  return changeOccupants(loaded.value._id, (list) => {
    if (entry.userId && list.some((x) => x.userId?.equals(entry.userId!))) return null;
    return addingTo(list, [entry]);
  });
}

export type UpdateRefusal = 'not_found' | 'occupant_not_found' | 'name_taken';

/** 编辑住户: the name, relation and contact of one occupant ('' removes an optional one). */
export async function updateOccupant(c: HouseholdCaller, id: string, occupantId: string, body: UpdateOccupantInput): Promise<Outcome<HouseholdRecordDoc, UpdateRefusal>> {
  const loaded = await loadVisible(c, id);
  if (!loaded.ok) return loaded;
  return changeOccupants<'occupant_not_found' | 'name_taken'>(loaded.value._id, (list) => {
    const i = list.findIndex((o) => o._id.toHexString() === occupantId);
    if (i < 0) return { refused: 'occupant_not_found' };
    if (body.name !== undefined && list.some((o, j) => j !== i && sameOccupantName(o.name, body.name!))) return { refused: 'name_taken' };
    const o: Occupant = { ...list[i]! };
    if (body.name !== undefined) o.name = body.name;
    for (const k of ['relation', 'phone', 'phoneNote'] as const) {
      const v = body[k];
      if (v === '') delete o[k];
      else if (v !== undefined) o[k] = v;
    }
    return list.map((x, j) => (j === i ? o : x));
  });
}

export type RemoveRefusal = 'not_found' | 'occupant_not_found' | 'is_member';

/**
 * 移除住户 (moved out, or on the person's request): the entry goes whole. A member's entry follows their membership
 * (a move or a removal in 居民管理 takes it off), so it is refused here. Removing one already gone answers the
 * household as it is: a retried tap is not an error.
 */
export async function removeOccupant(c: HouseholdCaller, id: string, occupantId: string): Promise<Outcome<HouseholdRecordDoc, RemoveRefusal>> {
  const loaded = await loadVisible(c, id);
  if (!loaded.ok) return loaded;
  return changeOccupants<'is_member'>(loaded.value._id, (list) => {
    const o = list.find((x) => x._id.toHexString() === occupantId);
    if (!o) return null;
    if (o.userId) return { refused: 'is_member' };
    return list.filter((x) => x !== o);
  });
}

export type EraseRefusal = 'not_found' | 'has_members';

/**
 * 删除户档案 (everyone moved out, or on request): the record goes whole, occupants and all, conditional on the
 * revision read so an occupant added meanwhile is not erased unseen. Refused while a member lives there (their
 * membership names the address, and would bring the record back).
 */
export async function eraseHousehold(c: HouseholdCaller, id: string): Promise<Outcome<true, EraseRefusal>> {
  for (let attempt = 0; attempt < 8; attempt++) {
    const loaded = await loadVisible(c, id);
    if (!loaded.ok) return loaded;
    if (loaded.value.memberIds.length) return refused('has_members');
    const r = await HouseholdModel.deleteOne({ _id: loaded.value._id, rev: loaded.value.rev });
    if (r.deletedCount === 1) {
      // Its visits (民情日记) and their follow-ups go with it (README 走访, retention). A crash before this leaves
      // visits naming no household, which no list or page shows (visit.view skips them); removing such leftovers is
      // not automated yet.
      await FollowUpModel.deleteMany({ communityId: c.community.communityId, householdId: loaded.value._id });
      await VisitModel.deleteMany({ communityId: c.community.communityId, householdId: loaded.value._id });
      return done(true);
    }
  }
  throw new Error(`household ${id}: kept changing under eight attempts to erase it`);
}

/** The households of the buildings a caller may list: all (staff), or their grids' buildings (a grid worker). */
async function listedBuildings(c: HouseholdCaller): Promise<Types.ObjectId[] | 'all'> {
  if (hasAnyRole(c.actor.roles, ['staff'])) return 'all';
  if (!c.actor.gridIds.length) return [];
  const bs = await c.community.scope.find(BuildingModel, { gridId: { $in: [...c.actor.gridIds] } }).select({ _id: 1 }).lean();
  return bs.map((b) => b._id);
}

/** A page of households, newest first: the community's or one building's (staff), a grid worker's grids'. */
export async function listHouseholds(c: HouseholdCaller, query: HouseholdListQuery): Promise<{ docs: HouseholdRecordDoc[]; nextCursor: string | null }> {
  const buildings = await listedBuildings(c);
  const filter: Record<string, unknown> = {};
  if (query.buildingId) {
    const b = new Types.ObjectId(query.buildingId);
    // A grid worker asking for a building outside their grids gets an empty list, not its households.
    if (buildings !== 'all' && !buildings.some((x) => x.equals(b))) return { docs: [], nextCursor: null };
    filter.buildingId = b;
  } else if (buildings !== 'all') {
    if (!buildings.length) return { docs: [], nextCursor: null };
    filter.buildingId = { $in: buildings };
  }
  if (query.cursor) filter._id = { $lt: new Types.ObjectId(query.cursor) };
  const docs = await c.community.scope.find(HouseholdModel, filter).sort({ _id: -1 }).limit(query.limit + 1);
  const page = docs.slice(0, query.limit);
  return { docs: page, nextCursor: docs.length > query.limit ? page[page.length - 1]!._id.toHexString() : null };
}

/**
 * CSV 导入: each row's address gets its record (created, or the one already there) and its occupant, if it names
 * one not yet on the record; a bad row is reported and the others go on. Re-importing the same file finds every
 * address and every occupant there and creates nothing. A file of 2000 rows is a few round trips, not 2000: the
 * records of the file's buildings are read at once, the missing ones inserted together (the unique index still
 * decides a race with another import or a member joining: an address someone else created meanwhile is read back
 * and counts as already there), and each household's new occupants are one change.
 */
export async function importHouseholds(c: HouseholdCaller, csv: string): Promise<Outcome<ImportHouseholdsResult, 'too_many'>> {
  const { rows, tooMany } = readHouseholdCsv(csv);
  if (tooMany) return refused('too_many');
  const { scope } = c.community;
  const buildings = await scope.find(BuildingModel, {}).select({ name: 1 }).lean();
  const keyOf = (buildingId: Types.ObjectId, unit: string, room: string) => `${buildingId.toHexString()}|${unit}|${room}`;

  // Rows read, their buildings found.
  const out: (ImportHouseholdsResult['rows'][number] & { key?: string; occupant?: OccupantInput })[] = rows.map((row) => {
    if (!row.ok) return { line: row.line, outcome: 'error', occupantAdded: false, message: row.message };
    const building = matchBuilding(row.building, buildings);
    if (!building) return { line: row.line, outcome: 'error', occupantAdded: false, message: `本社区没有楼栋“${row.building}”` };
    return { line: row.line, outcome: 'existing', occupantAdded: false, address: householdAddress(building.name, row.unit, row.room), key: keyOf(building._id, row.unit, row.room), occupant: row.occupant };
  });
  const wanted = new Map<string, { buildingId: Types.ObjectId; unit: string; room: string }>();
  for (const r of out) if (r.key && !wanted.has(r.key)) {
    const [buildingId, unit, room] = r.key.split('|') as [string, string, string];
    wanted.set(r.key, { buildingId: new Types.ObjectId(buildingId), unit, room });
  }
  const buildingIds = [...new Set([...wanted.values()].map((w) => w.buildingId.toHexString()))].map((id) => new Types.ObjectId(id));
  const readRecords = async () => {
    const docs = buildingIds.length ? await scope.find(HouseholdModel, { buildingId: { $in: buildingIds } }) : [];
    return new Map(docs.map((d) => [keyOf(d.buildingId, d.unit, d.room), d]));
  };

  // The addresses not on the register yet, inserted together; whichever another writer got to first is theirs.
  let records = await readRecords();
  const fresh = [...wanted].filter(([k]) => !records.has(k)).map(([, w]) => ({ _id: new Types.ObjectId(), communityId: scope.communityId, ...w, occupants: [], memberIds: [], rev: 0, createdBy: c.user._id }));
  if (fresh.length) {
    try {
      await HouseholdModel.insertMany(fresh, { ordered: false });
    } catch (err) {
      const writeErrors = (err as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors;
      if (!isDuplicateKey(err) && !(writeErrors?.length && writeErrors.every((e) => (e.code ?? e.err?.code) === 11000))) throw err;
    }
    records = await readRecords();
  }
  const createdHere = new Set(fresh.filter((f) => records.get(keyOf(f.buildingId, f.unit, f.room))?._id.equals(f._id)).map((f) => keyOf(f.buildingId, f.unit, f.room)));

  // Each household's occupants named in the file, added in one change (one entry per name, as always).
  const added = new Map<string, Set<string>>();
  for (const key of new Set(out.filter((r) => r.key && r.occupant).map((r) => r.key!))) {
    const doc = records.get(key)!;
    const named = out.filter((r) => r.key === key && r.occupant).map((r) => occupantFrom(r.occupant!, 'import', c.now));
    if (named.every((o) => doc.occupants.some((x) => sameOccupantName(x.name, o.name)))) continue;
    let names = new Set<string>();
    const r = await changeOccupants(doc._id, (list) => {
      const next = addingTo(list, named);
      names = new Set(Array.isArray(next) ? next.slice(list.length).map((o) => o.name) : []);
      return next;
    });
    if (!r.ok) {
      for (const row of out) if (row.key === key && row.occupant) Object.assign(row, { outcome: 'error', message: r.reason === 'full' ? `一户最多登记${HOUSEHOLD_MAX_OCCUPANTS}人` : '该户档案已被删除' });
      continue;
    }
    added.set(key, names);
  }

  const seen = new Set<string>();
  const result: ImportHouseholdsResult['rows'] = out.map(({ key, occupant, ...row }) => {
    if (!key || row.outcome === 'error') return row;
    const first = !seen.has(key);
    seen.add(key);
    const names = added.get(key);
    const occupantAdded = !!occupant && !!names?.delete(occupant.name);
    return { ...row, householdId: records.get(key)!._id.toHexString(), outcome: first && createdHere.has(key) ? 'created' : 'existing', occupantAdded };
  });
  const count = (o: string) => result.filter((r) => r.outcome === o).length;
  return done({ rows: result, created: count('created'), existing: count('existing'), errors: count('error'), occupantsAdded: result.filter((r) => r.occupantAdded).length });
}
