// Benchmark section 5 (issue 7): cold start of every Lambda function.
//
// Per function in serverless.yml: the esbuild bundle's size (minified, and zipped the way serverless-esbuild zips
// it) and the module-init time in a fresh Node process (median of `runs`), plus which heavy dependencies the
// bundle carries. Budgets: init median <= 300 ms; no function carries the S3 client unless it really talks to S3;
// no function carries chart code at all (charts belong to the mini-program).
//
// `node bench/coldstart.mjs` prints a markdown table and the JSON; `coldStart()` returns the same data for the
// `npm run bench` runner and for functions/test/cold-start.test.ts (which skips the timings: `runs: 0`).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Resolve tools the way the repository's own scripts do (from the root node_modules), wherever this runs from.
const requireFromRoot = createRequire(join(ROOT, 'package.json'));
const esbuild = requireFromRoot('esbuild');
const yaml = requireFromRoot('js-yaml');
// archiver is what serverless-esbuild zips the deployment package with (nativeZip: false), at its default level.
const archiver = requireFromRoot('archiver');
const run = promisify(execFile);

/**
 * Functions that really talk to S3, and why. Everything else must not carry the S3 client: it costs init time
 * on every cold start (on Lambda it is required from the runtime's SDK at module load) for nothing.
 */
export const S3_USERS = {
  uploads: 'presigns the photo upload POST',
  requests: 'checks attached photos exist (HeadObject) and signs photo URLs for views and the media check',
  consultations: 'attaches photos to updates (HeadObject, media check) and signs their URLs',
  mall: 'signs reward photo URLs',
  // Erasing an account deletes the person's voice notes from storage (DeleteObject); the SDK loads on that first use
  // only (lib/storage.ts), so other calls of these functions start as before.
  communities: 'erases an account’s voice notes (DeleteObject)',
  repair: 'finishes an interrupted account erasure, voice notes included (DeleteObject)',
};

/** Packages that make up "the S3 client" (the presigners pull the client in). */
export const S3_PACKAGES = ['@aws-sdk/client-s3', '@aws-sdk/s3-request-presigner', '@aws-sdk/s3-presigned-post'];

/** Heavy packages reported per function, besides chart code: exact names, or a scope ending in '/'. */
const WATCHED = [...S3_PACKAGES, 'mongoose', 'mongodb', 'zod', 'jose', '@middy/'];
const watched = (pkg) => WATCHED.some((w) => (w.endsWith('/') ? pkg.startsWith(w) : pkg === w));

/** Chart code: the mini-program's chart libraries, anything chart-like, or any file of the mini-program. */
export function isChartInput(pkg, path) {
  if (path.startsWith('miniprogram/')) return true;
  return !!pkg && /^(@antv\/|echarts|zrender$|chart\.js$|@visactor\/|d3($|-)|highcharts|recharts|victory|uplot)/.test(pkg);
}

export const BUDGETS = {
  initMsMedian: 300,
  s3Allowed: Object.keys(S3_USERS),
  chartCode: 'none',
};

/** The package an input path belongs to ("node_modules/@aws-sdk/x/dist/y.js" -> "@aws-sdk/x"), or null for our code. */
function packageOf(path) {
  const i = path.lastIndexOf('node_modules/');
  if (i < 0) return null;
  const parts = path.slice(i + 'node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** serverless.yml's functions and esbuild settings, read as serverless-esbuild reads them. */
export async function readServerless() {
  // `${env:...}` variables are plain strings to YAML; CORE_SCHEMA keeps js-yaml 3 from building JS types.
  const doc = yaml.load(await readFile(join(ROOT, 'serverless.yml'), 'utf8'), { schema: yaml.CORE_SCHEMA });
  const functions = Object.entries(doc.functions).map(([name, fn]) => {
    const handler = fn.handler;
    const exportName = extname(handler).slice(1);
    const base = handler.slice(0, -extname(handler).length);
    return { name, handler, exportName, base };
  });
  return { doc, functions, esbuild: doc.custom.esbuild, environment: doc.provider.environment ?? {} };
}

/**
 * The esbuild options serverless-esbuild derives from custom.esbuild (exclude is added to external, its own
 * keys are dropped), plus minify and a metafile for the measurement.
 */
function esbuildOptions(custom) {
  // The keys serverless-esbuild consumes itself (its bundle.js) and does not hand to esbuild.
  const own = ['concurrency', 'zipConcurrency', 'exclude', 'nativeZip', 'packager', 'packagePath', 'watch', 'keepOutputDirectory', 'packagerOptions', 'installExtraArgs', 'outputFileExtension', 'outputBuildFolder', 'outputWorkFolder', 'nodeExternals', 'skipBuild', 'skipRebuild', 'skipBuildExcludeFns', 'stripEntryResolveExtensions', 'disposeContext', 'config'];
  if (custom.config || typeof custom.plugins === 'string') throw new Error('custom.esbuild.config / plugins files are not supported by bench/coldstart.mjs yet');
  const rest = Object.fromEntries(Object.entries(custom).filter(([k]) => !own.includes(k)));
  const exclude = custom.exclude ?? ['aws-sdk'];
  return { ...rest, external: [...(custom.external ?? []), ...(exclude.includes('*') ? [] : exclude)], minify: true, metafile: true };
}

async function zippedSize(name, contents) {
  const archive = archiver.create('zip');
  const sink = new PassThrough();
  const chunks = [];
  sink.on('data', (c) => chunks.push(c));
  const done = new Promise((ok, fail) => {
    sink.on('end', ok);
    archive.on('error', fail);
  });
  archive.pipe(sink);
  archive.append(Buffer.from(contents), { name, date: new Date(0) });
  await archive.finalize();
  await done;
  return Buffer.concat(chunks).length;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return Math.round((s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2) * 10) / 10;
};

/**
 * Environment of the measuring process: provider.environment with each `${env:X, 'default'}` at its default
 * (unset S3_* means no storage client is built), and harmless values for what config() requires. Nothing is
 * connected at import, so these are never used; they are set so that a module reading config at import would
 * not fail the measurement.
 */
function childEnv(environment) {
  const env = {};
  for (const [k, v] of Object.entries(environment)) {
    const m = /^\$\{env:\w+,\s*'(.*)'\}$/.exec(String(v));
    env[k] = m ? m[1] : /^\$\{/.test(String(v)) ? 'bench' : String(v);
  }
  return {
    ...env,
    MONGODB_URI: 'mongodb://127.0.0.1:9/linli_bench',
    JWT_SECRET: 'bench-secret-0123456789abcdef0123456789',
    WECHAT_APPID: 'wx-bench',
    WECHAT_SECRET: 'wx-bench-secret',
    STAGE: 'bench',
    LINLI_SILENT_LOGS: '1',
  };
}

// Runs inside the fresh process: times require() of the bundle up to the exported handler being there.
// It also reports the process's CPU time over the same window: on a machine shared with other work the wall time
// includes waiting for a core and the CPU time does not, so it is the steadier figure to compare changes by.
const CHILD = `
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const mod = require(process.argv[1]);
const handler = mod[process.argv[2]];
const t1 = process.hrtime.bigint();
const c = process.cpuUsage(c0);
if (typeof handler !== 'function') { console.error('no exported function ' + process.argv[2]); process.exit(2); }
process.stdout.write(JSON.stringify({ ms: Number(t1 - t0) / 1e6, cpuMs: (c.user + c.system) / 1e3 }));
process.exit(0);
`;

/**
 * Bundles every function and, when runs > 0, times its module init `runs` times in fresh processes.
 *
 * Dependencies: serverless.yml bundles everything, the AWS SDK included (exclude: []), as `serverless package` zips it
 * per function. Were a package excluded again, the measuring process gets NODE_PATH=<repo>/node_modules (the way
 * Lambda puts its own SDK on NODE_PATH), so its require() at module load stays inside the timed window. NODE_OPTIONS
 * comes from provider.environment (--enable-source-maps); the linked map sits beside the bundle here, while the
 * deployed zips leave maps out (serverless.yml), so the timing here includes reading a map that Lambda skips.
 * The measured bundle is minified, as deployed.
 */
export async function coldStart({ runs = 10, keepDir = false } = {}) {
  const sls = await readServerless();
  const options = esbuildOptions(sls.esbuild);
  // serverless-esbuild's DEFAULT_EXTENSIONS, in its order.
  const exts = ['.ts', '.js', '.jsx', '.tsx'];
  for (const fn of sls.functions) {
    const ext = exts.find((e) => existsSync(join(ROOT, fn.base + e)));
    if (!ext) throw new Error(`${fn.name}: no source file for handler ${fn.handler}`);
    fn.entry = fn.base + ext;
  }
  const entries = [...new Set(sls.functions.map((f) => f.entry))];

  const outdir = await mkdtemp(join(tmpdir(), 'linli-coldstart-'));
  // serverless-esbuild runs one build per entry; one build with every entry gives the same bundles (no code
  // splitting: each output holds all it imports) while parsing shared modules once, which keeps the regression
  // test fast on a busy machine. outbase: outputs mirror the source tree (outdir/functions/src/x/handler.js).
  const result = await esbuild.build({ ...options, absWorkingDir: ROOT, entryPoints: entries, outdir, outbase: '.', write: true, logLevel: 'silent' });
  const bundles = new Map();
  for (const entry of entries) {
    const [outPath, out] = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint === entry);
    const jsPath = resolve(ROOT, outPath);
    const js = await readFile(jsPath);
    const bytesByPackage = {};
    const packages = new Set();
    let chart = false;
    for (const [path, info] of Object.entries(out.inputs)) {
      const pkg = packageOf(path);
      const key = pkg ?? (path.startsWith('shared/') ? '(shared)' : '(functions)');
      bytesByPackage[key] = (bytesByPackage[key] ?? 0) + info.bytesInOutput;
      if (pkg) packages.add(pkg);
      if (isChartInput(pkg, path)) {
        chart = true;
        packages.add(pkg ?? path);
      }
    }
    // Imports left external: the runtime's SDK (required at load or on first use, see above) and mongodb's
    // optional add-ons (required lazily inside try/catch, absent on Lambda).
    const external = [...new Set((out.imports ?? []).filter((i) => i.external).map((i) => i.path))];
    const runtimeProvided = external.filter((p) => p.startsWith('@aws-sdk/'));
    for (const p of runtimeProvided) packages.add(p);
    const mapPath = jsPath + '.map';
    bundles.set(entry, {
      jsPath,
      minifiedBytes: js.length,
      zippedBytes: await zippedSize('handler.js', js),
      mapBytes: existsSync(mapPath) ? (await readFile(mapPath)).length : 0,
      packages,
      chart,
      runtimeProvided,
      packageBytes: bytesByPackage,
      topPackages: Object.entries(bytesByPackage)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([name, bytes]) => ({ name, bytes })),
    });
  }

  const functions = sls.functions.map((fn) => {
    const b = bundles.get(fn.entry);
    const heavyDeps = [...b.packages].filter((p) => watched(p) || isChartInput(p, p)).sort();
    return {
      name: fn.name,
      handler: fn.handler,
      entry: fn.entry,
      minifiedBytes: b.minifiedBytes,
      zippedBytes: b.zippedBytes,
      mapBytes: b.mapBytes,
      initMsMedian: null,
      initMsAll: [],
      initCpuMsMedian: null,
      initCpuMsAll: [],
      heavyDeps,
      runtimeProvided: b.runtimeProvided,
      chartCode: b.chart,
      topPackages: b.topPackages,
      // Not printed in the JSON (long); the regression test reads it.
      packageBytes: b.packageBytes,
      _jsPath: b.jsPath,
      _export: fn.exportName,
    };
  });

  let settle = null;
  if (runs > 0) {
    // Init time is CPU-bound: wait (up to 90 s) for the machine to calm down after the previous section's stack
    // (serverless-offline, the database, MinIO) has stopped, so its teardown is not measured as our init.
    const waitStart = Date.now();
    const before = loadavg()[0];
    while (loadavg()[0] > cpus().length / 2 && Date.now() - waitStart < 90_000) await new Promise((r) => setTimeout(r, 2000));
    settle = { seconds: Math.round((Date.now() - waitStart) / 1000), loadBefore: Math.round(before * 100) / 100, loadAfter: Math.round(loadavg()[0] * 100) / 100 };
    const env = { PATH: process.env.PATH, ...childEnv(sls.environment), NODE_PATH: join(ROOT, 'node_modules') };
    // Rounds over all functions rather than ten in a row each: load from other work on the machine then spreads
    // over every function instead of landing on one.
    for (let r = 0; r < runs; r++) {
      for (const fn of functions) {
        const { stdout } = await run(process.execPath, ['-e', CHILD, fn._jsPath, fn._export], { env, cwd: outdir, timeout: 60_000 });
        const { ms, cpuMs } = JSON.parse(stdout);
        fn.initMsAll.push(Math.round(ms * 10) / 10);
        fn.initCpuMsAll.push(Math.round(cpuMs * 10) / 10);
      }
    }
    for (const fn of functions) {
      fn.initMsMedian = median(fn.initMsAll);
      fn.initCpuMsMedian = median(fn.initCpuMsAll);
    }
  }

  const violations = [];
  for (const fn of functions) {
    if (fn.initMsMedian !== null && fn.initMsMedian > BUDGETS.initMsMedian) violations.push(`${fn.name}: init median ${fn.initMsMedian} ms > ${BUDGETS.initMsMedian} ms`);
    const s3 = fn.heavyDeps.filter((p) => S3_PACKAGES.includes(p));
    if (s3.length && !(fn.name in S3_USERS)) violations.push(`${fn.name}: carries the S3 client (${s3.join(', ')}) without needing it`);
    if (fn.chartCode) violations.push(`${fn.name}: carries chart code (${fn.heavyDeps.filter((p) => isChartInput(p, p)).join(', ') || 'mini-program files'})`);
  }

  if (!keepDir) await rm(outdir, { recursive: true, force: true });
  for (const fn of functions) {
    delete fn._jsPath;
    delete fn._export;
    Object.defineProperty(fn, 'packageBytes', { enumerable: false });
  }
  const initNote = runs > 0 ? `Init: median of ${runs} fresh processes (Node ${process.version}, load average ${Math.round(loadavg()[0] * 10) / 10} on ${cpus().length} cores after the runs; before them the benchmark waited ${settle.seconds} s for the 1-minute load average to fall below ${cpus().length / 2}: ${settle.loadBefore} → ${settle.loadAfter}); '@aws-sdk/*' is left out of the bundles (Lambda provides it) and required through NODE_PATH as on Lambda, so loading it at init would count.` : null;
  return {
    functions,
    budgets: BUDGETS,
    violations,
    // Read by bench/run.mjs under its table.
    notes: [initNote, 'Sizes: minified handler.js (serverless.yml custom.esbuild + minify); zipped with archiver at default deflate, as serverless-esbuild packages.'].filter(Boolean),
    method: {
      runs,
      node: process.version,
      bundle: 'serverless.yml custom.esbuild + minify + metafile; sizes are handler.js alone (the .map is mapBytes)',
      zip: 'archiver zip, default deflate, as serverless-esbuild packages',
      init: "fresh node per run; process.hrtime around require(bundle) until the handler export exists; NODE_OPTIONS from provider.environment; '@aws-sdk/*' is external (Lambda provides it) and is required from node_modules through NODE_PATH, as Lambda requires it from /var/runtime/node_modules, so any load of it at init is counted (lib/storage.ts loads it on first photo use, so it is not)",
      // Timings on a shared machine mean little without the load they were taken under.
      loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
      cpus: cpus().length,
    },
  };
}

export function markdown(report) {
  const kb = (n) => (n / 1024).toFixed(1);
  const lines = [
    '| function | minified KB | zipped KB | init median ms | init CPU median ms | heavy deps |',
    '| --- | ---: | ---: | ---: | ---: | --- |',
    ...report.functions.map(
      (f) => `| ${f.name} | ${kb(f.minifiedBytes)} | ${kb(f.zippedBytes)} | ${f.initMsMedian ?? '–'} | ${f.initCpuMsMedian ?? '–'} | ${f.heavyDeps.join(', ')} |`,
    ),
  ];
  const m = report.method;
  if (m.runs > 0) lines.push('', `Init: median of ${m.runs} fresh processes (${m.node}, load average ${m.loadAverage1m} on ${m.cpus} cores). ${m.init}.`);
  lines.push('', report.violations.length ? `Budget violations:\n${report.violations.map((v) => `- ${v}`).join('\n')}` : 'No budget violations.');
  return lines.join('\n');
}

// No top-level await: jest loads this file through swc as CommonJS (functions/test/cold-start.test.ts).
if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const runsArg = process.argv.find((a) => a.startsWith('--runs='));
  coldStart({ runs: runsArg ? Number(runsArg.slice(7)) : 10 }).then((report) => {
    console.log(markdown(report));
    console.log('\n```json\n' + JSON.stringify(report, null, 2) + '\n```');
    process.exitCode = report.violations.length ? 1 : 0;
  });
}
