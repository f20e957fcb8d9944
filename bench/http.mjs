// Benchmark section 4 (issue 7): the product's main operations through HTTP — the local API gateway
// (serverless-offline) in front of the Lambda handlers — with autocannon, so that beside the in-process figures
// (bench/inprocess.ts) the gateway's share of latency and throughput is visible.
//
//   node bench/http.mjs                                        10 s per operation, 50 connections, scale 0.05
//   node bench/http.mjs --duration 30 --connections 50 --scale 0.05 --warmup 45 --baseline 5 --drain-max 120
//
// It starts an ephemeral local stack (database, WeChat emulator, MinIO, serverless-offline; abuse limits off),
// seeds it with the bulk seeder of `npm run load` (scale 0.05: one community of 250 residents and about 1,000
// requests), signs the seeded people in through the WeChat emulator and, as the community's staff member, puts
// up what the writes need: topics in voting for the whole community, upcoming activities and rewards with stock.
// Then, one operation at a time: `baseline` seconds at one connection (a call on its own through the gateway, to
// set beside the in-process p50), a warm-up of at most `warmup` seconds that brings the function up to
// `connections` warm handler instances a few at a time (serverless-offline starts one instance per concurrent
// call; their cold starts are not what is measured), then `duration` seconds measured at `connections`.
// Every call carries its own token and body, rotated so that calls are valid: each resident votes once per topic,
// each volunteer signs up once per activity, redemptions by volunteers with points, creates with a unique
// Idempotency-Key. Reads run before writes, so they see the seeded data only.
//
// Throughput counts 2xx responses per second; p50/p99 are over all responses; a Lambda error that
// serverless-offline answers with 200 (timeout, crash) counts as the 5xx it stands for (scripts/load/harness.mjs).
//
// `httpBench()` returns { engine, rows, notes } for the `npm run bench` runner; run directly, this prints a
// markdown table and the JSON.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  RATE_LIMITS_NOTE,
  ROOT,
  call,
  cleanup,
  disableRateLimits,
  effectiveStatus,
  latencyStats,
  pool,
  round,
  runAutocannon,
  runSeed,
  signInPeople,
  startLoadStack,
} from '../scripts/load/harness.mjs';


/** Write throughput the pools of valid votes and sign-ups are sized for (per second, with 20% to spare). */
const PLAN_RPS = 80;
const MAX_TOPICS = 50;
const MAX_ACTIVITIES = 300;
const REWARD_COST = 1;
const REWARD_STOCK = 100_000;
const CATEGORIES = ['environment', 'facility', 'property', 'parking', 'safety', 'dispute', 'elderly', 'other'];
const TEXTS = ['楼道灯不亮了，晚上上下楼不方便', '小区门口垃圾堆放好几天没人清理', '电动车在楼道里充电，存在安全隐患', '楼上漏水到我家卫生间天花板', '小区健身器材螺丝松动'];

// ---- the stack's processes: CPU, memory, threads --------------------------------------------------------

const CLK_TCK = 100; // Linux USER_HZ

function procTree() {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {}
  }
  return children;
}

/** Our descendants: the serverless-offline process (API) and the database server (FerretDB or mongod). */
function findStackPids() {
  const children = procTree();
  const queue = [...(children.get(process.pid) ?? [])];
  const found = { api: null, db: null };
  while (queue.length) {
    const pid = queue.shift();
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (!found.api && /serverless|osls/.test(cmd) && cmd.includes('offline')) found.api = pid;
      else if (!found.db && /(^|\/)(ferretdb|mongod)\s/.test(cmd)) found.db = pid;
    } catch {}
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** CPU seconds a process has used so far (user + system), or null. */
function cpuSeconds(pid) {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK; // utime, stime (fields 14 and 15)
  } catch {
    return null;
  }
}

function memSample(pid) {
  if (!pid) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rssMb: Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024), threads: Number(/Threads:\s+(\d+)/.exec(status)?.[1] ?? 0) };
  } catch {
    return null;
  }
}

/** CPU seconds of the API and database processes over a run, and the API process's peak RSS and OS threads. */
function watchStack(pids) {
  const cpu0 = { api: cpuSeconds(pids.api), db: cpuSeconds(pids.db) };
  let peak = memSample(pids.api);
  const timer = setInterval(() => {
    const m = memSample(pids.api);
    if (m && peak) peak = { rssMb: Math.max(peak.rssMb, m.rssMb), threads: Math.max(peak.threads, m.threads) };
  }, 500);
  return () => {
    clearInterval(timer);
    const d = (k) => (cpu0[k] === null || cpuSeconds(pids[k]) === null ? null : round(cpuSeconds(pids[k]) - cpu0[k], 1));
    return { cpuSeconds: { api: d('api'), db: d('db') }, apiPeak: peak };
  };
}

/**
 * Waits until the API and the database are idle again (together under a quarter of a core for two seconds in a
 * row), at most maxSeconds: calls left in flight by a run (autocannon stops waiting; the handlers and the database
 * do not) would otherwise be measured with the next operation. Resolves with the seconds waited.
 */
async function drain(pids, maxSeconds) {
  const t0 = Date.now();
  const total = () => (cpuSeconds(pids.api) ?? 0) + (cpuSeconds(pids.db) ?? 0);
  let quiet = 0;
  let last = total();
  while (quiet < 2 && Date.now() - t0 < maxSeconds * 1000) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = total();
    quiet = now - last < 0.25 ? quiet + 1 : 0;
    last = now;
  }
  return round((Date.now() - t0) / 1000, 0);
}

// ---- operations -----------------------------------------------------------------------------------------

/**
 * The operations, in the order of the table. `build(i)` makes call number i of the operation (token, path, body,
 * Idempotency-Key); a finite pool of valid calls (votes, sign-ups, points) wraps around when used up, and
 * `beyondPool` counts calls past its end (repeats, expected to answer 409).
 */
function makeOps(f, runId) {
  const auth = (p) => ({ authorization: `Bearer ${p.token}` });
  // Headers of a write: a JSON body when there is one, an Idempotency-Key when the mini-program would send one.
  const write = (p, { body = false, key } = {}) => ({ ...auth(p), ...(body ? { 'content-type': 'application/json' } : {}), ...(key ? { 'idempotency-key': key } : {}) });
  let keySeq = 0;
  const key = (prefix) => `bench-${prefix}-${runId}-${++keySeq}`;
  const cycle = (list, i) => list[i % list.length];

  return [
    {
      op: 'file a request',
      id: 'requests.create',
      kind: 'write',
      endpoint: 'POST /api/requests',
      order: 7, // after every read: creates grow the requests the reads would see
      build: (i) => {
        const p = cycle(f.residents, i);
        return {
          method: 'POST',
          path: '/api/requests',
          headers: write(p, { body: true, key: key('req') }),
          body: JSON.stringify({ category: cycle(CATEGORIES, i), description: `${cycle(TEXTS, i)}，请尽快处理。[BENCH-${runId}-${i}]` }),
        };
      },
    },
    {
      op: 'list requests (a page)',
      id: 'requests.list',
      kind: 'read',
      endpoint: 'GET /api/requests?scope=mine&limit=20 (residents)',
      order: 1,
      build: (i) => ({ method: 'GET', path: '/api/requests?scope=mine&limit=20', headers: auth(cycle(f.residents, i)) }),
    },
    {
      op: 'request detail',
      id: 'requests.get',
      kind: 'read',
      endpoint: 'GET /api/requests/{id} (the filer)',
      order: 2,
      build: (i) => {
        const [p, id] = cycle(f.ownRequests, i);
        return { method: 'GET', path: `/api/requests/${id}`, headers: auth(p) };
      },
    },
    {
      op: 'cast a vote',
      id: 'consultations.vote',
      kind: 'write',
      endpoint: 'POST /api/consultations/{id}/votes',
      order: 4,
      poolSize: f.votes.length,
      build: (i) => {
        const v = cycle(f.votes, i);
        return { method: 'POST', path: `/api/consultations/${v.topic}/votes`, headers: write(v.person, { body: true }), body: JSON.stringify({ optionIds: [v.option] }) };
      },
    },
    {
      op: 'sign up for an activity',
      id: 'activities.signup',
      kind: 'write',
      endpoint: 'POST /api/activities/{id}/signups',
      order: 5,
      poolSize: f.signups.length,
      build: (i) => {
        const s = cycle(f.signups, i);
        return { method: 'POST', path: `/api/activities/${s.activity}/signups`, headers: write(s.person, { key: key('signup') }) };
      },
    },
    {
      op: 'redeem a reward',
      id: 'mall.redeem',
      kind: 'write',
      endpoint: 'POST /api/rewards/{id}/redemptions',
      order: 6,
      poolSize: f.pointsAvailable,
      build: (i) => {
        const r = cycle(f.redeemers, i);
        return { method: 'POST', path: `/api/rewards/${cycle(r.rewards, Math.floor(i / f.redeemers.length))}/redemptions`, headers: write(r.person, { key: key('redeem') }) };
      },
    },
    {
      op: '三率 statistics',
      id: 'stats.requests',
      kind: 'read',
      endpoint: 'GET /api/stats/requests (staff)',
      order: 3,
      build: (i) => ({ method: 'GET', path: '/api/stats/requests', headers: auth(cycle(f.staff, i)) }),
    },
  ];
}

/** One autocannon run of one operation; `cursor` carries the rotation index across the warm-up and the measured run. */
async function drive(apiBase, op, cursor, { connections, duration }) {
  const statuses = {};
  const masked = {};
  const samples = [];
  let beyondPool = 0;
  // Calls in flight, by sequence number → when built (just before sending): those left when the run ends are cut
  // off (autocannon stops waiting), and the oldest one tells how far beyond the window latencies went.
  const inFlight = new Map();
  let seq = 0;
  const request = {
    setupRequest(req, context) {
      context.seq = ++seq;
      inFlight.set(context.seq, performance.now());
      const i = cursor.i++;
      if (op.poolSize !== undefined && i >= op.poolSize) beyondPool++;
      const b = op.build(i);
      return { ...req, method: b.method, path: b.path, headers: b.headers, body: b.body ?? Buffer.alloc(0) };
    },
    onResponse(rawStatus, body, context) {
      inFlight.delete(context.seq);
      const eff = effectiveStatus(rawStatus, body);
      statuses[eff.status] = (statuses[eff.status] ?? 0) + 1;
      if (eff.masked) masked[eff.masked] = (masked[eff.masked] ?? 0) + 1;
      if (eff.status >= 400 && eff.status !== 409 && samples.length < 3) samples.push(`${eff.status} ${String(body).slice(0, 200)}`);
    },
  };
  const { result, times } = await runAutocannon({ url: apiBase, connections, duration, timeout: 60, requests: [request] });
  const end = performance.now();
  const cut = [...inFlight.values()].map((t) => end - t);
  const responses = Object.values(statuses).reduce((a, b) => a + b, 0);
  const ok = Object.entries(statuses).filter(([s]) => s >= 200 && s < 300).reduce((a, [, n]) => a + n, 0);
  const lat = latencyStats(times);
  return {
    seconds: round(result.duration, 2),
    requests: responses,
    cutOff: { calls: cut.length, oldestMs: cut.length ? round(Math.max(...cut), 0) : null },
    ok,
    throughputRps: round(ok / result.duration, 1),
    p50: lat.p50,
    p99: lat.p99,
    non2xx: Object.fromEntries(Object.entries(statuses).filter(([s]) => !(s >= 200 && s < 300))),
    errors: result.errors,
    timeouts: result.timeouts,
    lambdaErrorsAnsweredAs200: masked,
    beyondPool,
    errorSamples: samples,
  };
}

/**
 * Warms up to `connections` handler instances without a stampede: waves of concurrent calls, each wave at most
 * `step` calls more than the last one that fully succeeded, so at most `step` instances cold-start at once (all
 * at once, on a small machine, they pass the Lambda timeout, which ends them, and the pool never gets warm).
 * Stops when a wave of `connections` calls all succeeded, or after budgetSeconds. Resolves with the largest fully
 * successful wave (about the number of warm instances), the waves sent, and their statuses.
 */
/** One call of an operation with fetch: its effective status (or 'error') and milliseconds. */
async function once(apiBase, op, cursor) {
  const b = op.build(cursor.i++);
  const t = performance.now();
  try {
    const res = await fetch(apiBase + b.path, { method: b.method, headers: b.headers, body: b.body || undefined, signal: AbortSignal.timeout(60_000) });
    return { status: effectiveStatus(res.status, await res.text()).status, ms: round(performance.now() - t) };
  } catch {
    return { status: 'error', ms: round(performance.now() - t) };
  }
}

async function rampUp(apiBase, op, cursor, { connections, budgetSeconds, step = 4 }) {
  const until = Date.now() + budgetSeconds * 1000;
  const statuses = {};
  let warm = 0;
  let waves = 0;
  let size = Math.min(step, connections);
  while (Date.now() < until) {
    waves++;
    const results = (await Promise.all(Array.from({ length: size }, () => once(apiBase, op, cursor)))).map((r) => r.status);
    for (const st of results) statuses[st] = (statuses[st] ?? 0) + 1;
    if (results.every((st) => st >= 200 && st < 300)) {
      warm = Math.max(warm, size);
      if (size >= connections) break;
    }
    size = Math.min(connections, warm + step);
  }
  return { warm, waves, statuses };
}

// ---- fixtures through the API ---------------------------------------------------------------------------

/** What the writes need, put up by each community's staff member through the API; and the rotation lists. */
async function prepare(apiBase, people, { need, log }) {
  const staff = people.filter((p) => p.role === 'staff' && p.token);
  const residents = people.filter((p) => p.role === 'resident' && p.token);
  if (!staff.length) throw new Error('no staff member could sign in');
  if (!residents.length) throw new Error('no resident could sign in');
  const ownRequests = residents.flatMap((p) => p.requestIds.map((id) => [p, id]));
  // Interleave people so that consecutive calls come from different residents.
  ownRequests.sort((a, b) => a[0].requestIds.indexOf(a[1]) - b[0].requestIds.indexOf(b[1]));
  if (!ownRequests.length) throw new Error('no signed-in resident has a request');

  const ok = (r, what) => {
    if (r.status < 200 || r.status >= 300) throw new Error(`${what}: ${r.status} ${r.text.slice(0, 300)}`);
    return r.json();
  };
  const votes = [];
  const signups = [];
  const redeemers = [];
  let pointsAvailable = 0;
  const day = 86_400_000;
  for (const s of staff) {
    const here = residents.filter((p) => p.community === s.community);
    const volunteers = here.filter((p) => p.volunteer);
    // A busy machine can make a setup call time out: it is retried with the same Idempotency-Key (never twice done).
    const asStaff = async (method, urlPath, body) => {
      const headers = { 'idempotency-key': `bench-setup-${randomBytes(8).toString('hex')}` };
      for (let attempt = 1; ; attempt++) {
        const r = await call(apiBase, method, urlPath, { token: s.token, body, headers }).catch((err) => ({ status: 0, text: String(err) }));
        if ((r.status >= 200 && r.status < 300) || (r.status > 0 && r.status < 500) || attempt === 4) return r;
        await new Promise((res) => setTimeout(res, 1000 * attempt));
      }
    };

    // Topics in voting for the whole community, one vote per resident (the elector list is every resident now).
    const nTopics = Math.min(MAX_TOPICS, Math.ceil(need / Math.max(1, here.length)));
    const topics = [];
    await pool(Array.from({ length: nTopics }, (_, k) => k), 1, async (k) => {
      const t = ok(
        await asStaff('POST', '/api/consultations', {
          title: `压测议题${k + 1}：小区公共区域改造方案`,
          body: '请全体居民对公共区域改造方案投票，一人一票。',
          scope: { level: 'community' },
          stage: 'voting',
          voteRule: 'per_resident',
          options: [{ label: '同意' }, { label: '不同意' }, { label: '弃权' }],
          votingEndsAt: new Date(Date.now() + 3 * day).toISOString(),
        }),
        'create a topic in voting',
      );
      topics.push({ id: t.id, options: t.options.map((o) => o.id) });
    });
    // Topic by topic, every resident once: concurrent calls are different residents on one topic (a busy vote).
    for (const t of topics) for (const [j, p] of here.entries()) votes.push({ topic: t.id, option: t.options[j % t.options.length], person: p });

    // Upcoming activities with room for everyone: each volunteer signs up once per activity.
    const nActivities = Math.min(MAX_ACTIVITIES, Math.ceil(need / Math.max(1, volunteers.length)));
    const activities = [];
    await pool(Array.from({ length: nActivities }, (_, k) => k), 2, async (k) => {
      const startAt = new Date(Date.now() + (3 + (k % 10)) * day);
      const a = ok(
        await asStaff('POST', '/api/activities', {
          title: `压测志愿活动${k + 1}`,
          description: '社区环境整治，欢迎志愿者报名参加。',
          startAt: startAt.toISOString(),
          endAt: new Date(startAt.getTime() + 3 * 3_600_000).toISOString(),
          location: '社区服务站门口集合',
          capacity: 1000,
          pointsPerHour: 10,
        }),
        'create an activity',
      );
      activities.push(a.id);
    });
    for (const a of activities) for (const p of volunteers) signups.push({ activity: a, person: p });

    // Rewards of the community's 积分超市 with plenty of stock, 1 point each; volunteers with points redeem them.
    const rewards = [];
    for (let k = 0; k < 4; k++)
      rewards.push(ok(await asStaff('POST', '/api/rewards', { name: `压测兑换品${k + 1}`, cost: REWARD_COST, stock: REWARD_STOCK, description: '凭兑换码到社区服务站领取' }), 'create a reward').id);
    for (const p of volunteers) {
      const me = await call(apiBase, 'GET', '/api/volunteers/me', { token: p.token });
      const balance = me.status === 200 ? me.json().balance : 0;
      if (balance >= REWARD_COST) {
        redeemers.push({ person: p, rewards });
        pointsAvailable += Math.floor(balance / REWARD_COST);
      }
    }
    log(`${s.community}: ${topics.length} topics in voting × ${here.length} residents, ${activities.length} activities × ${volunteers.length} volunteers, ${rewards.length} rewards for ${redeemers.length} volunteers with points`);
  }
  if (!redeemers.length) throw new Error('no signed-in volunteer has points to redeem');
  return { staff, residents, ownRequests, votes, signups, redeemers, pointsAvailable: Math.min(pointsAvailable, REWARD_STOCK * 4 * staff.length) };
}

// ---- the benchmark --------------------------------------------------------------------------------------

function offlineMode() {
  const version = JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'serverless-offline', 'package.json'), 'utf8')).version;
  const yml = readFileSync(path.join(ROOT, 'serverless.yml'), 'utf8');
  // scripts/stack.cjs starts serverless-offline with --useInProcess unless LINLI_OFFLINE_WORKERS=1.
  const inProcess = process.env.LINLI_OFFLINE_WORKERS !== '1' || /useInProcess:\s*true/.test(yml);
  return { version, inProcess };
}

export async function httpBench({
  duration = 10,
  connections = 50,
  scale = 0.05,
  warmup = 45,
  baseline = 5,
  drainMax = 120,
  people = 300,
  log = (m) => process.stderr.write(`[bench:http] ${m}\n`),
} = {}) {
  const runId = randomBytes(3).toString('hex');
  const started = Date.now();
  const say = (m) => log(`${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s  ${m}`);
  disableRateLimits();
  const { add, stopAll } = cleanup();
  const onSigint = () => stopAll().then(() => process.exit(130));
  process.once('SIGINT', onSigint);
  try {
    say('starting an ephemeral stack (database, WeChat emulator, MinIO, serverless-offline)…');
    const stack = await startLoadStack({ log: (m) => say(`stack: ${m}`) });
    add(stack.stop);
    const pids = findStackPids();

    say(`seeding at scale ${scale}…`);
    const seeded = runSeed({ scale, people, env: stack.env });
    const d = seeded.seed.documents;
    say(`seeded in ${seeded.seed.seconds.toFixed(0)} s: ${d.requests} requests, ${d.memberships} memberships, ${d.volunteers} volunteers`);

    say(`signing in ${seeded.people.length} people…`);
    const signIn = await signInPeople(stack.apiBase, seeded.people, { budgetMs: 180_000, concurrency: 4 });
    const signedIn = seeded.people.filter((p) => p.token).length;
    say(`signed in ${signedIn}/${seeded.people.length} (p50 ${latencyStats(signIn.latencies).p50} ms)`);

    // Valid votes and sign-ups for the calls of every phase: the measured run and the 1-connection run at up to
    // PLAN_RPS, the warm-up's waves (at most `connections` more per wave, one wave every few seconds).
    const need = Math.ceil(PLAN_RPS * (duration + baseline) * 1.2 + connections * 20);
    const fixtures = await prepare(stack.apiBase, seeded.people, { need, log: say });
    const ops = makeOps(fixtures, runId);

    const results = new Map();
    for (const op of [...ops].sort((a, b) => a.order - b.order)) {
      const cursor = { i: 0 };
      const drained = { before: await drain(pids, drainMax) };
      // The first call starts the function's first handler instance (unless one is left from an earlier
      // operation of the same function): its latency includes the cold start.
      const first = await once(stack.apiBase, op, cursor);
      say(`${op.op}: first call ${first.status} in ${first.ms} ms`);
      // Then one connection: the latency of a call on its own through the gateway, on that warm instance.
      let one = null;
      if (baseline > 0) {
        say(`${op.op}: ${baseline} s at 1 connection…`);
        one = await drive(stack.apiBase, op, cursor, { connections: 1, duration: baseline });
        say(`${op.op}: 1 connection: ${one.requests} responses, p50 ${one.p50} ms, p99 ${one.p99} ms, non-2xx ${JSON.stringify(one.non2xx)}`);
      }
      let warm = null;
      if (warmup > 0) {
        say(`${op.op}: warming up to ${connections} handler instances (at most ${warmup} s)…`);
        const t = Date.now();
        warm = await rampUp(stack.apiBase, op, cursor, { connections, budgetSeconds: warmup });
        warm.seconds = round((Date.now() - t) / 1000, 0);
        say(`${op.op}: warm-up: ${warm.waves} waves in ${warm.seconds} s, largest wave all 2xx: ${warm.warm}, statuses ${JSON.stringify(warm.statuses)}`);
        drained.afterWarmup = await drain(pids, drainMax);
      }
      say(`${op.op}: measuring ${duration} s at ${connections} connections…`);
      const stopWatch = watchStack(pids);
      const m = await drive(stack.apiBase, op, cursor, { connections, duration });
      const proc = stopWatch();
      drained.afterRun = await drain(pids, drainMax);
      say(`${op.op}: idle again ${drained.afterRun} s after the run; CPU during the run: API ${proc.cpuSeconds.api} s, database ${proc.cpuSeconds.db} s`);
      say(`${op.op}: ${m.ok} × 2xx in ${m.seconds} s = ${m.throughputRps}/s, p50 ${m.p50} ms, p99 ${m.p99} ms, non-2xx ${JSON.stringify(m.non2xx)}, errors ${m.errors}, cut off at the end ${m.cutOff.calls} (oldest waiting ${m.cutOff.oldestMs} ms)`);
      results.set(op, {
        op: op.op,
        kind: op.kind,
        requests: m.requests,
        throughputRps: m.throughputRps,
        p50: m.p50,
        p99: m.p99,
        non2xx: m.non2xx,
        errors: m.errors,
        id: op.id,
        endpoint: op.endpoint,
        seconds: m.seconds,
        cutOff: m.cutOff,
        conflicts409: m.non2xx['409'] ?? 0,
        timeouts: m.timeouts,
        lambdaErrorsAnsweredAs200: m.lambdaErrorsAnsweredAs200,
        ...(op.poolSize !== undefined ? { validCalls: op.poolSize, callsBeyondValid: m.beyondPool } : {}),
        errorSamples: m.errorSamples,
        firstCall: first,
        oneConnection: one && { seconds: one.seconds, requests: one.requests, throughputRps: one.throughputRps, p50: one.p50, p99: one.p99, non2xx: one.non2xx },
        warmup: warm && { seconds: warm.seconds, waves: warm.waves, largestWaveAll2xx: warm.warm, statuses: warm.statuses },
        cpuSeconds: proc.cpuSeconds,
        apiProcessPeak: proc.apiPeak,
        drainSeconds: drained,
      });
    }
    const rows = ops.map((op) => results.get(op));

    const mode = offlineMode();
    const peak = rows.reduce((a, r) => (r.apiProcessPeak && (!a || r.apiProcessPeak.rssMb > a.rssMb) ? r.apiProcessPeak : a), null);
    const slower = rows.filter((r) => r.oneConnection && r.throughputRps < r.oneConnection.throughputRps);
    const warmCounts = rows.filter((r) => r.warmup).map((r) => `${r.op} ${r.warmup.largestWaveAll2xx}`);
    const findings = [
      slower.length
        ? `On this run ${slower.length} of ${rows.length} operations answered fewer calls per second at ${connections} connections than at 1 (${slower.map((r) => `${r.op}: ${r.throughputRps} vs ${r.oneConnection.throughputRps}/s`).join('; ')}): concurrency beyond what the machine's cores can run only adds handler instances, their cold starts and queueing.`
        : null,
      warmCounts.length ? `Warm-up: the largest wave of concurrent calls that all succeeded (≈ warm handler instances, of ${connections}): ${warmCounts.join(', ')}. Where it stayed below ${connections}, the measured run also started instances, ${mode.inProcess ? 'but with --useInProcess every function has one module instance on the main thread, so after the first call nothing starts cold; a call past the 10-s Lambda timeout is answered 504 while its work goes on in the process.' : 'and a call that passes the 10-s Lambda timeout ends its instance (serverless-offline terminates the worker thread), so the next call there starts cold again.'}` : null,
    ].filter(Boolean);
    const notes = [
      `Database: ${stack.engine}. Seeded with scripts/load/seed.ts --scale ${scale} in ${seeded.seed.seconds.toFixed(0)} s: ${seeded.communities} community, ${d.requests} requests, ${d.memberships} memberships, ${d.volunteers} volunteers; ${signedIn} people signed in.`,
      `Each operation, one at a time: one call (firstCall: includes a handler instance's cold start unless an earlier operation of the same function left one), ${baseline} s at 1 connection (oneConnection: a call on its own through the gateway on a warm instance, comparable with the in-process p50), a warm-up (not counted, at most ${warmup} s) of waves of concurrent calls growing by 4, so that no more than 4 handler instances cold-start at once, up to ${connections} (warmup.largestWaveAll2xx: the largest wave that all succeeded ≈ warm instances), then ${duration} s measured at ${connections} connections. Reads ran first (list, detail, 三率), then votes, sign-ups, redemptions and creates.`,
      `Throughput = 2xx responses per second of the measured run; p50/p99 over all its responses (ms, autocannon's response times). A Lambda timeout or crash, which serverless-offline answers with 200 and the error as the body, counts as 504/502. "Cut off at end": in a closed loop every connection has a call in flight when the run ends; autocannon stops waiting for them, so they count in neither latency nor throughput. When the oldest of them had waited longer than the p99 shown, that p99 (over completed calls only) understates the tail. Before each operation, after its warm-up and after its run the benchmark waits (up to ${drainMax} s) until the API and database processes are idle again (drainSeconds), so work left in flight is not measured with the next phase; cpuSeconds is the CPU the API process (gateway + handlers) and the database used during the measured run.`,
      mode.inProcess
        ? `serverless-offline ${mode.version} runs every handler inside its one Node process, on its main thread (--useInProcess, as scripts/stack.cjs starts it): one warm module instance and one MongoDB pool per function, and every call's JavaScript on one thread beside the HTTP gateway, on this machine's ${cpus().length} cores${peak ? ` (peak seen: ${peak.rssMb} MB RSS, ${peak.threads} OS threads)` : ''}.`
        : `serverless-offline ${mode.version} runs every handler inside its one Node process in worker threads (LINLI_OFFLINE_WORKERS=1). Each concurrent call of a function gets its own worker thread (a new one — a cold start with its own module load and MongoDB pool of up to 5 — whenever none is idle; idle ones are reused, and ended after 60 to 120 s idle), so 50 connections become up to 50 workers per function, all sharing this machine's ${cpus().length} cores and the process's memory with the HTTP gateway on the main thread${
            peak ? ` (peak seen: ${peak.rssMb} MB RSS, ${peak.threads} OS threads)` : ''
          }.`,
      ` On Lambda every concurrent call runs in its own execution environment with its own CPU share, and API Gateway is not on the same machine: these figures are the local stack's, not Lambda's.`,
      `Valid calls: votes — ${fixtures.votes.length} (topics in voting × residents, each once); sign-ups — ${fixtures.signups.length} (activities × volunteers, each once); redemptions — volunteers' balances allow ${fixtures.pointsAvailable} at ${REWARD_COST} point each; calls past these (callsBeyondValid) repeat and answer 409. Creates, sign-ups and redemptions carry a unique Idempotency-Key, as the mini-program sends; votes never do (they are not idempotent by design).`,
      ...findings,
      `Abuse limits ${RATE_LIMITS_NOTE}. The stack's scheduled jobs (repair and 议事 every minute) run during the benchmark. The machine (2 cores) is shared with other work: timings are noisy.`,
    ];
    return { engine: stack.engine, connections, duration, warmup, baseline, scale, rows, notes };
  } finally {
    process.removeListener('SIGINT', onSigint);
    say('stopping the stack…');
    await stopAll();
  }
}

// ---- the command line -----------------------------------------------------------------------------------

export function renderTable({ engine, rows, notes, connections, duration }) {
  const L = [`## Through HTTP (serverless-offline) — ${engine}`, ''];
  L.push(
    `| operation | endpoint | kind | responses | 2xx/s | p50 ms | p99 ms | non-2xx | errors | cut off at end (oldest ms) | CPU s: API / DB | 1 connection: 2xx/s, p50 / p99 ms |`,
    '| --- | --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
  );
  for (const r of rows) {
    const non2xx = Object.entries(r.non2xx).map(([s, n]) => `${s}: ${n}`).join(', ') || '—';
    const one = r.oneConnection ? `${r.oneConnection.throughputRps}, ${r.oneConnection.p50 ?? '—'} / ${r.oneConnection.p99 ?? '—'}` : '—';
    const cut = r.cutOff.calls ? `${r.cutOff.calls} (${r.cutOff.oldestMs})` : '0';
    const cpu = r.cpuSeconds ? `${r.cpuSeconds.api ?? '—'} / ${r.cpuSeconds.db ?? '—'}` : '—';
    L.push(`| ${r.op} | \`${r.endpoint}\` | ${r.kind} | ${r.requests} | ${r.throughputRps} | ${r.p50 ?? '—'} | ${r.p99 ?? '—'} | ${non2xx} | ${r.errors} | ${cut} | ${cpu} | ${one} |`);
  }
  L.push('', `${connections} connections, ${duration} s measured per operation.`, '', ...notes.map((n) => `- ${n}`));
  return L.join('\n');
}

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!(v >= 0)) {
    console.error(`--${name} needs a number`);
    process.exit(2);
  }
  return v;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await httpBench({
    duration: option('duration', 10),
    connections: Math.round(option('connections', 50)),
    scale: option('scale', 0.05),
    warmup: option('warmup', 45),
    baseline: option('baseline', 5),
    drainMax: option('drain-max', 120),
    people: Math.round(option('people', 300)),
  }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
  console.log(renderTable(result));
  console.log('\n```json\n' + JSON.stringify(result, null, 2) + '\n```');
  process.exit(0);
}
