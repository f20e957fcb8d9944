import mongoose from 'mongoose';
import { allEndpoints, shanghaiIsoWeek } from '@linli/shared';
import { db, ensureIndexes } from '../src/lib/db';
import { repairPending } from '../src/lib/operations';
import { runDeadlines } from '../src/requests/deadlines';
import { runConsultationJobs } from '../src/consultations/jobs';
import { runRetention } from '../src/system/retention';
import { GridModel } from '../src/communities/community.model';
import { PatrolModel } from '../src/patrols/patrol.model';
import '../src/system/repair';
import { call, signIn } from './helpers/api';
import { requestFor, setUpCallers, type Caller, type Fixtures } from './helpers/endpoint-requests';
import { setUpUnitCallers, unitRequestFor, type UnitCaller } from './helpers/unit-callers';

// Index coverage of the queries the product really runs (not a list written by hand): every endpoint is called
// through the real handlers by every kind of signed-in caller, with each list's filter and sort variants, and
// the scheduled jobs run; mongoose's debug hook records each database command. Every filter must then be keyed
// by _id or served by a declared index — equality fields first, then the sort (ESR) — so MongoDB never scans a
// collection or sorts in memory for them. With a real MongoDB (MONGODB_URI engine), `explain` must also show
// an index scan. (FerretDB on SQLite plans only _id lookups, so there the check is the index definitions.)

type Filter = Record<string, unknown>;
interface Seen {
  collection: string;
  method: string;
  filter: Filter;
  sort?: Record<string, 1 | -1>;
  from: string;
}

/** Collections with one document per community or street (tens to thousands on a platform), listed whole by design. */
const WHOLE_COLLECTION_READS: Record<string, string> = {
  communities: 'the community picker lists every community (one document each)',
  streets: 'street staff pick among a handful of streets',
  holiday_calendars: 'one document per year, read whole into the per-process cache of working-day deadlines (system/holidays.ts)',
};

const RANGE_OPS = ['$gt', '$gte', '$lt', '$lte'];
const isPlainValue = (v: unknown) =>
  v === null || typeof v !== 'object' || v instanceof Date || v instanceof mongoose.Types.ObjectId || Array.isArray(v) || (v as { _bsontype?: string })._bsontype !== undefined;
const opsOf = (v: unknown) => (isPlainValue(v) ? [] : Object.keys(v as object));
/** An equality for index purposes: a value, or $in (a union of equalities). */
const isEquality = (v: unknown) => isPlainValue(v) || (opsOf(v).length > 0 && opsOf(v).every((k) => k === '$in' || k === '$eq')) || (opsOf(v).length > 0 && opsOf(v).every((k) => !k.startsWith('$')));
const isRange = (v: unknown) => opsOf(v).some((k) => RANGE_OPS.includes(k));

function shapeOf(s: Seen) {
  const fields = Object.keys(s.filter).filter((k) => !k.startsWith('$'));
  return {
    equality: fields.filter((f) => isEquality(s.filter[f])),
    range: fields.filter((f) => isRange(s.filter[f])),
    other: fields.filter((f) => !isEquality(s.filter[f]) && !isRange(s.filter[f])),
    sort: Object.keys(s.sort ?? {}),
  };
}

/**
 * The index that serves the query: a prefix of equality fields (at least one; or the range field alone when
 * there is no sort), then the sort keys in order, all in the index's direction or all reversed. A filter with
 * $or is served when each branch, with the fields beside the $or, is.
 */
function servedBy(indexes: { key: Record<string, number>; name: string }[], s: Seen): string | undefined {
  const or = s.filter.$or as Filter[] | undefined;
  if (Array.isArray(or)) {
    const { $or: _or, ...rest } = s.filter;
    const names = or.map((branch) => servedBy(indexes, { ...s, filter: { ...rest, ...branch } }));
    return names.every(Boolean) ? names.join(' | ') : undefined;
  }
  const { equality, range, sort } = shapeOf(s);
  if (equality.includes('_id')) return '_id_';
  const usable = indexes.filter((ix) => {
    const keys = Object.keys(ix.key);
    let p = 0;
    while (p < keys.length && equality.includes(keys[p]!)) p++;
    const startsWithRange = p === 0 && range.includes(keys[0]!) && sort.length === 0;
    if (p === 0 && !startsWithRange) return false;
    if (sort.length === 0) return true;
    if (!sort.every((f, i) => keys[p + i] === f)) return false;
    const directions = sort.map((f, i) => Math.sign(Number(s.sort![f])) * Math.sign(ix.key[keys[p + i]!]!));
    return directions.every((d) => d === directions[0]);
  });
  return usable[0]?.name;
}

/**
 * One-off per-person operations that read everything about one person across communities (the PIPL export and
 * account erasure): run once per person in a lifetime, they may scan rather than add indexes every write pays for.
 */
const ONE_OFF = ['me.export', 'me.delete'];

describe('index coverage of the queries the handlers and jobs run', () => {
  const seen: Seen[] = [];
  let current = 'setup';
  let tokens: Map<Caller, string | undefined>;
  let f: Fixtures;

  beforeAll(async () => {
    ({ tokens, f } = await setUpCallers());
    await ensureIndexes();
    mongoose.set('debug', (collection: string, method: string, ...args: unknown[]) => {
      const [first, second] = args as [unknown, Record<string, unknown> | undefined];
      if (['find', 'findOne', 'countDocuments', 'updateOne', 'updateMany', 'findOneAndUpdate', 'deleteOne', 'deleteMany', 'findOneAndDelete', 'replaceOne', 'distinct'].includes(method)) {
        const filter = (method === 'distinct' ? second : first) as Filter | undefined;
        const sort = method === 'find' || method === 'findOne' || method === 'findOneAndUpdate' ? (second?.sort as Record<string, 1 | -1> | undefined) : undefined;
        seen.push({ collection, method, filter: filter ?? {}, sort: sort && Object.keys(sort).length ? sort : undefined, from: current });
      } else if (method === 'aggregate') {
        const pipeline = first as Record<string, unknown>[];
        const match = pipeline.find((st) => '$match' in st)?.$match as Filter | undefined;
        const sort = pipeline.find((st) => '$sort' in st)?.$sort as Record<string, 1 | -1> | undefined;
        seen.push({ collection, method, filter: match ?? {}, sort, from: current });
      }
    });

    const grid = await GridModel.findOne({ communityId: f.demoId }).lean();
    const patrolWorker = String((await PatrolModel.findById(f.patrolId).lean())!.workerId);
    const variants: Record<string, Record<string, string>[]> = {
      'requests.list': [{ scope: 'mine' }, { scope: 'assigned' }, { scope: 'community' }, { scope: 'community', status: 'submitted' }, { scope: 'community', category: 'facility' }, { scope: 'community', gridId: String(grid!._id) }, { scope: 'community', review: '1' }, { scope: 'community', source: 'patrol' }, { scope: 'community', source: 'resident' }, { scope: 'community', type: 'complaint' }, { scope: 'community', type: 'help' }],
      // 待回访: the first page, a page of one, and a page after a position (resolution time and id).
      'requests.callBacksDue': [{}, { limit: '1' }, { cursor: `${Date.now()}_${f.requestId}` }],
      'consultations.list': [{}, { status: 'voting' }, { stage: 'active' }, { stage: 'following' }, { stage: 'ended' }, { stage: 'held' }, { scope: 'community' }, { scope: `grid:${String(grid!._id)}` }, { scope: `building:${f.building1}` }],
      'residents.list': [{}, { status: 'pending' }, { status: 'active' }],
      'volunteers.list': [{}, { status: 'pending' }, { status: 'active', sort: 'hours' }],
      'volunteers.leaderboard': ['hours', 'points'].flatMap((by) => ['month', 'year', 'all'].map((period) => ({ by, period }))),
      'activities.list': [{ when: 'upcoming' }, { when: 'past' }, { when: 'mine' }],
      'mall.redemptions': [{ role: 'mine' }, { role: 'merchant' }],
      'stats.exportRequests': [{}, { source: 'resident' }, { source: 'patrol' }],
      'stats.rankings': [{}, { of: 'community' }, { of: 'grid' }, { of: 'unit' }, { of: 'unit', sort: 'ratingAverage' }, { month: '2026-01' }],
      'stats.exportRankings': [{ of: 'community' }, { of: 'grid' }, { of: 'unit' }],
      'stats.hotspots': [{}, { month: '2026-01' }],
      'patrols.list': [{}, { gridId: String(grid!._id) }, { week: shanghaiIsoWeek(new Date()) }, { status: 'ongoing' }, { workerId: patrolWorker }, { gridId: String(grid!._id), week: shanghaiIsoWeek(new Date()), status: 'ended' }],
      'patrols.coverage': [{}, { week: shanghaiIsoWeek(new Date(Date.now() - 7 * 86_400_000)) }],
      'mobileGrid.list': [{}, { status: 'pending' }, { status: 'approved' }],
      'households.list': [{}, { buildingId: f.building1 }, { limit: '1' }],
      'households.due': [{}, { gridId: String(grid!._id) }, { limit: '1' }, { cursor: `${String(Date.now()).padStart(15, '0')}_${f.householdId}` }],
      'mediation.list': [{ scope: 'party' }, { scope: 'mediator' }, { scope: 'mediator', open: '1' }, { scope: 'community' }, { scope: 'community', status: 'open' }, { scope: 'community', open: '1', cursor: f.caseId }, { followUpDue: '1' }, { followUpDue: '1', cursor: `${String(Date.now() + 5 * 86_400_000).padStart(15, '0')}_${f.caseId}` }, { scope: 'community', followUpDue: '1' }, { scope: 'community', followUpDue: '1', cursor: `${String(Date.now()).padStart(15, '0')}_${f.caseId}` }],
      'mediation.stats': [{}, { from: '2026-01' }, { from: '2026-01', to: '2026-12' }],
      'visits.list': [{ householdId: f.householdId }, {}, { gridId: String(grid!._id) }, { limit: '1' }, { cursor: f.visitId }],
      'visits.followUps': [{}, { gridId: String(grid!._id) }, { limit: '1' }, { cursor: `${String(Date.now()).padStart(15, '0')}_${f.followUpId}` }],
      'visits.coverage': [{}, { quarter: '2026Q1' }],
      'units.street.list': [{}, { type: 'utility' }, { communityId: f.demoId }, { communityId: f.demoId, type: 'wuye' }, { activeOnly: 'false' }],
    };
    const LAST = ['units.join', 'memberships.join', 'memberships.leave', 'me.delete'];
    const ids = [...allEndpoints.map((e) => e.id).filter((id) => !LAST.includes(id)), ...LAST];
    for (const id of ids) {
      const e = allEndpoints.find((x) => x.id === id)!;
      for (const caller of ['resident', 'volunteer', 'grid2', 'staff', 'admin', 'street', 'merchant'] as Caller[]) {
        const r = requestFor(id, f, caller);
        for (const query of variants[id] ?? [r.query]) {
          current = `${id} as ${caller}`;
          await call(e.method, r.path, { token: tokens.get(caller), body: r.body, query });
        }
      }
    }
    // The street-level and unit-side endpoints as the callers they are for: a street admin (何主任) and a unit's person.
    const unitSide = await setUpUnitCallers();
    for (const e of allEndpoints.filter((x) => x.id.startsWith('units.'))) {
      for (const caller of ['streetAdmin', 'street', 'unitMember', 'riverAdmin'] as UnitCaller[]) {
        const r = unitRequestFor(e.id, unitSide.f, caller);
        for (const query of variants[e.id] ?? [r.query]) {
          current = `${e.id} as ${caller}`;
          await call(e.method, r.path, { token: unitSide.tokens.get(caller), body: r.body, query });
        }
      }
    }
    // 吹哨报到's unit side as a person of the unit a request was dispatched to, with every queue filter and each move.
    {
      const lead = unitSide.f.unitId; // 阳光物业公司, the unit of `unitMember`
      // Fresh accounts' tokens: the callers above deleted theirs (me.delete runs last).
      const staffToken = (await signIn('demo-staff-1')).token;
      const filed = await call('POST', '/api/requests', { token: (await signIn('demo-resident-2')).token, body: { category: 'facility', description: '索引覆盖用的派单诉求' } });
      expect(filed.status).toBe(201);
      const rid = filed.body.id as string;
      const filed2 = await call('POST', '/api/requests', { token: (await signIn('demo-resident-2')).token, body: { category: 'facility', description: '索引覆盖用的派单后由社区办结的诉求' } });
      const rid2 = filed2.body.id as string;
      const unitToken = unitSide.tokens.get('unitMember');
      const steps: [string, string, string, unknown, Record<string, string>?, string?][] = [
        ['requests.dispatchOptions as staff', 'GET', `/api/requests/${rid}/dispatch-options`, undefined, undefined, staffToken],
        ['requests.act dispatch as staff', 'POST', `/api/requests/${rid}/actions`, { action: 'dispatch', leadUnitId: lead }, undefined, staffToken],
        ...['active', 'dispatched', 'acknowledged', 'resolved', 'sent_back', 'all'].map((status) => ['requests.unitList as unitMember', 'GET', '/api/unit/requests', undefined, { status }, unitToken] as [string, string, string, unknown, Record<string, string>, string]),
        ['requests.unitList as unitMember', 'GET', '/api/unit/requests', undefined, { unitId: lead }, unitToken],
        ['requests.unitGet as unitMember', 'GET', `/api/unit/requests/${rid}`, undefined, undefined, unitToken],
        ['requests.unitAct as unitMember', 'POST', `/api/unit/requests/${rid}/actions`, { action: 'acknowledge' }, undefined, unitToken],
        ['requests.unitAct as unitMember', 'POST', `/api/unit/requests/${rid}/actions`, { action: 'send_back', reason: 'incomplete' }, undefined, unitToken],
        ['requests.act reject_send_back as staff', 'POST', `/api/requests/${rid}/actions`, { action: 'reject_send_back', note: '信息已齐全' }, undefined, staffToken],
        ['requests.unitAct as unitMember', 'POST', `/api/unit/requests/${rid}/actions`, { action: 'resolve', note: '已处理' }, undefined, unitToken],
        // 单位消息: the unit inbox (its dispatch notice is there), a later page, marking read.
        ['messages.unitList as unitMember', 'GET', '/api/unit/messages', undefined, undefined, unitToken],
        ['messages.unitList as unitMember', 'GET', '/api/unit/messages', undefined, { cursor: 'ffffffffffffffffffffffff', limit: '5' }, unitToken],
        ['messages.unitMarkRead as unitMember', 'POST', '/api/unit/messages/read', { ids: [rid] }, undefined, unitToken],
        ['messages.unitMarkRead as unitMember', 'POST', '/api/unit/messages/read', {}, undefined, unitToken],
        // Staff resolve a dispatched request: its dispatch records follow (followClosedDispatches).
        ['requests.act dispatch as staff', 'POST', `/api/requests/${rid2}/actions`, { action: 'dispatch', leadUnitId: lead }, undefined, staffToken],
        ['requests.act resolve as staff', 'POST', `/api/requests/${rid2}/actions`, { action: 'resolve', note: '社区已直接处理' }, undefined, staffToken],
      ];
      for (const [from, method, path, body, query, token] of steps) {
        current = from;
        const res = await call(method, path, { token, body, query });
        expect([from, res.status]).toEqual([from, 200]);
      }
    }
    current = 'deadline job';
    await runDeadlines(new Date(Date.now() + 30 * 86_400_000));
    current = 'consultation jobs';
    await runConsultationJobs(new Date(Date.now() + 30 * 86_400_000));
    current = 'repair routine';
    await repairPending(0);
    // Last, four years on: every visit, follow-up and audit entry is then past retention, so each deletion runs.
    current = 'retention job';
    await runRetention(new Date(Date.now() + 4 * 366 * 86_400_000));
    mongoose.set('debug', false);
  }, 600_000);

  it('records the queries of every endpoint and job', () => {
    const from = new Set(seen.map((s) => s.from.split(' as ')[0]));
    for (const id of ['requests.list', 'requests.get', 'stats.requests', 'consultations.list', 'volunteers.leaderboard', 'patrols.list', 'patrols.coverage', 'deadline job', 'repair routine', 'retention job']) expect(from).toContain(id);
    expect(seen.length).toBeGreaterThan(500);
  });

  it('serves every filter by _id or by a declared index (equality, then sort)', async () => {
    await db();
    const indexesOf = new Map<string, { key: Record<string, number>; name: string }[]>();
    const missing: string[] = [];
    const shapes = new Map<string, Seen>();
    for (const s of seen) {
      if (ONE_OFF.some((id) => s.from.startsWith(`${id} as`))) continue;
      const sh = { ...shapeOf(s), or: Array.isArray(s.filter.$or) ? (s.filter.$or as Filter[]).map((b) => Object.keys(b)) : undefined };
      const key = `${s.collection} ${JSON.stringify(sh)}`;
      if (!shapes.has(key)) shapes.set(key, s);
    }
    for (const [key, s] of shapes) {
      if (Object.keys(s.filter).length === 0 && !s.sort) {
        if (WHOLE_COLLECTION_READS[s.collection] || s.method.startsWith('insert')) continue;
      }
      if (!indexesOf.has(s.collection)) indexesOf.set(s.collection, (await mongoose.connection.db!.collection(s.collection).indexes()) as never);
      const ix = servedBy(indexesOf.get(s.collection)!, s);
      if (!ix && !(Object.keys(s.filter).length === 0 && WHOLE_COLLECTION_READS[s.collection])) missing.push(`${key}  ← ${s.method} in ${s.from}`);
    }
    expect(missing).toEqual([]);
    // Reported so a reader sees what was covered.
    console.log(`[query-coverage] ${seen.length} database commands, ${shapes.size} distinct filter shapes over ${new Set(seen.map((s) => s.collection)).size} collections, all served by an index`);
  });

  it('uses an index scan on MongoDB (explain), where the engine is MongoDB', async () => {
    if (process.env.LINLI_TEST_DB_ENGINE?.startsWith('FerretDB')) {
      // FerretDB plans only _id lookups in the database: its explain output says nothing about our indexes.
      expect(process.env.LINLI_TEST_DB_ENGINE).toMatch(/^FerretDB/);
      return;
    }
    const finds = [...new Map(seen.filter((s) => s.method === 'find' && Object.keys(s.filter).length).map((s) => [`${s.collection} ${JSON.stringify(shapeOf(s))}`, s])).values()];
    for (const s of finds) {
      const plan = JSON.stringify(await mongoose.connection.db!.collection(s.collection).find(s.filter).sort(s.sort ?? {}).explain('queryPlanner'));
      expect([s.collection, s.filter, plan.includes('COLLSCAN')]).toEqual([s.collection, s.filter, false]);
    }
  });
});

describe('lookups by _id on the embedded FerretDB', () => {
  // scripts/db.cjs patches FerretDB 1.24 so a filter naming _id (with other conditions, as every conditional
  // update by id has) is sent to SQLite, and spelled like the unique _id index so SQLite searches it. Its
  // explain output says whether the filter went down.
  it('sends {_id, …} filters down to the database', async () => {
    await db();
    const engine = process.env.LINLI_TEST_DB_ENGINE ?? '';
    const coll = mongoose.connection.db!.collection('pushdown_probe');
    const _id = new mongoose.Types.ObjectId();
    await coll.insertOne({ _id, rev: 3, communityId: 'c' });
    const explain = (await coll.find({ _id, rev: 3 }).explain()) as { filterPushdown?: boolean; queryPlanner?: unknown };
    if (engine.startsWith('FerretDB')) expect(explain.filterPushdown).toBe(true);
    else expect(JSON.stringify(explain.queryPlanner)).toMatch(/IDHACK|EXPRESS_IXSCAN|IXSCAN|CLUSTERED_IXSCAN/);
    expect(await coll.findOneAndUpdate({ _id, rev: 3 }, { $inc: { rev: 1 } }, { returnDocument: 'after' })).toMatchObject({ rev: 4 });
    expect(await coll.findOne({ _id, rev: 3 })).toBeNull();
  });
});

describe('equalities sent down on the embedded FerretDB (scripts/db.cjs patch 3)', () => {
  // The patch sends top-level equalities on strings, ObjectIds and bools to SQLite as a superset condition
  // and FerretDB filters what comes back; these are the MongoDB semantics the superset must keep, arrays first.
  const oid = new mongoose.Types.ObjectId();
  const other = new mongoose.Types.ObjectId();
  const values: Record<string, unknown> = {
    str: 'x', upper: 'X', spaced: ' x', arr: ['x'], arrMixed: ['y', 'x', 1], arrNone: ['y'], empty: [], obj: { a: 'x' },
    oid, oidHex: oid.toHexString(), arrOid: [other, oid], otherOid: other, t: true, f: false, arrTrue: [true], num: 1, nul: null, bracket: '[x',
  };
  /** MongoDB equality: the value itself, or an array holding it (not nested deeper). */
  const equal = (a: unknown, b: unknown) => (a instanceof mongoose.Types.ObjectId && b instanceof mongoose.Types.ObjectId ? a.equals(b) : a === b);
  const matches = (v: unknown, q: unknown) => (Array.isArray(v) ? v.some((e) => equal(e, q)) : equal(v, q));

  it('finds exactly what MongoDB equality finds, through the indexes', async () => {
    await db();
    const coll = mongoose.connection.db!.collection('pushdown_equality_probe');
    await coll.drop().catch(() => undefined);
    await coll.createIndex({ f: 1, g: 1, _id: -1 });
    const docs = Object.entries(values).map(([name, f], i) => ({ _id: name, f, g: i % 2 === 0 ? 'even' : 'odd' }));
    await coll.insertMany([...docs, { _id: 'missing', g: 'even' }] as never);
    const queries: unknown[] = ['x', 'X', oid, oid.toHexString(), other, true, false, '[x', 'nothing'];
    for (const q of queries) {
      const expected = docs.filter((d) => matches(d.f, q)).map((d) => d._id).sort();
      expect([String(q), (await coll.find({ f: q } as never).toArray()).map((d) => d._id).sort()]).toEqual([String(q), expected]);
      expect([String(q), (await coll.find({ f: { $eq: q } } as never).toArray()).map((d) => d._id).sort()]).toEqual([String(q), expected]);
      const even = expected.filter((id) => docs.find((d) => d._id === id)!.g === 'even');
      expect([String(q), (await coll.find({ f: q, g: 'even' } as never).sort({ _id: -1 }).toArray()).map((d) => d._id).sort()]).toEqual([String(q), even]);
      expect(await coll.countDocuments({ f: q } as never)).toBe(expected.length);
    }
    const inExpected = docs.filter((d) => matches(d.f, 'x') || matches(d.f, oid) || matches(d.f, true)).map((d) => d._id).sort();
    expect((await coll.find({ f: { $in: ['x', oid, true] } } as never).toArray()).map((d) => d._id).sort()).toEqual(inExpected);
    // Updates and deletes select through the same path.
    expect((await coll.updateMany({ f: 'x' } as never, { $set: { hit: true } })).matchedCount).toBe(docs.filter((d) => matches(d.f, 'x')).length);
    expect((await coll.deleteMany({ f: oid } as never)).deletedCount).toBe(docs.filter((d) => matches(d.f, oid)).length);

    // _id lists ({$in}, as consultation views read electors and participations) go down too.
    expect((await coll.find({ _id: { $in: ['str', 'arr', 'gone', 'nope'] } } as never).toArray()).map((d) => d._id).sort()).toEqual(['arr', 'str']);
    expect((await coll.find({ _id: { $eq: 'upper' } } as never).toArray()).map((d) => d._id)).toEqual(['upper']);
    expect(await coll.countDocuments({ _id: { $in: ['str', 'upper'] }, g: 'odd' } as never)).toBe(docs.filter((d) => ['str', 'upper'].includes(d._id) && d.g === 'odd').length);

    const plan = JSON.stringify(await coll.find({ f: 'x', g: 'even' } as never).explain());
    if ((process.env.LINLI_TEST_DB_ENGINE ?? '').startsWith('FerretDB')) expect(plan).toMatch(/SEARCH[^"]*INDEX/);
    else expect(plan).toMatch(/IXSCAN/);
    const idPlan = JSON.stringify(await coll.find({ _id: { $in: ['str', 'arr'] } } as never).explain());
    if ((process.env.LINLI_TEST_DB_ENGINE ?? '').startsWith('FerretDB')) expect(idPlan).toMatch(/SEARCH[^"]*INDEX/);
  });
});

