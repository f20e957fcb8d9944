// `npm run bench`: the whole benchmark in one process tree — API overhead against the driver and growth
// (in-process), the same operations through HTTP (serverless-offline + autocannon), cold start per function,
// and the mini-program's sizes and H5 paint times. Writes bench/results.json and prints markdown tables.
//
//   npm run bench                          everything (≈15–25 min on a 2-core machine with FerretDB)
//   npm run bench -- --only inprocess,http one or more sections: inprocess, http, coldstart, miniprogram
//   npm run bench -- --quick               smaller sizes and fewer iterations (a smoke run)
//   MONGODB_URI=mongodb://…  npm run bench  in-process sections on that database, also at 100,000 requests
//
// Budgets (issue 7): in-process handler/driver ratio ≤ 2 for reads, ≤ 3 for writes; detail and statistics flat
// as the data grows; with a real MongoDB list and detail p95 ≤ 30 ms at 100,000 requests; module init of each
// zip `serverless package` builds ≤ 250 ms (median, on provider.runtime's Node version; issue 20), no S3 client
// where not needed and no chart code in any function; weapp main package ≤ 1 MB,
// every non-tab page in a subpackage. Exit code 1 when any budget is missed.
import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const quick = process.argv.includes('--quick');
const only = (arg('only') ?? 'inprocess,http,coldstart,miniprogram').split(',');

const started = new Date();
const cpus = os.cpus();
const results = {
  startedAt: started.toISOString(),
  machine: { cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version, os: `${os.type()} ${os.release()}` },
  quick,
  sections: {},
  violations: [],
};

const ms = (n) => (n === undefined || n === null ? '—' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : Math.round(n).toString());
const kb = (b) => (b === undefined ? '—' : (b / 1024).toFixed(1));
const out = [];
const print = (s = '') => {
  out.push(s);
  console.log(s);
};

async function section(name, fn) {
  if (!only.includes(name)) return;
  const t = Date.now();
  console.error(`[bench] ${name} …`);
  try {
    const r = await fn();
    results.sections[name] = { ...r, seconds: (Date.now() - t) / 1000 };
    for (const v of r.violations ?? []) results.violations.push(`${name}: ${v}`);
  } catch (err) {
    results.sections[name] = { error: String(err?.stack ?? err), seconds: (Date.now() - t) / 1000 };
    results.violations.push(`${name}: failed to run (${String(err?.message ?? err)})`);
  }
  console.error(`[bench] ${name} done in ${((Date.now() - t) / 1000).toFixed(0)} s`);
}

await section('inprocess', async () => {
  const { inProcess } = await import('./inprocess.ts');
  return inProcess(quick ? { sizes: [1000], iterations: 40 } : {});
});
await section('http', async () => {
  const { httpBench } = await import('./http.mjs');
  return httpBench(quick ? { duration: 5 } : {});
});
await section('coldstart', async () => {
  const { coldStart } = await import('./coldstart.mjs');
  return coldStart(quick ? { runs: 3 } : {});
});
await section('miniprogram', async () => {
  const { miniprogram } = await import('./miniprogram.mjs');
  return miniprogram(quick ? { runs: 2 } : {});
});
results.engine = results.sections.inprocess?.engine ?? results.sections.http?.engine;
results.seconds = (Date.now() - started.getTime()) / 1000;

// ---- the tables ---------------------------------------------------------------------------------------------
print(`# 邻里 Linli benchmark — ${results.startedAt.slice(0, 16).replace('T', ' ')} UTC`);
print();
print(`Machine: ${results.machine.cpus} × ${results.machine.cpuModel}, ${results.machine.memoryGB} GB, Node ${results.machine.node}, ${results.machine.os}. Database: ${results.engine ?? '—'}.${quick ? ' Quick run (smaller sizes).' : ''}`);

const ip = results.sections.inprocess;
if (ip?.rows) {
  print();
  print('## API overhead and growth (in-process handler vs the same database operations through the driver, ms)');
  print();
  print('| operation | kind | requests in DB | handler p50 | p95 | p99 | driver p50 | p95 | p99 | ratio (p50) |');
  print('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of ip.rows)
    print(`| ${r.op} | ${r.kind} | ${r.size?.toLocaleString('en') ?? '—'} | ${ms(r.handler?.p50)} | ${ms(r.handler?.p95)} | ${ms(r.handler?.p99)} | ${ms(r.driver?.p50)} | ${ms(r.driver?.p95)} | ${ms(r.driver?.p99)} | ${r.ratio?.toFixed(2) ?? '—'} |`);
  if (ip.notes) for (const n of [].concat(ip.notes)) print(`\n${n}`);
}
const h = results.sections.http;
if (h?.rows) {
  print();
  print(`## Through HTTP (serverless-offline, autocannon, ${h.connections ?? 50} connections)`);
  print();
  print('| operation | kind | calls | 2xx/s | p50 ms | p99 ms | non-2xx | errors |');
  print('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const r of h.rows)
    print(`| ${r.op} | ${r.kind ?? ''} | ${r.requests ?? '—'} | ${r.throughputRps?.toFixed?.(1) ?? '—'} | ${ms(r.p50)} | ${ms(r.p99)} | ${typeof r.non2xx === 'object' ? JSON.stringify(r.non2xx) : r.non2xx ?? 0} | ${r.errors ?? 0} |`);
  if (h.notes) for (const n of [].concat(h.notes)) print(`\n${n}`);
}
const c = results.sections.coldstart;
if (c?.functions) {
  const packaged = c.functions.some((f) => f.zipBytes);
  print();
  print(packaged ? `## Cold start per function (the zips \`serverless package\` builds; init = module load in a fresh Node ${c.method?.node ?? ''} process)` : '## Cold start per function (esbuild bundle, minified; not timed)');
  print();
  if (c.method?.nodeFallback) print(`**WARNING — not the production Node (${c.method.runtime}): ${c.method.nodeFallback}.**\n`);
  print(packaged ? '| function | zip KB | unzipped KB | init median ms | init CPU ms | init goes to (profile) | carries |' : '| function | minified KB | zipped KB | init median ms | init CPU ms | init goes to (profile) | carries |');
  print('|---|---:|---:|---:|---:|---|---|');
  const parts = (f) => (f.initProfile?.parts ?? []).slice(0, 3).map((p) => `${p.name.replace(/^compile: /, 'compile ')} ${Math.round(p.share)}%`).join(', ') || '—';
  for (const f of c.functions)
    print(`| ${f.name} | ${kb(packaged ? f.zipBytes : f.minifiedBytes)} | ${kb(packaged ? f.unzippedBytes : f.zippedBytes)} | ${ms(f.initMsMedian)} | ${ms(f.initCpuMsMedian)} | ${parts(f)} | ${(f.heavyDeps ?? []).join(', ')} |`);
  if (c.notes) for (const n of [].concat(c.notes)) print(`\n${n}`);
}
const m = results.sections.miniprogram;
if (m?.weapp || m?.h5) {
  print();
  print('## Mini-program');
  print();
  print('| package | KB |');
  print('|---|---:|');
  print(`| main | ${kb(m.weapp?.mainBytes)} |`);
  for (const s of m.weapp?.subpackages ?? []) print(`| ${s.root} | ${kb(s.bytes)} |`);
  print(`| total | ${kb(m.weapp?.totalBytes)} |`);
  if (m.h5) print(`\nH5 home page on loopback, headless Chromium, median of ${m.h5.fcpAll?.length ?? '?'}: first contentful paint ${ms(m.h5.fcpMsMedian)} ms, time to interactive ${ms(m.h5.ttiMsMedian)} ms.${m.h5.ttiDefinition ? ` (${m.h5.ttiDefinition})` : ''}`);
}
for (const [name, s] of Object.entries(results.sections)) if (s.error) print(`\n**${name} failed:** ${s.error.split('\n')[0]}`);
print();
print(results.violations.length ? `## Budgets missed (${results.violations.length})\n\n${results.violations.map((v) => `- ${v}`).join('\n')}` : '## All budgets met');
print(`\nWhole run: ${Math.round(results.seconds)} s.`);

mkdirSync(HERE, { recursive: true });
writeFileSync(path.join(HERE, 'results.json'), JSON.stringify(results, null, 2));
writeFileSync(path.join(HERE, 'results.md'), out.join('\n') + '\n');
console.error('[bench] wrote bench/results.json and bench/results.md');
process.exit(results.violations.length ? 1 : 0);
