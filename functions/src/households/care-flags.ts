/**
 * 关爱标记: staff set and clear care flags on a household; the due list (关爱探访) orders flagged households by
 * when their next visit is due. Each change is a read, a decision and a write conditional on the revision read (the
 * same revision the occupants' changes bump), retried when another change came first, and it keeps `careDueKey`
 * (what the due list sorts by) in step with the flags.
 */
import { Types } from 'mongoose';
import {
  DEFAULT_COMMUNITY_SETTINGS,
  careSortKey,
  hasAnyRole,
  visitInterval,
  type CareFlag,
  type CareVisitIntervals,
  type HouseholdDueQuery,
  type SetCareFlagInput,
} from '@linli/shared';
import type { CommunityContext } from '../communities/community-context';
import { BuildingModel } from '../communities/community.model';
import { done, type Outcome } from '../lib/outcome';
import { HouseholdModel, type CareFlagDoc, type HouseholdRecordDoc } from './household.model';
import { loadVisible, type HouseholdCaller } from './use-cases';

export const careIntervalsOf = (community: CommunityContext): CareVisitIntervals =>
  ({ ...DEFAULT_COMMUNITY_SETTINGS, ...community.community.settings }).careVisitIntervals;

/** The due list's key of a household with these flags (none: no key, off the list): `<due ms, 15 digits>_<id>`. */
export function careDueKeyOf(id: Types.ObjectId, flags: readonly CareFlagDoc[], lastVisitAt: Date | null | undefined, intervals: CareVisitIntervals): string | undefined {
  const interval = visitInterval(flags.map((f) => f.flag as CareFlag), intervals);
  if (interval === null) return undefined;
  const since = new Date(Math.min(...flags.map((f) => f.setAt.getTime())));
  return `${String(careSortKey(lastVisitAt ?? undefined, interval, since).getTime()).padStart(15, '0')}_${id.toHexString()}`;
}

/** Writes a household's new flags (and their sort key) conditional on the revision read; null when it lost a race. */
async function writeFlags(doc: HouseholdRecordDoc, flags: CareFlagDoc[], intervals: CareVisitIntervals) {
  const key = careDueKeyOf(doc._id, flags, doc.lastVisitAt, intervals);
  const update = flags.length
    ? { $set: { careFlags: flags, careDueKey: key }, $inc: { rev: 1 } }
    : { $unset: { careFlags: 1, careDueKey: 1 }, $inc: { rev: 1 } };
  return HouseholdModel.findOneAndUpdate({ _id: doc._id, rev: doc.rev }, update, { new: true });
}

/** Changes the flags of a household the caller may see; `change` returns the new list, or null for "no change". */
async function changeFlags(c: HouseholdCaller, id: string, change: (flags: CareFlagDoc[]) => CareFlagDoc[] | null): Promise<Outcome<HouseholdRecordDoc, 'not_found'>> {
  const intervals = careIntervalsOf(c.community);
  for (let attempt = 0; attempt < 8; attempt++) {
    const loaded = await loadVisible(c, id);
    if (!loaded.ok) return loaded;
    const doc = loaded.value;
    const next = change(doc.careFlags ?? []);
    if (next === null) return done(doc);
    const updated = await writeFlags(doc, next, intervals);
    if (updated) return done(updated);
  }
  throw new Error(`household ${id}: kept changing under eight attempts to change its care flags`);
}

/** 设置关爱标记: adds the flag, or updates its note when it is there (the time it was first set is kept). */
export function setCareFlag(c: HouseholdCaller, id: string, flag: CareFlag, body: SetCareFlagInput) {
  return changeFlags(c, id, (flags) => {
    const had = flags.find((f) => f.flag === flag);
    if (had && (had.note ?? undefined) === body.note) return null;
    const entry: CareFlagDoc = { _id: had?._id ?? new Types.ObjectId(), flag, setBy: c.user._id, setAt: had?.setAt ?? c.now, ...(body.note ? { note: body.note } : {}) };
    return had ? flags.map((f) => (f === had ? entry : f)) : [...flags, entry];
  });
}

/** 取消关爱标记: the flag goes (clearing one not there answers the household as it is). */
export function clearCareFlag(c: HouseholdCaller, id: string, flag: CareFlag) {
  return changeFlags(c, id, (flags) => (flags.some((f) => f.flag === flag) ? flags.filter((f) => f.flag !== flag) : null));
}

/**
 * After the community's visit intervals changed: every flagged household's sort key again (one write each where it
 * moved; a community has tens to hundreds of flagged households).
 */
export async function recomputeCareDue(community: CommunityContext, intervals: CareVisitIntervals): Promise<void> {
  const flagged = await community.scope.find(HouseholdModel, { careDueKey: { $gt: '' } }).select({ careFlags: 1, lastVisitAt: 1, careDueKey: 1 }).lean<HouseholdRecordDoc[]>();
  for (const h of flagged) {
    const key = careDueKeyOf(h._id, h.careFlags ?? [], h.lastVisitAt, intervals);
    if (key && key !== h.careDueKey) await HouseholdModel.updateOne({ _id: h._id, communityId: community.communityId }, { $set: { careDueKey: key } });
  }
}

/**
 * 关爱探访 list: the flagged households of the caller's grids (a grid worker) or of the community or one grid
 * (staff), the longest waiting first (never visited and overdue before due soon before the others), a page at a
 * time by the due key.
 */
export async function listDue(c: HouseholdCaller, query: HouseholdDueQuery): Promise<{ docs: HouseholdRecordDoc[]; nextCursor: string | null }> {
  const { scope } = c.community;
  const staff = hasAnyRole(c.actor.roles, ['staff']);
  let grids: Types.ObjectId[] | 'all' = staff ? 'all' : [...c.actor.gridIds];
  if (query.gridId) {
    const g = new Types.ObjectId(query.gridId);
    // A grid worker asking for a grid they do not serve gets nothing of it.
    if (grids !== 'all' && !grids.some((x) => x.equals(g))) return { docs: [], nextCursor: null };
    grids = [g];
  }
  const filter: Record<string, unknown> = {};
  if (grids !== 'all') {
    if (!grids.length) return { docs: [], nextCursor: null };
    const buildings = await scope.find(BuildingModel, { gridId: { $in: grids } }).select({ _id: 1 }).lean();
    if (!buildings.length) return { docs: [], nextCursor: null };
    filter.buildingId = { $in: buildings.map((b) => b._id) };
  }
  // The key is unique (it ends with the id): a page starts after the last key of the one before.
  filter.careDueKey = { $gt: query.cursor ?? '' };
  const docs = await scope.find(HouseholdModel, filter).sort({ careDueKey: 1 }).limit(query.limit + 1);
  const page = docs.slice(0, query.limit);
  return { docs: page, nextCursor: docs.length > query.limit ? (page[page.length - 1]!.careDueKey ?? null) : null };
}
