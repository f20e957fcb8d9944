/**
 * weapp: F2 (~490 KB minified) is needed by two subpackages, requests (the dashboard) and consult (the results
 * chart). Bundled by webpack it was copied into each of them, and in the main package it would push that over its
 * 1 MB budget. So it is one file, `charts/f2.js` (bundled by config/index.ts, transpiled to ES2017), in a
 * subpackage of its own with no pages (`charts` in app.config.ts), which both load at run time through WeChat's
 * 分包异步化 (cross-subpackage `require.async`, base library ≥ 2.11.2): WeChat downloads the subpackage on first
 * use, and app.config.ts's preloadRule fetches it ahead when a page with a chart opens.
 *
 * `require.async` resolves its path from the file the call is in. config/index.ts keeps this module in the main
 * package (optimizeMainPackage.exclude), i.e. in a file at the package root, so the path is `./charts/f2.js`;
 * functions/test/weapp-output.test.ts checks that. `__non_webpack_require__` is WeChat's own `require`, not webpack's.
 */
export type F2Module = typeof import('@antv/f2')

declare const __non_webpack_require__: { async(path: string): Promise<F2Module> }

let loading: Promise<F2Module> | null = null

export function loadF2(): Promise<F2Module> {
  if (!loading) {
    loading = __non_webpack_require__.async('./charts/f2.js').catch((err: unknown) => {
      // A failed download (offline) may be retried by the next chart.
      loading = null
      throw err
    })
  }
  return loading
}
