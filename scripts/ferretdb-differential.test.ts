import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import mongoose from 'mongoose';

// Differential test of our FerretDB patch (tools/ferretdb, applied by scripts/db.cjs): the patched build and
// FerretDB 1.24.2 as released, each with the same generated collection and indexes, must answer every
// generated query the same. The patch only decides which rows SQLite reads and in what order (equalities and
// _id lists pushed down as a superset; a total sort with a limit read through an index on the sort key, with
// the rows whose values have no exact key read apart); FerretDB's own filter, sort, skip and limit still run
// on what comes back, so any difference is a bug in what the patch lets through.
//
// The corpus is built to break it: strings that differ only in a trailing space or punctuation (JSON text
// order is not string order), ObjectIDs and strings with the same hex, 1 / 1.0 / -0 / integers beyond 2^53,
// dates before 2001 and before 1970, arrays (of strings, ObjectIDs, bools, mixed, empty, nested), documents,
// nulls and missing fields in every indexed and sorted field, and _ids of several types.
// Size: LINLI_DIFF_QUERIES (default 500 queries over 400 documents, and 20 updates: FerretDB writes each changed document on its own).

const { MongoClient, ObjectId, Long, Double, Int32 } = mongoose.mongo;
const { EJSON } = mongoose.mongo.BSON;
interface Db {
  uri: string;
  engine: string;
  stop: () => Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startDatabase } = require('./db.cjs') as { startDatabase: (o: { dataDir: string; ferret: 'patched' | 'unpatched'; log: (m: string) => void }) => Promise<Db> };

const QUERIES = Number(process.env.LINLI_DIFF_QUERIES ?? 500);
const DOCS = Number(process.env.LINLI_DIFF_DOCS ?? 400);
const SEED = Number(process.env.LINLI_DIFF_SEED ?? 20261207);

const oids = Array.from({ length: 6 }, (_, i) => new ObjectId(`65a0000000000000000000${(i + 1).toString(16).padStart(2, '0')}`));
const strs = ['', 'a', 'a ', 'a!', 'a"', 'ab', 'b', 'B', '中文', 'a\u00e9', 'x'.repeat(30), oids[0]!.toHexString(), '1', 'true'];
const dates = [new Date('2026-01-01T00:00:00Z'), new Date('2026-06-01T08:00:00Z'), new Date('1999-12-31T00:00:00Z'), new Date('1960-01-01T00:00:00Z'), new Date(0)];
const nums = [new Int32(1), new Double(1), new Double(-0), new Double(0.5), new Int32(-3), new Long('9007199254740993'), new Long('9007199254740992'), new Double(1e21), new Int32(0)];

const scalar = fc.oneof(fc.constantFrom(...strs), fc.constantFrom(...oids), fc.boolean(), fc.constantFrom(...nums), fc.constantFrom(...dates));
const fieldValue = (main: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 6, arbitrary: main },
    { weight: 1, arbitrary: scalar },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.array(fc.oneof(main, scalar), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.record({ x: main }) },
    { weight: 1, arbitrary: fc.constant(undefined) }, // missing
  );
const fields = {
  a: fieldValue(fc.constantFrom(...strs)),
  b: fieldValue(fc.constantFrom(...oids, oids[1]!.toHexString())),
  c: fieldValue(fc.boolean()),
  n: fieldValue(fc.constantFrom(...nums)),
  d: fieldValue(fc.constantFrom(...dates)),
  s: fieldValue(fc.constantFrom(...strs)),
};
const idValue = fc.oneof({ weight: 8, arbitrary: fc.constant('oid') }, { weight: 1, arbitrary: fc.constantFrom(...strs) }, { weight: 1, arbitrary: fc.integer({ min: -5, max: 5 }) }, { weight: 1, arbitrary: fc.constant(oids[2]!.toHexString()) });
const docArb = fc.record({ _id: idValue, ...fields });

const eqFields = ['a', 'b', 'c', 'n', 'd'] as const;
const sortFields = ['a', 'b', 'c', 'n', 'd', 's'] as const;
const valueFor = (f: string): fc.Arbitrary<unknown> =>
  f === 'a' || f === 's' ? fc.constantFrom(...strs) : f === 'b' ? fc.constantFrom(...oids, oids[1]!.toHexString()) : f === 'c' ? fc.boolean() : f === 'n' ? fc.constantFrom(...nums) : fc.constantFrom(...dates);
const condition = fc.oneof(
  fc.constantFrom(...eqFields).chain((f) => fc.oneof(valueFor(f).map((v) => ({ [f]: v })), valueFor(f).map((v) => ({ [f]: { $eq: v } })), fc.array(valueFor(f), { minLength: 1, maxLength: 3 }).map((vs) => ({ [f]: { $in: vs } })))),
  fc.constantFrom(...sortFields).chain((f) => fc.tuple(fc.constantFrom('$lt', '$lte', '$gt', '$gte'), valueFor(f)).map(([op, v]) => ({ [f]: { [op]: v } }))),
  fc.tuple(fc.constantFrom('$lt', '$gt', '$lte'), fc.oneof(fc.constantFrom(...oids), fc.constantFrom(...strs), fc.integer({ min: -5, max: 5 }))).map(([op, v]) => ({ _id: { [op]: v } })),
  fc.array(fc.constantFrom(...oids), { minLength: 1, maxLength: 3 }).map((vs) => ({ _id: { $in: vs } })),
  fc.constantFrom(...eqFields).chain((f) => fc.boolean().map((e) => ({ [f]: { $exists: e } }))),
  fc.constantFrom(...eqFields).chain((f) => valueFor(f).map((v) => ({ [f]: { $ne: v } }))),
  fc.constantFrom(...eqFields).map((f) => ({ [f]: null })),
  fc.tuple(fc.constantFrom(...strs), fc.boolean()).map(([v, c]) => ({ $or: [{ a: v }, { c }] })),
);
const filterArb = fc.array(condition, { maxLength: 3 }).map((cs) => Object.assign({}, ...cs) as Record<string, unknown>);
const dir = fc.constantFrom(1, -1);
const sortArb = fc.oneof(
  fc.constant(undefined),
  dir.map((d) => ({ _id: d })),
  fc.tuple(fc.constantFrom(...sortFields), dir, dir).map(([f, d1, d2]) => ({ [f]: d1, _id: d2 })),
  fc.tuple(fc.constantFrom(...sortFields), dir).map(([f, d]) => ({ [f]: d })), // not total: compared without limit
);
const queryArb = fc.record({ filter: filterArb, sort: sortArb, limit: fc.integer({ min: 0, max: 12 }), skip: fc.integer({ min: 0, max: 4 }) });

const INDEXES = [{ a: 1, _id: -1 }, { a: 1, b: 1, _id: 1 }, { b: 1, d: -1, _id: -1 }, { c: 1, n: 1, _id: 1 }, { a: 1, s: 1, _id: 1 }, { n: 1, _id: -1 }, { d: 1, _id: 1 }, { s: -1, _id: -1 }, { _id: -1, a: 1 }];

const show = (v: unknown) => EJSON.stringify(v as never, { relaxed: false });

describe('FerretDB patch: the patched build answers like FerretDB as released', () => {
  let patched: Db, released: Db;
  let clients: InstanceType<typeof MongoClient>[] = [];
  const dirs: string[] = [];
  const colls = () => clients.map((c) => c.db('diff').collection('docs'));

  beforeAll(async () => {
    const start = async (ferret: 'patched' | 'unpatched') => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `linli-diff-${ferret}-`));
      dirs.push(dataDir);
      return startDatabase({ dataDir, ferret, log: () => undefined });
    };
    [patched, released] = await Promise.all([start('patched'), start('unpatched')]);
    clients = await Promise.all([patched, released].map((db) => new MongoClient(db.uri).connect()));
    const docs = fc.sample(docArb, { seed: SEED, numRuns: DOCS }).map((d, i) => {
      const doc: Record<string, unknown> = { ...d, _id: d._id === 'oid' ? new ObjectId() : d._id, i };
      for (const k of Object.keys(doc)) if (doc[k] === undefined) delete doc[k];
      return doc;
    });
    const unique = [...new Map(docs.map((d) => [show(d._id), d])).values()];
    for (const coll of colls()) {
      for (const key of INDEXES) await coll.createIndex(key as never);
      await coll.insertMany(unique as never[]);
    }
    expect(await colls()[0]!.countDocuments()).toBe(unique.length);
    expect(await colls()[1]!.countDocuments()).toBe(unique.length);
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all([patched, released].filter(Boolean).map((db) => db.stop()));
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  const answer = async (run: () => Promise<unknown>) => {
    try {
      return { ok: show(await run()) };
    } catch (err) {
      return { error: (err as { code?: number }).code ?? String(err) };
    }
  };

  it(`finds and counts: ${QUERIES} generated queries, sorted ones through the pushdown`, async () => {
    const queries = fc.sample(queryArb, { seed: SEED + 1, numRuns: QUERIES });
    const [p, r] = colls();
    let pushed = 0;
    const differences: unknown[] = [];
    for (const q of queries) {
      const total = q.sort !== undefined && Object.keys(q.sort).at(-1) === '_id';
      const find = (coll: typeof p) => async () => {
        let cursor = coll!.find(q.filter);
        if (q.sort) cursor = cursor.sort(q.sort as never);
        // Without a total order, which documents fill a page is up to the engine: compare whole results.
        if (total) cursor = cursor.skip(q.skip).limit(q.limit);
        const docs = await cursor.toArray();
        return total ? docs : docs.map(show).sort();
      };
      const [a, b] = await Promise.all([answer(find(p)), answer(find(r))]);
      if (JSON.stringify(a) !== JSON.stringify(b)) differences.push({ query: show(q), patched: a, released: b });
      const [ca, cb] = await Promise.all([answer(() => p!.countDocuments(q.filter)), answer(() => r!.countDocuments(q.filter))]);
      if (JSON.stringify(ca) !== JSON.stringify(cb)) differences.push({ count: show(q.filter), patched: ca, released: cb });
      if (total && q.limit > 0) {
        const explain = (await p!.find(q.filter).sort(q.sort as never).limit(q.skip + q.limit).explain()) as { sortPushdown?: boolean };
        if (explain.sortPushdown) pushed++;
      }
    }
    expect(differences.slice(0, 5)).toEqual([]);
    // The corpus exercises the pushdown: most total-sort queries with a limit go down.
    expect(pushed).toBeGreaterThan(QUERIES / 5);
  });

  it('$group computes every accumulator (patch 6; FerretDB as released computes only the first)', async () => {
    const [p, r] = colls();
    const pipeline = [{ $group: { _id: '$c', n: { $sum: 1 }, total: { $sum: '$i' }, again: { $sum: '$i' } } }, { $sort: { _id: 1 } }];
    const all = await p!.find({}).toArray();
    const expected = new Map<string, { n: number; total: number }>();
    for (const d of all) {
      const key = show(d.c === undefined ? null : d.c);
      const e = expected.get(key) ?? { n: 0, total: 0 };
      e.n += 1;
      e.total += d.i as number;
      expected.set(key, e);
    }
    const got = await p!.aggregate(pipeline).toArray();
    expect(got.map((g) => [show(g._id), g.n, g.total, g.again]).sort()).toEqual([...expected].map(([k, e]) => [k, e.n, e.total, e.total]).sort());
    const released = await r!.aggregate(pipeline).toArray();
    expect(released.every((g) => g.total === 0 && g.again === 0)).toBe(true); // the bug the patch fixes
  });

  it('updates by the same filters leave the same documents', async () => {
    const updates = fc.sample(filterArb, { seed: SEED + 2, numRuns: Math.max(20, Math.round(QUERIES / 25)) });
    const [p, r] = colls();
    for (const [i, filter] of updates.entries()) {
      const [a, b] = await Promise.all([answer(async () => (await p!.updateMany(filter, { $set: { u: i } })).modifiedCount), answer(async () => (await r!.updateMany(filter, { $set: { u: i } })).modifiedCount)]);
      expect([show(filter), a]).toEqual([show(filter), b]);
    }
    const all = async (coll: typeof p) => (await coll!.find({}).toArray()).map(show).sort();
    expect(await all(p)).toEqual(await all(r));
  });
});
