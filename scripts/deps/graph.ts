/**
 * The import graph of our own TypeScript (shared/, functions/, miniprogram/), read with the TypeScript compiler's
 * preProcessFile (no type checking: fast, and it sees `import`, `export … from`, `import()` and `require()`).
 * Used by the dependency rules (dependencies.test.ts) and to measure the structure (`npx tsx scripts/deps/report.ts`).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const ROOT = path.resolve(__dirname, '..', '..');
const SOURCES = ['shared/src', 'functions/src', 'miniprogram/src'];
const EXTENSIONS = ['.ts', '.tsx'];

/** Source files only: tests, declarations and build output are not part of the layering. */
const isSource = (rel: string) => EXTENSIONS.some((e) => rel.endsWith(e)) && !/\.(test|spec)\.tsx?$/.test(rel) && !rel.endsWith('.d.ts');

function walk(dir: string, out: string[]) {
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(rel, out);
    } else if (isSource(rel)) out.push(rel);
  }
}

function resolve(from: string, spec: string): string | null {
  if (spec === '@linli/shared') return 'shared/src/index.ts';
  if (!spec.startsWith('.')) return null; // a package
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  for (const candidate of [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => `${base}/index${e}`)]) {
    if (isSource(candidate) && fs.existsSync(path.join(ROOT, candidate))) return candidate;
  }
  return null; // a stylesheet, an image, or a file that is not ours
}

export interface Graph {
  files: string[];
  /** file → the files of ours it imports */
  edges: Map<string, string[]>;
}

export function importGraph(): Graph {
  const files: string[] = [];
  for (const dir of SOURCES) walk(dir, files);
  files.sort();
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const info = ts.preProcessFile(fs.readFileSync(path.join(ROOT, file), 'utf8'), true, true);
    const targets = info.importedFiles.map((f) => resolve(file, f.fileName)).filter((t): t is string => !!t);
    edges.set(file, [...new Set(targets)].sort());
  }
  return { files, edges };
}

/** Import cycles (strongly connected components of more than one file, or a file importing itself). */
export function cycles(g: Graph): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of g.edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (g.edges.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const f of g.files) if (!idx.has(f)) visit(f);
  return out;
}

/** The folder a file belongs to for the rules: `functions/lib`, `functions/requests`, `miniprogram/services`… */
export function areaOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'shared') return 'shared';
  const folder = parts[2]?.includes('.') ? '(root)' : parts[2]!;
  return `${parts[0]}/${parts[0] === 'miniprogram' ? (MINI_FEATURE_OF_FOLDER[folder] ?? folder) : folder}`;
}

/**
 * Mini-program folders whose name is not their feature's. A subpackage's root is part of its pages' URLs, which
 * people share (a topic link, a QR code), so it keeps its name: `staff/` holds the communities feature's pages for
 * staff, `merchant/` the mall's pages for 爱心商家, `patrols/` the requests feature's pages for 巡查 (a patrol's findings
 * are requests, shown with the requests feature's parts), `visits/` the households feature's pages for 走访 (a visit is
 * to a household of the register, and a household's page shows its 民情日记). `pages/` holds the tab pages, which must be in the main package:
 * with app.ts, they are the app shell that puts features on the tab bar (home and 我的 compose several features).
 */
export const MINI_FEATURE_OF_FOLDER: Record<string, string> = { staff: 'communities', merchant: 'volunteer', patrols: 'requests', visits: 'households', pages: '(root)' };
