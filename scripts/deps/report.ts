/**
 * Measures of the structure (issue 16), before and after the restructuring: `npx tsx scripts/deps/report.ts`.
 * Duplicate pairs come from the `duplicates` tool of our machines (`duplicates --repo miniprogram/src`), not from here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, cycles, importGraph } from './graph';
import { violations } from './rules';

const g = importGraph();
const lines = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8').split('\n').length;
const sized = g.files.map((f) => ({ f, n: lines(f) })).sort((a, b) => b.n - a.n);
const by: Record<string, number> = {};
for (const v of violations(g)) by[v.rule] = (by[v.rule] ?? 0) + 1;

console.log(`source files: ${g.files.length}, import edges: ${[...g.edges.values()].reduce((s, e) => s + e.length, 0)}, cycles: ${cycles(g).length}`);
console.log('violations of the dependency rules:', by);
console.log(`.tsx files over 300 lines: ${sized.filter((s) => s.f.endsWith('.tsx') && s.n > 300).length}`);
console.log('largest files:');
for (const s of sized.slice(0, 10)) console.log(`  ${String(s.n).padStart(5)}  ${s.f}`);
