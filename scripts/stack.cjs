// The whole local stack: database, WeChat API emulator, seed, the API under serverless-offline, the H5 build
// served statically, and the scheduled repair on a timer. Used by `npm start` and by the end-to-end tests.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { startDatabase, freePort, withDatabase, ROOT } = require('./db.cjs');
const { createEmulator } = require('../tools/wechat-emulator/emulator.cjs');
const { startStorage } = require('./storage.cjs');

const BIN = path.join(ROOT, 'node_modules', '.bin');

function devSecret(dataDir) {
  const file = path.join(dataDir, 'dev-jwt-secret');
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml', '.json': 'application/json', '.ico': 'image/x-icon', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf' };

/** Serves the H5 build; unknown paths get index.html (the app routes by hash). */
function serveStatic(dir, port) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let file = path.normalize(path.join(dir, decodeURIComponent(url.pathname)));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(dir, 'index.html');
    if (!fs.existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('H5 build missing: run npm run build:h5');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

function run(cmd, args, env, label) {
  const r = spawnSync(cmd, args, { cwd: ROOT, env, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status})`);
}

function waitForOutput(child, pattern, timeoutMs, label, echo) {
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`${label} not ready after ${timeoutMs} ms:\n${buf.slice(-3000)}`)), timeoutMs);
    const onData = (d) => {
      const s = d.toString();
      buf += s;
      if (echo) echo(s);
      if (pattern.test(buf)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited (${code}):\n${buf.slice(-3000)}`));
    });
  });
}

/**
 * Starts everything. Options: ephemeral (throwaway data, for tests), apiPort, h5Port, buildH5 (default true),
 * h5Dir (build into and serve this folder instead; with buildH5: false, an H5 build made earlier against the
 * same apiPort), quiet (do not echo API logs), log.
 */
async function startStack(opts = {}) {
  const log = opts.log ?? ((m) => console.log(`[linli] ${m}`));
  const dataDir = opts.ephemeral ? fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'linli-stack-')) : path.join(ROOT, '.data');
  fs.mkdirSync(dataDir, { recursive: true });
  const stops = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    if (opts.ephemeral) fs.rmSync(dataDir, { recursive: true, force: true });
    if (!opts.ephemeral) fs.rmSync(path.join(dataDir, 'stack.json'), { force: true });
  };
  try {
    const apiPort = opts.apiPort ?? Number(process.env.API_PORT ?? 3000);
    const h5Port = opts.h5Port ?? Number(process.env.H5_PORT ?? 10086);
    const lambdaPort = await freePort();

    const db = await startDatabase({ dataDir: path.join(dataDir, 'db'), persistent: !opts.ephemeral, log: (m) => log(`db: ${m}`) });
    stops.push(db.stop);
    const mongodbUri = withDatabase(db.uri, 'linli');
    log(`database: ${db.engine} → ${mongodbUri}`);

    const storage = await startStorage({ dataDir: path.join(dataDir, 'storage'), log: (m) => log(`storage: ${m}`) });
    if (storage) {
      stops.push(storage.stop);
      if (storage.url) log(`photo storage: MinIO at ${storage.url}`);
    }

    let wechatBase = process.env.WECHAT_API_BASE;
    if (!wechatBase) {
      // WeChat pushes media-check results to our message-push endpoint; so does the emulator.
      const emu = createEmulator({ pushUrl: `http://127.0.0.1:${apiPort}/wechat/push` });
      wechatBase = await emu.listen(opts.ephemeral ? 0 : Number(process.env.WECHAT_EMULATOR_PORT ?? 3100));
      stops.push(() => emu.close());
      log(`WeChat API emulator: ${wechatBase}`);
    } else log(`WeChat API: ${wechatBase}`);

    const env = {
      ...process.env,
      MONGODB_URI: mongodbUri,
      JWT_SECRET: process.env.JWT_SECRET ?? devSecret(dataDir),
      WECHAT_APPID: process.env.WECHAT_APPID ?? 'wx-local-dev',
      WECHAT_SECRET: process.env.WECHAT_SECRET ?? 'local-dev-secret',
      WECHAT_API_BASE: wechatBase,
      STAGE: process.env.STAGE ?? 'local',
      // The secrets above are plain values here: no parameter store (serverless.yml's prefix is for deployed stages).
      SECRETS_PARAMETER_PREFIX: '',
      ...(storage?.env ?? {}),
      // Only the H5 app served by this stack may call the API from a browser.
      CORS_ORIGINS: process.env.CORS_ORIGINS ?? `http://127.0.0.1:${h5Port},http://localhost:${h5Port}`,
      // Throwaway stacks run browser tests that sign in many times from one address.
      ...(opts.ephemeral ? { RATE_LIMIT_SIGNIN_PER_MINUTE: '1000', RATE_LIMIT_SIGNIN_PER_CODE_PER_MINUTE: '1000', RATE_LIMIT_SIGNIN_PER_OPENID_PER_MINUTE: '1000', RATE_LIMIT_IP_WRITES_PER_MINUTE: '10000', RATE_LIMIT_WRITES_PER_MINUTE: '1000', RATE_LIMIT_REQUESTS_PER_HOUR: '100', RATE_LIMIT_TOPICS_PER_HOUR: '100' } : {}),
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
    };

    log('seeding demo data (idempotent)…');
    run(process.execPath, ['--import', 'tsx', 'functions/src/seed/seed.cli.ts'], env, 'seed');

    const apiBase = `http://127.0.0.1:${apiPort}`;
    // A throwaway stack builds into its own folder, so a developer's build in dist/h5 never mixes with it.
    const h5Dir = opts.h5Dir ?? (opts.ephemeral ? path.join(dataDir, 'h5') : path.join(ROOT, 'miniprogram', 'dist', 'h5'));
    if (opts.buildH5 !== false) {
      log(`building the H5 app against ${apiBase}…`);
      const t = Date.now();
      const buildEnv = { ...env, TARO_APP_API_BASE: apiBase, TARO_APP_DEV_SIGNIN: '1' };
      if (opts.ephemeral || opts.h5Dir) buildEnv.LINLI_OUTPUT_ROOT = h5Dir;
      run('npm', ['run', 'build:h5', '-w', 'miniprogram'], buildEnv, 'H5 build');
      log(`H5 built in ${((Date.now() - t) / 1000).toFixed(0)} s`);
    }

    // Handlers run inside serverless-offline's process (--useInProcess). Its default gives every concurrent call
    // its own worker thread, and a new worker loads the function's bundle and opens its own database pool: at
    // 50 connections on a small machine the CPU went to starting workers (bench/http.mjs measured 0–2 answers a
    // second, 4 GB). Lambda keeps a warm container per concurrent call; one process with warm modules is the
    // closer local stand-in. LINLI_OFFLINE_WORKERS=1 brings the worker threads back.
    // --localEnvironment: the handlers get this process's environment (the secrets above), which serverless.yml no
    // longer carries; provider.environment still applies on top, as on Lambda.
    const offlineArgs = ['offline', 'start', '--host', '127.0.0.1', '--httpPort', String(apiPort), '--lambdaPort', String(lambdaPort), '--localEnvironment'];
    if (process.env.LINLI_OFFLINE_WORKERS !== '1') offlineArgs.push('--useInProcess');
    const api = spawn(path.join(BIN, 'serverless'), offlineArgs, {
      cwd: ROOT,
      // Stack traces in the local logs point into our sources: the bundles' maps sit beside them here (the deployed
      // zips leave maps out, see serverless.yml).
      env: { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, '--enable-source-maps'].filter(Boolean).join(' ') },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    stops.push(
      () =>
        new Promise((resolve) => {
          if (api.exitCode !== null) return resolve();
          api.once('exit', () => resolve());
          try {
            process.kill(-api.pid, 'SIGTERM');
          } catch {
            resolve();
          }
          setTimeout(() => {
            try {
              process.kill(-api.pid, 'SIGKILL');
            } catch {}
          }, 5000).unref();
        }),
    );
    await waitForOutput(api, /Server ready/, 180_000, 'serverless offline', opts.quiet ? null : (s) => process.stdout.write(s));
    if (opts.quiet) {
      api.stdout.resume();
      api.stderr.resume();
    }
    log(`API: ${apiBase}/api (health: ${apiBase}/api/health, OpenAPI: ${apiBase}/api/openapi.json)`);

    const h5 = await serveStatic(h5Dir, h5Port);
    stops.push(() => new Promise((r) => h5.close(() => r())));
    log(`H5 app: http://127.0.0.1:${h5Port}`);

    // serverless-offline does not fire `schedule` events reliably: run the scheduled functions ourselves,
    // through its Lambda invoke port, at start and then on their schedule.
    const invoke = (fn) => async () => {
      try {
        await fetch(`http://127.0.0.1:${lambdaPort}/2015-03-31/functions/linli-${env.STAGE}-${fn}/invocations`, { method: 'POST', body: '{}' });
      } catch (err) {
        log(`${fn} run failed: ${err.message}`);
      }
    };
    const schedules = [
      ['repair', 60_000],
      ['deadlines', 15 * 60_000],
      ['consultationJobs', 60_000],
      ['retention', 24 * 3_600_000],
    ];
    for (const [fn, every] of schedules) {
      await invoke(fn)();
      const timer = setInterval(invoke(fn), every);
      stops.push(async () => clearInterval(timer));
    }

    const info = { mongodbUri, engine: db.engine, apiBase, h5: `http://127.0.0.1:${h5Port}`, wechatApiBase: wechatBase, lambdaPort };
    if (!opts.ephemeral) fs.writeFileSync(path.join(dataDir, 'stack.json'), JSON.stringify(info, null, 2));
    return { ...info, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

module.exports = { startStack };
