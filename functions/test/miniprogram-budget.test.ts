import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The mini-program budgets of issue 7, sizes only (the timings are in bench/miniprogram.mjs): the weapp main
// package — what every first open downloads — stays within 1 MB, and every page that is not a tab page lives
// in a subpackage. CI runs `npm run build:weapp` before `npm test`; without a build this file makes its own,
// in a folder of its own so it never races a developer's dist/weapp.

interface WeappMeasure {
  mainBytes: number;
  subpackages: { root: string; bytes: number }[];
  tabPages: string[];
  mainPages: string[];
  nonTabPagesInMain: string[];
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const weappSize = require('../../miniprogram/scripts/weapp-size.cjs') as {
  KB: number;
  MAIN_PACKAGE_BUDGET_BYTES: number;
  WECHAT_PACKAGE_LIMIT_BYTES: number;
  weappDist: () => string;
  measureWeapp: (dist: string) => WeappMeasure;
};
const { KB, MAIN_PACKAGE_BUDGET_BYTES, WECHAT_PACKAGE_LIMIT_BYTES } = weappSize;
const ROOT = join(__dirname, '..', '..');
const kb = (n: number) => `${(n / KB).toFixed(1)} KB`;

describe('mini-program budget', () => {
  let measure: WeappMeasure;
  let ownBuild: string | null = null;

  beforeAll(() => {
    let dist = weappSize.weappDist();
    if (!existsSync(join(dist, 'app.json'))) {
      ownBuild = mkdtempSync(join(tmpdir(), 'linli-weapp-budget-'));
      const r = spawnSync('npm', ['run', 'build:weapp'], { cwd: ROOT, env: { ...process.env, LINLI_OUTPUT_ROOT: ownBuild }, encoding: 'utf8', maxBuffer: 64 << 20 });
      if (r.status !== 0 && !existsSync(join(ownBuild, 'app.json'))) throw new Error(`weapp build failed:\n${(r.stdout + r.stderr).slice(-3000)}`);
      dist = ownBuild;
    }
    measure = weappSize.measureWeapp(dist);
  }, 900_000);

  afterAll(() => {
    if (ownBuild) rmSync(ownBuild, { recursive: true, force: true });
  });

  it('keeps the weapp main package within 1 MB', () => {
    // Bytes; the budget is 1024 KB.
    expect(measure.mainBytes).toBeLessThanOrEqual(MAIN_PACKAGE_BUDGET_BYTES);
  });

  it("keeps every weapp subpackage within WeChat's 2 MB limit", () => {
    expect(measure.subpackages.filter((s) => s.bytes > WECHAT_PACKAGE_LIMIT_BYTES).map((s) => `${s.root}: ${kb(s.bytes)}`)).toEqual([]);
  });

  it('puts no page but the tab pages in the main package of the build', () => {
    expect(measure.tabPages.length).toBeGreaterThan(0);
    expect(measure.nonTabPagesInMain).toEqual([]);
  });

  it('lists no page but the tab pages as a main-package page in app.config.ts', () => {
    // The source, so a stale build cannot hide a new page added to the main package.
    const g = globalThis as { defineAppConfig?: (c: unknown) => unknown };
    const had = g.defineAppConfig;
    g.defineAppConfig = (c) => c;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const app = require('../../miniprogram/src/app.config.ts').default as { pages: string[]; tabBar: { list: { pagePath: string }[] } };
      const tabs = app.tabBar.list.map((t) => t.pagePath);
      expect(app.pages.filter((p) => !tabs.includes(p))).toEqual([]);
    } finally {
      g.defineAppConfig = had;
    }
  });
});
