// What `npm run load` (scripts/load/load.mjs) and the HTTP benchmark (bench/http.mjs) share: an ephemeral local
// stack with the abuse limits out of the way, the bulk seeder run through its CLI, signing in seeded people
// through the WeChat emulator, calls that count a Lambda error serverless-offline answered with 200 as the 5xx it
// stands for, autocannon, and latency statistics.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');
const { startStack } = require(path.join(ROOT, 'scripts', 'stack.cjs'));
const { freePort } = require(path.join(ROOT, 'scripts', 'db.cjs'));
export const autocannon = require('autocannon');
export const { MongoClient, ObjectId } = require('mongodb');

// ---- statistics -----------------------------------------------------------------------------------------

export function percentile(sorted, p) {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
export const round = (n, d = 1) => (n === null || n === undefined ? null : Math.round(n * 10 ** d) / 10 ** d);
export function latencyStats(values) {
  const s = [...values].sort((a, b) => a - b);
  return { count: s.length, p50: round(percentile(s, 50)), p95: round(percentile(s, 95)), p99: round(percentile(s, 99)), max: round(s[s.length - 1] ?? null) };
}

// ---- calls ----------------------------------------------------------------------------------------------

/**
 * serverless-offline answers an HTTP API (payload 2.0) call whose Lambda failed — a timeout ("[504] - Lambda
 * timeout.") or a crash — with status 200 and the error as the body; API Gateway would answer 5xx. Such a
 * response counts as the status its message names (504), else 502.
 */
export function effectiveStatus(status, body) {
  if (status === 200 && typeof body === 'string' && body.startsWith('{"errorMessage"')) {
    try {
      const j = JSON.parse(body);
      if (j.errorType && j.errorMessage) {
        const m = /\[(\d{3})]/.exec(j.errorMessage);
        return { status: m ? Number(m[1]) : 502, masked: j.errorMessage };
      }
    } catch {}
  }
  return { status, masked: null };
}

/** One call with fetch; `status` is the effective status (see effectiveStatus). */
export async function call(apiBase, method, urlPath, { token, body, headers = {}, timeoutMs = 60_000 } = {}) {
  const t = performance.now();
  const res = await fetch(apiBase + urlPath, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  const eff = effectiveStatus(res.status, text);
  return { status: eff.status, masked: eff.masked, ms: performance.now() - t, json: () => JSON.parse(text), text };
}

/** Runs fn over items with at most `concurrency` at a time. */
export async function pool(items, concurrency, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

/**
 * One autocannon run; resolves with autocannon's result and every response time (ms) it reported. `requests` are
 * autocannon request objects (setupRequest / onResponse to rotate tokens and bodies and count statuses).
 */
export function runAutocannon({ url, connections, duration, requests, timeout = 60 }) {
  const times = [];
  return new Promise((resolve, reject) => {
    const inst = autocannon({ url, connections, duration, timeout, requests }, (err, res) => (err ? reject(err) : resolve({ result: res, times })));
    inst.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
}

// ---- the stack ------------------------------------------------------------------------------------------

export const RATE_LIMITS_NOTE = 'disabled (RATE_LIMITS_DISABLED=1, RATE_LIMIT_* = 1000000)';

/** Abuse limits off (and generous should a limit still apply) for the API started after this: a run measures the API, not the throttle. */
export function disableRateLimits() {
  process.env.RATE_LIMITS_DISABLED = '1';
  for (const k of ['RATE_LIMIT_SIGNIN_PER_MINUTE', 'RATE_LIMIT_IP_WRITES_PER_MINUTE', 'RATE_LIMIT_WRITES_PER_MINUTE', 'RATE_LIMIT_REQUESTS_PER_HOUR', 'RATE_LIMIT_TOPICS_PER_HOUR'])
    process.env[k] = '1000000';
}

/**
 * The whole local stack on free ports: the database (MONGODB_URI if set, else mongod, mongodb-memory-server or
 * FerretDB on throwaway files), the WeChat emulator, MinIO, the demo seed, the API under serverless-offline and its
 * scheduled jobs; no H5 build. Resolves with startStack's info and stop(), plus `env`, the environment for the
 * TypeScript scripts (seed.ts, reconcile.ts) that talk to its database.
 */
export async function startLoadStack({ log }) {
  const stack = await startStack({
    ephemeral: true,
    buildH5: false,
    quiet: true,
    apiPort: await freePort(),
    h5Port: await freePort(),
    log,
  });
  const env = {
    ...process.env,
    MONGODB_URI: stack.mongodbUri,
    JWT_SECRET: process.env.JWT_SECRET ?? 'load-seed-does-not-sign-tokens-0000000000',
    WECHAT_APPID: process.env.WECHAT_APPID ?? 'load',
    WECHAT_SECRET: process.env.WECHAT_SECRET ?? 'load',
    LINLI_SILENT_LOGS: '1',
  };
  return { ...stack, env };
}

/** Things to undo at the end, last first; also on Ctrl-C. */
export function cleanup() {
  const stops = [];
  const stopAll = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    stops.length = 0;
  };
  return { add: (fn) => stops.push(fn), stopAll };
}

/** A TypeScript script of scripts/load run with tsx; its stdout is returned, its stderr goes to ours. */
export function runTs(script, args, env) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(HERE, script), ...args], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20,
  });
  return { status: r.status, stdout: r.stdout ?? '' };
}

/**
 * The bulk seeder (seed.ts) through its CLI. Resolves with its report (without the fixtures) and the people it
 * chose for the traffic: residents ({ openid, volunteer, requestIds, role: 'resident' }) and one community worker
 * per community ({ openid, role: 'staff' }), each with the code of their community.
 */
export function runSeed({ scale, people, env }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'linli-load-'));
  try {
    const out = path.join(dir, 'seed.json');
    const r = runTs('seed.ts', ['--scale', String(scale), '--people', String(people), '--out', out], env);
    if (r.status === 3) throw new Error('load data is already in this database: pass --skip-seed to reuse it');
    if (r.status !== 0) throw new Error(`seeding failed (exit ${r.status})`);
    const { fixtures, ...seed } = JSON.parse(readFileSync(out, 'utf8'));
    return {
      seed,
      communities: fixtures.length,
      people: fixtures.flatMap((c) => [
        ...c.people.map((p) => ({ ...p, role: 'resident', community: c.code })),
        { openid: c.staff, role: 'staff', volunteer: false, requestIds: [], community: c.code },
      ]),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Signs people in through the WeChat emulator (it takes the code as the openid), staff first, `concurrency` at a
 * time and for at most `budgetMs` (a sign-in is an upsert by openid, which a scanning engine runs one at a time).
 * Sets `token` on each person who signed in; resolves with their latencies.
 */
export async function signInPeople(apiBase, people, { budgetMs = 180_000, concurrency = 4 } = {}) {
  const ordered = [...people.filter((p) => p.role === 'staff'), ...people.filter((p) => p.role !== 'staff')];
  const latencies = [];
  const until = Date.now() + budgetMs;
  await pool(ordered, concurrency, async (p) => {
    for (let attempt = 0; attempt < 2 && !p.token && Date.now() < until; attempt++) {
      try {
        const r = await call(apiBase, 'POST', '/api/auth/wechat', { body: { code: p.openid } });
        latencies.push(r.ms);
        if (r.status === 200) p.token = r.json().token;
      } catch {}
    }
  });
  return { ordered, latencies };
}
