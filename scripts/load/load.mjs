// `npm run load`: seeds realistic volumes, drives mixed traffic with autocannon against the local API for a
// bounded time, and checks afterwards that every acknowledged write is in the database and that nothing
// answered 5xx.
//
//   npm run load                              scale 1, 30 s, 20 connections, on a throwaway local stack
//   npm run load -- --scale 5 --duration 60   five times the data (use a real MongoDB through MONGODB_URI)
//   MONGODB_URI=mongodb://…/linli npm run load -- --skip-seed    reuse data seeded by an earlier run
//
// Options: --scale N (1), --duration S (30), --connections C (20), --users U (300 signed-in people),
// --skip-seed. Without MONGODB_URI it starts an ephemeral stack (database, WeChat emulator, MinIO, demo seed,
// serverless-offline) on free ports and removes it at the end; with MONGODB_URI the API runs against that
// database, and that is the database seeded and checked. Abuse limits are disabled for the run
// (RATE_LIMITS_DISABLED=1, RATE_LIMIT_* raised), so the load measures the API, not the throttle.
//
// Creates carry a unique Idempotency-Key and a marker in the description; 3% of them
// (LINLI_LOAD_REPLAY_SHARE) are sent again with the same key and body and must return the same request.
// A Lambda that times out or crashes is answered by serverless-offline with 200 and the error as the body
// (API Gateway would answer 5xx): such responses are counted as the 5xx they stand for.
//
// The summary goes to stdout and to scripts/load/last-run.json (git-ignored). Exit code 1 when any response
// was 5xx, an acknowledged write is missing, or reconciliation of the points ledger finds a difference.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  HERE,
  ObjectId,
  MongoClient,
  RATE_LIMITS_NOTE,
  call,
  cleanup,
  disableRateLimits,
  effectiveStatus,
  latencyStats,
  round,
  runAutocannon,
  runSeed,
  runTs,
  signInPeople,
  startLoadStack,
} from './harness.mjs';

// ---- options --------------------------------------------------------------------------------------------

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!(v > 0)) {
    console.error(`--${name} needs a positive number`);
    process.exit(2);
  }
  return v;
}
const opts = {
  scale: option('scale', 1),
  duration: option('duration', 30),
  connections: Math.round(option('connections', 20)),
  users: Math.round(option('users', 300)),
  skipSeed: process.argv.includes('--skip-seed'),
};
const runId = randomBytes(4).toString('hex');
const started = Date.now();
const log = (m) => console.log(`[load ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${m}`);

// The traffic mix: [kind, weight in %].
const MIX = [
  ['GET /api/requests?scope=mine', 25],
  ['GET /api/requests/{id}', 25],
  ['POST /api/requests', 15],
  ['GET /api/consultations', 10],
  ['GET /api/activities', 5],
  ['GET /api/volunteers/me', 5],
  ['GET /api/messages', 10],
  ['GET /api/stats/requests (staff)', 5],
];
const SIGN_IN_BUDGET_MS = 180_000; // sign in up to --users people, for at most this long
const SETTLE_MS = 90_000; // after the run, wait at most this long for creates still in flight
// Of creates: the same Idempotency-Key and body again, which must return the first request and create nothing.
const REPLAY_SHARE = Number(process.env.LINLI_LOAD_REPLAY_SHARE ?? 0.03);
const CATEGORIES = ['environment', 'facility', 'property', 'parking', 'safety', 'dispute', 'elderly', 'other'];
const TEXTS = ['楼道灯不亮了，晚上上下楼不方便', '小区门口垃圾堆放好几天没人清理', '电动车在楼道里充电，存在安全隐患', '楼上漏水到我家卫生间天花板', '小区健身器材螺丝松动'];

// ---- the people who make the traffic ----------------------------------------------------------------------

/** Residents (a third of them volunteers) and one staff member per seeded community, with their own requests. */
async function pickPeople(mongo, total) {
  const communities = await mongo.collection('communities').find({ code: /^load-c\d+$/ }, { projection: { _id: 1, code: 1 } }).toArray();
  if (!communities.length) return null;
  communities.sort((a, b) => Number(a.code.slice(6)) - Number(b.code.slice(6)));
  const ids = communities.map((c) => c._id);
  const members = await mongo
    .collection('memberships')
    .find({ communityId: { $in: ids }, status: 'active' }, { projection: { userId: 1, communityId: 1, roles: 1 } })
    .toArray();
  const perCommunity = Math.max(1, Math.ceil(total / communities.length));
  const chosen = [];
  for (const c of communities) {
    const here = members.filter((m) => m.communityId.equals(c._id)).sort((a, b) => a.userId.toHexString().localeCompare(b.userId.toHexString()));
    const vols = here.filter((m) => m.roles.includes('volunteer'));
    const plain = here.filter((m) => m.roles.includes('resident') && !m.roles.includes('volunteer'));
    const nVol = Math.min(vols.length, Math.round(perCommunity / 3));
    for (const m of vols.slice(0, nVol)) chosen.push({ userId: m.userId, communityId: c._id, role: 'resident', volunteer: true });
    for (const m of plain.slice(0, perCommunity - nVol)) chosen.push({ userId: m.userId, communityId: c._id, role: 'resident', volunteer: false });
    const staff = here.find((m) => m.roles.includes('staff'));
    if (staff) chosen.push({ userId: staff.userId, communityId: c._id, role: 'staff', volunteer: false });
  }
  const users = await mongo.collection('users').find({ _id: { $in: chosen.map((p) => p.userId) } }, { projection: { openid: 1 } }).toArray();
  const openid = new Map(users.map((u) => [u._id.toHexString(), u.openid]));
  const requests = await mongo
    .collection('requests')
    .find({ filerId: { $in: chosen.filter((p) => p.role === 'resident').map((p) => p.userId) } }, { projection: { _id: 1, filerId: 1 } })
    .toArray();
  const mine = new Map();
  for (const r of requests) {
    const k = r.filerId.toHexString();
    if (!mine.has(k)) mine.set(k, []);
    mine.get(k).push(r._id.toHexString());
  }
  return {
    communities: communities.length,
    people: chosen.map((p) => ({ ...p, openid: openid.get(p.userId.toHexString()), requestIds: (mine.get(p.userId.toHexString()) ?? []).slice(-20) })),
  };
}

// ---- traffic --------------------------------------------------------------------------------------------

function makeTraffic(people) {
  const residents = people.filter((p) => p.role === 'resident');
  const withRequests = residents.filter((p) => p.requestIds.length);
  const volunteers = residents.filter((p) => p.volunteer);
  const staff = people.filter((p) => p.role === 'staff');
  const total = MIX.reduce((s, [, w]) => s + w, 0);
  const pick = (list) => list[Math.floor(Math.random() * list.length)];
  const state = {
    byKind: Object.fromEntries(MIX.map(([k]) => [k, { sent: 0, statuses: {}, latencies: [] }])),
    createsSent: 0,
    createResponses: 0, // answers to first-time creates (not replays)
    create5xx: 0,
    acknowledged: new Map(), // request id → marker
    acked: [], // { person, key, body, id } for replays
    replays: { sent: 0, sameId: 0, differentId: 0, other: 0 },
    serverErrors: [],
    masked: {}, // Lambda errors serverless-offline answered with 200, by message
  };
  let seq = 0;

  function build(kind, context) {
    const auth = (p) => ({ authorization: `Bearer ${p.token}` });
    switch (kind) {
      case 'GET /api/requests?scope=mine':
        return { method: 'GET', path: '/api/requests?scope=mine', headers: auth(pick(residents)) };
      case 'GET /api/requests/{id}': {
        const p = pick(withRequests.length ? withRequests : residents);
        const id = pick(p.requestIds);
        return id ? { method: 'GET', path: `/api/requests/${id}`, headers: auth(p) } : { method: 'GET', path: '/api/requests?scope=mine', headers: auth(p) };
      }
      case 'POST /api/requests': {
        if (state.acked.length && Math.random() < REPLAY_SHARE) {
          const a = pick(state.acked);
          context.replayOf = a.id;
          state.replays.sent++;
          return { method: 'POST', path: '/api/requests', headers: { ...auth(a.person), 'content-type': 'application/json', 'idempotency-key': a.key }, body: a.body };
        }
        const p = pick(residents);
        const n = ++seq;
        const marker = `LOAD-${runId}-${n}`;
        const key = `load-${runId}-${n}`;
        const body = JSON.stringify({
          category: pick(CATEGORIES),
          description: `${pick(TEXTS)}，请尽快处理。[${marker}]`,
          ...(Math.random() < 0.1 ? { urgency: 'urgent' } : {}),
        });
        context.create = { person: p, key, body, marker };
        state.createsSent++;
        return { method: 'POST', path: '/api/requests', headers: { ...auth(p), 'content-type': 'application/json', 'idempotency-key': key }, body };
      }
      case 'GET /api/consultations':
        return { method: 'GET', path: '/api/consultations', headers: auth(pick(residents)) };
      case 'GET /api/activities':
        return { method: 'GET', path: '/api/activities', headers: auth(pick(residents)) };
      case 'GET /api/volunteers/me':
        return { method: 'GET', path: '/api/volunteers/me', headers: auth(pick(volunteers.length ? volunteers : residents)) };
      case 'GET /api/messages':
        return { method: 'GET', path: '/api/messages', headers: auth(pick(residents)) };
      case 'GET /api/stats/requests (staff)':
        return { method: 'GET', path: '/api/stats/requests', headers: auth(pick(staff.length ? staff : residents)) };
    }
    throw new Error(kind);
  }

  const request = {
    setupRequest(req, context) {
      let r = Math.random() * total;
      let kind = MIX[MIX.length - 1][0];
      for (const [k, w] of MIX) if ((r -= w) < 0) {
        kind = k;
        break;
      }
      context.kind = kind;
      context.t0 = performance.now();
      const built = build(kind, context);
      state.byKind[kind].sent++;
      return { ...req, ...built, body: built.body ?? Buffer.alloc(0) };
    },
    onResponse(rawStatus, body, context) {
      const k = state.byKind[context.kind];
      if (!k) return;
      const eff = effectiveStatus(rawStatus, body);
      const status = eff.status;
      if (eff.masked) state.masked[eff.masked] = (state.masked[eff.masked] ?? 0) + 1;
      k.statuses[status] = (k.statuses[status] ?? 0) + 1;
      k.latencies.push(performance.now() - context.t0);
      if (status >= 500 && state.serverErrors.length < 20) state.serverErrors.push({ kind: context.kind, status, body: String(body).slice(0, 300) });
      if (context.kind !== 'POST /api/requests') return;
      let id;
      try {
        id = JSON.parse(body).id;
      } catch {}
      if (context.replayOf) {
        if (status !== 201) state.replays.other++;
        else if (id === context.replayOf) state.replays.sameId++;
        else state.replays.differentId++;
        return;
      }
      state.createResponses++;
      if (status >= 500) state.create5xx++;
      if (status === 201 && id && context.create) {
        state.acknowledged.set(id, context.create.marker);
        state.acked.push({ person: context.create.person, key: context.create.key, body: context.create.body, id });
      }
    },
  };
  return { request, state, build };
}

// ---- main -----------------------------------------------------------------------------------------------

async function main() {
  // Abuse limits off for the run (and generous should a limit still apply): the load measures the API.
  disableRateLimits();
  log(`run ${runId}: scale ${opts.scale}, ${opts.duration} s, ${opts.connections} connections${opts.skipSeed ? ', reusing seeded data' : ''}; rate limits disabled (RATE_LIMITS_DISABLED=1)`);

  // The whole local stack on free ports: the database (MONGODB_URI if set, else mongod, mongodb-memory-server or
  // FerretDB on throwaway files), the WeChat emulator, MinIO, the demo seed, the API under serverless-offline
  // and its scheduled jobs. Its database is the one seeded and checked below.
  // The API starts on the still empty database and the seed runs while its scheduled jobs run every minute, as
  // in a live deployment. (Seeding first is about five times faster on FerretDB, 65 s instead of ~5 min at
  // scale 1, but the jobs the stack runs at start-up then scan the full collections for minutes before the
  // stack is ready, which costs more than it saves.)
  const { add: stops, stopAll } = cleanup();
  process.once('SIGINT', () => stopAll().then(() => process.exit(130)));
  log(process.env.MONGODB_URI ? 'starting the API on MONGODB_URI…' : 'starting an ephemeral stack (database, WeChat emulator, MinIO, API)…');
  const stack = await startLoadStack({ log: (m) => log(`stack: ${m}`) });
  stops(stack.stop);
  const { apiBase, mongodbUri, engine, env: tsEnv } = stack;
  const mongo = new MongoClient(mongodbUri, { serverSelectionTimeoutMS: 10_000 });
  stops(() => mongo.close());
  const summary = { runId, startedAt: new Date(started).toISOString(), engine, options: opts, rateLimits: RATE_LIMITS_NOTE };
  let failed = [];
  try {
    await mongo.connect();
    const dbh = mongo.db();

    // 1. Seed.
    let picked;
    if (!opts.skipSeed) {
      log('seeding (bulk inserts, 1,000 per batch)…');
      const { seed, ...fromSeed } = runSeed({ scale: opts.scale, people: opts.users, env: tsEnv });
      summary.seed = seed;
      log(`seeded in ${seed.seconds.toFixed(0)} s`);
      picked = fromSeed;
    } else {
      log('finding the seeded people and their requests…');
      picked = await pickPeople(dbh, opts.users);
      if (!picked) throw new Error('no load data in this database (communities load-c*): run without --skip-seed');
    }

    // What the database holds (counting scans whole collections on FerretDB: only when the seed did not tell).
    if (opts.skipSeed) {
      const counts = {};
      for (const c of ['users', 'memberships', 'requests', 'consultations', 'consultation_ballots', 'volunteers', 'ledger_entries', 'messages'])
        counts[c] = await dbh.collection(c).estimatedDocumentCount();
      summary.dataset = counts;
    }

    // 2. People: sign in through the WeChat emulator (it takes the code as the openid).
    // Staff first: a sign-in budget that runs out should still leave someone to ask for statistics.
    log(`signing in ${picked.people.length} people from ${picked.communities} communities…`);
    // Bounded: a sign-in is an upsert by openid, which a scanning engine runs one at a time (FerretDB).
    const { ordered: people, latencies: signIn } = await signInPeople(apiBase, picked.people, { budgetMs: SIGN_IN_BUDGET_MS, concurrency: 4 });
    const signedIn = people.filter((p) => p.token);
    summary.signIn = { people: people.length, signedIn: signedIn.length, budgetSeconds: SIGN_IN_BUDGET_MS / 1000, latencyMs: latencyStats(signIn) };
    log(`signed in ${signedIn.length}/${people.length} (p50 ${summary.signIn.latencyMs.p50} ms)`);
    if (!signedIn.some((p) => p.role === 'resident')) throw new Error('no resident could sign in');

    // 3. Warm-up: each kind of call once, one at a time (cold starts out of the way; latency without load).
    const traffic = makeTraffic(signedIn);
    summary.unloaded = {};
    for (const [kind] of MIX) {
      if (kind === 'POST /api/requests') continue; // writes are counted only during the run
      const b = traffic.build(kind, {});
      try {
        const r = await call(apiBase, b.method, b.path, { headers: b.headers });
        summary.unloaded[kind] = { status: r.status, ms: round(r.ms), ...(r.masked ? { lambdaError: r.masked } : {}) };
      } catch (err) {
        summary.unloaded[kind] = { status: 'error', error: err.message };
      }
    }
    log(`warm-up (one call each, no load): ${Object.entries(summary.unloaded).map(([k, v]) => `${k} ${v.status} ${v.ms ?? ''} ms`).join('; ')}`);

    // 4. The load.
    log(`driving traffic: ${opts.connections} connections for ${opts.duration} s…`);
    const { result, times: all } = await runAutocannon({ url: apiBase, connections: opts.connections, duration: opts.duration, timeout: 60, requests: [traffic.request] });
    const st = traffic.state;
    const statusCounts = {};
    for (const k of Object.values(st.byKind)) for (const [s, n] of Object.entries(k.statuses)) statusCounts[s] = (statusCounts[s] ?? 0) + n;
    const responses = Object.values(statusCounts).reduce((a, b) => a + b, 0);
    const fiveXx = Object.entries(statusCounts).filter(([s]) => Number(s) >= 500).reduce((a, [, n]) => a + n, 0);
    summary.load = {
      durationSeconds: round(result.duration, 2),
      connections: opts.connections,
      requests: result.requests.total,
      responses,
      throughputPerSecond: round(responses / result.duration, 2),
      latencyMs: latencyStats(all),
      statusCounts,
      fiveXx,
      rateLimited429: statusCounts['429'] ?? 0,
      lambdaErrorsAnsweredAs200: st.masked,
      rawStatusCounts: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([k, v]) => [k, v.count])),
      connectionErrors: result.errors,
      timeouts: result.timeouts,
      byKind: Object.fromEntries(Object.entries(st.byKind).map(([k, v]) => [k, { sent: v.sent, statuses: v.statuses, latencyMs: latencyStats(v.latencies) }])),
      serverErrorSamples: st.serverErrors.slice(0, 5),
    };
    log(`traffic done: ${responses} responses, ${fiveXx} 5xx`);

    // 5. Acknowledged writes: wait for creates still in flight at the end, then count by id and by marker.
    const markerFilter = { description: { $regex: `LOAD-${runId}-` } };
    let byMarker = -1;
    for (let stable = 0, until = Date.now() + SETTLE_MS; stable < 2 && Date.now() < until; ) {
      const n = await dbh.collection('requests').countDocuments(markerFilter);
      stable = n === byMarker ? stable + 1 : 0;
      byMarker = n;
      if (stable < 2) await new Promise((r) => setTimeout(r, 3000));
    }
    const ids = [...st.acknowledged.keys()];
    const found = await dbh.collection('requests').find({ _id: { $in: ids.map((id) => new ObjectId(id)) } }, { projection: { description: 1 } }).toArray();
    const markers = (await dbh.collection('requests').find(markerFilter, { projection: { description: 1 } }).toArray()).map((d) => /LOAD-\w+-\d+/.exec(d.description)?.[0]);
    // Creates that got no answer (in flight when the run ended) or a 5xx may or may not have been written.
    const unanswered = Math.max(0, st.createsSent - st.createResponses);
    summary.writes = {
      createsSent: st.createsSent,
      acknowledged: ids.length,
      foundById: found.length,
      foundByMarker: byMarker,
      duplicateMarkers: markers.length - new Set(markers).size,
      unacknowledgedAttempts: unanswered + st.create5xx,
      replays: st.replays,
    };
    log(`writes: ${ids.length} acknowledged, ${found.length} found by id, ${byMarker} found by marker`);

    // 6. The points ledger and the 三率 counters, reconciled by the product's own functions.
    const rec = runTs('reconcile.ts', [], tsEnv);
    summary.reconcile = rec.status === 0 ? JSON.parse(rec.stdout.trim().split('\n').pop()) : { error: `exit ${rec.status}` };

    // Verdict.
    if (summary.load.responses === 0) failed.push('no responses');
    if (fiveXx > 0) failed.push(`${fiveXx} responses were 5xx`);
    if (found.length !== ids.length) failed.push(`${ids.length - found.length} acknowledged writes are missing`);
    if (byMarker < ids.length || byMarker > ids.length + summary.writes.unacknowledgedAttempts)
      failed.push(`${byMarker} requests carry this run's marker for ${ids.length} acknowledged creates`);
    if (summary.writes.duplicateMarkers) failed.push(`${summary.writes.duplicateMarkers} creates were written twice`);
    if (st.replays.differentId) failed.push(`${st.replays.differentId} idempotent replays returned another request`);
    if (summary.reconcile.error || summary.reconcile.differences) failed.push(`reconcile: ${summary.reconcile.error ?? `${summary.reconcile.differences} differences`}`);
    if (summary.reconcile.requestStats?.differences) failed.push(`request statistics: ${summary.reconcile.requestStats.differences} community-months differ from a recount`);
  } catch (err) {
    failed.push(err instanceof Error ? err.message : String(err));
  } finally {
    log('stopping the stack…');
    await stopAll();
  }
  summary.totalSeconds = round((Date.now() - started) / 1000);
  summary.passed = failed.length === 0;
  summary.failures = failed;
  writeFileSync(path.join(HERE, 'last-run.json'), JSON.stringify(summary, null, 2) + '\n');
  console.log('\n' + render(summary));
  process.exit(failed.length ? 1 : 0);
}

function render(s) {
  const L = [];
  L.push(`## Load run ${s.runId} — ${s.passed ? 'PASSED' : 'FAILED'}`, '');
  L.push(`- engine: ${s.engine}`);
  L.push(`- options: scale ${s.options.scale}, duration ${s.options.duration} s, ${s.options.connections} connections${s.options.skipSeed ? ', --skip-seed' : ''}`);
  L.push(`- abuse limits: ${s.rateLimits}`);
  if (s.seed) {
    const d = s.seed.documents;
    L.push(
      `- seeded in ${s.seed.seconds.toFixed(1)} s: ${s.seed.streets} street(s), ${s.seed.communities} communities, ${d.memberships} memberships, ${d.requests} requests, ${d.consultations} consultations (${d.consultation_ballots ?? 0} ballots), ${d.volunteers} volunteers, ${d.ledger_entries} ledger entries, ${d.messages} messages; ${Object.values(d).reduce((a, b) => a + b, 0)} documents`,
    );
    L.push(`  - seconds per phase: ${Object.entries(s.seed.phaseSeconds).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
  }
  if (s.dataset) L.push(`- in the database: ${Object.entries(s.dataset).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (s.signIn) L.push(`- signed in ${s.signIn.signedIn}/${s.signIn.people} people within ${s.signIn.budgetSeconds} s (sign-in p50 ${s.signIn.latencyMs.p50} ms, p95 ${s.signIn.latencyMs.p95} ms)`);
  if (s.unloaded) L.push(`- one call each before the load: ${Object.entries(s.unloaded).map(([k, v]) => `${k} ${v.status} in ${v.ms} ms`).join('; ')}`);
  if (s.load) {
    const l = s.load;
    L.push('', '| traffic | value |', '| --- | --- |');
    L.push(`| duration | ${l.durationSeconds} s |`);
    L.push(`| connections | ${l.connections} |`);
    L.push(`| requests sent / responses | ${l.requests} / ${l.responses} |`);
    L.push(`| throughput | ${l.throughputPerSecond} req/s |`);
    L.push(`| latency p50 / p95 / p99 / max | ${l.latencyMs.p50} / ${l.latencyMs.p95} / ${l.latencyMs.p99} / ${l.latencyMs.max} ms |`);
    L.push(`| status counts | ${Object.entries(l.statusCounts).map(([k, v]) => `${k}: ${v}`).join(', ')} |`);
    L.push(`| 5xx | ${l.fiveXx}${Object.keys(l.lambdaErrorsAnsweredAs200).length ? ` (of which Lambda errors serverless-offline answered as 200: ${Object.entries(l.lambdaErrorsAnsweredAs200).map(([m, n]) => `${n} × "${m}"`).join(', ')})` : ''} |`);
    L.push(`| raw status codes on the wire | ${Object.entries(l.rawStatusCounts).map(([k, v]) => `${k}: ${v}`).join(', ')} |`);
    L.push(`| 429 (rate limited) | ${l.rateLimited429} |`);
    L.push(`| connection errors / timeouts | ${l.connectionErrors} / ${l.timeouts} |`);
    L.push('', '| call | sent | statuses | p50 | p95 | p99 ms |', '| --- | --- | --- | --- | --- | --- |');
    for (const [k, v] of Object.entries(l.byKind))
      L.push(`| ${k} | ${v.sent} | ${Object.entries(v.statuses).map(([a, b]) => `${a}: ${b}`).join(', ')} | ${v.latencyMs.p50} | ${v.latencyMs.p95} | ${v.latencyMs.p99} |`);
    for (const e of l.serverErrorSamples) L.push(`- 5xx sample: ${e.kind} → ${e.status} ${e.body}`);
  }
  if (s.writes) {
    const w = s.writes;
    L.push('', `- writes: ${w.createsSent} creates sent, ${w.acknowledged} acknowledged (201), ${w.foundById} found by id, ${w.foundByMarker} found by this run's marker, ${w.duplicateMarkers} duplicates, ${w.unacknowledgedAttempts} unanswered or 5xx`);
    L.push(`- idempotent replays: ${w.replays.sent} sent, ${w.replays.sameId} returned the same request, ${w.replays.differentId} another, ${w.replays.other} not 201`);
  }
  if (s.reconcile) L.push(`- reconcile: ${s.reconcile.error ?? `${s.reconcile.volunteers} volunteers, ${s.reconcile.entries} ledger entries, ${s.reconcile.differences} differences; 三率 counters ${s.reconcile.requestStats?.documents ?? '?'} community-months, ${s.reconcile.requestStats?.differences ?? '?'} differences (${s.reconcile.seconds} s)`}`);
  L.push(`- total time: ${s.totalSeconds} s`);
  if (s.failures.length) L.push('', `**Failures:** ${s.failures.join('; ')}`);
  return L.join('\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
