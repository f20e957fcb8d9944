// Sizes of a weapp build, read from its app.json and files: the main package is everything outside the
// subpackage roots app.json lists. One implementation for the check printed after every `build:weapp`
// (weapp-size.mjs), the benchmark (bench/miniprogram.mjs) and the budget test
// (functions/test/miniprogram-budget.test.ts). CommonJS so all three can load it without a build step.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const KB = 1024;
/** WeChat refuses to upload a main package or subpackage over 2 MB. */
const WECHAT_PACKAGE_LIMIT_BYTES = 2048 * KB;
/** Our own budget for the main package (issue 7): it is what every first open downloads. */
const MAIN_PACKAGE_BUDGET_BYTES = 1024 * KB;

// WeChat does not upload these with the package.
const IGNORED = new Set(['project.config.json', 'project.private.config.json']);

const PKG_DIR = path.resolve(__dirname, '..');

/** The weapp output folder: the same rule as config/index.ts (LINLI_OUTPUT_ROOT, else dist/weapp). */
function weappDist(env = process.env) {
  return path.resolve(PKG_DIR, env.LINLI_OUTPUT_ROOT || path.join('dist', 'weapp'));
}

const stripSlashes = (s) => s.replace(/^\/+|\/+$/g, '');

/**
 * Measures the weapp build in `dist`. Returns bytes (source maps and project config files excluded, as WeChat
 * uploads neither), the subpackages sorted by root, the tab pages, the pages in the main package and those of
 * them that are not tab pages (each of which should live in a subpackage).
 */
function measureWeapp(dist = weappDist()) {
  const app = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8'));
  const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => stripSlashes(p.root));
  const subs = Object.fromEntries(roots.map((r) => [r, 0]));
  let mainBytes = 0;

  const walk = (dir, rel) => {
    for (const name of fs.readdirSync(dir)) {
      const relPath = rel ? `${rel}/${name}` : name;
      const full = path.join(dir, name);
      const st = fs.statSync(full);
      if (st.isDirectory()) {
        walk(full, relPath);
        continue;
      }
      if (name.endsWith('.map') || IGNORED.has(relPath)) continue;
      const root = roots.find((r) => relPath === r || relPath.startsWith(`${r}/`));
      if (root) subs[root] += st.size;
      else mainBytes += st.size;
    }
  };
  walk(dist, '');

  const subpackages = Object.entries(subs)
    .map(([root, bytes]) => ({ root, bytes }))
    .sort((a, b) => a.root.localeCompare(b.root));
  const tabPages = (app.tabBar?.list ?? []).map((t) => stripSlashes(t.pagePath));
  const mainPages = (app.pages ?? []).map(stripSlashes);
  const nonTabPagesInMain = mainPages.filter((p) => !tabPages.includes(p));
  const totalBytes = mainBytes + subpackages.reduce((n, s) => n + s.bytes, 0);
  return { dist, mainBytes, subpackages, totalBytes, tabPages, mainPages, nonTabPagesInMain };
}

/** Human-readable problems of a measurement against the WeChat limit and our budgets; empty when all is well. */
function weappViolations(m, { mainBudgetBytes = MAIN_PACKAGE_BUDGET_BYTES } = {}) {
  const kb = (n) => `${(n / KB).toFixed(1)} KB`;
  const out = [];
  if (m.mainBytes > WECHAT_PACKAGE_LIMIT_BYTES) out.push(`weapp main package ${kb(m.mainBytes)} is over WeChat's ${kb(WECHAT_PACKAGE_LIMIT_BYTES)} limit`);
  else if (m.mainBytes > mainBudgetBytes) out.push(`weapp main package ${kb(m.mainBytes)} is over the ${kb(mainBudgetBytes)} budget`);
  for (const s of m.subpackages) {
    if (s.bytes > WECHAT_PACKAGE_LIMIT_BYTES) out.push(`weapp subpackage ${s.root} ${kb(s.bytes)} is over WeChat's ${kb(WECHAT_PACKAGE_LIMIT_BYTES)} limit`);
  }
  for (const p of m.nonTabPagesInMain) out.push(`weapp page ${p} is not a tab page but is in the main package (move it into a subpackage)`);
  return out;
}

module.exports = { KB, WECHAT_PACKAGE_LIMIT_BYTES, MAIN_PACKAGE_BUDGET_BYTES, weappDist, measureWeapp, weappViolations };
