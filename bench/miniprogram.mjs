// Benchmark section "mini-program" (issue 7, item 6):
//
//   weapp  the main package and every subpackage in bytes, read from the built app.json the way WeChat splits
//          the upload (miniprogram/scripts/weapp-size.cjs, the same code as the check after `build:weapp`).
//          Budgets: main package ≤ 1 MB; every page that is not a tab page lives in a subpackage.
//   H5     the home page of the H5 build, signed in as a demo resident against a throwaway local stack
//          (database, WeChat emulator, demo seed, serverless-offline: scripts/stack.cjs), opened in headless
//          Chromium on loopback with a fresh browser context (empty cache) per run: first contentful paint,
//          time to interactive (defined below) and the time the signed-in content is on screen; medians of N.
//
//   node bench/miniprogram.mjs [--runs 5] [--no-build]
//
// --no-build measures the weapp build already in miniprogram/dist/weapp and the H5 build this benchmark made
// last time in .cache/bench/h5 (the API address is compiled into an H5 build, so it is rebuilt for the port the
// benchmark's API listens on, and --no-build reuses that port). Logs go to stderr; run directly, it prints a
// markdown table and then the result as JSON on stdout, and exits 1 when a budget is broken.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const { KB, WECHAT_PACKAGE_LIMIT_BYTES, MAIN_PACKAGE_BUDGET_BYTES, measureWeapp, weappViolations } = require(
  path.join(ROOT, 'miniprogram', 'scripts', 'weapp-size.cjs'),
);

const H5_DIR = path.join(ROOT, '.cache', 'bench', 'h5');
const H5_INFO = path.join(ROOT, '.cache', 'bench', 'h5-build.json');
const ACCOUNT = 'demo-resident-1';
const HOME_ROUTE = '/pages/home/index';
const QUIET_WINDOW_MS = 5000;
const MAX_INFLIGHT = 2;
const OBSERVE_CAP_MS = 45_000;

export const TTI_DEFINITION =
  'Lighthouse-style: after first contentful paint (FCP), find the first window of 5 s with no long task ' +
  '(a main-thread task over 50 ms, PerformanceObserver "longtask") and at most 2 network requests in flight ' +
  '(every request the page makes, as Playwright sees them); TTI is the end of the last long task that ended ' +
  'before that window, or FCP or DOMContentLoaded end if later. Times are ms from navigation start.';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const defaultLog = (m) => process.stderr.write(`[bench:miniprogram] ${m}\n`);

/** Median of numbers (mean of the two middle ones for an even count); null when there are none. */
export function median(values) {
  const s = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (!s.length) return null;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Time to interactive as TTI_DEFINITION says. longTasks and requests are { start, end } in ms from navigation
 * start (a request still in flight has end null); observedUntil is how far the record goes. Returns
 * { ttiMs, quietWindowStartMs } or null when no quiet window fits in what was observed.
 */
export function timeToInteractive({ fcp, dcl, longTasks, requests, observedUntil, quietMs = QUIET_WINDOW_MS, maxInflight = MAX_INFLIGHT }) {
  // A quiet window can only begin at FCP or where something stops: a long task or a request ends.
  const candidates = [fcp, ...longTasks.map((t) => t.end), ...requests.filter((r) => r.end !== null).map((r) => r.end)]
    .filter((t) => t >= fcp)
    .sort((a, b) => a - b);
  const inflightAt = (t) => requests.filter((r) => r.start <= t && (r.end === null || r.end > t)).length;
  for (const start of candidates) {
    const end = start + quietMs;
    if (end > observedUntil) break;
    if (longTasks.some((t) => t.start < end && t.end > start)) continue;
    // The in-flight count only rises where a request starts, so checking there (and at the start) suffices.
    const rises = [start, ...requests.map((r) => r.start).filter((s) => s > start && s < end)];
    if (rises.some((t) => inflightAt(t) > maxInflight)) continue;
    const lastLongTask = longTasks.filter((t) => t.end <= start).reduce((m, t) => Math.max(m, t.end), 0);
    return { ttiMs: Math.max(fcp, dcl ?? 0, lastLongTask), quietWindowStartMs: start };
  }
  return null;
}

function runNpm(args, env, label, log) {
  const t = Date.now();
  log(`${label}…`);
  // Build output goes to stderr so that stdout carries only the result.
  const r = spawnSync('npm', args, { cwd: ROOT, env, stdio: ['ignore', 2, 2] });
  log(`${label}: exit ${r.status} after ${((Date.now() - t) / 1000).toFixed(0)} s`);
  return r.status;
}

// ---- weapp ----------------------------------------------------------------------------------------------

function weappSection({ build, log }) {
  if (build) {
    const status = runNpm(['run', 'build:weapp'], process.env, 'building weapp (npm run build:weapp)', log);
    // weapp-size.mjs fails the build when a package is over 2 MB; the output is still there to measure.
    if (status !== 0) log('weapp build exited non-zero; measuring what it left');
  }
  const m = measureWeapp();
  return {
    weapp: {
      mainBytes: m.mainBytes,
      subpackages: m.subpackages,
      totalBytes: m.totalBytes,
      tabPages: m.tabPages,
      mainPages: m.mainPages,
      nonTabPagesInMain: m.nonTabPagesInMain,
    },
    violations: weappViolations(m),
  };
}

// ---- H5 -------------------------------------------------------------------------------------------------

function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** One measured load of the home page in a fresh context (empty cache), signed in through storageState. */
async function loadHomeOnce(browser, { url, storageState }) {
  const context = await browser.newContext({ storageState, viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, locale: 'zh-CN' });
  try {
    await context.addInitScript(() => {
      const longTasks = [];
      window.__benchLongTasks = longTasks;
      try {
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) longTasks.push({ start: e.startTime, end: e.startTime + e.duration });
        }).observe({ type: 'longtask', buffered: true });
      } catch {
        window.__benchLongTasks = null;
      }
    });
    const page = await context.newPage();
    // Every request the page makes, in epoch ms; turned into ms from navigation start with performance.timeOrigin.
    const requests = new Map();
    page.on('request', (r) => requests.set(r, { start: Date.now(), end: null }));
    const done = (r) => {
      const rec = requests.get(r);
      if (rec && rec.end === null) rec.end = Date.now();
    };
    page.on('requestfinished', done);
    page.on('requestfailed', done);

    await page.goto(url, { waitUntil: 'domcontentloaded' });
    // Signed-in content: the resident's household under the community name (needs /api/me to have answered).
    const contentHandle = await page.waitForFunction(
      () => {
        const el = document.querySelector('.home__address');
        return el && el.getBoundingClientRect().height > 0 && el.textContent.trim() ? performance.now() : false;
      },
      null,
      { timeout: 60_000 },
    );
    const contentMs = await contentHandle.jsonValue();

    const deadline = Date.now() + OBSERVE_CAP_MS;
    for (;;) {
      const snap = await page.evaluate(() => {
        const paint = performance.getEntriesByName('first-contentful-paint', 'paint')[0];
        const nav = performance.getEntriesByType('navigation')[0];
        return {
          timeOrigin: performance.timeOrigin,
          now: performance.now(),
          fcp: paint ? paint.startTime : null,
          dcl: nav ? nav.domContentLoadedEventEnd : null,
          longTasks: window.__benchLongTasks,
        };
      });
      if (snap.longTasks === null) throw new Error('this Chromium does not report long tasks (PerformanceObserver "longtask")');
      if (snap.fcp === null) throw new Error('no first-contentful-paint entry');
      const reqs = [...requests.values()].map((r) => ({ start: r.start - snap.timeOrigin, end: r.end === null ? null : r.end - snap.timeOrigin }));
      const tti = timeToInteractive({ fcp: snap.fcp, dcl: snap.dcl, longTasks: snap.longTasks, requests: reqs, observedUntil: snap.now });
      if (tti || Date.now() > deadline) {
        return {
          fcpMs: snap.fcp,
          ttiMs: tti ? tti.ttiMs : null,
          contentMs,
          dclMs: snap.dcl,
          longTasks: snap.longTasks.length,
          longTaskMs: snap.longTasks.reduce((n, t) => n + (t.end - t.start), 0),
          requests: reqs.length,
        };
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await context.close();
  }
}

async function h5Section({ runs, build, log }) {
  const { startStack } = require(path.join(ROOT, 'scripts', 'stack.cjs'));
  const { freePort } = require(path.join(ROOT, 'scripts', 'db.cjs'));
  const { chromium } = require('playwright-core');

  let apiPort;
  if (build) {
    apiPort = await freePort();
    const env = { ...process.env, TARO_APP_API_BASE: `http://127.0.0.1:${apiPort}`, TARO_APP_DEV_SIGNIN: '1', LINLI_OUTPUT_ROOT: H5_DIR };
    fs.rmSync(H5_INFO, { force: true });
    if (runNpm(['run', 'build:h5'], env, `building H5 against API port ${apiPort} (npm run build:h5)`, log) !== 0) throw new Error('H5 build failed');
    fs.writeFileSync(H5_INFO, JSON.stringify({ apiPort, builtAt: new Date().toISOString() }, null, 2));
  } else {
    if (!fs.existsSync(H5_INFO) || !fs.existsSync(path.join(H5_DIR, 'index.html'))) throw new Error(`no H5 build for the benchmark in ${H5_DIR}: run once without --no-build`);
    apiPort = JSON.parse(fs.readFileSync(H5_INFO, 'utf8')).apiPort;
    if (!(await portIsFree(apiPort))) throw new Error(`port ${apiPort}, compiled into the benchmark's H5 build, is taken: run without --no-build`);
  }

  const h5Port = await freePort();
  log('starting a throwaway local stack (database, WeChat emulator, seed, serverless-offline)…');
  const stack = await startStack({ ephemeral: true, apiPort, h5Port, buildH5: false, h5Dir: H5_DIR, quiet: true, log: (m) => log(`stack: ${m}`) });
  let browser;
  try {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });

    // Sign in once through the development sign-in page, as a person would, and keep what it stored
    // (token, community): each measured context starts from that storage but with an empty HTTP cache.
    const signIn = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN' });
    const p = await signIn.newPage();
    await p.goto(`${stack.h5}/#/auth/pages/dev-signin/index`);
    await p.locator('.taro_page:visible').getByText(ACCOUNT, { exact: true }).click({ timeout: 60_000 });
    await p.locator('.taro_page:visible .mine__nickname', { hasNotText: '未登录' }).waitFor({ timeout: 60_000 });
    const storageState = await signIn.storageState();
    await signIn.close();

    // One unmeasured load first: serverless-offline loads each handler on its first call, which a deployed
    // warm Lambda would not do on every page view.
    const url = (i) => `${stack.h5}/?bench=${i}#${HOME_ROUTE}`;
    await loadHomeOnce(browser, { url: url(0), storageState });

    const all = [];
    for (let i = 1; i <= runs; i++) {
      const r = await loadHomeOnce(browser, { url: url(i), storageState });
      log(`H5 run ${i}/${runs}: FCP ${r.fcpMs.toFixed(0)} ms, TTI ${r.ttiMs === null ? 'not reached' : `${r.ttiMs.toFixed(0)} ms`}, content ${r.contentMs.toFixed(0)} ms, ${r.longTasks} long tasks, ${r.requests} requests`);
      all.push(r);
    }
    const round = (v) => (v === null ? null : Math.round(v));
    return {
      page: `${HOME_ROUTE} (H5, signed in as ${ACCOUNT})`,
      runs,
      fcpMsMedian: round(median(all.map((r) => r.fcpMs))),
      ttiMsMedian: all.some((r) => r.ttiMs === null) ? null : round(median(all.map((r) => r.ttiMs))),
      contentMsMedian: round(median(all.map((r) => r.contentMs))),
      fcpAll: all.map((r) => round(r.fcpMs)),
      ttiAll: all.map((r) => round(r.ttiMs)),
      contentAll: all.map((r) => round(r.contentMs)),
      longTasksAll: all.map((r) => r.longTasks),
      ttiDefinition: TTI_DEFINITION,
      contentDefinition: "the resident's household address is on screen under the community name (/api/me has answered and rendered)",
    };
  } finally {
    await browser?.close();
    await stack.stop();
  }
}

// ---- section --------------------------------------------------------------------------------------------

/** The mini-program section of `npm run bench`: weapp package sizes and H5 home page timings. */
export async function miniprogram({ runs = 5, build = true, log = defaultLog } = {}) {
  const { weapp, violations } = weappSection({ build, log });
  const h5 = await h5Section({ runs, build, log });
  const budgets = {
    mainBytes: MAIN_PACKAGE_BUDGET_BYTES,
    packageBytes: WECHAT_PACKAGE_LIMIT_BYTES,
    nonTabPagesInMain: 0,
    h5: 'none (FCP and TTI are reported, not budgeted)',
  };
  return { weapp, h5, budgets, violations };
}

/** The result as a markdown table. */
export function toMarkdown(r) {
  const kb = (n) => `${(n / KB).toFixed(1)} KB`;
  const ms = (n) => (n === null ? 'n/a' : `${n} ms`);
  const rows = [
    ['weapp main package', kb(r.weapp.mainBytes), `≤ ${kb(r.budgets.mainBytes)}`, r.weapp.mainBytes <= r.budgets.mainBytes ? 'ok' : 'OVER'],
    ...r.weapp.subpackages.map((s) => [`weapp subpackage \`${s.root}\``, kb(s.bytes), `≤ ${kb(r.budgets.packageBytes)} (WeChat)`, s.bytes <= r.budgets.packageBytes ? 'ok' : 'OVER']),
    ['weapp total', kb(r.weapp.totalBytes), '', ''],
    ['non-tab pages in main package', r.weapp.nonTabPagesInMain.length ? r.weapp.nonTabPagesInMain.join(', ') : 'none', 'none', r.weapp.nonTabPagesInMain.length ? 'FAIL' : 'ok'],
    [`H5 home FCP (median of ${r.h5.runs})`, ms(r.h5.fcpMsMedian), '', r.h5.fcpAll.join(' / ')],
    [`H5 home TTI (median of ${r.h5.runs})`, ms(r.h5.ttiMsMedian), '', r.h5.ttiAll.map((v) => v ?? 'n/a').join(' / ')],
    [`H5 home signed-in content (median of ${r.h5.runs})`, ms(r.h5.contentMsMedian), '', r.h5.contentAll.join(' / ')],
  ];
  return [
    '| mini-program | value | budget | status / runs |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    `TTI: ${r.h5.ttiDefinition}`,
    ...(r.violations.length ? ['', 'Budget violations:', ...r.violations.map((v) => `- ${v}`)] : []),
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const i = process.argv.indexOf('--runs');
  const runs = i >= 0 ? Number(process.argv[i + 1]) : 5;
  if (!(Number.isInteger(runs) && runs > 0)) {
    console.error('--runs needs a positive whole number');
    process.exit(2);
  }
  const result = await miniprogram({ runs, build: !process.argv.includes('--no-build') });
  console.log(toMarkdown(result));
  console.log();
  console.log(JSON.stringify(result, null, 2));
  if (result.violations.length) process.exitCode = 1;
}
