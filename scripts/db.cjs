// Starts the MongoDB-compatible database for `npm start` and the tests.
// Order: MONGODB_URI if set → a `mongod` on PATH → mongodb-memory-server's cached or downloadable binary →
// FerretDB 1.24 on SQLite, built from tools/ferretdb with the Go toolchain (the path this project's CI takes).
'use strict';
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, '.cache');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim() || null;
}

function waitForLine(child, pattern, timeoutMs, what) {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => done(new Error(`${what} did not start within ${timeoutMs} ms:\n${buf.slice(-2000)}`)), timeoutMs);
    const onData = (d) => {
      buf += d.toString();
      const m = pattern.exec(buf);
      if (m) done(null, m);
    };
    const onExit = (code) => done(new Error(`${what} exited with code ${code}:\n${buf.slice(-2000)}`));
    function done(err, m) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      err ? reject(err) : resolve(m);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', onExit);
  });
}

function stopper(child) {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
}

async function startMongod(bin, dataDir, fixedPort) {
  const port = fixedPort ?? (await freePort());
  const dbpath = path.join(dataDir, 'mongod');
  fs.mkdirSync(dbpath, { recursive: true });
  const child = spawn(bin, ['--port', String(port), '--bind_ip', '127.0.0.1', '--dbpath', dbpath], { stdio: ['ignore', 'pipe', 'pipe'] });
  await waitForLine(child, /Waiting for connections|waiting for connections/, 60_000, 'mongod');
  child.stdout.resume();
  child.stderr.resume();
  return { uri: `mongodb://127.0.0.1:${port}`, engine: `MongoDB (mongod ${bin})`, stop: stopper(child) };
}

async function tryMemoryServer(dataDir, persistent) {
  let core;
  try {
    core = require('mongodb-memory-server-core');
  } catch {
    return null;
  }
  const timeoutMs = Number(process.env.LINLI_MONGOMS_TIMEOUT_MS ?? 15_000);
  const attempt = (async () => {
    const { MongoBinary, MongoMemoryServer } = core;
    const bin = await MongoBinary.getPath(); // cached binary, or a download attempt
    const server = await MongoMemoryServer.create({
      binary: { systemBinary: bin },
      instance: { ip: '127.0.0.1', dbPath: persistent ? path.join(dataDir, 'mongoms') : undefined, storageEngine: persistent ? 'wiredTiger' : undefined },
    });
    return { uri: server.getUri().replace(/\/$/, ''), engine: `MongoDB (mongodb-memory-server ${bin})`, stop: () => server.stop() };
  })();
  attempt.catch(() => undefined);
  const timeout = new Promise((resolve) => setTimeout(() => resolve(null), timeoutMs).unref());
  try {
    if (persistent) fs.mkdirSync(path.join(dataDir, 'mongoms'), { recursive: true });
    return await Promise.race([attempt, timeout]);
  } catch {
    return null;
  }
}

/**
 * Our changes to FerretDB 1.24's SQLite backend, all about reading the rows a filter can match instead of all of them:
 *  1. It sends a filter down to SQLite only when the filter is exactly `{_id: …}` (`Filter.Len() == 1`), so
 *     `{_id, rev}` — every conditional update by id the product makes — and `{_id, communityId}` read the whole
 *     collection, with writes serialized behind them. FerretDB applies the complete filter to whatever the
 *     backend returns anyway (handler: common.FilterIterator after every backend query), so pushing the `_id`
 *     equality down whenever the filter has one gives the same results.
 *  2. Its `_id` lookups (SELECT, UPDATE, DELETE and ORDER BY) are written `_ferretdb_sjson->'$._id'` while the
 *     unique `_id` index it creates is on `_ferretdb_sjson->"_id"`; SQLite matches index expressions textually,
 *     so every lookup by `_id` scanned the table (EXPLAIN QUERY PLAN: SCAN). Spelled like the index, they
 *     SEARCH it. Same values: both forms return the field's JSON text.
 *  3. Top-level equalities on strings, ObjectIds and bools (`{f: v}`, `$eq`, `$in` of up to 100), and `_id`
 *     lists (`{_id: {$in}}`), go down too (tools/ferretdb/sqlite_pushdown.go.in, copied into the backend):
 *     each field either equal (`_ferretdb_sjson->'f' IN (…)`) or an array holding the value (json_each; any
 *     array when the value is a bool or an unusual string), the first three fields as a disjunction of those
 *     choices so the all-equal branch is one search of a composite index. SQLite serves them from the
 *     expression indexes createIndexes made: among 20,000 requests a resident's own `{communityId, filerId}`
 *     went from 242 ms to 6.6 ms, messages 159 → 4 ms, `{communityId, status}` sorted by `_id` 2.5–3.4 s →
 *     47 ms (equalities alone). The conditions return a superset, and FerretDB re-applies the whole filter to
 *     what SQLite returns, so results are unchanged: a differential run of the patched and unpatched builds
 *     over 595 filters (strings with every odd character, ObjectIds, bools, numbers, nulls, missing fields,
 *     arrays, odd field names, several fields at once) × find/count/distinct/updates found 0 differences, and
 *     591 when arrays were left out. Numbers (int/long/double compare equal) and null (matches missing) stay
 *     in Go. The query-coverage test checks the semantics it relies on.
 */
const FERRET_MODULE = 'github.com/FerretDB/FerretDB@v1.24.2';
const FERRET_EQUALITY_PUSHDOWN = `
\t// linli: top-level equalities pushed down as well (superset; see linliEqualityConditions)
\tif conds, condArgs := linliEqualityConditions(params.Filter); len(conds) > 0 {
\t\tif whereClause == "" {
\t\t\twhereClause = " WHERE "
\t\t} else {
\t\t\twhereClause += " AND "
\t\t}

\t\twhereClause += strings.Join(conds, " AND ")
\t\targs = append(args, condArgs...)
\t}
`;

const FERRET_LINLI_PARAMS = '// linli: a total sort and its limit (skip + limit) for the backend to read in order (linliSortPushdown)\n\tLinliSort   *types.Document\n\tLinliLimit  int64\n\tLinliFilter *types.Document\n';
const FERRET_PATCHES = [
  {
    file: 'internal/backends/sqlite/collection.go',
    from: 'if params.Filter.Len() == 1 {\n\t\tv, _ := params.Filter.Get("_id")',
    to: 'if params.Filter != nil && linliNoDuplicateKeys(params.Filter) { // linli: _id equality pushed down whatever else the filter has\n\t\tv, _ := params.Filter.Get("_id")',
    count: 2, // Query and Explain
  },
  {
    file: 'internal/backends/sqlite/metadata/metadata.go',
    from: `IDColumn = DefaultColumn + "->'$._id'"`,
    to: `IDColumn = DefaultColumn + "->\\"_id\\"" // linli: the unique _id index's own expression, so lookups use it`,
    count: 1,
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: '\n\tq += whereClause\n',
    to: FERRET_EQUALITY_PUSHDOWN + '\n\tq += whereClause\n',
    count: 1, // Query
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: '\n\torderByClause := prepareOrderByClause(params.Sort)\n',
    to: FERRET_EQUALITY_PUSHDOWN + '\n\torderByClause := prepareOrderByClause(params.Sort)\n',
    count: 1, // Explain
  },
  // 4. Sort and limit pushdown (find): the handler hands a total sort and its limit to the backend, which reads
  //    the rows in order through a composite index on the sort key (linli_key.go.in) and stops once enough match.
  {
    file: 'internal/backends/collection.go',
    from: 'type QueryParams struct {\n\tFilter *types.Document\n\tSort   *types.Document\n\tLimit  int64\n',
    to: 'type QueryParams struct {\n\tFilter *types.Document\n\tSort   *types.Document\n\tLimit  int64\n\n\t' + FERRET_LINLI_PARAMS + '\tLinliMatch func(*types.Document) (bool, error)\n',
    count: 1,
  },
  {
    file: 'internal/backends/collection.go',
    from: 'type ExplainParams struct {\n\tFilter *types.Document\n\tSort   *types.Document\n\tLimit  int64\n',
    to: 'type ExplainParams struct {\n\tFilter *types.Document\n\tSort   *types.Document\n\tLimit  int64\n\n\t' + FERRET_LINLI_PARAMS,
    count: 1,
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: '\n\tq := prepareSelectClause(meta.TableName, params.Comment, meta.Capped(), params.OnlyRecordIDs)\n',
    to: '\n\tif params.LinliSort != nil && !meta.Capped() && !params.OnlyRecordIDs { // linli: sort and limit pushed down\n\t\treturn c.linliQuery(ctx, db, meta.TableName, params)\n\t}\n\n\tq := prepareSelectClause(meta.TableName, params.Comment, meta.Capped(), params.OnlyRecordIDs)\n',
    count: 1,
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: '\n\tselectClause := prepareSelectClause(meta.TableName, "", meta.Capped(), false)\n',
    to: '\n\tif params.LinliSort != nil && !meta.Capped() { // linli: sort and limit pushed down\n\t\treturn c.linliExplain(ctx, db, meta.TableName, &backends.QueryParams{Filter: params.Filter, LinliSort: params.LinliSort, LinliLimit: params.LinliLimit, LinliFilter: params.LinliFilter})\n\t}\n\n\tselectClause := prepareSelectClause(meta.TableName, "", meta.Capped(), false)\n',
    count: 1,
  },
  {
    file: 'internal/handler/msg_find.go',
    from: '\n\th.L.DebugContext(ctx, fmt.Sprintf("Converted %+v for %+v to %+v.", params, cInfo, qp))\n',
    to: '\n\tif !h.DisablePushdown && linliSortPushdown(params.Filter, params.Sort, params.Skip, params.Limit, cInfo.Capped()) { // linli\n\t\tqp.LinliSort, qp.LinliLimit, qp.LinliFilter, qp.LinliMatch = params.Sort, params.Skip+params.Limit, params.Filter, linliMatcher(params.Filter)\n\t}\n\n\th.L.DebugContext(ctx, fmt.Sprintf("Converted %+v for %+v to %+v.", params, cInfo, qp))\n',
    count: 1,
  },
  {
    file: 'internal/handler/msg_explain.go',
    from: '\n\tres, err := coll.Explain(connCtx, qp)\n',
    to: '\n\tif !h.DisablePushdown && !params.Aggregate && linliSortPushdown(params.Filter, params.Sort, params.Skip, params.Limit, cInfo.Capped()) { // linli\n\t\tqp.LinliSort, qp.LinliLimit, qp.LinliFilter = params.Sort, params.Skip+params.Limit, params.Filter\n\t}\n\n\tres, err := coll.Explain(connCtx, qp)\n',
    count: 1,
  },
  // 5. Indexes on top-level fields are made on the sort key, and every indexed collection gets one on _id's
  //    key (the rows a pushed-down sort reads apart: _id values without an exact key).
  {
    file: 'internal/backends/sqlite/metadata/registry.go',
    from: '\t\t\tcolumns[i] = fmt.Sprintf("%s->%s", DefaultColumn, strings.Join(fields, "->"))\n',
    to: '\t\t\tcolumns[i] = fmt.Sprintf("%s->%s", DefaultColumn, strings.Join(fields, "->"))\n\t\t\tif len(fields) == 1 && LinliPlainField(key.Field) && index.Name != "_id_" { // linli: the sort key\n\t\t\t\tcolumns[i] = LinliKeyExpr(key.Field)\n\t\t\t}\n',
    count: 1,
  },
  {
    file: 'internal/backends/sqlite/metadata/registry.go',
    from: '\n\t\tcreated = append(created, index.Name)\n',
    to: '\n\t\tif index.Name != "_id_" { // linli: _id\'s key, for the rows a pushed-down sort reads apart\n\t\t\tif _, err := db.ExecContext(ctx, fmt.Sprintf("CREATE INDEX IF NOT EXISTS %q ON %q (%s)", c.TableName+"__linli_idkey", c.TableName, LinliKeyExpr("_id"))); err != nil {\n\t\t\t\t_ = r.indexesDrop(ctx, dbName, collectionName, created)\n\t\t\t\treturn lazyerrors.Error(err)\n\t\t\t}\n\t\t}\n\n\t\tcreated = append(created, index.Name)\n',
    count: 1,
  },
  // 6. $group with several accumulators: FerretDB 1.24 hands every accumulator one iterator over the group's
  //    documents, so the first one consumes it and the rest see none ({n: {$sum: 1}, s: {$sum: '$x'}} gives
  //    s = 0). Each accumulator gets its own.
  {
    file: 'internal/handler/common/aggregations/stages/group.go',
    from: '\t\tgroupIter := iterator.Values(iterator.ForSlice(groupedDocument.documents))\n\t\tdefer groupIter.Close()\n\n\t\tfor _, accumulation := range g.groupBy {\n\t\t\tout, err := accumulation.accumulator.Accumulate(groupIter)\n',
    to: '\t\tfor _, accumulation := range g.groupBy {\n\t\t\tgroupIter := iterator.Values(iterator.ForSlice(groupedDocument.documents)) // linli: one per accumulator\n\t\t\tout, err := accumulation.accumulator.Accumulate(groupIter)\n\t\t\tgroupIter.Close()\n',
    count: 1,
  },
];
/** Added to FerretDB as new files: the equality conditions of patch 3, the sort key and the sort pushdown. */
const FERRET_NEW_FILES = {
  'internal/backends/sqlite/linli_pushdown.go': 'sqlite_pushdown.go.in',
  'internal/backends/sqlite/metadata/linli_key.go': 'linli_key.go.in',
  'internal/handler/linli_sort.go': 'handler_sort.go.in',
};

/**
 * Builds the FerretDB embed program once; the cache key is the hash of its sources and of our patch.
 * `unpatched` builds FerretDB 1.24.2 as released (with only main.go's write serialisation), the reference the
 * differential test (functions/test/ferretdb-differential.test.ts) compares the patched build with.
 */
function ferretBinary(log, { unpatched = false } = {}) {
  const src = path.join(ROOT, 'tools', 'ferretdb');
  const hash = crypto.createHash('sha256');
  const newFiles = unpatched ? {} : FERRET_NEW_FILES;
  const patches = unpatched ? [] : FERRET_PATCHES;
  for (const f of ['go.mod', 'go.sum', 'main.go', ...Object.values(newFiles)]) hash.update(fs.readFileSync(path.join(src, f)));
  hash.update(JSON.stringify(patches));
  const bin = path.join(CACHE, 'ferretdb', hash.digest('hex').slice(0, 12) + (unpatched ? '-unpatched' : ''), 'ferretdb');
  if (fs.existsSync(bin)) return bin;
  const go = onPath('go') ?? (fs.existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : null);
  if (!go) throw new Error('No MongoDB found and Go is not installed: set MONGODB_URI, install mongod, or install Go to build FerretDB.');
  log(`building FerretDB 1.24${unpatched ? ' as released' : ''} (first run only, about 2 minutes) → ${path.relative(ROOT, bin)}`);
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  const started = Date.now();
  const env = { ...process.env, CGO_ENABLED: '0' };
  // A private copy of the build: the program, and FerretDB's module source from the Go module cache with the
  // patch applied, wired in by a `replace` directive.
  const work = fs.mkdtempSync(path.join(CACHE, 'ferretdb-build-'));
  try {
    for (const f of ['go.mod', 'go.sum', 'main.go']) fs.copyFileSync(path.join(src, f), path.join(work, f));
    execFileSync(go, ['mod', 'download', 'all'], { cwd: work, stdio: ['ignore', 'inherit', 'inherit'], env });
    const info = JSON.parse(execFileSync(go, ['mod', 'download', '-json', FERRET_MODULE], { cwd: work, env }).toString());
    const ferret = path.join(work, 'FerretDB');
    fs.cpSync(info.Dir, ferret, { recursive: true });
    execFileSync('chmod', ['-R', 'u+w', ferret]);
    for (const p of patches) {
      const file = path.join(ferret, p.file);
      const text = fs.readFileSync(file, 'utf8');
      const parts = text.split(p.from);
      if (parts.length - 1 !== p.count) throw new Error(`FerretDB patch: expected ${p.count} occurrence(s) in ${p.file}, found ${parts.length - 1}`);
      fs.writeFileSync(file, parts.join(p.to));
    }
    for (const [to, from] of Object.entries(newFiles)) fs.copyFileSync(path.join(src, from), path.join(ferret, to));
    fs.appendFileSync(path.join(work, 'go.mod'), `\nreplace github.com/FerretDB/FerretDB => ./FerretDB\n`);
    execFileSync(go, ['build', '-o', bin + '.tmp', '.'], { cwd: work, stdio: ['ignore', 'inherit', 'inherit'], env });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  fs.renameSync(bin + '.tmp', bin);
  log(`FerretDB built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return bin;
}

/**
 * How the patched build lays out its SQLite indexes (patch 5: on the sort key). Databases kept by `npm start`
 * from before hold indexes the queries no longer use, and FerretDB skips creating an index whose name exists:
 * such a directory is moved aside (the stack re-seeds the demo data) instead of running slowly.
 */
const FERRET_INDEX_FORMAT = 'linli-key-1';

async function startFerret(dataDir, log, fixedPort, unpatched = false) {
  const bin = ferretBinary(log, { unpatched });
  const dir = path.join(dataDir, 'ferretdb');
  const marker = path.join(dir, '.index-format');
  const format = unpatched ? 'released' : FERRET_INDEX_FORMAT;
  if (fs.existsSync(dir) && fs.readdirSync(dir).some((f) => f.endsWith('.sqlite')) && (fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : '') !== format) {
    const aside = `${dir}.before-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.renameSync(dir, aside);
    log(`the database in ${path.relative(ROOT, dir)} was made with other indexes; moved to ${path.relative(ROOT, aside)} (demo data is seeded again)`);
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(marker, format);
  // A free port is found by binding and releasing it, so another process on the machine (a second test run, a
  // local stack) may take it before FerretDB binds: then FerretDB exits with "address already in use" and a new
  // port is tried. A fixed port (the fault test's restart) is not ours to change.
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? (await freePort());
    // stdin stays an open pipe: FerretDB exits when it closes, so a killed launcher leaves no orphan behind.
    const child = spawn(bin, ['-listen', `127.0.0.1:${port}`, '-dir', dir + '/', '-exit-on-stdin-close'], { stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      await waitForLine(child, /READY (mongodb:\/\/\S+)/, 60_000, 'FerretDB');
    } catch (err) {
      if (fixedPort !== undefined || attempt >= 5 || !/address already in use/.test(String(err.message))) throw err;
      log(`port ${port} was taken before FerretDB bound it; trying another`);
      continue;
    }
    child.stdout.resume();
    child.stderr.resume();
    return { uri: `mongodb://127.0.0.1:${port}`, engine: `FerretDB 1.24 (SQLite backend${unpatched ? ', as released' : ''})`, stop: stopper(child) };
  }
}

/**
 * Starts (or finds) the database. `dataDir` holds its files; `persistent` keeps them between runs (npm start).
 * `own` starts a private instance even when MONGODB_URI names one, and `port` fixes its port (the fault test
 * stops its database and starts it again where the driver expects it). Returns { uri, engine, stop } where
 * uri has no database name.
 */
async function startDatabase({ dataDir, persistent = false, log = (m) => console.log(`[db] ${m}`), own = false, port, ferret } = {}) {
  if (process.env.MONGODB_URI && !own) {
    return { uri: process.env.MONGODB_URI, engine: 'MongoDB from MONGODB_URI', stop: async () => undefined, external: true };
  }
  dataDir = dataDir ?? path.join(CACHE, 'tmp-db', String(process.pid));
  fs.mkdirSync(dataDir, { recursive: true });
  // `ferret: 'patched' | 'unpatched'` asks for that FerretDB build whatever else the machine has (the
  // differential test of our patch).
  if (ferret) return startFerret(dataDir, log, port, ferret === 'unpatched');
  const engine = process.env.LINLI_DB_ENGINE; // force one path: mongod | memory | ferretdb
  const mongod = onPath('mongod');
  if (mongod && (!engine || engine === 'mongod')) return startMongod(mongod, dataDir, port);
  if ((!engine || engine === 'memory') && port === undefined) {
    const ms = await tryMemoryServer(dataDir, persistent);
    if (ms) return ms;
    log('no MongoDB binary available (mongod not on PATH, mongodb-memory-server could not get one) → FerretDB');
  }
  return startFerret(dataDir, log, port);
}

/**
 * Puts a database name into a MongoDB URI, keeping host and options. Without `replace`, a URI that already
 * names a database keeps it (npm start with a user's MONGODB_URI); tests replace it with their own.
 */
function withDatabase(uri, name, replace = false) {
  const m = /^(mongodb(?:\+srv)?:\/\/[^/?]+)(\/[^?]*)?(\?.*)?$/.exec(uri);
  if (!m) throw new Error(`cannot parse MongoDB URI ${uri}`);
  return m[2] && m[2] !== '/' && !replace ? uri : `${m[1]}/${name}${m[3] ?? ''}`;
}

module.exports = { startDatabase, freePort, ferretBinary, withDatabase, ROOT, CACHE };

if (require.main === module) {
  // `node scripts/db.cjs build` prebuilds FerretDB (CI); `node scripts/db.cjs` runs a database until Ctrl-C.
  if (process.argv[2] === 'build') {
    ferretBinary(console.log);
    ferretBinary(console.log, { unpatched: true }); // the differential test's reference
  } else {
    startDatabase({ dataDir: path.join(ROOT, '.data', 'db'), persistent: true }).then((db) => {
      console.log(`${db.engine} at ${db.uri}`);
      process.on('SIGINT', () => db.stop().then(() => process.exit(0)));
    });
  }
}
