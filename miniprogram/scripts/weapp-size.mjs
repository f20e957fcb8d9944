// Prints the size of the weapp main package (everything in dist/weapp outside the subpackage roots listed in
// app.json) and of each subpackage, and fails when a package is over WeChat's 2 MB limit. Our tighter budgets
// (main package ≤ 1 MB, no non-tab page in it) are printed as warnings here and enforced by
// functions/test/miniprogram-budget.test.ts. Run after `taro build --type weapp`.
import weappSize from './weapp-size.cjs'

const { KB, WECHAT_PACKAGE_LIMIT_BYTES, MAIN_PACKAGE_BUDGET_BYTES, measureWeapp, weappViolations } = weappSize

const m = measureWeapp()
const kb = (n) => (n / KB).toFixed(1)
const limit = kb(WECHAT_PACKAGE_LIMIT_BYTES).replace(/\.0$/, '')
console.log(`weapp main package: ${kb(m.mainBytes)} KB (limit ${limit} KB, budget ${kb(MAIN_PACKAGE_BUDGET_BYTES).replace(/\.0$/, '')} KB)`)
for (const s of m.subpackages) console.log(`  subpackage ${s.root}: ${kb(s.bytes)} KB (limit ${limit} KB)`)
for (const v of weappViolations(m)) console.warn(`warning: ${v}`)
const over = [m.mainBytes, ...m.subpackages.map((s) => s.bytes)].some((n) => n > WECHAT_PACKAGE_LIMIT_BYTES)
if (over) {
  console.error('a package is over the 2 MB limit')
  process.exit(1)
}
