import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runInNewContext } from 'node:vm';
import { parse } from 'acorn';

// What the weapp build ships to phones (issue 17, step 5): JavaScript no newer than ES2017 (older phones' engines
// refuse `?.`, `??`, object spread…, and WeChat DevTools' own ES6 compile cannot be run here, so it is not relied
// on), F2 once in the page-less `charts` subpackage rather than a copy in each subpackage that draws a chart, and
// the app.json settings that go with it. Like miniprogram-budget.test.ts: CI runs `npm run build:weapp` before
// `npm test`; without a build this file makes its own, in a folder of its own.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { weappDist } = require('../../miniprogram/scripts/weapp-size.cjs') as { weappDist: () => string };
const ROOT = join(__dirname, '..', '..');
/** A string only F2's renderer (@antv/g-lite's mobile canvas) contains: where it occurs, F2 is. */
const F2_MARK = 'mobile-canvas-context-register';

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return jsFiles(full);
    return name.endsWith('.js') ? [full] : [];
  });
}

describe('weapp output', () => {
  let dist: string;
  let ownBuild: string | null = null;
  let files: { rel: string; src: string }[];

  beforeAll(() => {
    dist = weappDist();
    if (!existsSync(join(dist, 'app.json'))) {
      ownBuild = mkdtempSync(join(tmpdir(), 'linli-weapp-output-'));
      const r = spawnSync('npm', ['run', 'build:weapp'], { cwd: ROOT, env: { ...process.env, LINLI_OUTPUT_ROOT: ownBuild }, encoding: 'utf8', maxBuffer: 64 << 20 });
      if (r.status !== 0 && !existsSync(join(ownBuild, 'app.json'))) throw new Error(`weapp build failed:\n${(r.stdout + r.stderr).slice(-3000)}`);
      dist = ownBuild;
    }
    files = jsFiles(dist).map((f) => ({ rel: relative(dist, f).split('\\').join('/'), src: readFileSync(f, 'utf8') }));
  }, 900_000);

  afterAll(() => {
    if (ownBuild) rmSync(ownBuild, { recursive: true, force: true });
  });

  it('has only ES2017 syntax in every .js file', () => {
    expect(files.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const { rel, src } of files) {
      try {
        parse(src, { ecmaVersion: 2017, sourceType: 'script' });
      } catch (err) {
        const e = err as SyntaxError & { pos?: number };
        const at = e.pos ?? 0;
        failures.push(`${rel}: ${e.message} near ${JSON.stringify(src.slice(Math.max(0, at - 40), at + 40))}`);
      }
    }
    if (failures.length) console.log(`${failures.length} of ${files.length} weapp .js files are not ES2017:\n${failures.join('\n')}`);
    expect(failures).toEqual([]);
  });

  it('ships F2 once, in the charts subpackage, loaded from the main package root', () => {
    const app = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8')) as { subPackages: { root: string; pages: string[] }[] };
    expect(app.subPackages).toContainEqual({ root: 'charts', pages: [] });
    expect(files.filter((f) => f.src.includes(F2_MARK)).map((f) => f.rel)).toEqual(['charts/f2.js']);
    // require.async resolves from the calling file: the loader must sit in a file at the package root.
    const loaders = files.filter((f) => f.src.includes('require.async("./charts/f2.js")')).map((f) => f.rel);
    expect(loaders.length).toBeGreaterThan(0);
    expect(loaders.filter((rel) => rel.includes('/'))).toEqual([]);
    // WeChat has no window or document: the bundle must load without them and export what the charts use.
    const mod = { exports: {} as Record<string, unknown> };
    runInNewContext(`(function (module, exports) {${readFileSync(join(dist, 'charts', 'f2.js'), 'utf8')}\n})(module, module.exports)`, { module: mod, console, setTimeout, clearTimeout });
    for (const name of ['Canvas', 'createElement', 'Chart', 'Axis', 'Interval', 'Line', 'Point', 'Legend']) expect(typeof mod.exports[name]).toBe('function');
  });

  it('loads components lazily and ships its sitemap', () => {
    const app = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8')) as { lazyCodeLoading?: string; sitemapLocation?: string };
    expect(app.lazyCodeLoading).toBe('requiredComponents');
    expect(app.sitemapLocation).toBe('sitemap.json');
    const sitemap = JSON.parse(readFileSync(join(dist, 'sitemap.json'), 'utf8')) as { rules: { action: string; page: string }[] };
    expect(sitemap.rules).toEqual([{ action: 'disallow', page: '*' }]);
  });
});
