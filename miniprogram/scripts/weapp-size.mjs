// Prints the size of the weapp main package (everything in dist/weapp outside the subpackage roots
// listed in app.json) and fails when it is over WeChat's 2 MB limit. Run after `taro build --type weapp`.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const LIMIT_KB = 2048
const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
// Same output folder as config/index.ts.
const dist = path.resolve(pkgDir, process.env.LINLI_OUTPUT_ROOT || path.join('dist', 'weapp'))
const app = JSON.parse(readFileSync(path.join(dist, 'app.json'), 'utf8'))
const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/+$/, ''))

// WeChat does not upload these with the package.
const IGNORED = new Set(['project.config.json', 'project.private.config.json'])

function sizeOf(dir, rel = '') {
  let main = 0
  const subs = {}
  for (const name of readdirSync(dir)) {
    const relPath = rel ? `${rel}/${name}` : name
    const full = path.join(dir, name)
    const st = statSync(full)
    const root = roots.find((r) => relPath === r || relPath.startsWith(`${r}/`))
    if (st.isDirectory()) {
      const inner = sizeOf(full, relPath)
      main += inner.main
      for (const [k, v] of Object.entries(inner.subs)) subs[k] = (subs[k] ?? 0) + v
    } else if (name.endsWith('.map') || IGNORED.has(relPath)) {
      continue
    } else if (root) {
      subs[root] = (subs[root] ?? 0) + st.size
    } else {
      main += st.size
    }
  }
  return { main, subs }
}

const { main, subs } = sizeOf(dist)
const kb = (n) => (n / 1024).toFixed(1)
console.log(`weapp main package: ${kb(main)} KB (limit ${LIMIT_KB} KB)`)
for (const [root, size] of Object.entries(subs)) console.log(`  subpackage ${root}: ${kb(size)} KB (limit ${LIMIT_KB} KB)`)
const over = [main, ...Object.values(subs)].some((n) => n / 1024 > LIMIT_KB)
if (over) {
  console.error('a package is over the 2 MB limit')
  process.exit(1)
}
